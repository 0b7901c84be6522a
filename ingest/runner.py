"""Turn source strings into `Document`s: dispatch by kind, follow citations, deduplicate, and
turn every bad input into a `Failure` so a batch always runs to its end."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from biokg.ingest.credentials import redact
from biokg.ingest.eutils import EUtils, EutilsError
from biokg.ingest.feeds import FEED_TYPES, FeedState, looks_like_feed, parse_feed
from biokg.ingest.fulltext import FullTextError, PmcClient, merge_metadata
from biokg.ingest.html import ContentError, decode_text, looks_binary, parse_html
from biokg.ingest.http_client import FetchError, HttpClient
from biokg.ingest.local import LocalFileError, read_file, read_pdf, read_xml, scan_path
from biokg.ingest.spec import SourceSpec, parse_source
from biokg.ingest.xmlutil import XmlError

from biokg.config import Settings
from biokg.errors import IngestError
from biokg.model import Document, Failure, SourceKind

log = logging.getLogger(__name__)

Outcome = Document | Failure
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_XML_TYPES = {"application/xml", "text/xml"}
# Errors that mean "this input is bad", as opposed to a bug in biokg.
_INPUT_ERRORS = (
    IngestError,
    ContentError,
    XmlError,
    EutilsError,
    FullTextError,
    LocalFileError,
    ValueError,
)
# A story citing hundreds of papers is a reference list, not a news story: resolve the first few.
MAX_CITATIONS = 25
# What a skipped input's reason starts with: named like a failure, but it does not fail the run.
SKIPPED = "skipped: "
# Document id -> the file path or URL the user gave (or the feed entry's link) it came from, so
# later stages' failures, which know only the id, can name the input (see `origin_of`).
_ORIGINS: dict[str, str] = {}
_MAX_ORIGINS = 1_000_000


def origin_of(document_id: str) -> str | None:
    """The path or URL the document `document_id` was read from in this process, if known.

    Example:
        >>> origin_of("url:b3a6cf0a62e63cf1")  # doctest: +SKIP
        '/data/stories/doomed.txt'
    """
    return _ORIGINS.get(document_id)


def _record_origin(document_id: str, where: str) -> None:
    if len(_ORIGINS) > _MAX_ORIGINS:
        _ORIGINS.clear()
    _ORIGINS[document_id] = where


def _fail(source: str, reason: str) -> Failure:
    # Reasons quote request URLs and server answers; neither may show the NCBI API key.
    return Failure(source=redact(source), stage="ingest", reason=redact(reason))


def _unexpected(source: str, exc: Exception) -> Failure:
    """A failure biokg did not foresee (a bug to fix): named like any other, and its traceback
    logged at debug level (`biokg -vv`) rather than shown to every user."""
    log.warning("unexpected %s while ingesting %s: %s", type(exc).__name__, source, exc)
    log.debug("traceback for %s", source, exc_info=exc)
    return _fail(source, f"unexpected {type(exc).__name__}: {exc}")


def _skips(exc: BaseException) -> list[Failure]:
    """What a folder or glob that yielded nothing skipped, each named."""
    skipped = getattr(exc, "skipped", [])
    return [_fail(str(path), SKIPPED + reason) for path, reason in skipped]


def _reason(exc: BaseException) -> str:
    return getattr(exc, "reason", None) or str(exc) or type(exc).__name__


class Ingestor:
    """Reads sources with one shared HTTP client (one cache, one set of rate limits).

    Example:
        >>> ingestor = Ingestor(Settings())  # doctest: +SKIP
        >>> ingestor.read("pmid:29155426")  # doctest: +SKIP
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client = HttpClient(settings)
        self.eutils = EUtils(self.client, settings)
        self.pmc = PmcClient(self.client, settings)
        self.feed_state = FeedState(Path(settings.cache_dir) / "feeds.json")
        # id(document) -> the file or feed-entry link it came from, until `read_named` returns
        self._where: dict[int, str] = {}

    def close(self) -> None:
        self.client.close()

    def read(self, source: str, follow_citations: bool = False) -> list[Outcome]:
        """Everything one source yields; never raises for bad input."""
        return [item for item, _where in self.read_named(source, follow_citations)]

    def read_named(self, source: str, follow_citations: bool = False) -> list[tuple[Outcome, str]]:
        """`read`, each outcome with the path or URL it came from (the file in a folder, the
        entry's link in a feed, else `source`), so later messages can name it."""
        outcomes = self._read(source, follow_citations)
        return [(item, self._where.pop(id(item), source)) for item in outcomes]

    def _remember(self, documents: list[Outcome], where: str) -> None:
        for item in documents:
            if isinstance(item, Document):
                self._where[id(item)] = where

    def _read(self, source: str, follow_citations: bool) -> list[Outcome]:
        self.client.start_tracking()
        try:
            spec = parse_source(source)
            outcomes = self._dispatch(spec)
        except _INPUT_ERRORS as exc:
            return [_fail(source, _reason(exc)), *_skips(exc)]
        except Exception as exc:  # noqa: BLE001 - one broken source must not abort the batch
            return [_unexpected(source, exc)]
        if follow_citations:
            outcomes = self._follow(outcomes)
        latest = self.client.latest_fetch()
        if latest is not None:
            # When the content was fetched (from the cache: when it was first fetched), so a
            # re-run from the cache reproduces the same Documents.
            retrieved = datetime.fromtimestamp(latest, tz=UTC)
            for item in outcomes:
                if isinstance(item, Document) and item.retrieved_at is None:
                    item.retrieved_at = retrieved
        return outcomes

    def _dispatch(self, spec: SourceSpec) -> list[Outcome]:
        readers: dict[str, Callable[[SourceSpec], list[Outcome]]] = {
            "url": self._read_url,
            "path": self._read_path,
            "pmid": self._read_pmids,
            "doi": self._read_doi,
            "pmc": self._read_pmc,
            "pubmed": self._read_pubmed,
            "europepmc": self._read_europepmc,
        }
        return readers[spec.kind](spec)

    # -- PubMed / PMC / Europe PMC ------------------------------------------------------------
    def _read_pmids(self, spec: SourceSpec) -> list[Outcome]:
        return [
            item if isinstance(item, Document) else _fail(f"pmid:{item[0]}", item[1])
            for item in self.eutils.fetch_pmids(spec.values)
        ]

    def _read_doi(self, spec: SourceSpec) -> list[Outcome]:
        doi = spec.value
        pmid = self.eutils.doi_to_pmid(doi)
        if pmid:
            return [
                item if isinstance(item, Document) else _fail(spec.raw, item[1])
                for item in self.eutils.fetch_pmids([pmid])
            ]
        found = [d for d in self.pmc.europepmc_search(f'DOI:"{doi}"', 1) if isinstance(d, Document)]
        if found:
            return found[:1]
        return [_fail(spec.raw, f"DOI {doi} not found in PubMed or Europe PMC")]

    def _read_pmc(self, spec: SourceSpec) -> list[Outcome]:
        doc = self.pmc.full_text(spec.value)
        return [self._with_pubmed_metadata(doc)]

    def _with_pubmed_metadata(self, doc: Document) -> Document:
        """Full text gains MeSH terms and affiliations from its PubMed record, when it has one."""
        if not doc.pmid:
            return doc
        for item in self.eutils.fetch_pmids([doc.pmid]):
            if isinstance(item, Document):
                return merge_metadata(doc, item)
        return doc

    def _read_pubmed(self, spec: SourceSpec) -> list[Outcome]:
        return self._collect(spec, self.eutils.search(spec.value, self.settings.search_max_results))

    def _read_europepmc(self, spec: SourceSpec) -> list[Outcome]:
        results = self.pmc.europepmc_search(spec.value, self.settings.search_max_results)
        return self._collect(spec, results)

    def _collect(self, spec: SourceSpec, items: Iterator) -> list[Outcome]:
        outcomes: list[Outcome] = []
        try:
            for item in items:
                if isinstance(item, Document):
                    outcomes.append(item)
                else:
                    label = item[0] if item[0] != spec.value else None
                    where = f"{spec.raw} [{label}]" if label else spec.raw
                    outcomes.append(_fail(where, item[1]))
        except _INPUT_ERRORS as exc:
            # Pages already read stay; the failure says where the search stopped.
            reason = _reason(exc)
            if outcomes:
                reason = f"stopped after {len(outcomes)} records: {reason}"
            outcomes.append(_fail(spec.raw, reason))
        return outcomes

    # -- web pages and feeds --------------------------------------------------------------
    def _read_url(self, spec: SourceSpec) -> list[Outcome]:
        url = spec.value
        fetched = self.client.get(url, check_robots=True)
        mime, data = fetched.mime, fetched.content
        if not data.strip():
            raise ContentError("empty response")
        if looks_binary(data) and not data.startswith(b"%PDF-"):
            raise ContentError(f"binary content ({mime or 'no content type'}), not a web page")
        if mime in FEED_TYPES or (
            mime in _XML_TYPES | _HTML_TYPES | {""} and looks_like_feed(data)
        ):
            if fetched.from_cache and fetched.age >= self.settings.feed_ttl:
                fetched = self.client.get(url, max_age=self.settings.feed_ttl)
            return self._read_feed(url, fetched.content)
        if mime == "application/pdf" or data.startswith(b"%PDF-"):
            return [read_pdf(data, fetched.url, SourceKind.FULL_TEXT)]
        if mime in _XML_TYPES:
            items = read_xml(data, SourceKind.ABSTRACT, SourceKind.FULL_TEXT)
            return [i if isinstance(i, Document) else _fail(f"{url} [{i[0]}]", i[1]) for i in items]
        if mime in _HTML_TYPES or (not mime and data.lstrip()[:1] == b"<"):
            html = decode_text(data, fetched.charset)
            return [parse_html(html, url=fetched.url, source_kind=SourceKind.NEWS)]
        raise ContentError(f"not an HTML page or feed (content type {mime or 'missing'})")

    def _read_feed(self, feed_url: str, data: bytes) -> list[Outcome]:
        entries = parse_feed(data)
        seen = self.feed_state.seen(feed_url)
        outcomes: list[Outcome] = []
        for entry in entries:
            if entry.key in seen:
                continue
            if not entry.link:
                outcomes.append(_fail(f"{feed_url} [{entry.key}]", "feed entry has no link"))
                continue
            try:
                docs = self._read_url(SourceSpec(entry.link, "url", (entry.link,)))
            except _INPUT_ERRORS as exc:
                outcomes.append(_fail(entry.link, _reason(exc)))
                continue
            self._remember(docs, entry.link)
            outcomes.extend(docs)
            self.feed_state.mark(feed_url, entry.key)
        return outcomes

    # -- local files ----------------------------------------------------------------------
    def _read_path(self, spec: SourceSpec) -> list[Outcome]:
        files, skipped = scan_path(spec.value)
        outcomes: list[Outcome] = []
        for path in files:
            try:
                items = read_file(path)
            except _INPUT_ERRORS as exc:
                outcomes.append(_fail(str(path), _reason(exc)))
                continue
            except Exception as exc:  # noqa: BLE001 - one broken file must not stop the folder
                outcomes.append(_unexpected(str(path), exc))
                continue
            if not items:
                outcomes.append(_fail(str(path), "no articles in it"))
            self._remember(items, str(path))
            for item in items:
                if isinstance(item, Document):
                    outcomes.append(item)
                else:
                    outcomes.append(_fail(f"{path} [{item[0]}]", item[1]))
        return outcomes + [_fail(str(path), SKIPPED + reason) for path, reason in skipped]

    # -- citations ------------------------------------------------------------------------
    def _follow(self, outcomes: list[Outcome]) -> list[Outcome]:
        result: list[Outcome] = []
        for item in outcomes:
            if isinstance(item, Document) and item.cited_ids:
                cited, problems = self.resolve_citations(item)
                item.cites = [d.id for d in cited if d.id != item.id]
                result.extend([item, *cited, *problems])
            else:
                result.append(item)
        return result

    def resolve_citations(self, story: Document) -> tuple[list[Document], list[Failure]]:
        """The articles `story` cites (PubMed record, PMC full text where open), and failures."""
        own = {story.doi, story.pmid, story.pmcid}
        wanted: dict[str, list[str]] = {"pmid": [], "doi": [], "pmcid": [], "nct": []}
        for cited in story.cited_ids:
            values = wanted[cited.kind]
            if cited.value not in own and cited.value not in values:
                values.append(cited.value)
        budget = MAX_CITATIONS
        pmids: list[str] = []
        problems: list[Failure] = []

        def add(pmid: str | None) -> None:
            if pmid and pmid not in pmids:
                pmids.append(pmid)

        for pmid in wanted["pmid"][:budget]:
            add(pmid)
        for doi in wanted["doi"][:budget]:
            try:
                pmid = self.eutils.doi_to_pmid(doi)
            except _INPUT_ERRORS as exc:
                problems.append(_fail(f"doi:{doi}", f"cited by {story.id}: {_reason(exc)}"))
                continue
            if pmid:
                add(pmid)
            else:
                problems.append(_fail(f"doi:{doi}", f"cited by {story.id}: not found in PubMed"))
        for pmcid in wanted["pmcid"][:budget]:
            add(self.eutils.convert_id(pmcid).get("pmid"))
        for nct in wanted["nct"][:budget]:
            # Papers that report a trial carry its NCT number in PubMed's [si] field.
            try:
                for pmid in self.eutils.search_ids(f"{nct}[si]", retmax=5):
                    add(pmid)
            except _INPUT_ERRORS as exc:
                log.info("no PubMed records for %s: %s", nct, exc)
        docs: list[Document] = []
        for item in self.eutils.fetch_pmids(pmids[:budget]):
            if isinstance(item, Document):
                docs.append(self._open_full_text(item))
            else:
                problems.append(_fail(f"pmid:{item[0]}", f"cited by {story.id}: {item[1]}"))
        return docs, problems

    def _open_full_text(self, record: Document) -> Document:
        if not record.pmcid:
            return record
        try:
            return merge_metadata(self.pmc.full_text(record.pmcid), record)
        except (FetchError, FullTextError) as exc:
            log.info("%s: no open full text (%s), keeping the abstract", record.pmcid, exc)
            return record


class _Dedup:
    """Remembers every identifier of the documents already yielded in this run."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    @staticmethod
    def keys(doc: Document) -> set[str]:
        keys = {doc.id, "sha256:" + doc.content_hash}
        if doc.pmid:
            keys.add(f"pmid:{doc.pmid}")
        if doc.pmcid:
            keys.add(f"pmc:{doc.pmcid.upper()}")
        if doc.doi:
            keys.add(f"doi:{doc.doi}")
        if doc.url and not doc.url.startswith("file:"):
            keys.add("url:" + doc.url.rstrip("/"))
        return keys

    def first_time(self, doc: Document, where: str = "") -> str | None:
        """None the first time `doc` is seen (and remember it as read from `where`); after
        that, where its first copy came from."""
        keys = self.keys(doc)
        for key in keys:
            if key in self._seen:
                return self._seen[key]
        self._seen.update(dict.fromkeys(keys, where))
        return None


def iter_documents(
    sources: Iterable[str], settings: Settings, follow_citations: bool = False
) -> Iterator[Document | Failure]:
    """Documents from every source, in source order, fetched concurrently; bad sources become
    `Failure`s and the batch goes on. The same article reached twice is yielded once.

    Sources run on `settings.ingest_workers` threads, at most one at a time per host (or per
    service: all E-utilities calls share NCBI's limit), so ten URLs of one site never hold every
    thread while other hosts wait.

    Args:
        sources: URLs, paths/globs, `pmid:`, `doi:`, `pmc:`, `pubmed:"…"`, `europepmc:"…"`.
        settings: base URLs, cache dir, rate limits, retries.
        follow_citations: also ingest the articles each document cites and set `Document.cites`.

    Example:
        >>> for item in iter_documents(["pmid:29155426"], Settings()):  # doctest: +SKIP
        ...     print(item.id)
        pmid:29155426
    """
    if isinstance(sources, str):  # one source given bare, not a list of its characters
        sources = [sources]
    ingestor = Ingestor(settings)
    dedup = _Dedup()
    workers = max(1, settings.ingest_workers)
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="biokg-ingest") as pool:
            for outcomes in _schedule(pool, workers, sources, settings, ingestor, follow_citations):
                cited = {
                    c for item, _ in outcomes if isinstance(item, Document) for c in item.cites
                }
                for item, where in outcomes:
                    if isinstance(item, Failure):
                        yield item
                    elif (first := dedup.first_time(item, where)) is None:
                        _record_origin(item.id, where)
                        yield item
                    elif item.id in cited:  # an article cited again: its citer is what was asked
                        log.info("%s: cites %s, already read from %s", where, item.id, first)
                    else:  # the article is in, from its first copy: say which, nothing unsaid
                        yield _fail(where, f"{SKIPPED}the same article as {first} ({item.id})")
    finally:
        ingestor.close()


def _host_key(source: str, settings: Settings) -> str | None:
    """Which host (or service) a source will talk to; None for local files."""
    try:
        spec = parse_source(source)
    except IngestError:
        return None
    if spec.kind == "url":
        return urlsplit(spec.value).netloc.lower()
    if spec.kind == "europepmc":
        return urlsplit(settings.europepmc_base).netloc.lower()
    if spec.kind == "path":
        return None
    return "ncbi"


def _schedule(
    pool: ThreadPoolExecutor,
    workers: int,
    sources: Iterable[str],
    settings: Settings,
    ingestor: Ingestor,
    follow_citations: bool,
) -> Iterator[list[tuple[Outcome, str]]]:
    """Run sources with one in flight per host, looking ahead for other hosts; results in order."""
    window = workers * 8
    it = iter(sources)
    exhausted = False
    waiting: list[tuple[int, str, str | None]] = []
    running: dict[Future[list[tuple[Outcome, str]]], tuple[int, str | None]] = {}
    busy: dict[str, int] = {}
    done: dict[int, list[tuple[Outcome, str]]] = {}
    read_index = next_index = 0
    while True:
        while not exhausted and len(waiting) + len(running) + len(done) < window:
            try:
                source = next(it)
            except StopIteration:
                exhausted = True
                break
            waiting.append((read_index, source, _host_key(source, settings)))
            read_index += 1
        for entry in list(waiting):
            if len(running) >= workers:
                break
            index, source, key = entry
            if key is not None and busy.get(key):
                continue
            waiting.remove(entry)
            if key is not None:
                busy[key] = 1
            running[pool.submit(ingestor.read_named, source, follow_citations)] = (index, key)
        if next_index in done:
            yield done.pop(next_index)
            next_index += 1
            continue
        if not running:
            if exhausted and not waiting:
                return
            continue  # pragma: no cover - waiting work always has a free host once idle
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in finished:
            index, key = running.pop(future)
            if key is not None:
                busy[key] = 0
            done[index] = future.result()


def read_source(source: str, settings: Settings) -> list[Document]:
    """The documents of one source. Raises `IngestError` naming the source when it failed and
    yielded nothing; partial failures (one bad file in a folder) are logged and the good
    documents returned. A feed with no new entries gives `[]`."""
    ingestor = Ingestor(settings)
    try:
        outcomes = ingestor.read(source)
    finally:
        ingestor.close()
    dedup = _Dedup()
    docs = [o for o in outcomes if isinstance(o, Document) and dedup.first_time(o) is None]
    failures = [o for o in outcomes if isinstance(o, Failure)]
    if not docs and failures:
        reasons = "; ".join(
            f.reason if f.source == source else f"{f.source}: {f.reason}" for f in failures
        )
        raise IngestError(source, reasons)
    for failure in failures:
        log.warning("%s: %s", failure.source, failure.reason)
    return docs


# Files that hold one article each; an .xml, .json or feed may hold many.
_ONE_ARTICLE_FILES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf"}


def expected_documents(sources: Iterable[str]) -> int | None:
    """How many documents `sources` will give, when that is known before reading them: ids,
    DOIs, single-article files and folders of them (without following citations); None when
    any source can hold an unknown number (a search, a feed or web page, an XML/JSON file).

    Example:
        >>> expected_documents(["pmid:1,2,3", "doi:10.1/x"]), expected_documents(['pubmed:"x"'])
        (4, None)
    """
    total = 0
    for source in sources:
        try:
            spec = parse_source(source)
        except IngestError:
            continue  # a failure, reported by the run itself
        if spec.kind in ("pmid", "doi", "pmc"):
            total += len(spec.values)
        elif spec.kind == "path":
            try:
                files, _skipped = scan_path(spec.value)
            except LocalFileError:
                continue
            if any(p.suffix.lower() not in _ONE_ARTICLE_FILES for p in files):
                return None
            total += len(files)
        else:
            return None
    return total
