"""`biokg run` on a Dask cluster (a real `distributed.LocalCluster` of worker processes): the graph
is the one a single process builds, node for node and edge for edge, also when a worker is
killed mid-run; a bad unit is a named failure."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from biokg.config import Settings
from biokg.pipeline import RunCounter, build, demo_sources

distributed = pytest.importorskip("distributed", reason="needs dask[distributed] (extra 'cluster')")

from biokg.cluster import build_on_cluster, work_units  # noqa: E402


@pytest.fixture(scope="module")
def folder(tmp_path_factory, short_stories) -> Path:
    root = tmp_path_factory.mktemp("cluster") / "articles"
    root.mkdir()
    for source in demo_sources():
        shutil.copy(source, root)
    for name, text in short_stories.items():
        (root / name).write_text(text)
    (root / "figure.bin").write_bytes(b"\x00\x01")
    return root


def _graph(settings: Settings) -> tuple[list, list]:
    """Every node and relationship with its properties, but when each article was read."""
    from biokg.graph import open_store

    with open_store(settings, read_only=True) as store:
        graph = store.export()
    nodes = sorted(
        (key, sorted((k, repr(v)) for k, v in data.items() if k not in ("ingested_at",)))
        for key, data in graph.nodes(data=True)
    )
    edges = sorted(
        (u, v, sorted((k, repr(w)) for k, w in data.items()))
        for u, v, data in graph.edges(data=True)
    )
    return nodes, edges


@pytest.fixture(scope="module")
def one_process(folder, tmp_path_factory) -> tuple[list, list]:
    settings = Settings(store_path=tmp_path_factory.mktemp("one") / "graph")
    report = build([str(folder)], settings)
    assert report.documents == 7
    return _graph(settings)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def test_work_units_cut_folders_and_pmid_lists(folder) -> None:
    settings = Settings(eutils_batch=2, nlp_batch_size=3)
    units = list(work_units([str(folder), "pmid:1,2,3", "https://example.org/a"], settings))
    files = [u for u in units if isinstance(u, tuple) and u[0].startswith(str(folder))]
    assert [len(u) for u in files] == [3, 3, 1]
    assert ("pmid:1,2",) in units and ("pmid:3",) in units and ("https://example.org/a",) in units
    (skipped,) = [u for u in units if not isinstance(u, tuple)]
    assert skipped.source.endswith("figure.bin") and "unsupported" in skipped.reason


def test_local_cluster_builds_the_single_process_graph(
    folder, one_process, cluster, tmp_path
) -> None:
    settings = Settings(store_path=tmp_path / "graph")
    report = build_on_cluster([str(folder)], settings, scheduler=cluster.scheduler_address)
    assert (report.documents, report.new) == (7, 7)
    assert [f.source for f in report.failures] == [str(folder / "figure.bin")]
    assert _graph(settings) == one_process


class _KillOneWorker(RunCounter):
    """Kills a worker process once the first unit's results are in, while others run."""

    def __init__(self, cluster) -> None:
        super().__init__()
        self.cluster = cluster
        self.killed: int | None = None

    def __setattr__(self, name, value) -> None:
        super().__setattr__(name, value)
        if name == "extracted" and value == 1 and getattr(self, "killed", 1) is None:
            nanny = next(iter(self.cluster.workers.values()))
            pid = nanny.process.process.pid
            os.kill(pid, signal.SIGKILL)
            self.killed = pid


def test_a_killed_worker_s_units_run_again_elsewhere(folder, one_process, tmp_path) -> None:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        counter = _KillOneWorker(local)
        settings = Settings(store_path=tmp_path / "graph")
        report = build_on_cluster(
            [str(folder)],
            Settings(store_path=tmp_path / "graph", nlp_batch_size=2),  # 4 units: some in flight
            scheduler=local.scheduler_address,
            progress=counter,
        )
    assert counter.killed is not None
    assert report.documents == 7, report.failures
    assert _graph(settings) == one_process


def test_a_unit_that_fails_is_named_and_the_rest_loads(folder, cluster, tmp_path) -> None:
    settings = Settings(store_path=tmp_path / "graph")
    missing = str(tmp_path / "missing.txt")
    report = build_on_cluster(
        [missing, str(folder / "imatinib.txt")], settings, scheduler=cluster.scheduler_address
    )
    assert report.documents == 1
    assert [f.source for f in report.failures] == [missing]


def test_cli_workers_runs_a_local_cluster_quietly(folder, tmp_path) -> None:
    import subprocess

    biokg = shutil.which("biokg")
    assert biokg, "the biokg entry point is not installed"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIOKG_")}
    env |= {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    done = subprocess.run(
        [biokg, "run", str(folder), "--workers", "2", "--no-links"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Loaded 7 documents (7 new, 0 updated, 0 unchanged, 0 failed)" in done.stdout
    assert "figure.bin: unsupported file type .bin" in done.stderr
    assert "INFO" not in done.stderr  # Dask's start-up chatter stays out of the run's output


def test_bulk_import_csvs_from_a_cluster_equal_one_process(folder, cluster, tmp_path) -> None:
    """`biokg bulk-import --scheduler`: the same import files as from one process (rows in
    any order; an article's read time left out)."""
    import csv

    from click.testing import CliRunner

    from biokg.cli import cli

    env = {"BIOKG_STORE_PATH": str(tmp_path / "g"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    runner = CliRunner()
    one = runner.invoke(cli, ["bulk-import", str(tmp_path / "one"), str(folder)], env=env)
    assert one.exit_code == 0, one.output
    many = runner.invoke(
        cli,
        [
            "bulk-import",
            str(tmp_path / "dask"),
            str(folder),
            "--scheduler",
            cluster.scheduler_address,
        ],
        env=env,
    )
    assert many.exit_code == 0, many.output
    assert "Wrote 7 articles" in many.output

    def rows(directory: Path) -> dict[str, list[list[str]]]:
        tables = {}
        for path in sorted(directory.glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as handle:
                table = list(csv.reader(handle))
            header, body = table[0], table[1:]
            keep = [i for i, name in enumerate(header) if not name.startswith("ingested_at")]
            tables[path.name] = [header] + sorted([[r[i] for i in keep] for r in body])
        return tables

    assert rows(tmp_path / "dask") == rows(tmp_path / "one")
