"""The main job on a Dask cluster: ingest and NLP on the workers, loading here.

Sources are cut into work units a worker can take alone (a batch of a folder's files, a batch of
PMIDs, a URL or feed, a search). Each worker loads the Extractor once (`ExtractorPlugin`) and
answers a unit with its Extractions and Failures; this process keeps a bounded number of units
in flight and streams what comes back into the store, so memory stays flat however many units
there are.
Dask re-runs the units of a worker that died on another one; a unit that keeps failing (or
raises) becomes a Failure naming it, and the rest goes on.

    report = build_on_cluster(["articles/"], settings, workers=4)             # a local cluster
    report = build_on_cluster(["pmid:1,2,3"], settings, scheduler="tcp://h:8786")

The workers need biokg installed and, for a `path` source, the same files at the same paths.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import time
from collections.abc import Iterable, Iterator

from biokg.config import Settings
from biokg.errors import ConfigError
from biokg.model import Document, Extraction, Failure
from biokg.pipeline import RunCounter, RunReport, _count, _split_failures

PLUGIN_NAME = "biokg-extractor"
# Units in flight per worker thread: enough that a worker never waits for the next one.
IN_FLIGHT_PER_THREAD = 2


def work_units(sources: Iterable[str], settings: Settings) -> Iterator[tuple[str, ...] | Failure]:
    """Sources cut into units one worker can take alone, each a tuple of sources: a folder or
    glob into batches of `nlp_batch_size` files (spaCy is several times faster per text on a
    batch than on one), a `pmid:` list into batches of `eutils_batch` ids; every other source
    is a unit of its own. A path that is skipped (unsupported type, a broken link) is a Failure
    saying so, as in `biokg run`.

    Example:
        >>> list(work_units(["pmid:1,2,3"], Settings(eutils_batch=2)))
        [('pmid:1,2',), ('pmid:3',)]
    """
    from biokg.errors import IngestError
    from biokg.ingest.local import LocalFileError, scan_path
    from biokg.ingest.runner import SKIPPED
    from biokg.ingest.spec import parse_source

    for source in sources:
        try:
            spec = parse_source(source)
        except IngestError:
            yield (source,)  # its worker reports the failure, with the usual message
            continue
        if spec.kind == "pmid":
            ids = iter(spec.values)
            while batch := list(itertools.islice(ids, max(1, settings.eutils_batch))):
                yield ("pmid:" + ",".join(batch),)
        elif spec.kind == "path":
            try:
                files, skipped = scan_path(spec.value)
            except LocalFileError:
                yield (source,)
                continue
            names = iter(str(path) for path in files)
            while batch := tuple(itertools.islice(names, max(1, settings.nlp_batch_size))):
                yield batch
            for path, reason in skipped:
                yield Failure(source=str(path), stage="ingest", reason=SKIPPED + reason)
        else:
            yield (source,)


def _worker_plugin_class():
    from distributed import WorkerPlugin

    class ExtractorPlugin(WorkerPlugin):
        """Loads the Extractor once per worker process (one NLP process: a worker is a core)."""

        name = PLUGIN_NAME

        def __init__(self, settings: Settings) -> None:
            self.settings = dataclasses.replace(settings, nlp_processes=1)
            self.extractor = None

        def setup(self, worker) -> None:
            from biokg.nlp import Extractor

            self.extractor = Extractor.from_settings(self.settings)
            self.extractor.nlp  # noqa: B018 - loaded now, not inside the worker's first unit

    return ExtractorPlugin


def extract_unit(
    unit: tuple[str, ...], follow_citations: bool = False
) -> list[Extraction | Failure]:
    """On a worker: the unit's documents read and extracted (Failures for what went wrong)."""
    from distributed import get_worker

    from biokg.ingest import iter_documents

    plugin = get_worker().plugins[PLUGIN_NAME]
    settings, extractor = plugin.settings, plugin.extractor
    out: list[Extraction | Failure] = []
    documents: list[Document] = []
    for item in iter_documents(list(unit), settings, follow_citations=follow_citations):
        (out if isinstance(item, Failure) else documents).append(item)
    out.extend(extractor.pipe(documents))
    return out


def _results(
    client, units: Iterable[tuple[str, ...] | Failure], follow_citations: bool, in_flight: int
) -> Iterator[Extraction | Failure]:
    """Every unit's results, as units finish, with at most `in_flight` submitted at a time."""
    from distributed import as_completed

    pending = iter(units)
    running = as_completed()
    unit_of: dict[str, tuple[str, ...]] = {}
    skipped: list[Failure] = []

    def submit_next() -> None:
        for unit in pending:
            if isinstance(unit, Failure):
                skipped.append(unit)
                continue
            # pure=False: the same unit in two runs is work to do again, not a cached result.
            future = client.submit(extract_unit, unit, follow_citations, pure=False)
            unit_of[future.key] = unit
            running.add(future)
            return

    for _ in range(in_flight):
        submit_next()
    for future in running:
        unit = unit_of.pop(future.key)
        try:
            yield from future.result()
        except Exception as exc:  # noqa: BLE001 - one unit (or a worker it killed) is not the batch
            reason = f"{type(exc).__name__}: {exc}"
            for source in unit:
                yield Failure(source=source, stage="nlp", reason=reason)
        finally:
            future.release()
        submit_next()
        yield from skipped
        skipped.clear()
    yield from skipped


def _quiet_dask() -> None:
    """Dask logs each scheduler, nanny and worker start at INFO, set up when `distributed` is
    first imported; below biokg's own level (`-v`) they are left out. A lost worker stays a
    warning."""
    import dask

    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        dask.config.set({"logging.distributed": "warning"})


@contextlib.contextmanager
def cluster_extractions(
    sources: Iterable[str],
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    follow_citations: bool = False,
) -> Iterator[Iterator[Extraction | Failure]]:
    """The Extractions and Failures of `sources`, read and extracted on Dask workers (the
    cluster at `scheduler`, else a `LocalCluster` of `workers` processes), as they finish; for
    any consumer (`build_on_cluster` loads them, `biokg bulk-import --workers` writes CSVs)."""
    try:
        _quiet_dask()
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(
            "running on a Dask cluster (--workers, --scheduler) needs Dask: "
            "pip install 'biokg[cluster]'"
        ) from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=workers or 1, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    try:
        client.register_plugin(_worker_plugin_class()(settings))
        threads = sum(client.nthreads().values()) or 1
        yield _results(
            client, work_units(sources, settings), follow_citations, IN_FLIGHT_PER_THREAD * threads
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def build_on_cluster(
    sources: Iterable[str],
    settings: Settings,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    follow_citations: bool = False,
    progress: RunCounter | None = None,
) -> RunReport:
    """`pipeline.build` with ingest and NLP on Dask workers: the cluster at `scheduler`, else a
    `LocalCluster` of `workers` processes (one thread each). Unchanged documents are extracted
    again (the workers have no store to ask), but the store rewrites nothing that did not change.
    """
    from biokg.graph import open_store

    counter = progress if progress is not None else RunCounter()
    report = RunReport()
    with cluster_extractions(
        sources,
        settings,
        scheduler=scheduler,
        workers=workers,
        follow_citations=follow_citations,
    ) as results:
        extractions = _split_failures(_counted(results, counter), report)
        with open_store(settings) as store:
            store.init_schema()
            stats = store.load(_count(extractions, report), on_batch=counter.store)
            report.failures.extend(stats.failures)
    report.new = stats.articles_loaded - stats.articles_replaced
    report.updated = stats.articles_replaced
    report.unchanged = stats.articles_unchanged
    report.changes = stats.changes
    return report


def _counted(items: Iterable[Extraction | Failure], counter: RunCounter):
    """Count what the workers did (they read and extract; a failed source is not a document)."""
    for item in items:
        if isinstance(item, Extraction):
            counter.read += 1
            counter.extracted += 1
        elif item.stage == "nlp":
            counter.read += 1
            counter.failed += 1
        counter.last_done_at = time.monotonic()
        yield item
