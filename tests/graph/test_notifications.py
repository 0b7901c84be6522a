"""Loading into a fresh Neo4j prints no server warnings about the graph's own property keys,
labels and types not existing yet; users' queries still get every notification."""

from __future__ import annotations

import logging
import uuid

import pytest
from biokg.graph.examples import examples
from biokg.graph.neo4j_store import Neo4jStore

pytestmark = pytest.mark.neo4j


def _server_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("neo4j.notifications") and r.levelno >= logging.WARNING
    ]


def test_loading_a_fresh_graph_logs_no_unrecognized_warnings(
    neo4j_uri: str, neo4j_driver, caplog: pytest.LogCaptureFixture
) -> None:
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    caplog.set_level(logging.INFO, logger="neo4j.notifications")
    with Neo4jStore(neo4j_uri, batch_size=10) as store:
        stats = store.load(examples())
        assert (stats.articles_loaded, stats.failures) == (2, [])
        assert store.load(examples()).articles_unchanged == 2
        # A key no graph has (a server that ran other tests already knows `extraction_hash`):
        # the stage's own statements are not warned about it, in writes or reads.
        missing = f"no_such_key_{uuid.uuid4().hex}"
        store._write_tx(lambda run: run(f"MATCH (a:Article) RETURN a.{missing} AS x", {}))
        store._query(f"MATCH (a:Article) RETURN a.{missing} AS x")
        assert _server_warnings(caplog) == []

        # A user's query is another matter: its typo is reported.
        store.read(f"MATCH (a:Article) RETURN a.{missing} AS x")
    warnings = _server_warnings(caplog)
    assert warnings and all(missing in w and "01N52" in w for w in warnings)
