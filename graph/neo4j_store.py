"""`Neo4jStore`: the production store, through the official driver's managed transactions."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

import neo4j
from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    GraphDatabase,
    NotificationDisabledClassification,
    unit_of_work,
)
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from biokg.errors import ConfigError, ReadOnlyViolation, StoreError

from . import cypher
from .base import BatchRejected, GraphStore
from .guard import load_csv_violation, refuse_unsafe
from .loader import Run
from .values import NodeValue, PathValue, RelValue, ordered_labels

log = logging.getLogger(__name__)
T = TypeVar("T")

# The loader's statements keep the plan they were first given. Neo4j re-plans a cached query
# whenever the counts it was planned with have grown by 75% (at most every 10 s), which a load
# into a growing graph triggers again and again: re-planning was a third of the server's time in
# bench/load.py. Every loader statement starts from unique-key lookups, so its plan does not
# depend on the counts; tests/graph/test_plans.py checks the plans made on an empty graph.
LOADER_PREFIX = "CYPHER replan=skip "

# The stage's own statements read properties, labels and types a fresh graph does not have yet
# (`a.extraction_hash` before the first article is marked loaded, `:SchemaVersion` before
# `init_schema`). Neo4j answers each with an UNRECOGNIZED warning (01N50-01N52) that it caches
# with the plan, so with `replan=skip` every later batch repeated it and the driver logged a
# long warning per batch. The server is told not to send those for the stage's sessions only:
# users' queries (`read`, `export` of a query) still get every notification.
_STAGE_SESSION = {
    "notifications_disabled_classifications": [NotificationDisabledClassification.UNRECOGNIZED]
}

# What a connection problem looks like once the driver's own retries are exhausted.
_CONNECTION_ERRORS = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.TransientError,
    neo4j_errors.DriverError,
)


# Bolt schemes the driver speaks; its `http(s)://` (the Query API) needs aiohttp and is not
# what the loader's transactions use.
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> None:
    """Raise `ConfigError` unless `uri` is a Bolt URI, such as `bolt://127.0.0.1:7687`.

    Example:
        >>> check_uri("http://127.0.0.1:7474")  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        biokg.errors.ConfigError: BIOKG_NEO4J_URI 'http://127.0.0.1:7474': ...
    """
    scheme, sep, rest = uri.partition("://")
    if not sep or scheme.lower() not in BOLT_SCHEMES or not rest.strip("/"):
        http = scheme.lower().startswith("http")
        hint = "the Browser's http:// port is not Bolt; " if http else ""
        raise ConfigError(
            f"BIOKG_NEO4J_URI {uri!r}: {hint}use a Bolt URI such as bolt://127.0.0.1:7687 or "
            f"neo4j://host:7687 (schemes: {', '.join(BOLT_SCHEMES)})"
        )


class Neo4jStore(GraphStore):
    """A Neo4j 5 database. Writes go through `execute_write` (retried on transient errors), one
    transaction per batch, each written while the next is built; user Cypher runs in READ
    transactions after an EXPLAIN check.

    Example:
        >>> store = Neo4jStore("bolt://127.0.0.1:7687")  # doctest: +SKIP
    """

    def __init__(
        self,
        uri: str,
        *,
        auth: tuple[str, str] | None = None,
        database: str = "neo4j",
        max_retry_time: float = 30.0,
        write_in_background: bool = True,
        **options: object,
    ) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.write_in_background = write_in_background
        self.uri = uri
        self.database = database
        check_uri(uri)
        try:
            self._driver = GraphDatabase.driver(
                uri, auth=auth, max_transaction_retry_time=max_retry_time
            )
        except (neo4j_errors.ConfigurationError, ValueError) as exc:
            raise ConfigError(f"BIOKG_NEO4J_URI {uri!r}: {exc}") from exc
        try:
            self._driver.verify_connectivity()
            self.check_schema_version()
        except _CONNECTION_ERRORS as exc:
            self._driver.close()
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from exc
        except BaseException:
            self._driver.close()
            raise

    def __str__(self) -> str:
        return f"Neo4j {self.uri} (database {self.database})"

    def close(self) -> None:
        self._driver.close()

    def _session(self, mode: str, **config: object) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=mode, **config)

    def _write_tx(self, work: Callable[[Run], T]) -> T:
        def tx_work(tx: neo4j.ManagedTransaction) -> T:
            return work(lambda q, p: _run_releasing(tx, LOADER_PREFIX + q, p))

        try:
            with self._session(WRITE_ACCESS, **_STAGE_SESSION) as session:
                return session.execute_write(tx_work)
        except (neo4j_errors.ClientError, neo4j_errors.DatabaseError) as exc:
            # e.g. a constraint, or a transaction too large for the server's memory: loading
            # the batch's articles one by one isolates the culprit.
            raise BatchRejected(f"Neo4j refused the write: {exc.message}") from exc
        except _CONNECTION_ERRORS as exc:
            raise StoreError(f"lost Neo4j at {self.uri}: {exc}") from exc

    def _query(
        self, query: str, params: dict[str, object] | None = None
    ) -> list[dict[str, object]]:
        def tx_work(tx: neo4j.ManagedTransaction) -> list[dict[str, object]]:
            return [{k: _value(v) for k, v in r.items()} for r in tx.run(query, params or {})]

        try:
            with self._session(READ_ACCESS, **_STAGE_SESSION) as session:
                return session.execute_read(tx_work)
        except _CONNECTION_ERRORS as exc:
            raise StoreError(f"lost Neo4j at {self.uri}: {exc}") from exc

    def _guarded_query(
        self, query: str, params: dict[str, object] | None, timeout: float, limit: int
    ) -> list[dict[str, object]]:
        # Neo4j runs administration commands and many procedures in a READ transaction.
        refuse_unsafe(query)
        params = params or {}

        @unit_of_work(timeout=timeout)
        def tx_work(tx: neo4j.ManagedTransaction) -> list[dict[str, object]]:
            summary = tx.run("EXPLAIN " + query, params).consume()
            if summary.query_type != "r":
                raise ReadOnlyViolation(
                    f"query is not read-only (Neo4j plans it as {summary.query_type!r}): {query!r}"
                )
            if _plan_has(summary.plan, "LoadCSV"):
                raise load_csv_violation(query)
            rows = []
            result = tx.run(query, params)
            for record in result:
                if len(rows) >= limit:
                    log.warning("query returned more than %d rows; the rest were dropped", limit)
                    break
                rows.append({k: _value(v) for k, v in record.items()})
            return rows

        try:
            with self._session(READ_ACCESS) as session:
                return session.execute_read(tx_work)
        except neo4j_errors.ClientError as exc:
            if exc.code == "Neo.ClientError.Statement.AccessMode":
                raise ReadOnlyViolation(f"query would write: {query!r}") from exc
            raise StoreError(f"Neo4j refused the query {query!r}: {exc.message}") from exc
        except _CONNECTION_ERRORS as exc:
            raise StoreError(f"lost Neo4j at {self.uri}: {exc}") from exc

    def _nodes_by_element_id(self, element_ids: list[str]) -> dict[str, object]:
        rows = self._query("MATCH (n) WHERE elementId(n) IN $ids RETURN n", {"ids": element_ids})
        return {row["n"].element_id: row["n"] for row in rows}  # type: ignore[attr-defined]

    def _create_schema(self) -> None:
        statements = [cypher.constraint_ddl(n, label) for n, label in cypher.CONSTRAINTS]
        statements += [cypher.index_ddl(*spec) for spec in cypher.INDEXES]
        try:
            for statement in statements:
                self._driver.execute_query(statement, database_=self.database)
        except neo4j_errors.Neo4jError as exc:
            raise StoreError(f"{self}: cannot create the schema: {exc}") from exc


def _run_releasing(
    tx: neo4j.ManagedTransaction, query: str, params: dict[str, object]
) -> list[dict[str, object]]:
    """Run one loader statement and empty the row lists handed to the driver once it is done.

    The driver keeps a statement's parameters in its result objects, which sit in reference
    cycles that only Python's cyclic collector frees. In a process with many live objects (a
    loaded NLP pipeline) that collector runs rarely, and every batch's rows stayed in memory
    until it did: bench/load.py's loader peak grew from 14 to 42 MiB between 500 and 2,000
    articles. The driver gets copies of the lists, emptied here, so the rows go with the batch.
    """
    sent = {k: list(v) if isinstance(v, list) else v for k, v in params.items()}
    try:
        return [record.data() for record in tx.run(query, sent)]
    finally:
        for value in sent.values():
            if isinstance(value, list):
                value.clear()


def _plan_has(plan: dict | None, operator: str) -> bool:
    if not plan:
        return False
    if str(plan.get("operatorType", "")).split("@")[0] == operator:
        return True
    return any(_plan_has(child, operator) for child in plan.get("children", []))


def _value(value: object) -> object:
    """Driver values -> store-neutral values (`values.*Value`, `datetime`, lists, dicts)."""
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _rel(value)
    if isinstance(value, Path):
        return PathValue(
            tuple(_node(n) for n in value.nodes), tuple(_rel(r) for r in value.relationships)
        )
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if hasattr(value, "to_native") and not isinstance(value, date | datetime):
        return value.to_native()
    return value


def _node(node: Node) -> NodeValue:
    return NodeValue(
        node.element_id,
        ordered_labels(node.labels),
        {k: _value(v) for k, v in node.items()},
    )


def _rel(rel: Relationship) -> RelValue:
    return RelValue(
        rel.element_id,
        rel.type,
        rel.start_node.element_id,  # type: ignore[union-attr]
        rel.end_node.element_id,  # type: ignore[union-attr]
        {k: _value(v) for k, v in rel.items()},
    )
