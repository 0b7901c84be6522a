"""Run named queries and ad-hoc Cypher on a `GraphStore`: read-only, with a timeout and a row cap.

Both kinds of query go through `GraphStore.read`, whose read-only guard (a READ transaction plus
the planner's query type on Neo4j, the read-only mode on the embedded store) refuses any write.
Values come back as plain Python (`jsonable`) so rows print, serialise and compare the same way
whichever store produced them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from biokg.queries.registry import Registry, default_registry

from biokg.errors import QueryError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    from biokg.graph import GraphStore

    from biokg.config import Settings

Row = dict[str, Any]


def jsonable(value: Any) -> Any:
    """Plain JSON-friendly Python for a value from either store (temporal types become ISO text,
    NaN and ±Infinity None)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # JSON has no NaN or Infinity
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time.Date / DateTime / Duration
    if callable(iso):
        return iso()
    return str(value)


def run_cypher(
    store: GraphStore,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    timeout: float | None = None,
    limit: int | None = None,
) -> list[Row]:
    """Run user Cypher read-only and return rows as dicts.

    Args:
        store: an open `GraphStore`.
        cypher: the query text; values belong in `params`, never in the text.
        params: Cypher parameters.
        timeout: seconds before the store cancels the query (None: the store's default).
        limit: most rows returned (None: the store's default).

    Raises:
        biokg.errors.ReadOnlyViolation: the query would write; the graph is unchanged.

    Example:
        >>> run_cypher(store, "MATCH (e:Gene) RETURN e.name AS name", limit=1)  # doctest: +SKIP
        [{'name': 'CD22'}]
    """
    if not cypher or not cypher.strip():
        raise QueryError("empty Cypher query")
    rows = store.read(cypher, dict(params or {}), timeout=timeout, limit=limit)
    return [{key: jsonable(val) for key, val in row.items()} for row in rows]


def run_query(
    store: GraphStore,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    registry: Registry | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> list[Row]:
    """Run the named query `name` with `params` (validated against its header).

    Raises:
        biokg.errors.QueryError: unknown query, unknown/missing parameter or a bad value.

    Example:
        >>> run_query(store, "therapies_for_target", {"target": "cd-22"})  # doctest: +SKIP
        [{'therapy': 'CD22 CAR T cells', 'target': 'CD22', 'confidence': 0.9, ...}]
    """
    query = (registry or default_registry()).get(name)
    bound = query.bind(dict(params or {}))
    return run_cypher(store, query.cypher, bound, timeout=timeout, limit=limit)


def limits_from(settings: Settings) -> dict[str, Any]:
    """The timeout and row cap the configuration sets for user queries."""
    return {"timeout": settings.query_timeout, "limit": settings.query_row_limit}


def to_dataframe(rows: Iterable[Row]) -> pd.DataFrame:
    """Rows as a pandas DataFrame (needs the `pandas` extra: `pip install biokg[pandas]`)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise QueryError("DataFrame output needs pandas: pip install 'biokg[pandas]'") from exc
    rows = list(rows)
    return pd.DataFrame.from_records(rows, columns=list(rows[0]) if rows else None)


def to_networkx(rows: Iterable[Row]) -> nx.MultiDiGraph:
    """Link-shaped rows (`source_id`, `predicate`, `target_id`, ...) as a networkx MultiDiGraph.

    Node attributes come from the `source_*` / `target_*` columns (`source`, `source_type` →
    `name`, `type`); every other column becomes an edge attribute, keyed by `statement_id` when
    present so one statement is one edge.

    Raises:
        QueryError: when a row has no `source_id`, `predicate` and `target_id`.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in rows:
        missing = [c for c in ("source_id", "predicate", "target_id") if c not in row]
        if missing:
            raise QueryError(
                f"rows need source_id, predicate and target_id to form a graph; missing {missing}"
            )
        edge: dict[str, Any] = {}
        ends: dict[str, dict[str, Any]] = {"source": {}, "target": {}}
        for key, value in row.items():
            end = next((e for e in ends if key == e or key.startswith(e + "_")), None)
            if end and key != f"{end}_id":
                attr = "name" if key == end else key[len(end) + 1 :]
                ends[end][attr] = value
            elif key not in ("source_id", "target_id"):
                edge[key] = value
        graph.add_node(row["source_id"], **ends["source"])
        graph.add_node(row["target_id"], **ends["target"])
        graph.add_edge(row["source_id"], row["target_id"], key=row.get("statement_id"), **edge)
    return graph


__all__ = ["jsonable", "limits_from", "run_cypher", "run_query", "to_dataframe", "to_networkx"]
