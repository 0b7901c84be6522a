"""The named-query registry: header parsing, parameter binding and the name-matching regex."""

from __future__ import annotations

import re
from datetime import date

import pytest
from biokg.queries.output import format_rows
from biokg.queries.registry import Registry, default_registry, name_pattern, parse_query

from biokg.errors import QueryError

GOOD = """// name: demo_query
// description: A demo.
// param: target: entity — the target
// param: hops: int = 2 — path length
// param: since: date = null
// param: types: list = null
// param: strict: bool = false
MATCH (n) RETURN n
"""


def test_parse_header_and_bind():
    query = parse_query(GOOD)
    assert query.name == "demo_query" and query.cypher == "MATCH (n) RETURN n"
    assert [(p.name, p.type, p.required, p.default) for p in query.params] == [
        ("target", "entity", True, None),
        ("hops", "int", False, 2),
        ("since", "date", False, None),
        ("types", "list", False, None),
        ("strict", "bool", False, False),
    ]
    assert query.params[0].help == "the target"
    bound = query.bind(
        {"target": "B-ALL", "since": "2026-01-31", "types": "GENE, DRUG", "strict": "yes"}
    )
    assert bound["hops"] == 2 and bound["since"] == date(2026, 1, 31)
    assert bound["types"] == ["GENE", "DRUG"] and bound["strict"] is True
    assert bound["target_rx"] == name_pattern("B-ALL")
    assert bound["target_part_rx"] == name_pattern("B-ALL", partial=True)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs parameter 'target'"),
        ({"target": "x", "hop": 1}, "no parameter hop"),
        ({"target": "x", "hops": "2.5"}, "'hops' expects int"),
        ({"target": "x", "since": "last week"}, "'since' expects date"),
        ({"target": "x", "strict": "maybe"}, "'strict' expects bool"),
        ({"target": "--"}, "'target' expects entity"),
    ],
)
def test_bind_refuses_bad_parameters(params, message):
    with pytest.raises(QueryError, match=message):
        parse_query(GOOD).bind(params)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("MATCH (n) RETURN n", "needs '// name"),
        ("// name: Bad-Name\n// description: x\nRETURN 1", "snake_case"),
        ("// name: q\nRETURN 1", "description"),
        ("// name: q\n// description: x\n", "no Cypher"),
        ("// name: q\n// description: x\n// param: a: float64\nRETURN 1", "bad parameter line"),
        ("// name: q\n// description: x\n// param: a: int\n// param: a: str\nRETURN 1", "twice"),
        ("// name: q\n// description: x\n// param: a: int = many\nRETURN 1", "expects int"),
    ],
)
def test_malformed_headers_are_refused_naming_the_file(text, message):
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_registry_from_dir_and_duplicates(tmp_path):
    (tmp_path / "a.cypher").write_text(GOOD, encoding="utf-8")
    assert Registry.from_dir(tmp_path).names() == ["demo_query"]
    (tmp_path / "b.cypher").write_text(GOOD, encoding="utf-8")
    with pytest.raises(QueryError, match="used by both"):
        Registry.from_dir(tmp_path)


def test_shipped_queries_parse_and_take_values_only_as_parameters():
    registry = default_registry()
    assert len(registry) >= 14
    for query in registry:
        declared = {p.name for p in query.params}
        entities = [p.name for p in query.params if p.type == "entity"]
        declared |= {name + suffix for name in entities for suffix in ("_rx", "_part_rx")}
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", query.cypher))
        assert used <= declared, f"{query.name} uses undeclared {used - declared}"
        assert query.description.endswith(".")


def _matches(pattern: str, text: str) -> bool:
    # Python's `re` accepts the same syntax Neo4j (Java) and kglite (Rust) get.
    return re.fullmatch(pattern, text) is not None


@pytest.mark.parametrize("spelling", ["B-ALL", "b all", "BALL", "b‐all", " B / ALL "])
def test_name_pattern_folds_case_and_separators(spelling):
    assert _matches(name_pattern(spelling), "B-ALL")
    assert _matches(name_pattern("cd-22"), "CD22")
    assert not _matches(name_pattern("B-ALL"), "B-ALL relapsed")
    assert not _matches(name_pattern("CD22"), "CD22 CAR T cells")


def test_partial_pattern_stays_on_word_boundaries():
    pattern = name_pattern("CD22", partial=True)
    assert _matches(pattern, "CD22 CAR T cells") and _matches(pattern, "anti-CD22")
    assert not _matches(pattern, "CD222") and not _matches(pattern, "XCD22")


def test_format_rows():
    rows = [{"name": "CD22", "rate": 0.7333, "aliases": ["a", "b"]}, {"name": "x", "extra": None}]
    table = format_rows(rows, "table")
    assert table.splitlines()[0].split() == ["name", "rate", "aliases", "extra"]
    assert "0.7333" in table and "a; b" in table and table.endswith("(2 rows)\n")
    assert format_rows(rows, "csv").splitlines() == [
        "name,rate,aliases,extra",
        "CD22,0.7333,a; b,",
        "x,,,",
    ]
    assert format_rows([], "table") == "(no rows)\n"
    assert format_rows(rows[:1], "json").startswith('[\n  {\n    "name": "CD22"')
