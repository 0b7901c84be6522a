"""The main job: ingest → extract → load, streaming, one bad article never stopping the rest."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources

from biokg.config import Settings
from biokg.model import Document, Extraction, Failure


@dataclass
class RunReport:
    """What a run did: counts, and every failure with its reason.

    `documents` were extracted; of them the store found `new` articles it did not have,
    `updated` ones whose extraction changed (replaced), and `unchanged` ones it left as they were.
    """

    documents: int = 0
    entities: int = 0
    relations: int = 0
    failures: list[Failure] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0


def demo_sources() -> list[str]:
    """Paths of the bundled demo articles (short summaries of published CAR-T trials)."""
    return sorted(
        str(p) for p in (resources.files("biokg") / "demo").iterdir() if p.name.endswith(".txt")
    )


def _split_failures(
    items: Iterable[Document | Extraction | Failure], report: RunReport
) -> Iterator[Document | Extraction]:
    for item in items:
        if isinstance(item, Failure):
            report.failures.append(item)
        else:
            yield item


def _count(extractions: Iterable[Extraction], report: RunReport) -> Iterator[Extraction]:
    for extraction in extractions:
        report.documents += 1
        report.entities += len(extraction.entities)
        report.relations += len(extraction.relations)
        yield extraction


def build(
    sources: Iterable[str],
    settings: Settings,
    *,
    follow_citations: bool = False,
    progress: Callable[[Iterable[Extraction]], Iterable[Extraction]] | None = None,
) -> RunReport:
    """Ingest `sources`, extract entities and relations, and load them into the configured store.

    Args:
        sources: URLs, files, folders, `pmid:`/`doi:`/`pmc:` ids or feed URLs.
        settings: where the store is and how to reach the sources.
        follow_citations: also ingest the articles a story cites.
        progress: optional wrapper around the extraction stream (a progress bar).

    Returns:
        A `RunReport`; failures are in it, never raised.

    Example:
        >>> report = build(demo_sources(), load_settings())  # doctest: +SKIP
    """
    from biokg.graph import open_store
    from biokg.ingest import iter_documents
    from biokg.nlp import Extractor

    report = RunReport()
    documents = _split_failures(
        iter_documents(sources, settings, follow_citations=follow_citations), report
    )
    extractor = Extractor.from_settings(settings)
    extractions: Iterable[Extraction] = _count(
        _split_failures(extractor.pipe(documents), report), report
    )
    if progress is not None:
        extractions = progress(extractions)
    with open_store(settings) as store:
        store.init_schema()
        stats = store.load(extractions)
        report.failures.extend(stats.failures)
    report.new = stats.articles_loaded - stats.articles_replaced
    report.updated = stats.articles_replaced
    report.unchanged = stats.articles_unchanged
    return report
