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
    assert set(data) == {
        "schema_version",
        "document",
        "entities",
        "relations",
        "extractor_version",
    }
    assert data["extractor_version"].startswith("biokg.nlp.")
    assert data["document"]["title"] == "BCMA CAR T cells in myeloma"
    names = {e["name"].lower() for e in data["entities"]}
    assert "abecma" in names or "idecabtagene vicleucel" in names


def test_extract_names_a_missing_file(tmp_path):
    missing = tmp_path / "nope.txt"
    done = run("extract", str(missing))
    assert done.returncode != 0
    assert str(missing) in done.stderr


def test_run_demo_prints_this_runs_links_and_rerun_skips_unchanged(tmp_path):
    env = {"BIOKG_STORE_PATH": str(tmp_path / "graph"), "BIOKG_CACHE_DIR": str(tmp_path / "c")}
    first = run("run", "--demo", "--links", "500", env=env)
    assert first.returncode == 0, first.stderr
    assert "Loaded 4 documents (4 new, 0 updated, 0 unchanged, 0 failed)" in first.stdout
    assert "Links this run added or changed (all):" in first.stdout
    links = first.stdout.split("Links this run added or changed")[1].splitlines()[1:]
    assert f"{len(links)} links added, 0 changed" in first.stdout
    assert "  CD22 CAR T cells -TARGETS-> CD22 [1 article, new]" in links
    assert any("-HAS_OUTCOME-> Complete remission (73% 11/15)" in line for line in links)

    second = run("run", "--demo", "--links", "5", env=env)
    assert second.returncode == 0, second.stderr
    assert "Loaded 4 documents (0 new, 0 updated, 4 unchanged, 0 failed)" in second.stdout
    assert "4 unchanged documents not re-extracted" in second.stdout
    assert "No links added or changed." in second.stdout

    forced = run("run", "--demo", "--force", "--links", "3", env=env)
    assert forced.returncode == 0, forced.stderr
    assert "Loaded 4 documents (0 new, 0 updated, 4 unchanged, 0 failed)" in forced.stdout
    assert "not re-extracted" not in forced.stdout
    assert "0 entities, 0 relations" not in forced.stdout  # extracted again


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


def test_a_link_line_states_a_cut_in_risk_and_its_hazard_ratio() -> None:
    from biokg.graph.run_changes import ChangedLink

    from biokg.cli.links import link_line

    link = ChangedLink(
        "korvenimab", "HAS_OUTCOME", "overall survival", 1, True,
        findings=[{"risk_reduction": 0.26, "HR": 0.74}],
    )  # fmt: skip
    assert link_line(link) == (
        "korvenimab -HAS_OUTCOME-> overall survival (risk -26% HR 0.74) [1 article, new]"
    )
