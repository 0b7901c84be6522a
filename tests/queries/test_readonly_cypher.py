"""Ad-hoc Cypher is read-only on both stores: every write is refused and the graph is unchanged."""

from __future__ import annotations

import json

import pytest
from biokg.queries import run_cypher

from biokg.errors import QueryError, ReadOnlyViolation, StoreError

WRITES = [
    "CREATE (n:Evil {id: 'x'})",
    "MATCH (n:Entity) SET n.name = 'x'",
    "MERGE (n:Entity {id: 'evil'})",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n:Entity) WITH n MATCH (m) DELETE m",
    "MATCH (n:Entity) REMOVE n.name",
    "MATCH (n:Gene) REMOVE n:Gene",
    "MATCH (n:Gene) SET n:Evil",
    "match (n) set n.hacked = 1",
    "MATCH (n:Entity) FOREACH (x IN [1] | SET n.hacked = x)",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "load csv with headers from 'https://example.org/x.csv' AS row RETURN row",
    # schema commands
    "CREATE INDEX evil IF NOT EXISTS FOR (n:Entity) ON (n.curie)",
    "CREATE CONSTRAINT evil IF NOT EXISTS FOR (n:Evil) REQUIRE n.id IS UNIQUE",
    "DROP INDEX entity_name",
    "DROP CONSTRAINT entity_id",
    # hidden in subqueries, unions and behind comments
    "MATCH (n:Entity) CALL (n) { CREATE (m:Evil) RETURN m } RETURN count(*)",
    "MATCH (n:Entity) CALL { WITH n SET n.hacked = true RETURN n.id AS i } RETURN count(*)",
    "MATCH (n:Entity) CALL (n) { SET n.hacked = true } RETURN count(*)",
    "MATCH (n:Gene) RETURN n UNION MATCH (m:Disease) SET m.hacked = 1 RETURN m AS n",
    "MATCH (n) /* only reading */ SET n.hacked = 1 RETURN n",
    "/* MATCH (n) RETURN n */ CREATE (n:Evil)",
    "// MATCH (n) RETURN n\nCREATE (n:Evil)",
    "MATCH (n:Entity) WITH n LIMIT 1 // then\nCREATE (m:Evil) RETURN m",
]
# Procedures that write: Neo4j plans them as writes; kglite has no such procedures and refuses
# to parse them. Either way a StoreError, and nothing changes.
WRITE_PROCEDURES = [
    "CALL db.createLabel('Evil')",
    "CALL db.createProperty('hacked')",
    "CREATE DATABASE evil",
]
READS_THAT_LOOK_LIKE_WRITES = {
    "RETURN 'CREATE (n) SET n.x = 1 DELETE n' AS text": [
        {"text": "CREATE (n) SET n.x = 1 DELETE n"}
    ],
    "MATCH (n:Entity) WHERE n.name CONTAINS 'SET' RETURN count(n) AS c": [{"c": 0}],
    "// a comment\nMATCH (n:Gene) /* block */ RETURN n.name AS name ORDER BY name": [
        {"name": "CD19"},
        {"name": "CD22"},
    ],
}


def fingerprint(store) -> str:
    """Every node's labels and properties and every relationship, in a stable order."""
    nodes = run_cypher(store, "MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    rels = run_cypher(
        store,
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p",
    )
    return json.dumps(
        [sorted(json.dumps(n, sort_keys=True) for n in nodes), sorted(json.dumps(r) for r in rels)]
    )


def test_writes_are_refused_and_the_graph_is_unchanged(car_t_store):
    before = fingerprint(car_t_store)
    assert '"Evil"' not in before and "hacked" not in before
    for query in WRITES:
        with pytest.raises(ReadOnlyViolation):
            run_cypher(car_t_store, query)
    for query in WRITE_PROCEDURES:
        with pytest.raises(StoreError):
            run_cypher(car_t_store, query)
    assert fingerprint(car_t_store) == before


def test_refusal_names_the_query(car_t_store):
    with pytest.raises(ReadOnlyViolation, match="DETACH DELETE"):
        run_cypher(car_t_store, "MATCH (n) DETACH DELETE n")


def test_reads_that_mention_write_keywords_run(car_t_store):
    for query, expected in READS_THAT_LOOK_LIKE_WRITES.items():
        assert run_cypher(car_t_store, query) == expected


def test_parameters_row_limit_and_timeout(car_t_store):
    rows = run_cypher(
        car_t_store, "MATCH (g:Gene) WHERE g.name = $name RETURN g.id AS id", {"name": "CD22"}
    )
    assert rows == [{"id": "HGNC:1643"}]
    assert len(run_cypher(car_t_store, "UNWIND range(1, 50) AS x RETURN x", limit=7)) == 7
    # 10^8 rows cannot be counted in 50 ms on any machine: the store cancels the query.
    with pytest.raises(StoreError):
        run_cypher(
            car_t_store,
            "UNWIND range(1, 10000) AS x UNWIND range(1, 10000) AS y RETURN count(*) AS c",
            timeout=0.05,
        )
    with pytest.raises(QueryError, match="empty"):
        run_cypher(car_t_store, "  ")


def test_dates_come_back_as_iso_text(car_t_store):
    rows = run_cypher(
        car_t_store, "MATCH (a:Article {pmid: '29155426'}) RETURN a.published AS published"
    )
    assert rows == [{"published": "2017-11-20"}]
