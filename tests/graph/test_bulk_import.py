"""Bulk import: the CSVs `graph.bulk_import` writes, and the graph Neo4j's importer makes of them,
compared with what the transactional loader stores for the same extractions.

The comparison starts its own Neo4j servers (the Maven-built test server), one after the other on
one port (BIOKG_TEST_BULK_NEO4J_PORT, else a free one): the importer needs a stopped database,
so the shared test server cannot be used.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from biokg.graph.bulk_import import (
    ARGS_FILE,
    edge_confidence,
    finish_import,
    log_term,
    run_import,
    write_import_files,
)
from biokg.graph.examples import cd22_car_t, examples, tisagenlecleucel
from biokg.graph.loader import statement_increments
from biokg.graph.rows import article_rows
from biokg.graph.synthetic import synthetic_extractions
from click.testing import CliRunner

from biokg.cli import cli
from biokg.errors import StoreError
from biokg.model import Document, Entity, EntityType, Evidence, Extraction, Predicate, Relation

SERVER_DIR = Path(__file__).resolve().parents[2] / "tools" / "neo4j-test-server"
JARS = SERVER_DIR / "target" / "lib"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


def _odd_article() -> Extraction:
    """Values the CSV must carry exactly: a timestamp, quotes, a newline, a comma, an empty
    title, no aliases, a negated and a certain piece of evidence."""
    text = 'KRAS "G12D", seen;\nsotorasib did not target it. Sotorasib targets KRAS.'
    doc = Document(
        title="",
        text=text,
        pmid="424242",
        published=date(2020, 5, 1),
        retrieved_at=datetime(2026, 11, 25, 12, 0, 30, 123456, tzinfo=UTC),
        journal='J, "Q" \\ Med',
        cites=["pmid:29155426", "pmid:1"],
    )
    kras = Entity(id="HGNC:6407", name="KRAS", type=EntityType.GENE, aliases=[])
    drug = Entity(id="biokg:drug:sotorasib", name="sotorasib", type=EntityType.DRUG)

    def ev(sentence: str, confidence: float) -> Evidence:
        start = text.index(sentence)
        return Evidence(
            document_id=doc.id,
            text=sentence,
            start=start,
            end=start + len(sentence),
            extractor="test",
            version="1",
            confidence=confidence,
        )

    return Extraction(
        document=doc,
        entities=[kras, drug],
        relations=[
            Relation(
                subject=drug.id,
                predicate=Predicate.TARGETS,
                object=kras.id,
                negated=True,
                evidence=[ev('KRAS "G12D", seen;\nsotorasib did not target it.', 0.8)],
            ),
            Relation(
                subject=drug.id,
                predicate=Predicate.ASSOCIATED_WITH,
                object=kras.id,
                evidence=[ev("Sotorasib targets KRAS.", 1.0)],
            ),
        ],
    )


def _input() -> list[Extraction]:
    """The demo articles, an odd one, a synthetic corpus, a repeat and a replaced version."""
    synthetic = list(synthetic_extractions(40, 300, 240, seed=11))
    changed = synthetic[3].model_copy(deep=True)
    changed.document.title = "Replaced title"
    changed.relations = changed.relations[1:]
    return [*examples(), _odd_article(), *synthetic, synthetic[5], changed]


# -- the files ------------------------------------------------------------------------------


def test_demo_files(tmp_path: Path) -> None:
    bulk = write_import_files(examples(), tmp_path)
    stats = bulk.stats
    assert (stats.articles_loaded, stats.relations, stats.evidence) == (2, 9, 9)
    assert stats.nodes["Article"] == 2  # the cited pmid:29155426 is loaded, so no stub
    assert stats.nodes["Entity"] == 9 and stats.nodes["Gene"] == 2
    assert stats.relationships["FROM"] == 9 and stats.relationships["TARGETS"] == 2
    header = (tmp_path / "rels-TARGETS.header.csv").read_text()
    assert header == (
        ":START_ID(Entity),:END_ID(Entity),statement_id:string,evidence_count:long,"
        "article_count:long,negated_count:long,first_seen:date,last_seen:date,"
        "log_disbelief:long,confidence:double\n"
    )
    # CD22 CAR T -> CD22: two articles, confidences 0.9 and 0.6: 1 - 0.1 * 0.4.
    rows = (tmp_path / "rels-TARGETS.csv").read_text().splitlines()
    assert rows[0].startswith('"biokg:drug:cd22_car_t_cells","HGNC:1643",')
    assert rows[0].endswith(",2,2,0,2018-01-01,2018-02-01,-3218875825,0.96")
    assert (tmp_path / "nodes-Entity-Gene.header.csv").read_text() == (
        "id:ID(Entity),name:string,aliases:string[],type:string,curie:string\n"
    )
    args = (tmp_path / ARGS_FILE).read_text().splitlines()
    assert args[:2] == ["--array-delimiter=U+001F", "--id-type=string"]
    assert f"--nodes=Entity:Gene={tmp_path}/nodes-Entity-Gene.header.csv," in "\n".join(args)
    assert "--multiline-fields=true" not in args


def test_aggregates_match_the_loader_increments() -> None:
    """The edge figures are the ones `loader.statement_increments` hands the store."""
    rows = [article_rows(e) for e in examples()]
    for sid, inc in statement_increments(rows).items():
        total = sum(log_term(c) for c in inc["confidences"])  # type: ignore[union-attr]
        assert isinstance(total, int), sid
        assert 0.0 <= edge_confidence(total) <= 1.0
    assert log_term(1.0) == -27631021115
    assert log_term(0.9) == -2302585093
    assert edge_confidence(-4605170186) == 0.99
    assert edge_confidence(0) == 0.0


def test_odd_values_and_stubs(tmp_path: Path) -> None:
    bulk = write_import_files([_odd_article()], tmp_path)
    args = (tmp_path / ARGS_FILE).read_text().splitlines()
    assert "--multiline-fields=true" in args  # the evidence sentence has a newline
    articles = (tmp_path / "nodes-Article.csv").read_text().splitlines()
    assert articles[0].startswith('"pmid:424242","",')
    assert '"J, ""Q"" \\ Med"' in articles[0]
    assert "2026-11-25T12:00:30.123456+00:00" in articles[0]
    # Cited articles never loaded are stubs with an id only, in a file of their own.
    assert (tmp_path / "nodes-Article-2.csv").read_text() == '"pmid:29155426"\n"pmid:1"\n'
    assert bulk.stats.nodes["Article"] == 3


def test_empty_input_writes_the_schema_node_only(tmp_path: Path) -> None:
    bulk = write_import_files([], tmp_path)
    assert dict(bulk.stats.nodes) == {"SchemaVersion": 1}
    assert (tmp_path / "nodes-SchemaVersion.csv").read_text() == '"biokg",2\n'
    # No file the importer is not given: the fixed-shape tables without rows are gone.
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == [
        "nodes-SchemaVersion.csv",
        "nodes-SchemaVersion.header.csv",
    ]


def test_repeats_and_replacements(tmp_path: Path) -> None:
    first = cd22_car_t()
    changed = first.model_copy(deep=True)
    changed.document.title = "changed"
    bulk = write_import_files([first, tisagenlecleucel(), first, changed], tmp_path)
    stats = bulk.stats
    assert (stats.articles_loaded, stats.articles_unchanged, stats.articles_replaced) == (2, 1, 1)
    assert '"changed"' in (tmp_path / "nodes-Article.csv").read_text()


def test_refuses_a_folder_with_import_files(tmp_path: Path) -> None:
    write_import_files(examples(), tmp_path)
    with pytest.raises(StoreError, match="already holds import files"):
        write_import_files(examples(), tmp_path)
    write_import_files(examples()[:1], tmp_path, overwrite=True)
    assert not (tmp_path / "rels-BRAND_OF.csv").exists()


def test_cli_writes_files_from_jsonl(tmp_path: Path) -> None:
    jsonl = tmp_path / "extractions.jsonl"
    jsonl.write_text("".join(e.model_dump_json() + "\n" for e in examples()))
    out = tmp_path / "csv"
    done = CliRunner().invoke(
        cli, ["bulk-import", str(out), "--extractions", str(jsonl)], catch_exceptions=False
    )
    assert done.exit_code == 0, done.output
    assert "2 articles" in done.output
    assert (out / ARGS_FILE).exists()
    assert "neo4j-admin database import full" in done.output


# -- the imported graph ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    """The test server (`server.sh`) on a home of its own; stopped by `stop`."""

    def __init__(self, home: Path, port: int) -> None:
        self.home, self.port = home, port
        self.uri = f"bolt://127.0.0.1:{port}"

    def _sh(self, action: str) -> None:
        env = {
            **os.environ,
            "NEO4J_TEST_PORT": str(self.port),
            "NEO4J_TEST_HEAP": "512m",
            "NEO4J_TEST_PAGECACHE_MB": "64",
        }
        done = subprocess.run(
            ["bash", str(SERVER_DIR / "server.sh"), action, str(self.home)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            pytest.fail(f"server.sh {action} failed: {done.stdout}{done.stderr}")

    def start(self) -> None:
        self._sh("start")

    def stop(self) -> None:
        self._sh("stop")


@pytest.fixture(scope="module")
def port() -> int:
    if not shutil.which("java") or not any(JARS.glob("neo4j-import-tool-*.jar")):
        _unavailable(f"java or the built test server with the import tool ({JARS}) is missing")
    return int(os.environ.get("BIOKG_TEST_BULK_NEO4J_PORT") or _free_port())


def _graph(store) -> dict[str, object]:
    """Everything a comparison needs: every node and relationship with its properties, the
    schema-version node, the constraints and indexes."""
    graph = store.export()
    nodes = sorted((key, sorted(data.items())) for key, data in graph.nodes(data=True))
    edges = sorted(
        (u, v, k, sorted(data.items())) for u, v, k, data in graph.edges(keys=True, data=True)
    )
    schema = store._query("MATCH (s:SchemaVersion) RETURN s.id AS id, s.version AS version")
    constraints = store._query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes, properties ORDER BY name"
    )
    indexes = store._query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE type <> 'LOOKUP' "
        "RETURN name, type, labelsOrTypes, properties ORDER BY name"
    )
    return {
        "nodes": nodes,
        "edges": edges,
        "schema": schema,
        "constraints": constraints,
        "indexes": indexes,
    }


def _increment(store) -> None:
    """What a later incremental load does: new articles on the same entities, a replaced
    article and a removed one."""
    store.load(synthetic_extractions(40, 300, 240, seed=12))
    replaced = cd22_car_t()
    replaced.relations = replaced.relations[:1]
    store.load([replaced])
    assert store.remove("pmid:10000007")


@pytest.mark.neo4j
def test_imported_graph_equals_the_transactional_load(tmp_path: Path, port: int) -> None:
    from biokg.graph.neo4j_store import Neo4jStore

    extractions = _input()

    # 1. the transactional loader into a fresh server
    reference = _Server(tmp_path / "ref-home", port)
    reference.start()
    try:
        with Neo4jStore(reference.uri, batch_size=500) as store:
            store.load(extractions)
            expected = _graph(store)
            _increment(store)
            expected_after = _graph(store)
    finally:
        reference.stop()

    # 2. the same extractions through CSVs and the import tool into another fresh home
    bulk = write_import_files(extractions, tmp_path / "csv")
    assert bulk.stats.articles_replaced == 1 and bulk.stats.articles_unchanged == 1
    assert not bulk.stats.failures
    run_import(bulk, tmp_path / "bulk-home", jars=JARS)
    imported = _Server(tmp_path / "bulk-home", port)
    imported.start()
    try:
        with Neo4jStore(imported.uri) as store:
            finish_import(store)
            got = _graph(store)
            assert len(got["edges"]) == len(expected["edges"])
            assert got["nodes"] == expected["nodes"]
            assert got["edges"] == expected["edges"]  # every edge's aggregates
            assert got["schema"] == expected["schema"] == [{"id": "biokg", "version": 2}]
            assert got["constraints"] == expected["constraints"]
            assert len(got["constraints"]) == 5
            assert got["indexes"] == expected["indexes"]
            # 3. incremental loads go on from the imported database as from a loaded one
            _increment(store)
            assert _graph(store) == expected_after
    finally:
        imported.stop()


@pytest.mark.neo4j
def test_bulk_import_cli_then_biokg_run(tmp_path: Path, port: int, static_tls) -> None:
    """`biokg bulk-import` imports into a home; after `--finish`, `biokg run` loads more."""
    jsonl = tmp_path / "extractions.jsonl"
    jsonl.write_text("".join(e.model_dump_json() + "\n" for e in examples()))
    home = tmp_path / "home"
    runner = CliRunner()
    done = runner.invoke(
        cli,
        [
            "bulk-import",
            str(tmp_path / "csv"),
            "--extractions",
            str(jsonl),
            "--neo4j-home",
            str(home),
            "--neo4j-jars",
            str(JARS),
        ],
        catch_exceptions=False,
    )
    assert done.exit_code == 0, done.output
    assert "Imported" in done.output
    server = _Server(home, port)
    server.start()
    try:
        env = {"BIOKG_NEO4J_URI": server.uri}
        done = runner.invoke(cli, ["bulk-import", "--finish"], env=env, catch_exceptions=False)
        assert done.exit_code == 0, done.output
        done = runner.invoke(cli, ["run", "--demo", "--no-links"], env=env, catch_exceptions=False)
        assert done.exit_code == 0, done.output
        from biokg.graph.neo4j_store import Neo4jStore

        with Neo4jStore(server.uri) as store:
            articles = store.read("MATCH (a:Article) WHERE a.content_hash IS NOT NULL RETURN a.id")
            assert len(articles) > 2
    finally:
        server.stop()
