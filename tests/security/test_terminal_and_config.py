"""What reaches the terminal: the config file a command picked up is named (it can send the API
key elsewhere), and control characters from articles and file names are printed escaped, never
as the ESC/OSC sequences that would retitle, clear or rewrite the user's terminal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BIOKG = shutil.which("biokg")
ESC_TITLE = "Imatinib \x1b]0;pwned\x07in CML\x1b[2J \u202eLMC\u202c"
STORY = (
    "Title: {title}\n\n"
    "Imatinib (Gleevec), developed by Novartis, inhibits BCR-ABL in chronic myeloid leukemia.\n"
)
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def run(*args: str, env: dict | None = None, cwd: Path | None = None):
    assert BIOKG, "the biokg entry point is not installed (pip install -e .)"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BIOKG_")}
    full_env.pop("NCBI_API_KEY", None)
    full_env.update(env or {})
    return subprocess.run(
        [BIOKG, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300
    )


def _clean(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw {char!r} reached the terminal: {text!r}"


def test_a_config_file_in_the_working_directory_is_named_once(tmp_path):
    (tmp_path / "biokg.toml").write_text(
        '[biokg]\neutils_base = "https://eutils.example.net/e"\nncbi_api_key = "secret-123"\n'
    )
    done = run("query", "list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("biokg.toml") == 1, done.stderr
    assert str(tmp_path / "biokg.toml") in done.stderr
    assert "eutils_base" in done.stderr and "ncbi_api_key" in done.stderr
    assert "secret-123" not in done.stderr + done.stdout
    assert "biokg.toml" not in done.stdout  # stdout stays the command's output


def test_an_explicit_config_file_is_named(tmp_path):
    config = tmp_path / "other.toml"
    config.write_text("[biokg]\nquery_row_limit = 5\n")
    done = run("--config", str(config), "query", "list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(config) in done.stderr and "query_row_limit" in done.stderr


def test_no_config_file_no_word(tmp_path):
    done = run("query", "list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "config" not in done.stderr.lower()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    root = tmp_path_factory.mktemp("escape")
    folder = root / "in"
    folder.mkdir()
    (folder / "evil.txt").write_text(STORY.format(title=ESC_TITLE))
    (folder / "x\x1b[31mred.bin").write_bytes(b"\x00\x01")
    (folder / "bad\x1b]0;t\x07.json").write_text("{not json \x1b[2J")
    env = {"BIOKG_STORE_PATH": str(root / "graph"), "BIOKG_CACHE_DIR": str(root / "c")}
    done = run("run", str(folder), env=env)
    return env, folder, done


def test_run_prints_failures_skips_and_links_escaped(loaded):
    _env, _folder, done = loaded
    assert done.returncode == 2, done.stderr
    _clean(done.stdout)
    _clean(done.stderr)
    assert "x\\x1b[31mred.bin" in done.stderr  # named, escaped
    assert "bad\\x1b]0;t\\x07.json" in done.stderr


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_query_tables_print_titles_escaped(loaded, fmt):
    env, _folder, _done = loaded
    done = run("cypher", "MATCH (a:Article) RETURN a.title AS title", "--format", fmt, env=env)
    assert done.returncode == 0, done.stderr
    _clean(done.stdout)
    assert "\\x1b]0;pwned\\x07" in done.stdout and "\\u202e" in done.stdout


def test_json_output_stays_json(loaded):
    env, _folder, _done = loaded
    done = run("cypher", "MATCH (a:Article) RETURN a.title AS title", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    _clean(done.stdout)  # json escapes control characters itself
    assert json.loads(done.stdout)[0]["title"].startswith("Imatinib \x1b]0;pwned\x07")


def test_extract_table_and_errors_are_escaped(loaded, tmp_path):
    _env, folder, _done = loaded
    done = run("extract", str(folder / "evil.txt"), "--format", "table")
    assert done.returncode == 0, done.stderr
    _clean(done.stdout)
    assert done.stdout.startswith("# Imatinib \\x1b]0;pwned\\x07in CML\\x1b[2J")
    as_json = run("extract", str(folder / "evil.txt"), "--format", "json")
    assert json.loads(as_json.stdout)["document"]["title"] == ESC_TITLE.replace("  ", " ")
    missing = run("extract", str(tmp_path / "no\x1b[2Jsuch.txt"))
    assert missing.returncode == 1
    _clean(missing.stderr)
    assert "no\\x1b[2Jsuch.txt" in missing.stderr
