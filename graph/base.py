"""`GraphStore`: the one interface every graph store implements, and the logic they share."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Self, TypeVar

import networkx as nx

from biokg.errors import StoreError
from biokg.model import Extraction, Failure

from . import cypher
from .background import BackgroundWriter
from .loader import BatchResult, LoadStats, Run, batches, prepare, remove_article, write_batch
from .rows import ArticleRows
from .values import build_graph, collect_elements, to_plain

log = logging.getLogger(__name__)
T = TypeVar("T")


class BatchRejected(StoreError):
    """The store refused a batch's data (not a connection problem): retry article by article."""


class GraphStore(ABC):
    """A Cypher graph store holding the biokg model. Use through `open_store(settings)`.

    Subclasses provide a write transaction (`_write_tx`), raw reads (`_query`), the read-only
    guard (`read`) and schema DDL (`_create_schema`); loading, removal and export are shared.
    """

    # Whether `load` writes each batch in a background thread while the next one is built
    # (`BackgroundWriter`): worth it when a write is mostly waiting for a server.
    write_in_background = False

    def __init__(
        self, *, batch_size: int = 5000, query_timeout: float = 30.0, row_limit: int = 10000
    ) -> None:
        if batch_size < 1:
            raise StoreError(f"batch_size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        self.query_timeout = query_timeout
        self.row_limit = row_limit
        self._schema_ready = False

    # -- what each store implements ---------------------------------------------------------

    @abstractmethod
    def _write_tx(self, work: Callable[[Run], T]) -> T:
        """Run `work(run)` in one write transaction; `BatchRejected` if the data is refused."""

    @abstractmethod
    def _query(
        self, query: str, params: dict[str, object] | None = None
    ) -> list[dict[str, object]]:
        """A trusted read by the stage itself: rows with store values as `values.*Value`."""

    @abstractmethod
    def _guarded_query(
        self,
        query: str,
        params: dict[str, object] | None,
        timeout: float,
        limit: int,
    ) -> list[dict[str, object]]:
        """User Cypher under the store's read-only mechanism; rows as `values.*Value`."""

    @abstractmethod
    def _create_schema(self) -> None:
        """Constraints and indexes, idempotently."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection or file."""

    def _after_write(self) -> None:  # noqa: B027 - optional hook
        """Called after a load or removal (the embedded store checkpoints here)."""

    # -- the interface ----------------------------------------------------------------------

    def init_schema(self) -> None:
        """Create constraints, indexes and the schema-version node. Safe to call any time."""
        self._create_schema()
        self._write_tx(
            lambda run: run(
                cypher.WRITE_SCHEMA_VERSION,
                {"id": cypher.SCHEMA_NODE_ID, "version": cypher.GRAPH_SCHEMA_VERSION},
            )
        )
        self._schema_ready = True

    def check_schema_version(self) -> None:
        """Refuse a graph written by another schema version (an empty graph is fine)."""
        rows = self._query(cypher.READ_SCHEMA_VERSION, {"id": cypher.SCHEMA_NODE_ID})
        if rows and rows[0]["version"] != cypher.GRAPH_SCHEMA_VERSION:
            raise StoreError(
                f"{self}: graph has schema version {rows[0]['version']}, biokg writes "
                f"version {cypher.GRAPH_SCHEMA_VERSION}; re-create it (`biokg init-db` on an "
                "empty store) and load again"
            )

    def load(
        self,
        extractions: Iterable[Extraction],
        on_batch: Callable[[int], None] | None = None,
    ) -> LoadStats:
        """Write extractions in batches of about `batch_size` rows, one transaction each.

        Streams: only one batch is held at a time. Unchanged articles are skipped, changed ones
        replaced; an article the store refuses becomes a `Failure` in the returned stats.
        `on_batch(n)` is called after each batch with its number of articles (for progress; on
        Neo4j from the writer thread).
        """
        if not self._schema_ready:
            self.init_schema()
        stats = LoadStats()

        def write(batch: list[ArticleRows]) -> None:
            try:
                results = [self._write_tx(lambda run: write_batch(run, batch))]
            except BatchRejected as exc:
                results = self._one_by_one(batch, stats, exc)
            if on_batch is not None:
                on_batch(len(batch))
            for result in results:
                stats.articles_unchanged += result.unchanged
                stats.articles_replaced += result.replaced
                stats.articles_loaded += len(result.written)
                for item in result.written:
                    stats.add(item)
                result.record(stats.changes)

        try:
            if self.write_in_background:
                with BackgroundWriter(write) as writer:
                    for batch in batches(prepare(extractions, stats), self.batch_size):
                        stats.batches += 1
                        writer.submit(batch)
            else:
                for batch in batches(prepare(extractions, stats), self.batch_size):
                    stats.batches += 1
                    write(batch)
        finally:
            self._after_write()
        return stats

    def _one_by_one(
        self, batch: list[ArticleRows], stats: LoadStats, first_error: Exception
    ) -> list[BatchResult]:
        if len(batch) == 1:
            self._fail(stats, batch[0].article_id, first_error)
            return []
        log.info("batch refused (%s); loading its %d articles one by one", first_error, len(batch))
        results = []
        for item in batch:
            try:
                results.append(self._write_tx(lambda run, b=[item]: write_batch(run, b)))
            except BatchRejected as exc:
                self._fail(stats, item.article_id, exc)
        return results

    @staticmethod
    def _fail(stats: LoadStats, article_id: str, exc: Exception) -> None:
        log.warning("article %s not loaded: %s", article_id, exc)
        stats.failures.append(Failure(source=article_id, stage="graph", reason=str(exc)))

    def loaded_from(self, inputs: dict[str, str]) -> set[str]:
        """Of `inputs` (article id → `Document.input_hash`), the ids this store already holds as
        extracted from exactly that input by exactly that extractor."""
        if not inputs:
            return set()
        rows = [{"id": k, "input": v} for k, v in inputs.items()]
        return {str(r["id"]) for r in self._query(cypher.SAME_INPUTS, {"rows": rows})}

    def remove(self, article_id: str) -> bool:
        """Remove an article, its mentions, evidence and findings, and every edge or entity left
        without evidence or mention; recompute the aggregates it contributed to.

        Returns False if no such article was loaded.
        """
        try:
            return self._write_tx(lambda run: remove_article(run, article_id))
        finally:
            self._after_write()

    def read(
        self,
        cypher_text: str,
        params: dict[str, object] | None = None,
        *,
        timeout: float | None = None,
        limit: int | None = None,
    ) -> list[dict[str, object]]:
        """Run user Cypher read-only; return rows of plain Python values.

        Nodes become `{**properties, "labels": [...]}`, relationships `{**properties, "type": T}`,
        paths `{"nodes": [...], "relationships": [...]}`; dates stay `datetime.date`.
        Anything that would write, change the schema or read files raises `ReadOnlyViolation`.
        At most `limit` rows (default `query_row_limit`) are returned, the rest dropped with a
        logged warning; the query is cancelled after `timeout` seconds (default `query_timeout`).
        """
        rows = self._guarded_query(
            cypher_text,
            params,
            self.query_timeout if timeout is None else timeout,
            self.row_limit if limit is None else limit,
        )
        return [to_plain(row) for row in rows]  # type: ignore[misc]

    def export(
        self, cypher_text: str | None = None, params: dict[str, object] | None = None
    ) -> nx.MultiDiGraph:
        """The whole graph (without the schema-version node), or the nodes, relationships and
        paths a read-only query returns, as a `networkx.MultiDiGraph` keyed by node `id`."""
        if cypher_text is None:
            nodes, _ = collect_elements(self._query(cypher.EXPORT_NODES))
            _, rels = collect_elements(self._query(cypher.EXPORT_RELATIONSHIPS))
        else:
            rows = self._guarded_query(cypher_text, params, self.query_timeout, self.row_limit)
            nodes, rels = collect_elements(rows)
            missing = {r.start for r in rels.values()} | {r.end for r in rels.values()}
            missing -= set(nodes)
            if missing:
                nodes.update(self._nodes_by_element_id(sorted(missing)))
        return build_graph(nodes, rels)

    @abstractmethod
    def _nodes_by_element_id(self, element_ids: list[str]) -> dict[str, object]:
        """Fetch nodes a query's relationships point at but the query did not return."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
