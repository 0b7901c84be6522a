"""The CAR T graph of `tests/queries/graph_fixture.py`, loaded into both stores side by side."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from biokg.graph import GraphStore, open_store

from biokg.config import Settings

# The query tests' hand-built graph is the one compared here: one graph, two stores.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "queries"))
from graph_fixture import car_t_graph  # noqa: E402


@pytest.fixture(scope="module")
def store_pair(
    request: pytest.FixtureRequest, tmp_path_factory
) -> Iterator[tuple[GraphStore, GraphStore]]:
    """(kglite, Neo4j), each holding the CAR T graph loaded through the real loader."""
    driver = request.getfixturevalue("neo4j_driver")
    driver.execute_query("MATCH (n) DETACH DELETE n")
    with (
        open_store(Settings(store_path=tmp_path_factory.mktemp("graph"))) as kglite,
        open_store(Settings(neo4j_uri=request.getfixturevalue("neo4j_uri"))) as neo4j,
    ):
        for store in (kglite, neo4j):
            stats = store.load(car_t_graph())
            assert stats.failures == [] and stats.articles_loaded == 3
        yield kglite, neo4j
