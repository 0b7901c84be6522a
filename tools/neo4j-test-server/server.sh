#!/usr/bin/env bash
# Build (once) and start/stop the Neo4j 5.26 test server from Maven Central jars.
#   server.sh start [HOME_DIR]   -> starts on 127.0.0.1:${NEO4J_TEST_PORT:-7687}, waits until it answers
#   server.sh stop  [HOME_DIR]
#   server.sh build              -> only build (tests that start their own server need it)
#   server.sh import CSV_DIR [HOME] -> `neo4j-admin database import full` of the CSVs `biokg
#                                   bulk-import` wrote into CSV_DIR, into HOME's (stopped) neo4j
#                                   database, replacing it; start the server afterwards. The import
#                                   tool (org.neo4j:neo4j-import-tool) comes with org.neo4j:neo4j.
# Environment: NEO4J_TEST_PORT, NEO4J_TEST_HEAP (JVM -Xmx, default 4g), NEO4J_TEST_PAGECACHE_MB
# (default 2048), NEO4J_TEST_JAVA_OPTS (extra JVM flags).
# Used by scripts/test.sh, .ci/run and bench/. Auth is off: it listens on loopback only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
action="${1:?usage: server.sh start|stop|build [HOME_DIR] | import CSV_DIR [HOME_DIR]}"
if [ "$action" = import ]; then
  csv_dir="${2:?usage: server.sh import CSV_DIR [HOME_DIR]}"
  shift
fi
home="${2:-${NEO4J_TEST_HOME:-$here/target/neo4j-home}}"
port="${NEO4J_TEST_PORT:-7687}"
# A loader transaction (5000 rows) lives in the heap until it commits: with 1 GiB the old
# generation was 85% full after three bench/load.py runs and young collections took 40% more
# time than with 4 GiB. The heap only grows to the maximum when needed (-Xms256m), and the page
# cache is filled only as the store grows.
heap="${NEO4J_TEST_HEAP:-4g}"
pagecache_mb="${NEO4J_TEST_PAGECACHE_MB:-2048}"
pidfile="$home/server.pid"

build() {
  if [ ! -d "$here/target/lib" ] || [ ! -d "$here/target/classes" ]; then
    echo "building the Neo4j test server (Maven Central jars into ~/.m2)..."
    (cd "$here" && mvn -B -q package -DskipTests)
  fi
}

case "$action" in
build) build ;;
start)
  build
  mkdir -p "$home"
  # shellcheck disable=SC2086  # NEO4J_TEST_JAVA_OPTS: extra JVM flags, split on spaces
  java -Xms256m -Xmx"$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError ${NEO4J_TEST_JAVA_OPTS:-} \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true \
    -Dneo4j.port="$port" -Dneo4j.pagecacheMb="$pagecache_mb" \
    -cp "$here/target/classes:$here/target/lib/*" Neo4jTestServer "$home" \
    >"$home/server.log" 2>&1 &
  echo $! >"$pidfile"
  # Readiness through the same driver the tests use; fail fast if the JVM died.
  NEO4J_TEST_PID=$(cat "$pidfile") NEO4J_TEST_LOG="$home/server.log" python - "$port" <<'PY'
import os, sys, time
from neo4j import GraphDatabase
port, pid = sys.argv[1], int(os.environ["NEO4J_TEST_PID"])
deadline, last = time.time() + 180, None
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        log = open(os.environ["NEO4J_TEST_LOG"], errors="replace").read()[-3000:]
        sys.exit(f"Neo4j test server exited during start-up:\n{log}")
    # Another server already on this port would answer too: wait for OUR JVM's line first.
    if "NEO4J READY" not in open(os.environ["NEO4J_TEST_LOG"], errors="replace").read():
        time.sleep(0.5)
        continue
    try:
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=None) as driver:
            driver.verify_connectivity()
            rec = driver.execute_query(
                "CALL dbms.components() YIELD name, versions, edition "
                "RETURN name, versions[0] AS version, edition").records[0]
        print(f"{rec['name']} {rec['version']} {rec['edition']} is up on bolt://127.0.0.1:{port}")
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001
        last = exc
        time.sleep(1)
sys.exit(f"Neo4j test server did not answer within 180 s: {last}")
PY
  ;;
import)
  build
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "the server on $home is running: stop it before importing" >&2
    exit 1
  fi
  mkdir -p "$home"
  # AdminTool is what bin/neo4j-admin runs; it reads NEO4J_HOME and, with no conf/neo4j.conf,
  # the default layout ($home/data/databases/neo4j) that the launcher also uses.
  NEO4J_HOME="$home" java -Xmx"$heap" -cp "$here/target/lib/*" org.neo4j.cli.AdminTool \
    database import full --overwrite-destination=true neo4j "@$(cd "$csv_dir" && pwd)/neo4j-admin-import.args"
  ;;
stop)
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
  ;;
*) echo "usage: server.sh start|stop|build [HOME_DIR] | import CSV_DIR [HOME_DIR]" >&2; exit 2 ;;
esac
