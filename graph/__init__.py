"""biokg.graph: load `Extraction`s into a Cypher graph store and read them back.

    from biokg.graph import open_store
    with open_store(settings) as store:
        stats = store.load(extractions)
        rows = store.read("MATCH (t)-[:TARGETS]->(:Gene {name: $g}) RETURN t.name", {"g": "CD22"})

Neo4j when `settings.neo4j_uri` is set, else the embedded kglite store at `settings.store_path`.
"""

from __future__ import annotations

from biokg.config import Settings

from .base import GraphStore
from .loader import LoadStats


def open_store(settings: Settings, *, read_only: bool = False) -> GraphStore:
    """The store `settings` names, connected and schema-version checked.

    `read_only` opens the embedded store without taking its writer lease (it sees the last
    checkpoint); Neo4j needs no such mode, its `read()` is always guarded.
    """
    options = {
        "batch_size": settings.batch_size,
        "query_timeout": settings.query_timeout,
        "row_limit": settings.query_row_limit,
    }
    if settings.neo4j_uri:
        from .neo4j_store import Neo4jStore

        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        return Neo4jStore(
            settings.neo4j_uri, auth=auth, database=settings.neo4j_database, **options
        )
    from .embedded_store import EmbeddedStore

    return EmbeddedStore(settings.store_path, read_only=read_only, **options)


__all__ = ["GraphStore", "LoadStats", "open_store"]
