"""The `biokg` command through its real entry point (a subprocess), as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import click
import pytest

from biokg.cli import cli

BIOKG = shutil.which("biokg")


def run(
    *args: str, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    assert BIOKG, "the biokg entry point is not installed (pip install -e .)"
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BIOKG_")}
    full_env.update(env or {})
    return subprocess.run(
        [BIOKG, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=300
    )


def _all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


def test_top_level_help_lists_the_commands():
    done = run("--help")
    assert done.returncode == 0, done.stderr
    for name in cli.commands:
        assert name in done.stdout


@pytest.mark.parametrize("path", list(_all_commands(cli)), ids=" ".join)
def test_every_command_has_help(path):
    done = run(*path, "--help")
    assert done.returncode == 0, done.stderr
    assert "Usage: biokg " + " ".join(path) in done.stdout


def test_bad_config_file_is_named(tmp_path):
    bad = tmp_path / "biokg.toml"
    bad.write_text("this is = = not toml")
    done = run("--config", str(bad), "run", "--demo")
    assert done.returncode != 0
    assert str(bad) in done.stderr and "not valid TOML" in done.stderr


def test_run_without_sources_is_a_usage_error():
    done = run("run")
    assert done.returncode == 2
    assert "at least one SOURCE" in done.stderr


def test_extract_json_is_the_extraction_model(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text(
        "Title: BCMA CAR T cells in myeloma\n\n"
        "Idecabtagene vicleucel (Abecma) is a CAR T-cell therapy that targets BCMA. "
        "It produced an overall response in 94 of 128 patients (73%) with relapsed "
        "multiple myeloma.\n"
    )
    done = run("extract", str(article), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"schema_version", "document", "entities", "relations"}
    assert data["document"]["title"] == "BCMA CAR T cells in myeloma"
    names = {e["name"].lower() for e in data["entities"]}
    assert "abecma" in names or "idecabtagene vicleucel" in names


def test_extract_names_a_missing_file(tmp_path):
    missing = tmp_path / "nope.txt"
    done = run("extract", str(missing))
    assert done.returncode != 0
    assert str(missing) in done.stderr


def test_run_demo_prints_links_and_rerun_is_idempotent(tmp_path):
    env = {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    first = run("run", "--demo", env=env)
    assert first.returncode == 0, first.stderr
    assert "Loaded 4 documents" in first.stdout
    assert "Therapy–target–outcome links:" in first.stdout
    links = first.stdout.split("Therapy–target–outcome links:")[1]
    assert "-TARGETS CD22" in links and "-HAS_OUTCOME" in links
    second = run("run", "--demo", env=env)
    assert second.returncode == 0, second.stderr
    assert "Loaded 4 documents (4 new, 0 updated, 0 unchanged)" in first.stdout
    assert "Loaded 4 documents (0 new, 0 updated, 4 unchanged)" in second.stdout
    assert second.stdout.split("links:")[1] == links


def test_run_reports_a_bad_source_and_loads_the_rest(tmp_path):
    env = {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    good = tmp_path / "good.txt"
    good.write_text(
        "Title: Imatinib in CML\n\n"
        "Imatinib (Gleevec), developed by Novartis, inhibits BCR-ABL in chronic myeloid "
        "leukemia.\n"
    )
    missing = tmp_path / "missing.txt"
    done = run("run", str(good), str(missing), "pmid:notanumber", "--no-links", env=env)
    assert done.returncode == 2, done.stderr  # some sources failed
    assert "Loaded 1 documents" in done.stdout
    assert "2 failed" in done.stderr
    assert str(missing) in done.stderr and "pmid:notanumber" in done.stderr
    rows = run("cypher", "MATCH (a:Article) RETURN a.title AS title", "--format", "json", env=env)
    assert rows.returncode == 0, rows.stderr
    assert json.loads(rows.stdout) == [{"title": "Imatinib in CML"}]
