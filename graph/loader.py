"""The batch writer shared by every store: what to write, in which order, inside one transaction.

A store supplies a `Run` (one Cypher statement with parameters, inside the batch's transaction);
this module decides the statements. Every step is an idempotent MERGE or a recomputation from
evidence, and an article is marked loaded (its extraction fingerprint) last, so a batch cut off
at any point is finished by simply loading again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from biokg.errors import StoreError
from biokg.model import Extraction, Failure

from . import cypher
from .rows import ArticleRows, article_rows
from .run_changes import RunChanges

log = logging.getLogger(__name__)

Run = Callable[[str, dict[str, object]], list[dict[str, object]]]


@dataclass
class LoadStats:
    """What one `GraphStore.load` call did: articles, and rows sent (not graph diffs).

    Example:
        >>> LoadStats(articles_loaded=2, articles_unchanged=1).articles_seen
        3
    """

    articles_loaded: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    entities: int = 0
    mentions: int = 0
    relations: int = 0
    evidence: int = 0
    findings: int = 0
    cites: int = 0
    batches: int = 0
    failures: list[Failure] = field(default_factory=list)
    changes: RunChanges = field(default_factory=RunChanges)

    @property
    def articles_seen(self) -> int:
        return self.articles_loaded + self.articles_unchanged + len(self.failures)

    def add(self, rows: ArticleRows) -> None:
        self.entities += sum(len(v) for v in rows.entities.values())
        self.mentions += len(rows.mentions)
        self.relations += sum(len(v) for v in rows.relations.values())
        self.evidence += len(rows.evidence)
        self.findings += len(rows.findings)
        self.cites += len(rows.cites)


def prepare(extractions: Iterable[Extraction], stats: LoadStats) -> Iterator[ArticleRows]:
    """Rows per extraction; one that cannot be stored becomes a `Failure` and the rest go on."""
    for extraction in extractions:
        try:
            yield article_rows(extraction)
        except StoreError as exc:
            log.warning("not loading %s: %s", extraction.document.id, exc)
            stats.failures.append(
                Failure(source=extraction.document.id, stage="graph", reason=str(exc))
            )


def batches(rows: Iterable[ArticleRows], batch_size: int) -> Iterator[list[ArticleRows]]:
    """Group articles so a batch holds about `batch_size` rows (always at least one article).

    A later duplicate of an article in the same batch goes to the next batch, so each
    transaction sees every article once and the last version loaded wins.
    """
    batch: list[ArticleRows] = []
    ids: set[str] = set()
    size = 0
    for item in rows:
        if batch and (size + item.size > batch_size or item.article_id in ids):
            yield batch
            batch, ids, size = [], set(), 0
        batch.append(item)
        ids.add(item.article_id)
        size += item.size
    if batch:
        yield batch


@dataclass
class BatchResult:
    written: list[ArticleRows] = field(default_factory=list)
    unchanged: int = 0
    replaced: int = 0
    entities_added: int = 0
    entities_changed: int = 0
    statements_before: set[str] = field(default_factory=set)  # of those written, existing ones

    def record(self, changes: RunChanges) -> None:
        """Add this batch to a run's `changes` (after its transaction committed)."""
        changes.entities_added += self.entities_added
        changes.entities_changed += self.entities_changed
        for item in self.written:
            names = {str(r["id"]): str(r["name"]) for rows in item.entities.values() for r in rows}
            findings: dict[str, list[dict[str, object]]] = {}
            for f in item.findings:
                findings.setdefault(str(f["statement_id"]), []).append(f["attributes"])
            confidence: dict[str, float] = {}
            for ev in item.evidence:
                sid = str(ev["statement_id"])
                confidence[sid] = max(confidence.get(sid, 0.0), float(ev["confidence"]))
            for ev in item.evidence:
                sid = str(ev["statement_id"])
                if sid not in confidence:
                    continue
                changes.add_link(
                    sid,
                    names.get(str(ev["subject"]), str(ev["subject"])),
                    str(ev["predicate"]),
                    names.get(str(ev["object"]), str(ev["object"])),
                    new=sid not in self.statements_before,
                    confidence=confidence.pop(sid),
                    findings=findings.get(sid, []),
                )


def write_batch(run: Run, batch: list[ArticleRows]) -> BatchResult:
    """Write one batch through `run`, all inside one transaction."""
    ids = [item.article_id for item in batch]
    known: dict[str, str] = {}
    read_as: dict[str, str | None] = {}
    for r in run(cypher.EXISTING_ARTICLES, {"ids": ids}):
        known[r["id"]] = r["hash"]
        read_as[r["id"]] = r["input"]
    todo = [item for item in batch if known.get(item.article_id) != item.extraction_hash]
    todo_ids = {id(item) for item in todo}
    # Same extraction from a new input or extractor: only the input key moves, so the next
    # run skips the article's NLP.
    restamp = [
        {"id": item.article_id, "hash": item.extraction_hash, "input": item.input_hash}
        for item in batch
        if id(item) not in todo_ids
        and item.input_hash
        and read_as.get(item.article_id) != item.input_hash
    ]
    if restamp:
        run(cypher.MARK_LOADED, {"rows": restamp})
    if not todo:
        return BatchResult(unchanged=len(batch))
    replaced = [item.article_id for item in todo if item.article_id in known]
    new_statements = _distinct_statements(todo)
    statements_before = {
        str(r["id"])
        for r in run(
            cypher.EXISTING_STATEMENTS,
            {"ids": sorted({str(ev["statement_id"]) for item in todo for ev in item.evidence})},
        )
    }
    statements: dict[str, dict[str, object]] = {}
    orphan_candidates: set[str] = set()
    stub_candidates: set[str] = set()
    if replaced:
        for r in run(cypher.OLD_STATEMENTS, {"ids": replaced}):
            statements[str(r["statement_id"])] = r
        orphan_candidates.update(str(r["id"]) for r in run(cypher.OLD_ENTITIES, {"ids": replaced}))
        stub_candidates.update(str(r["id"]) for r in run(cypher.OLD_CITED, {"ids": replaced}))
        for query in (
            cypher.DELETE_EVIDENCE,
            cypher.DELETE_FINDINGS,
            cypher.DELETE_MENTIONS,
            cypher.DELETE_CITES,
        ):
            run(query, {"ids": replaced})

    run(cypher.MERGE_ARTICLES, {"rows": [item.article for item in todo]})
    entities, touched = _distinct_entities(todo)
    touched |= orphan_candidates
    entity_rows = [{**row, "label": label} for label, rows in entities.items() for row in rows]
    entities_before: set[str] = set()
    renamed: set[str] = set()
    if entity_rows:
        entity_ids = sorted({str(row["id"]) for row in entity_rows})
        entities_before = {str(r["id"]) for r in run(cypher.EXISTING_ENTITIES, {"ids": entity_ids})}
        renamed = {str(r["id"]) for r in run(cypher.MERGE_ENTITIES, {"rows": entity_rows})}
        touched |= renamed
    _run_rows(run, cypher.MERGE_MENTIONS, [r for item in todo for r in item.mentions])
    # Evidence first: each statement edge is then merged and aggregated in one pass.
    _run_rows(run, cypher.MERGE_EVIDENCE, [r for item in todo for r in item.evidence])
    _run_rows(run, cypher.MERGE_FINDINGS, [r for item in todo for r in item.findings])
    _run_rows(run, cypher.MERGE_POPULATIONS, [r for item in todo for r in item.populations])
    _run_rows(run, cypher.MERGE_CITES, [r for item in todo for r in item.cites])

    # Edges that lost evidence in this transaction (a replaced article's) are re-aggregated from
    # all their evidence; every other edge of the batch only adds the batch's new evidence.
    increments = statement_increments(todo)
    add: list[dict[str, object]] = []
    for rel_type, rows in new_statements.items():
        recompute: list[dict[str, object]] = []
        for row in rows:
            sid = str(row["statement_id"])
            # A statement with no evidence in the batch (none of its rows kept any) is
            # aggregated from the graph, and dropped if it has none there either.
            if sid in statements or sid not in increments:
                recompute.append(row)
            else:
                add.append({**row, **increments[sid], "type": rel_type})
        _run_rows(run, cypher.merge_statements(rel_type), recompute)
    _run_rows(run, cypher.ADD_STATEMENTS, add)
    # Statements only the replaced versions made: re-aggregated (or deleted) from what is left.
    fresh = {str(r["statement_id"]) for rows in new_statements.values() for r in rows}
    by_type: dict[str, list[dict[str, object]]] = {}
    for sid, r in statements.items():
        if sid not in fresh:
            by_type.setdefault(str(r["predicate"]), []).append(
                {"subject": r["subject"], "object": r["object"], "statement_id": sid}
            )
    for rel_type, rows in sorted(by_type.items()):
        run(cypher.recompute_statements(rel_type), {"rows": rows})
    _refresh_entities(run, touched)
    if orphan_candidates:
        run(cypher.DELETE_ORPHAN_ENTITIES, {"ids": sorted(orphan_candidates)})
    if stub_candidates:
        run(cypher.DELETE_ORPHAN_STUBS, {"ids": sorted(stub_candidates)})
    run(
        cypher.MARK_LOADED,
        {
            "rows": [
                {"id": item.article_id, "hash": item.extraction_hash, "input": item.input_hash}
                for item in todo
            ]
        },
    )
    return BatchResult(
        todo,
        len(batch) - len(todo),
        len(replaced),
        entities_added=len({str(row["id"]) for row in entity_rows} - entities_before),
        entities_changed=len(renamed & entities_before),
        statements_before=statements_before,
    )


def remove_article(run: Run, article_id: str) -> bool:
    """Remove one article and what only it supported. Returns False if it was not in the graph."""
    found = run(cypher.ARTICLE_EXISTS, {"id": article_id})
    if not found or found[0].get("content_hash") is None:
        return False
    ids = [article_id]
    statements = run(cypher.OLD_STATEMENTS, {"ids": ids})
    orphans = {str(r["id"]) for r in run(cypher.OLD_ENTITIES, {"ids": ids})}
    stubs = {str(r["id"]) for r in run(cypher.OLD_CITED, {"ids": ids})}
    for query in (
        cypher.DELETE_EVIDENCE,
        cypher.DELETE_FINDINGS,
        cypher.DELETE_MENTIONS,
        cypher.DELETE_CITES,
    ):
        run(query, {"ids": ids})
    if run(cypher.IS_CITED, {"id": article_id})[0]["n"]:
        run(cypher.STUB_ARTICLE, {"id": article_id})
    else:
        run(cypher.DELETE_ARTICLE, {"id": article_id})
    by_type: dict[str, list[dict[str, object]]] = {}
    for r in statements:
        by_type.setdefault(str(r["predicate"]), []).append(
            {"subject": r["subject"], "object": r["object"], "statement_id": r["statement_id"]}
        )
    for rel_type, rows in sorted(by_type.items()):
        run(cypher.recompute_statements(rel_type), {"rows": rows})
    _refresh_entities(run, orphans)
    if orphans:
        run(cypher.DELETE_ORPHAN_ENTITIES, {"ids": sorted(orphans)})
    if stubs:
        run(cypher.DELETE_ORPHAN_STUBS, {"ids": sorted(stubs)})
    return True


def _refresh_entities(run: Run, ids: set[str]) -> None:
    if ids:
        run(cypher.ENTITY_NAMES, {"ids": sorted(ids)})
        run(cypher.ENTITY_ALIASES, {"ids": sorted(ids)})


def _merged(todo: list[ArticleRows], attr: str) -> dict[str, list[dict[str, object]]]:
    merged: dict[str, list[dict[str, object]]] = {}
    for item in todo:
        for key, rows in getattr(item, attr).items():
            merged.setdefault(key, []).extend(rows)
    return dict(sorted(merged.items()))


def _distinct_entities(
    todo: list[ArticleRows],
) -> tuple[dict[str, list[dict[str, object]]], set[str]]:
    """One row per entity of the batch, by label, and the ids whose name or aliases must be
    recomputed because the batch's articles disagree on them.

    The row is what merging every article's row in turn would leave: the first row's name and
    aliases (kept on create), the last row's type and label, the last curie given.
    """
    first: dict[str, dict[str, object]] = {}
    last: dict[str, tuple[str, dict[str, object]]] = {}
    curie: dict[str, object] = {}
    touched: set[str] = set()
    for label, rows in _merged(todo, "entities").items():
        for row in rows:
            eid = str(row["id"])
            seen = first.setdefault(eid, row)
            if seen is not row and (
                row["name"] != seen["name"] or not set(row["aliases"]) <= set(seen["aliases"])  # type: ignore[call-overload]
            ):
                touched.add(eid)
            last[eid] = (label, row)
            if row["curie"] is not None:
                curie[eid] = row["curie"]
    out: dict[str, list[dict[str, object]]] = {}
    for eid, (label, row) in last.items():
        head = first[eid]
        out.setdefault(label, []).append(
            {**row, "name": head["name"], "aliases": head["aliases"], "curie": curie.get(eid)}
        )
    return dict(sorted(out.items())), touched


def _distinct_statements(todo: list[ArticleRows]) -> dict[str, list[dict[str, object]]]:
    """The batch's statement rows by relationship type, each statement once (articles of one
    batch often state the same triple; the aggregation needs every edge exactly once)."""
    seen: set[str] = set()
    out: dict[str, list[dict[str, object]]] = {}
    for rel_type, rows in _merged(todo, "relations").items():
        for row in rows:
            sid = str(row["statement_id"])
            if sid not in seen:
                seen.add(sid)
                out.setdefault(rel_type, []).append(row)
    return out


def statement_increments(todo: list[ArticleRows]) -> dict[str, dict[str, object]]:
    """What the batch's evidence adds to each statement edge (`cypher.ADD_STATEMENTS`).

    Every article of `todo` has none of its evidence in the graph (it is new, or its old
    version's evidence was deleted), so its evidence and its article are new to each edge.
    `confidences` are the non-negated evidence confidences; the store turns each into the
    integer log term it adds up (see `cypher._log_term`), so both ways of aggregating add the
    same integers.

    Example:
        >>> from biokg.graph.examples import cd22_car_t
        >>> from biokg.graph.rows import article_rows
        >>> inc = statement_increments([article_rows(cd22_car_t())])
        >>> sorted(next(iter(inc.values())))  # doctest: +NORMALIZE_WHITESPACE
        ['article_count', 'confidences', 'evidence_count', 'first_seen', 'last_seen',
         'negated_count']
    """
    out: dict[str, dict[str, object]] = {}
    articles: dict[str, set[str]] = {}
    for item in todo:
        published = item.article["published"]
        for ev in item.evidence:
            sid = str(ev["statement_id"])
            agg = out.get(sid)
            if agg is None:
                agg = out[sid] = {
                    "evidence_count": 0,
                    "negated_count": 0,
                    "confidences": [],
                    "first_seen": None,
                    "last_seen": None,
                }
                articles[sid] = set()
            agg["evidence_count"] += 1  # type: ignore[operator]
            articles[sid].add(item.article_id)
            if ev["negated"]:
                agg["negated_count"] += 1  # type: ignore[operator]
            else:
                agg["confidences"].append(ev["confidence"])  # type: ignore[attr-defined]
            if published is not None:
                if agg["first_seen"] is None or published < agg["first_seen"]:  # type: ignore[operator]
                    agg["first_seen"] = published
                if agg["last_seen"] is None or published > agg["last_seen"]:  # type: ignore[operator]
                    agg["last_seen"] = published
    for sid, agg in out.items():
        agg["article_count"] = len(articles[sid])
    return out


def _run_rows(run: Run, query: str, rows: list[dict[str, object]]) -> None:
    if rows:
        run(query, {"rows": rows})
