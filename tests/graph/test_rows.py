"""Row building, batching and the lexical guard: pure functions, no store."""

from __future__ import annotations

import pytest
from biokg.graph import cypher
from biokg.graph.examples import cd22_car_t, tisagenlecleucel
from biokg.graph.guard import refuse_load_csv, strip_comments
from biokg.graph.labels import ENTITY_LABELS, RELATION_TYPES
from biokg.graph.loader import LoadStats, batches, prepare
from biokg.graph.rows import article_rows

from biokg.errors import ReadOnlyViolation, StoreError


def test_rows_of_an_article() -> None:
    rows = article_rows(cd22_car_t())
    assert rows.article_id == "pmid:29155426"
    assert sorted(rows.entities) == ["Disease", "Drug", "Gene", "Outcome"]
    assert sorted(rows.relations) == ["HAS_OUTCOME", "TARGETS", "TREATS"]
    (finding,) = rows.findings
    assert finding["attributes"] == {
        "rate": 0.73,
        "n": 11,
        "N": 15,
        "population": "relapsed or refractory B-ALL",
        "dose": ">=1e6 cells/kg",
    }
    # "relapsed or refractory B-ALL" names the B-ALL entity of this article
    assert rows.populations == [{"finding": finding["id"], "entity": "MESH:D015452"}]
    assert rows.size == 1 + 4 + 4 + 3 + 3 + 1 + 0


def test_rows_are_stable_and_content_keyed() -> None:
    a, b = article_rows(cd22_car_t()), article_rows(cd22_car_t())
    assert a == b
    changed = cd22_car_t()
    changed.relations[0].evidence[0].confidence = 0.5
    c = article_rows(changed)
    assert c.extraction_hash != a.extraction_hash
    assert [e["id"] for e in c.evidence] == [e["id"] for e in a.evidence]


def test_reserved_attribute_names_are_kept_apart() -> None:
    ex = cd22_car_t()
    ex.relations[2].attributes = {"id": "x", "rate": 0.5}
    (finding,) = article_rows(ex).findings
    assert finding["attributes"] == {"attr_id": "x", "rate": 0.5}


def test_bad_extractions_become_failures() -> None:
    stale = cd22_car_t()
    stale.schema_version = 99
    stats = LoadStats()
    out = list(prepare([stale, tisagenlecleucel()], stats))
    assert [r.article_id for r in out] == ["pmid:29385370"]
    assert [f.source for f in stats.failures] == ["pmid:29155426"]
    with pytest.raises(StoreError, match="schema version 99"):
        article_rows(stale)


def test_batches_split_on_size_and_on_repeats() -> None:
    a, b = article_rows(cd22_car_t()), article_rows(tisagenlecleucel())
    assert [[r.article_id for r in batch] for batch in batches([a, b], 10_000)] == [
        ["pmid:29155426", "pmid:29385370"]
    ]
    assert len(list(batches([a, b], 1))) == 2
    assert len(list(batches([a, a, b], 10_000))) == 2  # a repeat starts a new transaction
    assert list(batches([], 10)) == []


def test_only_whitelisted_names_reach_cypher_text() -> None:
    with pytest.raises(ValueError):
        cypher._relabel("Gene) DETACH DELETE (x")
    with pytest.raises(ValueError):
        cypher.merge_statements("TARGETS]->() DETACH DELETE (x")
    for label in ENTITY_LABELS.values():
        assert f"SET e:{label})" in cypher.MERGE_ENTITIES
    for rel_type in RELATION_TYPES:
        assert f"MERGE (s)-[r:{rel_type} {{statement_id: row.statement_id}}]->(o)" in (
            cypher.ADD_STATEMENTS
        )


def test_strip_comments_keeps_strings() -> None:
    query = "MATCH (n) /* c */ WHERE n.x = '/* not */ // no' // tail\nRETURN n"
    assert strip_comments(query) == (
        "MATCH (n)         WHERE n.x = '/* not */ // no'        \nRETURN n"
    )


def test_load_csv_is_found_outside_strings_only() -> None:
    refuse_load_csv("MATCH (n) WHERE n.text = 'LOAD CSV' RETURN n")
    refuse_load_csv("// LOAD CSV\nRETURN 1")
    with pytest.raises(ReadOnlyViolation):
        refuse_load_csv("load  csv FROM 'file:///x' AS l RETURN l")
