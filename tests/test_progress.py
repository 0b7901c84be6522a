"""`biokg run`'s progress line: totals, percent, rate and ETA, a heartbeat naming a document that
holds the NLP up, a plain line where stderr is no terminal, nothing with --quiet."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time

from biokg.ingest.runner import expected_documents

from biokg.cli.progress import RunProgress
from biokg.model import Document, Failure


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    biokg = shutil.which("biokg")
    assert biokg, "the biokg entry point is not installed (pip install -e .)"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BIOKG_")} | env
    return subprocess.run(
        [biokg, *args], capture_output=True, text=True, env=full_env, timeout=300, check=False
    )


def test_plain_lines_count_every_stage_with_total_and_eta() -> None:
    out = io.StringIO()
    docs = [Document(text=f"text {i}", pmid=str(i)) for i in range(6)]
    with RunProgress(8, stream=out, tty=False, interval=0.05) as progress:
        read = list(progress.reading([*docs, Failure(source="x", stage="ingest", reason="bad")]))
        assert progress.read == 6 and len(read) == 7
        progress.skip()
        for _ in progress.extracting(
            [Failure(source=d.id, stage="nlp", reason="r") for d in progress.to_nlp(docs[:1])]
        ):
            pass
        progress.store(3)
        time.sleep(0.2)
    lines = out.getvalue().splitlines()
    assert len(lines) >= 2, lines  # periodic lines, then the last one
    assert all(line.startswith("biokg run: ") for line in lines)
    last = lines[-1]
    assert last.startswith("biokg run: 2/8 documents (25%), ")
    assert "ETA " in last and "read 6, unchanged 1, failed 1, stored 3" in last


def test_heartbeat_names_the_document_that_holds_the_nlp() -> None:
    progress = RunProgress(None, stream=io.StringIO(), tty=False, heartbeat=0.1)
    big = Document(text="x" * 5_200_000, pmid="42")
    feed = progress.to_nlp([big])
    next(feed)
    now = time.monotonic() + 75
    assert progress.line(now).endswith("; extracting pmid:42 (5.2 M characters) for 1:15")
    assert progress.line(now).startswith("0 documents, 0.0/s; read 0")
    list(progress.extracting([Failure(source="pmid:42", stage="nlp", reason="r")]))
    assert "extracting" not in progress.line(time.monotonic() + 75)


def test_expected_documents(tmp_path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    for name in ("a.txt", "b.md", "c.html"):
        (folder / name).write_text("Some text.")
    assert expected_documents([str(folder), "pmid:1,2"]) == 5
    (folder / "d.xml").write_text("<PubmedArticleSet/>")  # may hold many articles
    assert expected_documents([str(folder)]) is None
    assert expected_documents(["https://example.org/news"]) is None


def test_run_prints_progress_on_stderr_unless_quiet(tmp_path) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"Title: Story {i}\n\nImatinib treats leukemia {i}.\n")
    env = {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    done = run("run", str(folder), "--no-links", env=env)
    assert done.returncode == 0, done.stderr
    assert "biokg run: 3/3 documents (100%)" in done.stderr
    assert "read 3" in done.stderr and "stored 3" in done.stderr
    quiet = run("run", str(folder), "--no-links", "--quiet", env=env)
    assert quiet.returncode == 0, quiet.stderr
    assert "biokg run:" not in quiet.stderr
    assert "3 unchanged" in quiet.stdout
