"""The embedded store's rewrites and refusals (`graph/conformance.py`), on a real kglite store."""

from __future__ import annotations

import pytest
from biokg.graph import open_store
from biokg.graph.conformance import UnsupportedCypher, rewrite_for_kglite
from graph_fixture import car_t_graph

from biokg.config import Settings

CD22_EVIDENCE = (
    "MATCH (s)-[r:TARGETS]->(o {name: 'CD22'}) "
    "MATCH (e:Evidence {statement_id: r.statement_id}) RETURN e.sentence AS sentence"
)


@pytest.fixture(scope="module")
def kglite(tmp_path_factory):
    with open_store(Settings(store_path=tmp_path_factory.mktemp("graph"))) as store:
        store.load(car_t_graph())
        yield store


def test_rewrites_relationship_properties_in_pattern_maps_and_where_only():
    assert rewrite_for_kglite(CD22_EVIDENCE) == CD22_EVIDENCE.replace(
        "r.statement_id", "r['statement_id']"
    )
    query = (
        "MATCH ()-[r:T]->(n) WITH r, n MATCH (e) WHERE e.sid = r.sid AND e.x = 'r.sid' "
        "AND n.y = 1 RETURN r.sid, e {.a, b: r.b}"
    )
    assert rewrite_for_kglite(query) == (
        "MATCH ()-[r:T]->(n) WITH r, n MATCH (e) WHERE e.sid = r['sid'] AND e.x = 'r.sid' "
        "AND n.y = 1 RETURN r.sid, e {.a, b: r.b}"
    )
    assert rewrite_for_kglite("MATCH (n) WHERE n.x = 1 RETURN n") == (
        "MATCH (n) WHERE n.x = 1 RETURN n"
    )


@pytest.mark.parametrize(
    "query",
    [
        CD22_EVIDENCE,
        "MATCH ()-[r:TARGETS]->() WITH r MATCH (e:Evidence)-[:FROM]->(:Article) "
        "WHERE e.statement_id = r.statement_id AND (:Entity {name: 'CD22'})<-[r]-() "
        "RETURN e.sentence AS sentence",
    ],
)
def test_relationship_property_as_match_value_finds_the_evidence(kglite, query):
    # Before the rewrite kglite answered both with no rows (Neo4j: 3).
    sentences = sorted(row["sentence"] for row in kglite.read(query))
    assert len(sentences) == 3
    assert "Tisagenlecleucel does not target CD22." in sentences


@pytest.mark.parametrize("hops", ["*", "*2..", "*.."])
def test_unbounded_variable_length_is_refused_by_name(kglite, hops):
    with pytest.raises(UnsupportedCypher, match="without an upper bound.*use Neo4j"):
        kglite.read(f"MATCH (a:Article)-[{hops}]-(b) RETURN count(*) AS n")


def test_bounded_variable_length_runs(kglite):
    assert kglite.read("MATCH (a:Article)-[*1..2]-(b) RETURN count(*) AS n")[0]["n"] > 0
