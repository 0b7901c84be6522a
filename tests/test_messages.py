"""Messages, not tracebacks: what `biokg` says when the store is busy, unreachable, lost or
misconfigured, when `--out` cannot be written, and which exit code a run ends with."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from biokg.cli import cli

BIOKG = shutil.which("biokg")
STORY = (
    "Title: Imatinib in CML\n\n"
    "Imatinib (Gleevec), developed by Novartis, inhibits BCR-ABL in chronic myeloid leukemia.\n"
)


def run(*args: str, env: dict, cwd: Path | None = None) -> subprocess.CompletedProcess:
    assert BIOKG, "the biokg entry point is not installed (pip install -e .)"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BIOKG_")}
    full_env.update(env)
    return subprocess.run(
        [BIOKG, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300
    )


@pytest.fixture()
def env(tmp_path) -> dict:
    return {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}


@pytest.fixture()
def story(tmp_path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    return path


def _no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr


def test_second_writer_names_the_holder_at_once(tmp_path, env, story):
    graph = Path(env["BIOKG_STORE_PATH"])
    graph.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, kglite; g = kglite.open(sys.argv[1]); print('ready', flush=True); "
            "sys.stdin.read()",
            str(graph / "biokg.kgl"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        done = run("run", str(story), env=env)
        elapsed = time.monotonic() - started
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert done.returncode == 1
    _no_traceback(done)
    assert f"in use by process {holder.pid}" in done.stderr
    # Said before the NLP pipeline loads and the articles are read, not at the end.
    assert elapsed < 6, f"took {elapsed:.1f}s"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_neo4j_is_one_line_before_any_work(env, story):
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    done = run("run", str(story), env={**env, "BIOKG_NEO4J_URI": uri})
    elapsed = time.monotonic() - started
    assert done.returncode == 1
    _no_traceback(done)
    assert f"cannot reach Neo4j at {uri}" in done.stderr
    assert elapsed < 6, f"took {elapsed:.1f}s"


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "127.0.0.1:7687", "localhost"])
@pytest.mark.parametrize("command", [("run", "STORY"), ("init-db",), ("cypher", "RETURN 1 AS x")])
def test_a_bad_neo4j_uri_says_which_schemes_work(env, story, uri, command):
    args = [str(story) if a == "STORY" else a for a in command]
    done = run(*args, env={**env, "BIOKG_NEO4J_URI": uri})
    _no_traceback(done)
    assert done.returncode == 1, done.stderr
    assert f"BIOKG_NEO4J_URI {uri!r}" in done.stderr
    assert "bolt://" in done.stderr and "neo4j://" in done.stderr


def test_store_lost_during_run_says_how_far_and_that_rerun_completes(
    tmp_path, env, monkeypatch, static_tls
):
    from biokg.graph.base import GraphStore

    from biokg.errors import StoreError

    def lost(self, extractions, on_batch=None):
        for number, _extraction in enumerate(extractions, 1):
            if number == 2:
                raise StoreError("lost Neo4j at bolt://db:7687: connection reset by peer")

    monkeypatch.setattr(GraphStore, "load", lost)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(STORY.replace("Imatinib in CML", f"Story {name}"))
    result = CliRunner().invoke(cli, ["run", str(folder), "--no-links"], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 2
    assert "lost Neo4j at bolt://db:7687" in result.output
    assert "2 documents" in result.output  # how far it got
    assert "run the same command again" in result.output.lower()


@pytest.mark.parametrize("command", ["export", "view"])
@pytest.mark.parametrize("where", ["missing-dir/out.file", "story.txt/out.file"])
def test_an_unwritable_out_is_named(tmp_path, env, story, command, where):
    ready = run("init-db", env=env)
    assert ready.returncode == 0, ready.stderr
    out = tmp_path / where
    done = run(command, "--out", str(out), env=env)
    _no_traceback(done)
    assert done.returncode == 1
    assert f"cannot write {out}" in done.stderr


def test_kglite_wal_warning_is_not_shown(tmp_path, env, story):
    loaded = run("run", str(story), "--no-links", env=env)
    assert loaded.returncode == 0, loaded.stderr
    # A writer that commits and dies before its checkpoint leaves commits only in the WAL.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys, kglite; g = kglite.open(sys.argv[1]); "
            "g.cypher(\"CREATE (:Scratch {id: 'x'})\"); os._exit(0)",
            str(Path(env["BIOKG_STORE_PATH"]) / "biokg.kgl"),
        ],
        check=True,
    )
    done = run("cypher", "MATCH (a:Article) RETURN count(a) AS n", env=env)
    assert done.returncode == 0, done.stderr
    assert "UserWarning" not in done.stderr and "write-ahead" not in done.stderr


def test_exit_codes_all_loaded_nothing_loaded_some_failed(tmp_path, env, story):
    missing = str(tmp_path / "missing.txt")
    assert run("run", str(story), "--no-links", env=env).returncode == 0
    assert run("run", missing, "--no-links", env=env).returncode == 1
    assert run("run", str(story), missing, "--no-links", env=env).returncode == 2
