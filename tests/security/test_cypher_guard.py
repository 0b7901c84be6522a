"""User Cypher may only read (issue 16, item 5): on both stores, administration commands, other
databases, batched writes and procedures or functions off the short read list are refused before
the store runs anything, by a `ReadOnlyViolation` naming what was refused."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from biokg.graph import GraphStore
from biokg.graph.embedded_store import EmbeddedStore
from biokg.graph.examples import examples
from biokg.queries import run_cypher

from biokg.errors import ReadOnlyViolation

# (query, what the refusal names first: "refused: <named> ...")
REFUSED = [
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
    ("TERMINATE TRANSACTION $id", "TERMINATE TRANSACTION"),
    ("SHOW TRANSACTIONS", "SHOW TRANSACTIONS"),
    ("SHOW SETTINGS", "SHOW SETTINGS"),
    ("show settings", "SHOW SETTINGS"),
    ("SHOW PROCEDURES YIELD name RETURN name", "SHOW PROCEDURES"),
    ("SHOW CONSTRAINTS", "SHOW CONSTRAINTS"),
    ("/* x */ SHOW DATABASES", "SHOW DATABASES"),
    ("// look\nSHOW CURRENT USER", "SHOW CURRENT"),
    (
        "SHOW TRANSACTIONS YIELD transactionId AS id WHERE id <> 'x' TERMINATE TRANSACTIONS id",
        "SHOW TRANSACTIONS",
    ),
    ("USE system SHOW USERS", "USE system"),
    ("USE neo4j MATCH (n) RETURN count(n) AS c", "USE neo4j"),
    ("MATCH (n) CALL { USE system SHOW USERS } RETURN 1", "USE system"),
    ("CREATE DATABASE evil", "CREATE DATABASE"),
    ("DROP DATABASE neo4j", "DROP DATABASE"),
    ("STOP DATABASE neo4j", "STOP DATABASE"),
    ("ALTER USER neo4j SET PASSWORD 'x'", "ALTER USER"),
    ("GRANT ROLE admin TO neo4j", "GRANT ROLE"),
    ("REVOKE ROLE admin FROM neo4j", "REVOKE ROLE"),
    ("DENY READ {*} ON GRAPH * TO PUBLIC", "DENY READ"),
    ("CREATE INDEX evil FOR (n:Entity) ON (n.curie)", "CREATE INDEX"),
    ("CALL db.stats.retrieve('GRAPH COUNTS')", "CALL db.stats.retrieve"),
    ("CALL db.prepareForReplanning()", "CALL db.prepareForReplanning"),
    ("CALL db.clearQueryCaches()", "CALL db.clearQueryCaches"),
    ("CALL dbms.listConfig()", "CALL dbms.listConfig"),
    ("CALL dbms.killConnections(['bolt-1'])", "CALL dbms.killConnections"),
    ("CALL `db`.`stats`.`clear`()", "CALL db.stats.clear"),
    ("CALL `db.stats.clear`()", "CALL db.stats.clear"),
    ("Call Db . Stats . Collect('QUERIES')", "CALL Db.Stats.Collect"),
    (
        "MATCH (n) WITH n LIMIT 1 CALL db.stats.stop('QUERIES') YIELD section RETURN 1",
        "CALL db.stats.stop",
    ),
    ("OPTIONAL CALL dbms.showCurrentUser()", "CALL dbms.showCurrentUser"),
    ("CALL apoc.help('x')", "CALL apoc.help"),
    (
        "CALL db.labels() YIELD label CALL apoc.meta.stats() YIELD labels RETURN 1",
        "CALL apoc.meta.stats",
    ),
    ("RETURN apoc.version() AS v", "apoc.version()"),
    ("MATCH (n) RETURN apoc . text . join(['a'], n.id) AS v", "apoc.text.join()"),
    ("MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS RETURN 1", "CALL { } IN TRANSACTIONS"),
    (
        "UNWIND [1, 2] AS x CALL (x) { CREATE (:Evil {x: x}) } "
        "IN 2 CONCURRENT TRANSACTIONS OF 1 ROW",
        "CALL { } IN TRANSACTIONS",
    ),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("MATCH (n) SET n.hacked = 1", "SET"),
    ("MATCH (n) /* read */ DETACH DELETE n", "DETACH DELETE"),
    ("WITH * TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE TRANSACTIONS"),
    ("RETURN 'x' AS t TERMINATE TRANSACTIONS t", "TERMINATE TRANSACTIONS"),
]

# (query, rows) that must still run, with the same rows on both stores.
ALLOWED = [
    ("MATCH (g:Gene) RETURN g.name AS name ORDER BY name", [{"name": "CD19"}, {"name": "CD22"}]),
    ("OPTIONAL MATCH (n:Nothing) RETURN n", [{"n": None}]),
    ("UNWIND [1, 2, 3] AS x WITH x WHERE x > 1 RETURN collect(x) AS xs", [{"xs": [2, 3]}]),
    (
        "CALL db.labels() YIELD label WITH label WHERE label IN ['Article', 'Evidence'] "
        "RETURN label ORDER BY label",
        [{"label": "Article"}, {"label": "Evidence"}],
    ),
    (
        "CALL db.relationshipTypes() YIELD relationshipType "
        "WITH relationshipType WHERE relationshipType = 'TARGETS' RETURN relationshipType",
        [{"relationshipType": "TARGETS"}],
    ),
    (
        "CALL db.propertyKeys() YIELD propertyKey "
        "WITH propertyKey WHERE propertyKey = 'statement_id' RETURN propertyKey",
        [{"propertyKey": "statement_id"}],
    ),
    (
        "RETURN 'SHOW TRANSACTIONS' AS s, \"TERMINATE TRANSACTIONS 'x'\" AS t, "
        "'CALL db.stats.clear()' AS c",
        [
            {
                "s": "SHOW TRANSACTIONS",
                "t": "TERMINATE TRANSACTIONS 'x'",
                "c": "CALL db.stats.clear()",
            }
        ],
    ),
    (
        "MATCH (g:Gene {name: 'CD22'}) RETURN g.show AS show, g.use AS use",
        [{"show": None, "use": None}],
    ),
    (
        "RETURN {show: 1, terminate: 2, call: 3} AS m",
        [{"m": {"show": 1, "terminate": 2, "call": 3}}],
    ),
    ("WITH 1 AS show RETURN show", [{"show": 1}]),
    ("// SHOW TRANSACTIONS\nRETURN 1 /* TERMINATE TRANSACTIONS 'x' */ AS one", [{"one": 1}]),
    (
        "MATCH (start:Gene) WITH start, start.name AS use WHERE use = 'CD19' RETURN use",
        [{"use": "CD19"}],
    ),
    (
        "MATCH (g:Gene) CALL (g) { MATCH (t)-[:TARGETS]->(g) RETURN count(t) AS n } "
        "RETURN g.name AS name, n ORDER BY name",
        [{"name": "CD19", "n": 1}, {"name": "CD22", "n": 1}],
    ),
    ("RETURN [x IN range(1, 3) | x * 2] AS xs", [{"xs": [2, 4, 6]}]),
    (
        "MATCH (a:Article) WHERE a.title CONTAINS 'USE system' OR a.title = 'SHOW USERS' "
        "RETURN count(a) AS c",
        [{"c": 0}],
    ),
]


class Stores:
    """Opens fresh stores of one kind, the example graph loaded (an empty folder or Neo4j)."""

    def __init__(self, kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.kind = kind
        self._tmp = tmp_path
        self._request = request
        self._counter = itertools.count()
        self._open: list[GraphStore] = []

    def fresh(self) -> GraphStore:
        if self.kind == "embedded":
            store: GraphStore = EmbeddedStore(self._tmp / f"graph-{next(self._counter)}")
        else:
            from biokg.graph.neo4j_store import Neo4jStore

            self._request.getfixturevalue("neo4j_driver").execute_query("MATCH (n) DETACH DELETE n")
            store = Neo4jStore(self._request.getfixturevalue("neo4j_uri"))
        self._open.append(store)
        store.load(examples())
        return store

    def close_all(self) -> None:
        for store in self._open:
            store.close()


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def stores(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Stores]:
    factory = Stores(request.param, tmp_path_factory.mktemp("guard"), request)
    yield factory
    factory.close_all()


@pytest.fixture(scope="module")
def store(stores: Stores) -> GraphStore:
    """One loaded store per kind, shared: every query here is read-only or refused."""
    return stores.fresh()


def _graph(store: GraphStore) -> list:
    return sorted(
        repr(sorted(row.items()))
        for row in run_cypher(store, "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n, r, m")
    )


@pytest.mark.parametrize(("query", "named"), REFUSED, ids=[q for q, _ in REFUSED])
def test_refused_naming_what(store: GraphStore, query: str, named: str) -> None:
    before = _graph(store)
    with pytest.raises(ReadOnlyViolation) as err:
        run_cypher(store, query, {"id": "neo4j-transaction-1"})
    message = str(err.value)
    assert message.startswith(f"refused: {named} "), message
    assert message.endswith(repr(query)), message
    assert _graph(store) == before


@pytest.mark.parametrize(("query", "rows"), ALLOWED, ids=[q for q, _ in ALLOWED])
def test_reads_still_run(store: GraphStore, query: str, rows: list) -> None:
    assert run_cypher(store, query) == rows


def test_export_is_guarded_too(store: GraphStore) -> None:
    with pytest.raises(ReadOnlyViolation, match="^refused: SHOW TRANSACTIONS "):
        store.export("SHOW TRANSACTIONS")


def test_the_read_list_is_short_and_documented() -> None:
    from biokg.graph.guard import READ_PROCEDURES

    assert sorted(READ_PROCEDURES) == [
        "db.labels",
        "db.propertykeys",
        "db.relationshiptypes",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.schema.visualization",
    ]


@pytest.mark.neo4j
def test_terminate_cannot_kill_another_clients_transaction(neo4j_driver, neo4j_uri) -> None:
    """The reported attack: `biokg cypher "TERMINATE TRANSACTIONS '…'"` killed a writer."""
    from biokg.graph.neo4j_store import Neo4jStore

    neo4j_driver.execute_query("MATCH (n:GuardProbe) DETACH DELETE n")
    with Neo4jStore(neo4j_uri) as store, neo4j_driver.session() as session:
        tx = session.begin_transaction(metadata={"app": "guard-probe"})
        tx.run("CREATE (:GuardProbe {id: 'still here'})").consume()
        [record] = neo4j_driver.execute_query(
            "SHOW TRANSACTIONS YIELD transactionId, metaData "
            "WHERE metaData.app = 'guard-probe' RETURN transactionId"
        ).records
        victim = record["transactionId"]

        for query, params in [
            (f"TERMINATE TRANSACTIONS '{victim}'", {}),
            ("TERMINATE TRANSACTION $id", {"id": victim}),
            ("SHOW TRANSACTIONS YIELD transactionId AS t TERMINATE TRANSACTIONS t", {}),
        ]:
            with pytest.raises(ReadOnlyViolation, match="^refused: (TERMINATE|SHOW) TRANSACTION"):
                run_cypher(store, query, params)

        tx.commit()
    records = neo4j_driver.execute_query("MATCH (n:GuardProbe) RETURN n.id AS id").records
    assert [r["id"] for r in records] == ["still here"]
    neo4j_driver.execute_query("MATCH (n:GuardProbe) DETACH DELETE n")
