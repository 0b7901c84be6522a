"""`pip install .` (not only the editable install the suite uses) lays out one `biokg` package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    done = subprocess.run([*cmd, str(REPO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return target


def test_stages_install_under_biokg_only(installed: Path):
    top_level = {p.name for p in installed.iterdir() if not p.name.endswith(".dist-info")}
    assert "biokg" in top_level
    # Nothing generic lands in site-packages.
    assert not top_level & {"ingest", "nlp", "graph", "queries", "tests", "bench"}
    for stage in ("ingest", "nlp", "graph", "queries", "cli"):
        assert (installed / "biokg" / stage / "__init__.py").is_file(), stage
    assert (installed / "biokg" / "schema" / "extraction.schema.json").is_file()
    assert sorted(p.name for p in (installed / "biokg" / "demo").glob("*.txt"))
    # What the default pipeline and the view load at run time ships as package data.
    nlp = installed / "biokg" / "nlp"
    assert (nlp / "data" / "biokg_pipeline_v1.cfg").is_file()
    assert (nlp / "data" / "terms.tsv.gz").is_file()
    for model in ("bc5cdr", "genes", "biored"):
        assert (nlp / "models" / model / "meta.json").is_file(), model
        assert (nlp / "models" / model / "ner" / "model").is_file(), model
    queries = installed / "biokg" / "queries"
    assert len(list(queries.glob("*.cypher"))) >= 11
    assert (queries / "static" / "cytoscape.min.js").is_file()


def test_non_editable_install_imports_from_its_own_copy(installed: Path):
    code = (
        "import biokg, biokg.ingest, biokg.nlp, biokg.graph, biokg.queries, biokg.model;"
        "print(biokg.__file__)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(installed), "PATH": "/usr/bin:/bin"},
        cwd=installed,
    )
    assert out.stdout.strip().startswith(str(installed))


def test_editable_install_maps_stage_folders():
    import biokg.graph
    import biokg.nlp

    assert Path(biokg.nlp.__file__).resolve().parent == REPO / "nlp"
    assert Path(biokg.graph.__file__).resolve().parent == REPO / "graph"
