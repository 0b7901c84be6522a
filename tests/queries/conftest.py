"""The CAR T graph (`graph_fixture.py`) loaded through the real loader into each store.

Loaded once per test module and store: every query under test is read-only (the read-only tests
check that the graph is unchanged afterwards), so tests can share one graph.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from biokg.graph import GraphStore, open_store
from graph_fixture import car_t_graph

from biokg.config import Settings

STORES = ["kglite", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def settings_for(kind: str, request: pytest.FixtureRequest, folder) -> Settings:
    """Settings naming a fresh store of `kind`: a new folder, or the test Neo4j emptied."""
    if kind == "kglite":
        return Settings(store_path=folder)
    driver = request.getfixturevalue("neo4j_driver")
    # Nodes only (the graphs here are tiny); constraints stay, `init_schema` keeps them anyway.
    # Not `clean_neo4j`: it is per test, and these graphs are shared by a module's tests.
    driver.execute_query("MATCH (n) DETACH DELETE n")
    return Settings(neo4j_uri=request.getfixturevalue("neo4j_uri"))


@pytest.fixture(scope="module", params=STORES)
def car_t_store(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[GraphStore]:
    """An open store holding the CAR T graph."""
    settings = settings_for(request.param, request, tmp_path_factory.mktemp("graph"))
    with open_store(settings) as store:
        stats = store.load(car_t_graph())
        assert stats.failures == [] and stats.articles_loaded == 3
        yield store


@pytest.fixture(scope="module", params=STORES)
def car_t_settings(request: pytest.FixtureRequest, tmp_path_factory) -> Settings:
    """Settings of a store holding the CAR T graph, closed again (for the CLI, which opens it)."""
    settings = settings_for(request.param, request, tmp_path_factory.mktemp("graph"))
    with open_store(settings) as store:
        assert store.load(car_t_graph()).articles_loaded == 3
    return settings
