"""`EmbeddedStore`: the default store, a kglite graph in a local folder (no server to run).

kglite 0.21 is an embedded database: `kglite.open` replays a write-ahead log next to the file
(every committed transaction is fsync'd before it returns, so a killed process loses nothing
committed) and takes a cross-process single-writer lease. The weak spot we accept: one process
at a time may open the store; a second one gets a `StoreError` naming the holder instead of a
silently diverging copy. Readers in other processes (`read_only=True`) see the last checkpoint,
which every `load`/`remove` writes when it ends.
"""

from __future__ import annotations

import fcntl
import logging
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import kglite

from biokg.errors import ReadOnlyViolation, StoreError

from . import cypher
from .base import BatchRejected, GraphStore
from .conformance import adapt_for_kglite, differences_for_kglite
from .guard import load_csv_violation, refuse_unsafe, strip_comments
from .loader import Run
from .values import NodeValue, PathValue, RelValue, ordered_labels

log = logging.getLogger(__name__)
T = TypeVar("T")

GRAPH_FILE = "biokg.kgl"
# kglite prints query warnings (unknown label, ...) to stderr by default; as Python warnings they
# can be filtered, and the loader's own queries (run before a label exists) silence them.
kglite.set_query_warning_policy("pywarn")


class EmbeddedStore(GraphStore):
    """The biokg graph in `path/biokg.kgl` (created on first use).

    Example:
        >>> with EmbeddedStore(tmp_path / "graph") as store:  # doctest: +SKIP
        ...     store.load(extractions)
    """

    def __init__(self, path: Path | str, *, read_only: bool = False, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.path = Path(path)
        self.file = self.path / GRAPH_FILE
        self.read_only = read_only
        try:
            if read_only:
                if not self.file.exists():
                    raise StoreError(f"{self}: no graph has been saved there yet")
                with warnings.catch_warnings(record=True) as noted:
                    warnings.simplefilter("always")
                    self._graph = kglite.load(str(self.file))
                # "the write-ahead log holds N commits newer than this checkpoint": a writer is
                # running or was interrupted; a reader sees the last checkpoint (module doc).
                for warning in noted:
                    log.info("%s: %s", self, warning.message)
                self._graph.read_only(True)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._graph = kglite.open(str(self.file))
        except kglite.WriterLeaseHeldError as exc:
            raise StoreError(_held(self.path, getattr(exc, "holder", None) or {})) from exc
        except (kglite.KgError, OSError) as exc:
            raise StoreError(f"{self}: cannot open: {exc}") from exc
        self.check_schema_version()

    def __str__(self) -> str:
        return f"embedded store {self.path}"

    @staticmethod
    def check_writable(path: Path | str) -> None:
        """Raise `StoreError` naming the process that holds the writer lease of the store at
        `path`, if one does, without opening the graph (so `biokg run` can say so at once).

        kglite's lease is a `flock` on `biokg.kgl.lock`, and `biokg.kgl.lock-owner` records who
        took it; the lock is only probed when that record names a live process.
        """
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"embedded store {path}: cannot create: {exc}") from exc
        file = Path(path) / GRAPH_FILE
        holder = _lease_record(file)
        if holder is None:
            return
        try:
            fd = os.open(f"{file}.lock", os.O_RDONLY)
        except OSError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(_held(path, holder)) from None
        finally:
            os.close(fd)  # closing releases a lock the probe got

    def close(self) -> None:
        if self._graph is None:
            return
        graph, self._graph = self._graph, None
        if not self.read_only:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # kglite's notes on its mmap layout
                graph.close()

    def _after_write(self) -> None:
        # A checkpoint, so readers in other processes see this load.
        if not self.read_only:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._graph.save()

    def _write_tx(self, work: Callable[[Run], T]) -> T:
        if self.read_only:
            raise StoreError(f"{self}: opened read-only")

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                with self._graph.begin() as tx:
                    return work(lambda q, p: tx.cypher(q, params=p, timeout_ms=0).to_list())
            except (kglite.FileIoError, kglite.InternalError) as exc:
                raise StoreError(f"{self}: write failed: {exc}") from exc
            except kglite.KgError as exc:
                raise BatchRejected(f"kglite refused the write: {exc}") from exc

    def _query(
        self, query: str, params: dict[str, object] | None = None
    ) -> list[dict[str, object]]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                result = self._graph.cypher(query, params=params, hide_structural_keys=True)
            except kglite.KgError as exc:
                raise StoreError(f"{self}: query failed: {exc}") from exc
        return [{k: _value(v) for k, v in row.items()} for row in result]

    def _guarded_query(
        self, query: str, params: dict[str, object] | None, timeout: float, limit: int
    ) -> list[dict[str, object]]:
        # kglite warns about properties no node has yet (no Finding with a duration, say); in a
        # graph that is still filling up that is normal, so it goes to the debug log only.
        with warnings.catch_warnings(record=True) as noted:
            warnings.simplefilter("always")
            rows = self._guarded_query_noisy(query, params, timeout, limit)
        for warning in noted:
            log.debug("kglite: %s", warning.message)
        return rows

    def _guarded_query_noisy(
        self, query: str, params: dict[str, object] | None, timeout: float, limit: int
    ) -> list[dict[str, object]]:
        refuse_unsafe(query)
        # kglite has no /* */ comments; what it answers unlike Neo4j is refused or rewritten.
        text = adapt_for_kglite(strip_comments(query))
        for note in differences_for_kglite(text):
            log.warning("%s", note)
        was_read_only = self._graph.read_only()
        self._graph.read_only(True)
        try:
            plan = self._graph.cypher("EXPLAIN " + text, params=params)
            if any(str(step.get("operation", "")).lower() == "loadcsv" for step in plan):
                raise load_csv_violation(query)
            result = self._graph.cypher(
                text,
                params=params,
                timeout_ms=max(1, int(timeout * 1000)),
                row_limit=limit,
                hide_structural_keys=True,
            )
        except (kglite.ReadOnlyError, kglite.ArgumentError) as exc:
            if "read-only" in str(exc).lower():
                raise ReadOnlyViolation(f"query would write: {query!r}") from exc
            raise StoreError(f"{self}: query {query!r} failed: {exc}") from exc
        except kglite.CypherSyntaxError as exc:
            # kglite refuses writes inside CALL { } at parse time: still a refused write.
            if "write clauses" in str(exc):
                raise ReadOnlyViolation(f"query would write: {query!r}") from exc
            raise StoreError(f"{self}: query {query!r} failed: {exc}") from exc
        except kglite.CypherTimeoutError as exc:
            raise StoreError(f"{self}: query {query!r} timed out after {timeout}s") from exc
        except kglite.KgError as exc:
            raise StoreError(f"{self}: query {query!r} failed: {exc}") from exc
        finally:
            self._graph.read_only(was_read_only)
        total = (
            (result.diagnostics or {}).get("total_rows") if hasattr(result, "diagnostics") else None
        )
        if total is not None and total > limit:
            log.warning("query returned %d rows; only the first %d were kept", total, limit)
        return [{k: _value(v) for k, v in row.items()} for row in result]

    def _nodes_by_element_id(self, element_ids: list[str]) -> dict[str, object]:
        rows = self._query("MATCH (n) WHERE elementId(n) IN $ids RETURN n", {"ids": element_ids})
        return {row["n"].element_id: row["n"] for row in rows}  # type: ignore[attr-defined]

    def _create_schema(self) -> None:
        statements = [cypher.constraint_ddl(n, label) for n, label in cypher.CONSTRAINTS]
        statements += [cypher.index_ddl(*spec) for spec in cypher.INDEXES]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                for statement in statements:
                    self._graph.cypher(statement)
            except kglite.KgError as exc:
                raise StoreError(f"{self}: cannot create the schema: {exc}") from exc


def _held(path: Path | str, holder: dict) -> str:
    return (
        f"embedded store {path}: in use by process {holder.get('pid')} since "
        f"{holder.get('since')}; one process at a time may write the embedded store (wait for it "
        f"to finish, or use Neo4j to share a graph)"
    )


def _lease_record(file: Path) -> dict | None:
    """`{"pid", "since"}` from kglite's lock-owner record when it names a live process."""
    try:
        lines = Path(f"{file}.lock-owner").read_text(encoding="utf-8").splitlines()
        record = dict(line.split("=", 1) for line in lines if "=" in line)
        pid = int(record["pid"])
    except (OSError, KeyError, ValueError):
        return None
    if "released" in record:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, another user's
    return {"pid": pid, "since": record.get("since")}


_NODE_KEYS = frozenset({"id", "labels", "properties"})
_REL_KEYS = frozenset({"id", "start", "end", "type", "properties"})
_PATH_KEYS = frozenset({"nodes", "relationships"})


def _value(value: object) -> object:
    """kglite result values -> store-neutral values. kglite returns graph elements as dicts of a
    fixed shape; a map a query builds with exactly those keys would be read as one too."""
    if isinstance(value, dict):
        keys = set(value)
        if keys == _NODE_KEYS and isinstance(value["properties"], dict):
            return _node(value)
        if keys == _REL_KEYS and isinstance(value["properties"], dict):
            return _rel(value)
        if keys == _PATH_KEYS and isinstance(value["nodes"], list):
            return PathValue(
                tuple(_node(n) for n in value["nodes"]),
                tuple(_rel(r) for r in value["relationships"]),
            )
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _node(raw: dict) -> NodeValue:
    labels = list(raw["labels"])
    # Neo4j stores no nulls; kglite reports a removed property as null.
    props = {k: _value(v) for k, v in raw["properties"].items() if v is not None}
    primary = labels[0] if labels else ""
    # kglite adds virtual `type` (the primary label) and `title` (a name or minted key) to
    # every node; the biokg model stores `type` on entities and `title` on articles only.
    if props.get("type") == primary:
        props.pop("type")
    title = props.get("title")
    if title is not None and (
        title in (props.get("id"), f"{primary}_{props.get('id')}")
        or ("Article" not in labels and title == props.get("name"))
    ):
        props.pop("title")
    return NodeValue(str(raw["id"]), ordered_labels(labels), props)


def _rel(raw: dict) -> RelValue:
    props = {k: _value(v) for k, v in raw["properties"].items() if v is not None}
    if props.get("type") == raw["type"]:
        props.pop("type")
    return RelValue(f"r{raw['id']}", raw["type"], str(raw["start"]), str(raw["end"]), props)
