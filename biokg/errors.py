"""One error root for biokg; each stage raises a narrow subclass whose message names its input."""

from __future__ import annotations


class BiokgError(Exception):
    """Root of every error biokg raises on purpose."""


class ConfigError(BiokgError):
    """Configuration is missing or contradictory."""


class IngestError(BiokgError):
    """A source could not be turned into a Document. `source` names it."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractionError(BiokgError):
    """The NLP stage failed on a document. `document_id` names it."""

    def __init__(self, document_id: str, reason: str):
        super().__init__(f"{document_id}: {reason}")
        self.document_id = document_id
        self.reason = reason


class StoreError(BiokgError):
    """The graph store refused or failed an operation."""


class ReadOnlyViolation(StoreError):
    """A query given as read-only would write to the graph."""


class QueryError(BiokgError):
    """A named query is unknown or was given bad parameters."""


class CypherRefused(ReadOnlyViolation):
    """User Cypher does something a read-only query may not. `refused` names it (`TERMINATE
    TRANSACTIONS`, `CALL db.stats.retrieve`, `USE system`), `query` is the query as given."""

    def __init__(self, refused: str, reason: str, query: str, rule: str):
        super().__init__(f"refused: {refused} {reason}; {rule}: {query!r}")
        self.refused = refused
        self.reason = reason
        self.query = query
