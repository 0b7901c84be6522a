"""A load cut off by a Neo4j crash resumes, on restart, to exactly the graph a clean load gives.

The test starts its own Neo4j (the Maven-built test server, on a spare port and a temporary
home) so that killing it disturbs nobody else's tests.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from biokg.graph.neo4j_store import Neo4jStore
from biokg.graph.synthetic import synthetic_extractions

from biokg.errors import StoreError
from biokg.model import EntityType, Predicate

SERVER_DIR = Path(__file__).resolve().parents[2] / "tools" / "neo4j-test-server"
IN_CI = os.environ.get("CI", "").lower() == "true"
pytestmark = pytest.mark.neo4j


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnServer:
    def __init__(self, home: Path, port: int) -> None:
        self.home, self.port = home, port
        self.uri = f"bolt://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 180) -> None:
        java = shutil.which("java")
        classes = SERVER_DIR / "target" / "classes"
        if not java or not (classes / "Neo4jTestServer.class").exists():
            _unavailable(f"java or the built test server ({classes}) is missing")
        cmd = [
            java,
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Xmx512m",
            f"-Dneo4j.port={self.port}",
            "-Dneo4j.pagecacheMb=64",
            "-cp",
            f"{classes}:{SERVER_DIR / 'target' / 'lib'}/*",
            "Neo4jTestServer",
            str(self.home),
        ]
        log = open(self.home.parent / "server.log", "ab")  # noqa: SIM115 - lives with the process
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line and self.proc.poll() is not None:
                pytest.fail(f"test Neo4j exited early; see {self.home.parent / 'server.log'}")
            if b"NEO4J READY" in line:
                return
        pytest.fail("test Neo4j did not become ready in time")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=60)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture()
def own_server(tmp_path: Path):
    server = OwnServer(tmp_path / "neo4j-home", _free_port())
    server.start()
    yield server
    server.kill()  # its home is temporary: no need to wait for a clean shutdown


def _articles(store: Neo4jStore) -> int:
    return store.read("MATCH (a:Article) WHERE a.extraction_hash IS NOT NULL RETURN count(a) AS c")[
        0
    ]["c"]


def test_load_interrupted_by_a_crash_resumes_to_the_clean_graph(
    own_server, neo4j_uri, neo4j_driver, snapshot
) -> None:
    # Few labels and types: a restarted Neo4j plans every new query text again, slowly.
    data = list(
        synthetic_extractions(
            60,
            200,
            600,
            entity_types=[EntityType.DRUG, EntityType.GENE],
            predicates=[Predicate.TARGETS, Predicate.HAS_OUTCOME],
        )
    )
    store = Neo4jStore(own_server.uri, batch_size=30, max_retry_time=1.0)
    store.init_schema()
    outcome: dict[str, object] = {}

    def load() -> None:
        try:
            outcome["stats"] = store.load(data)
        except StoreError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=load)
    worker.start()
    watcher = Neo4jStore(own_server.uri)
    while _articles(watcher) < 10 and worker.is_alive():
        time.sleep(0.02)
    watcher.close()
    own_server.kill()  # SIGKILL: no clean shutdown, Neo4j recovers from its transaction log
    worker.join(timeout=120)
    store.close()
    assert "error" in outcome, "the load finished before the server died; nothing was tested"

    own_server.start()
    with Neo4jStore(own_server.uri, batch_size=30) as resumed:
        done_before = _articles(resumed)
        assert 10 <= done_before < len(data)
        stats = resumed.load(data)
        assert stats.failures == []
        assert stats.articles_unchanged == done_before
        assert stats.articles_loaded == len(data) - done_before
        after_resume = snapshot(resumed)

    # The same data loaded cleanly, in one go, into the CI server.
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    with Neo4jStore(neo4j_uri, batch_size=10_000) as clean:
        clean.load(data)
        assert snapshot(clean) == after_resume
