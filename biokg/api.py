"""biokg from Python: extract one text, build a graph from sources, query it by name.

`import biokg` stays cheap: this module is imported on first use of `biokg.extract`,
`biokg.build`, `biokg.query`, `biokg.cypher` or `biokg.named_relations`, and spaCy only when an
extraction or a build runs.

Example (the README's "Python API" section runs the same steps against the demo articles):
    >>> import biokg
    >>> report = biokg.build(biokg.demo_sources())  # doctest: +SKIP
    >>> biokg.query("therapies_for_target", target="CD22")[0]["therapy"]  # doctest: +SKIP
    'CD22 CAR T cells'
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from biokg.config import Settings, load_settings
from biokg.model import Document, Extraction
from biokg.pipeline import RunReport, demo_sources
from biokg.queries.output import Rows

if TYPE_CHECKING:
    from biokg.nlp.extractor import Extractor

__all__ = ["Rows", "build", "cypher", "demo_sources", "extract", "named_relations", "query"]

# What the NLP stage reads from the environment besides `Settings` (nlp/extractor.py): part of
# the configuration an Extractor is cached under.
_NLP_ENV = ("BIOKG_NER_MODELS", "BIOKG_RELATIONS", "BIOKG_RULE_PREDICATES")


@functools.lru_cache(maxsize=1)
def _cached_extractor(settings: Settings, env: tuple[str | None, ...]) -> Extractor:
    # One pipeline per process (≈ 0.9 GB, seconds to load), rebuilt only when the configuration
    # changes; `env` is in the signature only to be part of the cache key.
    from biokg.nlp import Extractor

    return Extractor.from_settings(settings)


def _extractor(settings: Settings) -> Extractor:
    return _cached_extractor(settings, tuple(os.environ.get(name) for name in _NLP_ENV))


def extract(
    text_or_document: str | Document, *, settings: Settings | None = None, **fields: Any
) -> Extraction:
    """Entities and relations (with their evidence) of one text or `Document`; no store involved.

    The first call loads the NLP pipeline (seconds); later calls with the same configuration
    reuse it.

    Args:
        text_or_document: the article's text, or a `Document`.
        settings: defaults to `load_settings()` (env `BIOKG_*`, then `./biokg.toml`).
        **fields: `Document` fields for a text (`title`, `pmid`, `doi`, `url`, `id`, ...). The
            document's id is derived from the strongest identifier given, else the content hash.

    Returns:
        The `Extraction`; `named_relations(extraction)` lists its relations with both ends' names.

    Raises:
        biokg.errors.ExtractionError: the pipeline failed on this document (its id is named).
        TypeError: `fields` given together with a `Document`.

    Example:
        >>> extraction = extract("Kymriah is a CD19-directed CAR T-cell therapy.")  # doctest: +SKIP
        >>> extraction.document.id  # doctest: +SKIP
        'sha256:…'
    """
    if isinstance(text_or_document, Document):
        if fields:
            raise TypeError(f"extract() takes Document fields only with a text: {sorted(fields)}")
        document = text_or_document
    else:
        document = Document(text=text_or_document, **fields)
    return _extractor(settings or load_settings()).extract(document)


def named_relations(extraction: Extraction) -> Rows:
    """An extraction's relations as rows naming both ends: `subject_id`, `subject`,
    `subject_type`, `predicate`, `object_id`, `object`, `object_type`, `confidence`, `negated`,
    `attributes`, `evidence` (the sentences) and `statement_id`.

    `.to_networkx()` of the rows is the document's graph (nodes keyed by entity id, with `name`
    and `type`), `.to_pandas()` a table.

    Example:
        >>> from biokg.model import Entity, Evidence, Relation
        >>> ev = Evidence(document_id="d", text="Kymriah targets CD19.", start=0, end=21,
        ...               extractor="hand", version="1")
        >>> drug = Entity(name="Kymriah", type="DRUG")
        >>> gene = Entity(name="CD19", type="GENE", curie="HGNC:1633")
        >>> done = Extraction(document=Document(text=ev.text), entities=[drug, gene],
        ...     relations=[Relation(subject=drug.id, predicate="TARGETS", object=gene.id,
        ...                         evidence=[ev])])
        >>> [(r["subject"], r["predicate"], r["object"]) for r in named_relations(done)]
        [('Kymriah', 'TARGETS', 'CD19')]
    """
    entities = {e.id: e for e in extraction.entities}
    rows = Rows()
    for rel in extraction.relations:
        subject, obj = entities[rel.subject], entities[rel.object]
        rows.append(
            {
                "subject_id": subject.id,
                "subject": subject.name,
                "subject_type": str(subject.type),
                "predicate": str(rel.predicate),
                "object_id": obj.id,
                "object": obj.name,
                "object_type": str(obj.type),
                "confidence": rel.confidence,
                "negated": rel.negated,
                "attributes": dict(rel.attributes),
                "evidence": [ev.text for ev in rel.evidence],
                "statement_id": rel.statement_id,
            }
        )
    return rows


def build(
    sources: str | Path | Iterable[str | Path],
    settings: Settings | None = None,
    *,
    follow_citations: bool = False,
    force: bool = False,
) -> RunReport:
    """Ingest `sources`, extract, and load into the configured store (`biokg run` without output).

    Args:
        sources: a URL, file, folder, glob, feed or `pmid:`/`doi:`/`pmc:` id, or several.
        settings: defaults to `load_settings()`; the store is `BIOKG_NEO4J_URI` if set, else the
            embedded store at `BIOKG_STORE_PATH`.
        follow_citations: also ingest the articles a story cites.
        force: extract every document again, even one the store holds from the same input and
            extractor (skipped by default, counted in `report.skipped`).

    Returns:
        A `RunReport` (documents new, updated, unchanged; entities, relations, `changes` to the
        graph with its `top(n)` links; failures); failures are in it, not raised.

    Raises:
        biokg.errors.StoreError: the store could not be opened or was lost mid-load.

    Example:
        >>> report = build(demo_sources())  # doctest: +SKIP
        >>> report.documents, report.failures  # doctest: +SKIP
        (4, [])
    """
    from biokg.pipeline import build as run_pipeline

    if isinstance(sources, str | Path):
        sources = [sources]
    return run_pipeline(
        [str(s) for s in sources],
        settings or load_settings(),
        follow_citations=follow_citations,
        force=force,
    )


def _read(settings: Settings | None, run: Any) -> Rows:
    from biokg.graph import open_store
    from biokg.queries.runner import limits_from

    settings = settings or load_settings()
    with open_store(settings, read_only=True) as store:
        return Rows(run(store, limits_from(settings)))


def query(name: str, /, *, settings: Settings | None = None, **params: Any) -> Rows:
    """Run the named query `name` (`biokg query list`) read-only on the configured store.

    Args:
        name: the query's name, e.g. "therapies_for_target".
        settings: defaults to `load_settings()`; `query_timeout` and `query_row_limit` apply.
        **params: the query's parameters as Python values (`target="CD22"`, `hops=2`,
            `types=["GENE", "DRUG"]`); `limit` is the query's own parameter where it has one.

    Returns:
        `Rows`: a list of dicts, one per row, with `.to_networkx()` (for link-shaped rows such
        as `neighbourhood`'s) and `.to_pandas()`.

    Raises:
        biokg.errors.QueryError: unknown query, unknown or missing parameter, or a bad value.

    Example:
        >>> rows = query("therapies_for_target", target="CD22")  # doctest: +SKIP
        >>> rows.to_pandas()[["therapy", "target"]]  # doctest: +SKIP
    """
    from biokg.queries.runner import run_query

    return _read(settings, lambda store, limits: run_query(store, name, params, **limits))


def cypher(text: str, /, *, settings: Settings | None = None, **params: Any) -> Rows:
    """Run read-only Cypher `text` with `params` on the configured store (writes are refused).

    Nodes come back as `{**properties, "labels": [...]}`, relationships as
    `{**properties, "type": T}`; `.to_networkx()` joins each relationship to the nodes it links
    in the same row.

    Raises:
        biokg.errors.ReadOnlyViolation: the query would write; the graph is unchanged.

    Example:
        >>> rows = cypher("MATCH (s)-[r:TARGETS]->(o {name: $n}) RETURN s, r, o",
        ...               n="CD22")  # doctest: +SKIP
        >>> rows.to_networkx().number_of_edges()  # doctest: +SKIP
        2
    """
    from biokg.queries.runner import run_cypher

    return _read(settings, lambda store, limits: run_cypher(store, text, params, **limits))
