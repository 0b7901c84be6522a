"""biokg.queries: named Cypher, read-only ad-hoc Cypher and the therapy–target–outcome view.

`to_networkx` is `biokg.queries.output.to_networkx`: link-shaped rows and rows holding nodes and
relationships (the runner's own version takes link-shaped rows only).

Example:
    >>> from biokg.config import load_settings
    >>> from biokg.graph import open_store
    >>> from biokg.queries import run_query, to_dataframe
    >>> with open_store(load_settings()) as store:  # doctest: +SKIP
    ...     rows = run_query(store, "therapies_for_target", {"target": "CD22"})
    >>> to_dataframe(rows)  # doctest: +SKIP
"""

from biokg.queries.output import Rows, to_networkx
from biokg.queries.registry import NamedQuery, QueryParam, Registry, default_registry, name_pattern
from biokg.queries.runner import (
    jsonable,
    limits_from,
    run_cypher,
    run_query,
    to_dataframe,
)

__all__ = [
    "NamedQuery",
    "QueryParam",
    "Registry",
    "Rows",
    "default_registry",
    "jsonable",
    "limits_from",
    "name_pattern",
    "run_cypher",
    "run_query",
    "to_dataframe",
    "to_networkx",
]
