"""The Python API (`biokg.extract`, `build`, `query`, `cypher`, `named_relations`): the README's
examples run as doctests against a fresh embedded store built from the demo articles."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

import biokg
from biokg.errors import QueryError
from biokg.model import Document

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_api_examples() -> str:
    """The `pycon` blocks of README's "Python API" section, as one doctest text."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```pycon\n(.*?)```", section, flags=re.S)
    assert blocks, "README's Python API section has no pycon example"
    return "\n".join(blocks)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """BIOKG_STORE_PATH and BIOKG_CACHE_DIR in a temporary folder, no Neo4j, for the module."""
    root = tmp_path_factory.mktemp("api")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BIOKG_STORE_PATH", str(root / "graph"))
        patch.setenv("BIOKG_CACHE_DIR", str(root / "cache"))
        patch.delenv("BIOKG_NEO4J_URI", raising=False)
        patch.delenv("BIOKG_CONFIG", raising=False)
        patch.chdir(root)  # no biokg.toml from the working directory
        yield root


def test_import_biokg_stays_cheap():
    code = (
        "import sys, biokg; assert callable(biokg.query.__call__);"
        "print(sorted(m for m in ('spacy', 'neo4j', 'kglite', 'pandas', 'networkx') "
        "if m in sys.modules))"
    )
    # The API module itself is small; what must not load at `import biokg` is spaCy or a store.
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    bare = "import sys, biokg; print('biokg.api' in sys.modules, 'spacy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", bare], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_public_names():
    assert {"extract", "build", "query", "cypher", "named_relations", "Rows", "RunReport"} <= set(
        biokg.__all__
    )
    assert "extract" in dir(biokg)
    with pytest.raises(AttributeError, match="no_such_name"):
        biokg.no_such_name  # noqa: B018


def test_readme_python_api_examples(demo_store):
    parser = doctest.DocTestParser()
    test = parser.get_doctest(readme_api_examples(), {}, "README.md#python-api", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 5 and result.failed == 0


def test_api_doctests_of_the_module():
    from biokg import api

    result = doctest.testmod(api, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_query_rows_graph_and_frame(demo_store):
    biokg.build(biokg.demo_sources())
    rows = biokg.query("neighbourhood", entity="CD22", hops=1)
    assert isinstance(rows, biokg.Rows) and isinstance(rows, list) and rows
    graph = rows.to_networkx()
    assert graph.number_of_edges() == len(rows)
    names = {data["name"] for _, data in graph.nodes(data=True)}
    assert "CD22" in names and "CD22 CAR T cells" in names
    frame = rows.to_pandas()
    assert list(frame.columns[:4]) == ["source_id", "source", "source_type", "predicate"]
    assert len(frame) == len(rows)
    with pytest.raises(QueryError, match="source_id"):
        biokg.query("entity_search", text="CD22").to_networkx()
    with pytest.raises(QueryError, match="no parameter tagret"):
        biokg.query("therapies_for_target", tagret="CD22")


def test_cypher_rows_with_nodes_and_relationships(demo_store):
    rows = biokg.cypher(
        "MATCH (s:Entity)-[r:TARGETS]->(o:Entity {name: $n}) RETURN o, r, s", n="CD22"
    )
    assert rows and all(r["r"]["type"] == "TARGETS" for r in rows)
    graph = rows.to_networkx()
    assert graph.number_of_edges() == len(rows)
    for start, end, data in graph.edges(data=True):  # direction from the statement_id
        assert graph.nodes[end]["name"] == "CD22" and data["type"] == "TARGETS"
        assert graph.nodes[start]["name"] != "CD22"
    # A relationship between nodes of a row without statement_id: ends by the schema's labels.
    mentions = biokg.cypher(
        "MATCH (a:Article)-[m:MENTIONS]->(e:Entity {name: 'CD22'}) RETURN e, m, a LIMIT 1"
    ).to_networkx()
    ((start, end),) = mentions.edges()
    assert "Article" in mentions.nodes[start]["labels"] and mentions.nodes[end]["name"] == "CD22"


def test_extract_ids_and_named_relations(demo_store):
    text = "Kymriah (tisagenlecleucel) is a CD19-directed CAR T-cell therapy."
    first = biokg.extract(text)
    assert first.document.id == Document(text=text).id  # derived from the content
    assert biokg.extract(text, pmid="123").document.id == "pmid:123"
    given = Document(text=text, title="t", url="https://example.org/a")
    assert biokg.extract(given).document.id == given.id
    with pytest.raises(TypeError, match="title"):
        biokg.extract(given, title="x")
    rows = biokg.named_relations(first)
    assert len(rows) == len(first.relations)
    names = {e.id: e.name for e in first.entities}
    for row, rel in zip(rows, first.relations, strict=True):
        assert (row["subject"], row["object"]) == (names[rel.subject], names[rel.object])
        assert row["statement_id"] == rel.statement_id
    graph = rows.to_networkx()
    assert set(graph.nodes) <= set(names)
    empty = biokg.extract("")
    assert empty.relations == [] and biokg.named_relations(empty) == []


def test_one_extractor_per_configuration(demo_store):
    from biokg import api
    from biokg.config import load_settings

    biokg.extract("CD22 CAR T cells.")
    first = api._extractor(load_settings())
    assert api._extractor(load_settings()) is first  # equal settings: the same pipeline
    assert api._cached_extractor.cache_info().maxsize == 1  # one pipeline per process at most
