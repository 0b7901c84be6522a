#!/usr/bin/env bash
# Install biokg with its test extras and run the whole test suite against a real Neo4j 5.26.
# README's second command and .ci/run both call this script.
# If a Neo4j already answers on BIOKG_TEST_NEO4J_URI it is used; otherwise, when Java 17 and Maven
# are present, the test server is built from Maven Central jars and started for the run.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e ".[test]"

export BIOKG_TEST_NEO4J_URI="${BIOKG_TEST_NEO4J_URI:-bolt://127.0.0.1:7687}"
if command -v java >/dev/null && command -v mvn >/dev/null; then
  tools/neo4j-test-server/server.sh build   # the restart test starts servers of its own
fi
started=""
if ! python -c "
import sys
from neo4j import GraphDatabase
try:
    with GraphDatabase.driver(sys.argv[1], auth=None) as d: d.verify_connectivity()
except Exception: sys.exit(1)" "$BIOKG_TEST_NEO4J_URI" 2>/dev/null; then
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    home="$(mktemp -d)/neo4j-home"
    port="${BIOKG_TEST_NEO4J_URI##*:}"
    export NEO4J_TEST_PORT="${port%%/*}"
    tools/neo4j-test-server/server.sh start "$home"
    started="$home"
    trap 'tools/neo4j-test-server/server.sh stop "$started"' EXIT
  else
    echo "No Neo4j at $BIOKG_TEST_NEO4J_URI and no java/mvn to start one: Neo4j tests will skip." >&2
  fi
fi

# The embedded store and the NLP linker's native libraries share one test process (biokg.runtime).
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.rtld.optional_static_tls=4096"

python -m ruff check .
python -m pytest "$@"
