"""`biokg query`, `biokg cypher` and `biokg view` through the real CLI entry point, both stores."""

from __future__ import annotations

import csv
import io
import json

from biokg.graph import open_store
from biokg.queries import default_registry, run_cypher
from click.testing import CliRunner

from biokg.cli import cli
from biokg.config import Settings


def env_for(settings: Settings) -> dict[str, str]:
    if settings.neo4j_uri:
        return {"BIOKG_NEO4J_URI": settings.neo4j_uri}
    return {"BIOKG_NEO4J_URI": "", "BIOKG_STORE_PATH": str(settings.store_path)}


def invoke(settings: Settings, *args: str):
    return CliRunner().invoke(cli, list(args), env=env_for(settings), catch_exceptions=False)


def test_query_list_shows_every_named_query(car_t_settings):
    result = invoke(car_t_settings, "query", "list")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines()[2:-1]]
    assert listed == default_registry().names()


def test_query_runs_with_params_in_each_format(car_t_settings):
    result = invoke(
        car_t_settings, "query", "therapies_for_target", "-p", "target=cd-22", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["therapy"], r["target"], r["evidence_count"]) for r in rows] == [
        ("CD22 CAR T cells", "CD22", 2)
    ]
    result = invoke(
        car_t_settings, "query", "compare_outcomes", "-p", "disease=b all", "--format", "csv"
    )
    table = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["therapy"], r["rate"], r["n"], r["N"]) for r in table] == [
        ("CD22 CAR T cells", "0.73", "11", "15"),
        ("tisagenlecleucel", "0.81", "61", "75"),
    ]
    result = invoke(car_t_settings, "query", "entity_search", "-p", "text=B-ALL")
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["id", "name", "type"]
    assert lines[2].startswith("DOID:0080638") and lines[-1] == "(1 row)"
    result = invoke(
        car_t_settings,
        "query",
        "neighbourhood",
        "-p",
        "entity=CD22",
        "-p",
        "types=drug",
        "--format",
        "json",
    )
    assert {r["source"] for r in json.loads(result.output)} == {"CD22 CAR T cells"}


def test_query_errors_name_the_problem(car_t_settings):
    result = invoke(car_t_settings, "query", "therapies_for_target")
    assert result.exit_code == 1 and "needs parameter 'target'" in result.output
    result = invoke(car_t_settings, "query", "therapies_for_target", "-p", "target")
    assert result.exit_code == 2 and "is not KEY=VALUE" in result.output
    result = invoke(car_t_settings, "query", "no_such_query")
    assert result.exit_code == 2 and "No such command" in result.output


def test_cypher_is_read_only(car_t_settings):
    result = invoke(
        car_t_settings,
        "cypher",
        "MATCH (g:Gene) WHERE g.name = $name RETURN g.id AS id",
        "--param",
        "name=CD22",
        "--format",
        "json",
    )
    assert result.exit_code == 0 and json.loads(result.output) == [{"id": "HGNC:1643"}]
    result = invoke(car_t_settings, "cypher", "MATCH (n) DETACH DELETE n")
    assert result.exit_code == 1 and "DETACH DELETE" in result.output
    result = invoke(car_t_settings, "cypher", "UNWIND range(1, 20) AS x RETURN x", "--limit", "5")
    assert result.output.splitlines()[-1] == "(5 rows)"
    with open_store(car_t_settings) as store:
        assert run_cypher(store, "MATCH (a:Article) RETURN count(a) AS n") == [{"n": 3}]


def test_view_writes_one_offline_file(car_t_settings, tmp_path):
    out = tmp_path / "links.html"
    result = invoke(car_t_settings, "view", "--target", "CD22", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "3 links" in result.output
    page = out.read_text(encoding="utf-8")
    assert "cytoscape" in page and "CD22 CAR T cells" in page and "<script src" not in page
    result = invoke(
        car_t_settings,
        "view",
        "--query",
        "therapies_for_target",
        "-p",
        "target=CD19",
        "--out",
        str(out),
    )
    assert result.exit_code == 0 and "Kymriah" in out.read_text(encoding="utf-8")
    result = invoke(car_t_settings, "view", "--target", "CD22", "--disease", "B-ALL")
    assert result.exit_code == 2 and "at most one" in result.output
