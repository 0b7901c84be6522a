"""`biokg init-db`, `remove` and `export` on both stores, through click's runner."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from biokg.graph.examples import examples
from click.testing import CliRunner

from biokg.cli import cli


@pytest.fixture()
def env(stores, request) -> dict[str, str]:
    if stores.kind == "neo4j":
        return {"BIOKG_NEO4J_URI": request.getfixturevalue("neo4j_uri")}
    return {"BIOKG_STORE_PATH": str(stores.path), "BIOKG_NEO4J_URI": ""}


def _biokg(env: dict[str, str], *args: str):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_init_db_then_remove(stores, env) -> None:
    done = _biokg(env, "init-db")
    assert done.exit_code == 0, done.output
    assert "Schema ready" in done.output
    with stores.open() as store:
        store.load(examples())

    done = _biokg(env, "remove", "pmid:29385370")
    assert done.exit_code == 0, done.output
    done = _biokg(env, "remove", "pmid:29385370")
    assert done.exit_code == 1
    assert "No article 'pmid:29385370'" in done.output

    with stores.open() as store:
        ids = store.read("MATCH (a:Article) RETURN a.id AS id")
    assert ids == [{"id": "pmid:29155426"}]


def test_export_graphml_and_json(stores, env, tmp_path) -> None:
    with stores.open() as store:
        store.load(examples())
        nodes = store.read("MATCH (n) WHERE NOT n:SchemaVersion RETURN count(n) AS c")[0]["c"]
        rels = store.read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]

    done = _biokg(env, "export", "--format", "graphml", "--out", str(tmp_path / "g.graphml"))
    assert done.exit_code == 0, done.output
    graph = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, rels)
    assert graph.nodes["HGNC:1643"]["name"] == "CD22"
    assert json.loads(graph.nodes["HGNC:1643"]["labels"]) == ["Entity", "Gene"]

    done = _biokg(env, "export", "--format", "json", "--out", str(tmp_path / "g.json"))
    assert done.exit_code == 0, done.output
    data = json.loads((tmp_path / "g.json").read_text())
    assert (len(data["nodes"]), len(data["edges"])) == (nodes, rels)
    article = next(n for n in data["nodes"] if n["id"] == "pmid:29155426")
    assert article["published"] == "2018-01-01"

    done = _biokg(
        env,
        "export",
        "--format",
        "json",
        "--out",
        "-",
        "--cypher",
        "MATCH (t)-[r:TARGETS]->(g:Gene {name: 'CD22'}) RETURN t, r, g",
    )
    assert done.exit_code == 0, done.output
    sub = json.loads(done.stdout)
    assert sorted(n["id"] for n in sub["nodes"]) == ["HGNC:1643", "biokg:drug:cd22_car_t_cells"]


def test_export_refuses_a_writing_query(stores, env, tmp_path) -> None:
    with stores.open() as store:
        store.load(examples())
    done = _biokg(
        env,
        "export",
        "--format",
        "json",
        "--out",
        str(tmp_path / "x"),
        "--cypher",
        "MATCH (n) DETACH DELETE n",
    )
    assert done.exit_code == 1
    assert "would write" in done.output or "not read-only" in done.output
    with stores.open() as store:
        assert store.read("MATCH (a:Article) RETURN count(a) AS c") == [{"c": 2}]
