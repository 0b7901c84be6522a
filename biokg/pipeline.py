"""The main job: ingest → extract → load, streaming, one bad article never stopping the rest."""

from __future__ import annotations

import collections
import itertools
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from biokg.config import Settings
from biokg.model import Document, Extraction, Failure

if TYPE_CHECKING:
    from biokg.graph.run_changes import RunChanges

# Documents looked up in the store at once to decide whether their NLP can be skipped: small,
# so the first extractions reach the store without waiting for a long ingest.
SKIP_WINDOW = 64


@dataclass
class RunReport:
    """What a run did: counts, and every failure with its reason.

    `documents` were read; of them the store found `new` articles it did not have, `updated`
    ones whose extraction changed (replaced), and `unchanged` ones it left as they were.
    `skipped` of the unchanged were not even extracted: the store holds them from the same input
    read by the same extractor. `entities` and `relations` count what was extracted; `changes`
    is what the load did to the graph (entities and links added or changed, the top links).
    """

    documents: int = 0
    entities: int = 0
    relations: int = 0
    failures: list[Failure] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    changes: RunChanges = field(default_factory=lambda: _no_changes())


class RunCounter:
    """What a run has done so far, counted as documents flow through `build`; a progress display
    subclasses it and reads the counts from another thread (plain ints, no lock needed).

    `in_nlp` holds (id, characters) of the documents handed to the NLP stage and not back yet,
    oldest first: results come back in the order documents went in.
    """

    def __init__(self) -> None:
        self.read = self.extracted = self.skipped = self.failed = self.stored = 0
        self.in_nlp: collections.deque[tuple[str, int]] = collections.deque()
        self.last_done_at = time.monotonic()

    def reading(self, items: Iterable[Document | Failure]) -> Iterator[Document | Failure]:
        for item in items:
            if isinstance(item, Document):
                self.read += 1
            yield item

    def skip(self) -> None:
        self.skipped += 1
        self.last_done_at = time.monotonic()

    def to_nlp(self, documents: Iterable[Document]) -> Iterator[Document]:
        for doc in documents:
            self.in_nlp.append((doc.id, len(doc.text)))
            yield doc

    def extracting(self, items: Iterable[Extraction | Failure]) -> Iterator[Extraction | Failure]:
        for item in items:
            if self.in_nlp:
                self.in_nlp.popleft()
            if isinstance(item, Failure):
                self.failed += 1
            else:
                self.extracted += 1
            self.last_done_at = time.monotonic()
            yield item

    def store(self, articles: int) -> None:
        self.stored += articles

    @property
    def done(self) -> int:
        """Documents past the NLP stage: extracted, unchanged (skipped) or failed there."""
        return self.extracted + self.skipped + self.failed


def _no_changes() -> RunChanges:
    # Imported on use: `import biokg` must not pull in the graph stage (networkx, drivers).
    from biokg.graph.run_changes import RunChanges

    return RunChanges()


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


def _skip_unchanged(
    documents: Iterable[Document],
    store,
    extractor_version: str,
    report: RunReport,
    counter: RunCounter,
) -> Iterator[Document]:
    """The documents the store does not hold as read from this very input by this extractor."""
    iterator = iter(documents)
    while window := list(itertools.islice(iterator, SKIP_WINDOW)):
        keys = {doc.id: doc.input_hash(extractor_version) for doc in window}
        held = store.loaded_from(keys)
        for doc in window:
            if doc.id in held:
                report.skipped += 1
                counter.skip()
            else:
                yield doc


def build(
    sources: Iterable[str],
    settings: Settings,
    *,
    follow_citations: bool = False,
    force: bool = False,
    progress: RunCounter | None = None,
) -> RunReport:
    """Ingest `sources`, extract entities and relations, and load them into the configured store.

    Args:
        sources: URLs, files, folders, `pmid:`/`doi:`/`pmc:` ids or feed URLs.
        settings: where the store is and how to reach the sources.
        follow_citations: also ingest the articles a story cites.
        force: extract every document, even one the store holds from the same input and
            extractor (by default those are skipped and counted as unchanged).
        progress: counts the run as it goes (a `RunCounter`, or a display built on one).

    Returns:
        A `RunReport`; failures are in it, never raised.

    Example:
        >>> report = build(demo_sources(), load_settings())  # doctest: +SKIP
    """
    from biokg.graph import open_store
    from biokg.ingest import iter_documents
    from biokg.nlp import Extractor

    report = RunReport()
    counter = progress if progress is not None else RunCounter()
    documents: Iterable[Document] = _split_failures(
        counter.reading(iter_documents(sources, settings, follow_citations=follow_citations)),
        report,
    )
    extractor = Extractor.from_settings(settings)
    with open_store(settings) as store:
        store.init_schema()
        if not force:
            documents = _skip_unchanged(documents, store, extractor.fingerprint, report, counter)
        extractions: Iterable[Extraction] = _count(
            _split_failures(counter.extracting(extractor.pipe(counter.to_nlp(documents))), report),
            report,
        )
        stats = store.load(extractions, on_batch=counter.store)
        report.failures.extend(stats.failures)
    report.new = stats.articles_loaded - stats.articles_replaced
    report.updated = stats.articles_replaced
    report.unchanged = stats.articles_unchanged + report.skipped
    report.documents += report.skipped
    report.changes = stats.changes
    return report
