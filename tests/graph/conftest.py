"""One store fixture, parametrised over both stores: every test in test_store.py runs on each."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from biokg.graph import GraphStore
from biokg.graph.embedded_store import EmbeddedStore


class StoreFactory:
    """Opens stores of one kind; `fresh()` gives an empty one (a new folder, or a wiped Neo4j)."""

    def __init__(self, kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.kind = kind
        self._tmp = tmp_path
        self._request = request
        self._counter = itertools.count()
        self._open: list[GraphStore] = []
        self.path = tmp_path / "graph-0"

    def open(self, **options: object) -> GraphStore:
        if self.kind == "embedded":
            store: GraphStore = EmbeddedStore(self.path, **options)
        else:
            from biokg.graph.neo4j_store import Neo4jStore

            store = Neo4jStore(self._request.getfixturevalue("neo4j_uri"), **options)
        self._open.append(store)
        return store

    def fresh(self, **options: object) -> GraphStore:
        if self.kind == "embedded":
            self.path = self._tmp / f"graph-{next(self._counter) + 1}"
        else:
            driver = self._request.getfixturevalue("neo4j_driver")
            driver.execute_query("MATCH (n) DETACH DELETE n")
        return self.open(**options)

    def close_all(self) -> None:
        for store in self._open:
            store.close()


def wipe_neo4j(driver) -> None:
    """Delete every node and relationship (test graphs are tiny: one transaction, retried).

    Unlike the shared `clean_neo4j` fixture the schema stays: dropping and re-creating it for
    every test costs seconds each, `init_schema` is idempotent, and
    `test_schema_is_idempotent_and_enforced` checks the constraints exist.
    """
    driver.execute_query("MATCH (n) DETACH DELETE n")


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    if request.param == "neo4j":
        wipe_neo4j(request.getfixturevalue("neo4j_driver"))
    factory = StoreFactory(request.param, tmp_path, request)
    yield factory
    factory.close_all()


@pytest.fixture()
def store(stores: StoreFactory) -> GraphStore:
    return stores.open()


def _snapshot(store: GraphStore) -> tuple[list, list]:
    """Every node and relationship with all properties, in a canonical order (via `export`)."""
    graph = store.export()
    nodes = sorted((key, sorted(data.items())) for key, data in graph.nodes(data=True))
    edges = sorted(
        (u, v, k, sorted(data.items())) for u, v, k, data in graph.edges(keys=True, data=True)
    )
    return nodes, edges


def _counts(store: GraphStore) -> dict[str, int]:
    """Node, relationship and property counts, straight from Cypher."""
    nodes = store.read("MATCH (n) RETURN count(n) AS c")[0]["c"]
    rels = store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
    node_props = store.read("MATCH (n) RETURN n")
    rel_props = store.read("MATCH ()-[r]->() RETURN r")
    return {
        "nodes": nodes,
        "relationships": rels,
        "node_properties": sum(len(row["n"]) - 1 for row in node_props),
        "relationship_properties": sum(len(row["r"]) - 1 for row in rel_props),
    }


@pytest.fixture()
def snapshot() -> Callable[[GraphStore], tuple[list, list]]:
    return _snapshot


@pytest.fixture()
def counts() -> Callable[[GraphStore], dict[str, int]]:
    return _counts
