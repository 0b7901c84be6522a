"""Named, never silent: every input a run skips or fails is named by the path or URL the user
gave (never only a `url:<hash>` id), with its reason, and `biokg remove` takes that path or URL.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from biokg.ingest import iter_documents
from click.testing import CliRunner

from biokg.cli import cli
from biokg.config import Settings
from biokg.model import Document, Extraction, Failure

STORY = (
    "Title: {title}\n\n"
    "Imatinib (Gleevec), developed by Novartis, inhibits BCR-ABL in chronic myeloid leukemia.\n"
)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(STORY.format(title="Imatinib in CML"))
    (folder / "blob.bin").write_bytes(bytes(range(256)))
    (folder / "notes").write_text("no suffix")
    (folder / ".hidden.txt").write_text(STORY.format(title="Hidden"))
    os.symlink("..", folder / "sub" / "loop")
    os.symlink("self", folder / "self")  # a link to itself: ELOOP
    os.symlink("nowhere.txt", folder / "broken.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    return folder


def test_every_skipped_file_in_a_folder_is_named_with_its_reason(tmp_path):
    folder = _folder(tmp_path)
    items = list(iter_documents([str(folder)], Settings(cache_dir=tmp_path / "cache")))
    docs = [i for i in items if isinstance(i, Document)]
    named = {i.source: i.reason for i in items if isinstance(i, Failure)}
    assert [d.title for d in docs] == ["Imatinib in CML"]
    expected = {
        "blob.bin": "unsupported file type .bin",
        "notes": "unsupported file type (none)",
        ".hidden.txt": "hidden",
        "sub/loop": "symbolic link loop",
        "self": "symbolic link loop",
        "broken.txt": "broken symbolic link",
        "pipe.txt": "not a regular file",
    }
    for name, reason in expected.items():
        source = str(folder / name)
        assert source in named, f"{name} skipped without a word: {sorted(named)}"
        assert reason in named[source]
        assert named[source].startswith("skipped: ")
    assert len(named) == len(expected)


def test_a_folder_with_nothing_readable_names_the_folder_and_each_file(tmp_path):
    folder = tmp_path / "bins"
    folder.mkdir()
    (folder / "a.bin").write_bytes(b"\x00\x01")
    items = list(iter_documents([str(folder)], Settings(cache_dir=tmp_path / "cache")))
    named = {i.source: i.reason for i in items if isinstance(i, Failure)}
    assert "no supported files" in named[str(folder)]
    assert "unsupported file type .bin" in named[str(folder / "a.bin")]


def _invoke(env: dict, *args: str):
    return CliRunner().invoke(cli, list(args), env=env)


def test_failures_after_ingest_name_the_file_and_remove_takes_the_path(
    tmp_path, monkeypatch, static_tls
):
    """An NLP (or load) failure names the file the document came from, not `url:<hash>`."""
    from biokg.nlp import Extractor

    real_pipe = Extractor.pipe

    def failing_pipe(self, documents):
        kept = []
        for doc in documents:
            if "Doomed" in doc.title:
                yield Failure(source=doc.id, stage="nlp", reason="boom")
            else:
                kept.append(doc)
        yield from real_pipe(self, kept)

    monkeypatch.setattr(Extractor, "pipe", failing_pipe)
    folder = tmp_path / "in"
    folder.mkdir()
    good, doomed = folder / "good story.txt", folder / "doomed.txt"
    good.write_text(STORY.format(title="Imatinib in CML"))
    doomed.write_text(STORY.format(title="Doomed story"))
    web = folder / "web.txt"
    web.write_text(
        "Title: Dasatinib\nSource: https://news.example.org/dasatinib\n\n"
        "Dasatinib (Sprycel) inhibits BCR-ABL in chronic myeloid leukemia.\n"
    )
    env = {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    done = _invoke(env, "run", str(folder), "--no-links")
    assert "Loaded 2 documents" in done.output, done.output
    assert f"{doomed}" in done.output and "boom" in done.output
    assert "url:" not in done.output
    assert done.exit_code == 2

    removed = _invoke(env, "remove", str(good))
    assert removed.exit_code == 0, removed.output
    assert str(good) in removed.output
    by_url = _invoke(env, "remove", "https://news.example.org/dasatinib")
    assert by_url.exit_code == 0, by_url.output
    again = _invoke(env, "remove", str(good))
    assert again.exit_code == 1
    assert str(good) in again.output


@pytest.mark.parametrize("given", ["nope.txt", "https://news.example.org/never-loaded"])
def test_remove_names_what_it_could_not_find(tmp_path, given, static_tls):
    env = {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    done = _invoke(env, "init-db")
    assert done.exit_code == 0, done.output
    done = _invoke(env, "remove", given)
    assert done.exit_code == 1
    assert given in done.output
    assert "Traceback" not in done.output


def test_extraction_model_unchanged():
    # The fix lives in ingest and the CLI: the models keep their shape.
    assert "source" in Failure.model_fields and "document" in Extraction.model_fields
