"""Turn one `Extraction` into the parameter rows the loader's `UNWIND $rows` queries consume.

Pure functions, no store: every id here is a content key (`biokg.identity`), so the same input
always yields the same rows and a re-load merges onto what is already there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii

from biokg.errors import StoreError
from biokg.identity import normalise_name
from biokg.model import SCHEMA_VERSION, Entity, EntityType, Extraction, Predicate, Relation

from .labels import entity_label, relation_type

# Numbers of an outcome as the nlp stage states them (see `Relation.attributes`).
FINDING_ATTRIBUTES = (
    "rate", "n", "N", "duration", "population", "dose", "HR", "risk_reduction",
)  # fmt: skip
# Finding properties the loader owns; an attribute with such a name is kept as `attr_<name>`.
_FINDING_RESERVED = frozenset(
    {"id", "statement_id", "article_id", "subject", "object", "sentence", "negated"}
)


@dataclass
class ArticleRows:
    """Everything one article contributes to the graph, as plain parameter rows."""

    article_id: str
    extraction_hash: str
    article: dict[str, object]
    input_hash: str | None = None  # `Document.input_hash`, when the extractor is known
    entities: dict[str, list[dict[str, object]]] = field(default_factory=dict)  # by label
    mentions: list[dict[str, object]] = field(default_factory=list)
    relations: dict[str, list[dict[str, object]]] = field(default_factory=dict)  # by rel type
    evidence: list[dict[str, object]] = field(default_factory=list)
    findings: list[dict[str, object]] = field(default_factory=list)
    populations: list[dict[str, object]] = field(default_factory=list)
    cites: list[dict[str, object]] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Rows this article sends, the unit `batch_size` counts."""
        return (
            1
            + sum(len(v) for v in self.entities.values())
            + len(self.mentions)
            + sum(len(v) for v in self.relations.values())
            + len(self.evidence)
            + len(self.findings)
            + len(self.cites)
        )


def _json(part: object) -> str:
    # The common parts (strings, ints) directly: the same text json.dumps gives, without its
    # per-call set-up, which was a third of the time spent building a batch's rows.
    if isinstance(part, str):
        return encode_basestring_ascii(part)
    if type(part) is int:
        return str(part)
    return json.dumps(part, sort_keys=True, default=str)


def _hash(*parts: object) -> str:
    text = "|".join(_json(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def extraction_hash(extraction: Extraction) -> str:
    """Fingerprint of an extraction: an article whose fingerprint is unchanged is not rewritten."""
    # Which extractor made it is `input_hash`'s business: an extractor update that gives the
    # same output does not rewrite the article.
    text = extraction.model_dump_json(exclude={"extractor_version"})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def evidence_id(statement_id: str, document_id: str, start: int, end: int, extractor: str) -> str:
    return "ev:" + _hash(statement_id, document_id, start, end, extractor)


def finding_id(statement_id: str, document_id: str, attributes: dict[str, object]) -> str:
    return "finding:" + _hash(statement_id, document_id, attributes)


def article_rows(extraction: Extraction) -> ArticleRows:
    """Rows for one extraction. Raises `StoreError` naming the document if it cannot be stored.

    Example:
        >>> from biokg.model import Document
        >>> rows = article_rows(Extraction(document=Document(text="x", pmid="1")))
        >>> rows.article_id, rows.size
        ('pmid:1', 1)
    """
    doc = extraction.document
    if extraction.schema_version != SCHEMA_VERSION:
        raise StoreError(
            f"{doc.id}: extraction has schema version {extraction.schema_version}, "
            f"this graph stage writes version {SCHEMA_VERSION}"
        )
    out = ArticleRows(
        article_id=doc.id,
        extraction_hash=extraction_hash(extraction),
        input_hash=(
            doc.input_hash(extraction.extractor_version) if extraction.extractor_version else None
        ),
        article={
            "id": doc.id,
            "title": doc.title,
            "url": doc.url,
            "doi": doc.doi,
            "pmid": doc.pmid,
            "pmcid": doc.pmcid,
            "published": doc.published,
            "source_kind": doc.source_kind.value,
            "content_hash": doc.content_hash,
            "ingested_at": doc.retrieved_at,
            "journal": doc.journal,
        },
    )
    entities = {e.id: e for e in extraction.entities}
    for entity in entities.values():
        aliases = sorted(set(entity.aliases))
        out.entities.setdefault(entity_label(entity.type), []).append(
            {
                "id": entity.id,
                "name": entity.name,
                "type": entity.type.value,
                "curie": entity.curie,
                "aliases": aliases,
            }
        )
        out.mentions.append(
            {
                "article": doc.id,
                "entity": entity.id,
                "count": max(1, len(entity.mentions)),
                "name": entity.name,
                "aliases": list(aliases),
            }
        )
    statements: set[str] = set()
    evidence: set[str] = set()
    for relation in extraction.relations:
        _relation_rows(out, relation, doc.id, entities, statements, evidence)
    for cited in dict.fromkeys(doc.cites):
        if cited != doc.id:
            out.cites.append({"source": doc.id, "target": cited})
    return out


def _relation_rows(
    out: ArticleRows,
    relation: Relation,
    document_id: str,
    entities: dict[str, Entity],
    statements: set[str],
    seen: set[str],
) -> None:
    """Add one relation's rows; `statements` and `seen` (evidence ids) are the ids already in
    `out`, kept as sets so an article's rows take time linear in its relations."""
    sid = relation.statement_id
    rel_type = relation_type(relation.predicate)
    rows = out.relations.setdefault(rel_type, [])
    if sid not in statements:
        statements.add(sid)
        rows.append({"subject": relation.subject, "object": relation.object, "statement_id": sid})
    for ev in relation.evidence:
        if ev.document_id != document_id:
            raise StoreError(
                f"{document_id}: evidence for {relation.predicate} {relation.subject!r} -> "
                f"{relation.object!r} cites another document {ev.document_id!r}"
            )
        eid = evidence_id(sid, document_id, ev.start, ev.end, ev.extractor)
        if eid in seen:  # the same sentence stated twice by one extractor is one piece of evidence
            continue
        seen.add(eid)
        out.evidence.append(
            {
                "id": eid,
                "article": document_id,
                "statement_id": sid,
                "subject": relation.subject,
                "predicate": rel_type,
                "object": relation.object,
                "sentence": ev.text,
                "start": ev.start,
                "stop": ev.end,
                "section": ev.section,
                "extractor": ev.extractor,
                "version": ev.version,
                "confidence": min(ev.confidence, relation.confidence),
                "negated": ev.negated or relation.negated,
            }
        )
    if relation.predicate == Predicate.HAS_OUTCOME and relation.attributes:
        fid = finding_id(sid, document_id, relation.attributes)
        if any(f["id"] == fid for f in out.findings):
            return
        attributes = {
            (f"attr_{k}" if k in _FINDING_RESERVED else k): v
            for k, v in relation.attributes.items()
        }
        out.findings.append(
            {
                "id": fid,
                "article": document_id,
                "statement_id": sid,
                "subject": relation.subject,
                "object": relation.object,
                "sentence": relation.evidence[0].text,
                "negated": relation.negated,
                "attributes": attributes,
            }
        )
        for entity_id in _population_entities(relation, entities):
            out.populations.append({"finding": fid, "entity": entity_id})


def _population_entities(relation: Relation, entities: dict[str, Entity]) -> list[str]:
    """Diseases of this document that the finding's `population` (or `disease`) names."""
    stated = [
        str(relation.attributes[k]) for k in ("population", "disease") if k in relation.attributes
    ]
    if not stated:
        return []
    padded = [f" {normalise_name(s)} " for s in stated]
    raw = set(stated)
    found = []
    for entity in entities.values():
        if entity.type != EntityType.DISEASE:
            continue
        names = [entity.name, *entity.aliases]
        keys = {f" {normalise_name(n)} " for n in names if normalise_name(n)}
        if entity.id in raw or any(k in p for k in keys for p in padded):
            found.append(entity.id)
    return sorted(found)
