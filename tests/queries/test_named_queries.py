"""Every named query on the CAR T graph, on kglite and on Neo4j, with the exact answers expected."""

from __future__ import annotations

import pytest
from biokg.queries import default_registry, run_query, to_dataframe, to_networkx
from graph_fixture import (
    BALL,
    CAR19,
    CAR22,
    CD19,
    CD22,
    CD22_TRIAL_SENTENCES,
    KYMRIAH,
    NEWS_SENTENCES,
    TISA,
    TISA_SENTENCES,
)

from biokg.errors import QueryError

BALL_NAME = "B-cell acute lymphoblastic leukemia"
CD22_TRIAL = "CD22-targeted CAR T cells in B-ALL after CD19-directed therapy"
NEWS = "After CD19, CD22: a second CAR T target for leukemia"

# One working call per named query: the registry test below fails when a query has none.
SAMPLES = {
    "articles_mentioning": {"entity": "B-ALL"},
    "changed_since": {"since": "2026-01-01"},
    "compare_outcomes": {"disease": "b all"},
    "disease_landscape": {"disease": "B-ALL"},
    "edge_evidence": {"subject": "CD22 CAR T cells", "object": "CD22"},
    "entity_search": {"text": "cd22"},
    "evidence_for_statements": {"statement_ids": "placeholder"},  # filled from a real edge
    "findings_for_therapies": {"therapy_ids": [CAR22, TISA]},
    "neighbourhood": {"entity": "CD22"},
    "resistance_chains": {},
    "therapies_for_target": {"target": "CD22"},
    "therapy_outcomes": {"therapy": "CD22 CAR T cells"},
    "therapy_people": {"therapy": "CD22 CAR T cells"},
    "view_links": {"disease": "B-ALL"},
}


def q(store, name, **params):
    return run_query(store, name, params)


def test_every_named_query_runs_and_answers(car_t_store):
    assert sorted(SAMPLES) == default_registry().names()
    sid = q(car_t_store, "therapies_for_target", target="CD22")[0]["statement_id"]
    for name, params in SAMPLES.items():
        if name == "evidence_for_statements":
            params = {"statement_ids": [sid]}
        assert q(car_t_store, name, **params), f"{name} returned no rows"


@pytest.mark.parametrize(
    "spelling",
    [
        "B-ALL",
        "b all",
        "BALL",
        "b‐all",  # U+2010 hyphen
        BALL_NAME,
        "b-cell ACUTE lymphoblastic-leukemia",
        "DOID:0080638",
        "doid 0080638",
    ],
)
def test_entity_search_ignores_case_hyphens_spacing_and_finds_aliases_and_curies(
    car_t_store, spelling
):
    rows = q(car_t_store, "entity_search", text=spelling)
    assert [(r["id"], r["name"], r["type"], r["matched"]) for r in rows] == [
        (BALL, BALL_NAME, "DISEASE", "exact")
    ]
    assert rows[0]["articles"] == 3
    assert rows[0]["aliases"] == ["B-ALL"]


def test_entity_search_partial_and_type(car_t_store):
    assert [r["id"] for r in q(car_t_store, "entity_search", text="CD22")] == [CD22]
    partial = q(car_t_store, "entity_search", text="cd22", partial=True)
    assert [(r["id"], r["matched"]) for r in partial] == [(CD22, "exact"), (CAR22, "partial")]
    drugs = q(car_t_store, "entity_search", text="cd22", partial=True, type="drug")
    assert [r["id"] for r in drugs] == [CAR22]
    assert q(car_t_store, "entity_search", text="CD3") == []


def test_therapies_for_target(car_t_store):
    rows = q(car_t_store, "therapies_for_target", target="cd-22")
    assert [(r["therapy_id"], r["target_id"]) for r in rows] == [(CAR22, CD22)]
    row = rows[0]
    assert (row["evidence_count"], row["article_count"]) == (2, 1)
    assert row["confidence"] == pytest.approx(0.99)  # noisy-OR of two sentences at 0.9
    assert row["diseases"] == [BALL_NAME]
    # "Tisagenlecleucel does not target CD22": listed only on request, with confidence 0.
    negated = q(car_t_store, "therapies_for_target", target="CD22", include_negated=True)
    assert [(r["therapy_id"], r["confidence"]) for r in negated] == [
        (CAR22, pytest.approx(0.99)),
        (TISA, 0.0),
    ]
    cd19 = q(car_t_store, "therapies_for_target", target="HGNC:1633")
    assert {(r["therapy_id"], tuple(r["brands"])) for r in cd19} == {
        (CAR19, ()),
        (TISA, ("Kymriah",)),
    }
    assert q(car_t_store, "therapies_for_target", target="CD22", min_confidence=0.995) == []


def test_disease_landscape(car_t_store):
    rows = q(car_t_store, "disease_landscape", disease="b-all")
    assert {(r["via"], r["therapy_id"], r["target_id"]) for r in rows} == {
        ("TREATS", CAR22, CD22),
        ("TREATS", TISA, CD19),
        ("TREATS", CAR19, CD19),
    }
    assert {r["disease_id"] for r in rows} == {BALL}
    # CD22 EXPRESSED_IN B-ALL is listed by itself only when no therapy for B-ALL hits CD22.
    strict = q(car_t_store, "disease_landscape", disease="B-ALL", min_confidence=0.9)
    assert {(r["via"], r["therapy_id"], r["target_id"]) for r in strict} == {
        ("TREATS", CAR22, CD22)
    }


def test_therapy_outcomes_with_numbers_population_and_article(car_t_store):
    rows = q(car_t_store, "therapy_outcomes", therapy="CD22 CAR-T cells")
    assert len(rows) == 1
    row = rows[0]
    assert (row["outcome"], row["rate"], row["n"], row["N"]) == ("complete remission", 0.73, 11, 15)
    assert row["population"] == "B-ALL relapsed after CD19-directed therapy"
    assert row["dose"] == "1e6 cells/kg"
    assert row["diseases"] == [BALL_NAME]
    assert (row["article_id"], row["title"]) == ("pmid:29155426", CD22_TRIAL)
    assert row["sentence"] == CD22_TRIAL_SENTENCES[2]
    # A brand finds its generic's findings.
    kymriah = q(car_t_store, "therapy_outcomes", therapy="kymriah")
    cols = ("as_named", "outcome", "rate", "n", "N", "duration", "hr", "risk_reduction")
    numbers = [tuple(r[c] for c in cols) for r in kymriah]
    assert numbers == [
        ("tisagenlecleucel", "overall remission", 0.81, 61, 75, "3 months", 0.58, None)
    ]
    # An outcome stated without numbers still comes back, from its evidence.
    relapse = q(car_t_store, "therapy_outcomes", therapy="CD19 CAR T cells")
    assert [(r["outcome"], r["rate"], r["title"], r["sentence"]) for r in relapse] == [
        ("relapse", None, NEWS, NEWS_SENTENCES[0])
    ]
    assert q(car_t_store, "therapy_outcomes", therapy="kymriah", outcome="relapse") == []


def test_compare_outcomes_across_therapies(car_t_store):
    rows = q(car_t_store, "compare_outcomes", disease="B-ALL")
    assert [(r["outcome"], r["therapy_id"], r["rate"], r["n"], r["N"]) for r in rows] == [
        ("complete remission", CAR22, 0.73, 11, 15),
        ("overall remission", TISA, 0.81, 61, 75),
    ]
    only = q(car_t_store, "compare_outcomes", disease="B-ALL", outcome="Complete Remission")
    assert [r["therapy_id"] for r in only] == [CAR22]


def test_edge_evidence(car_t_store):
    rows = q(car_t_store, "edge_evidence", subject="CD22 CAR T cells", object="cd22")
    assert sorted(r["sentence"] for r in rows) == sorted(
        [CD22_TRIAL_SENTENCES[0], CD22_TRIAL_SENTENCES[2]]
    )
    assert {(r["predicate"], r["title"], r["negated"]) for r in rows} == {
        ("TARGETS", CD22_TRIAL, False)
    }
    text = " ".join(CD22_TRIAL_SENTENCES)
    for row in rows:  # offsets point at the sentence in the article's text
        assert text[row["start"] : row["end"]] == row["sentence"]
    by_id = q(car_t_store, "edge_evidence", statement_id=rows[0]["statement_id"])
    assert sorted(r["sentence"] for r in by_id) == sorted(r["sentence"] for r in rows)
    assert (
        q(car_t_store, "edge_evidence", subject="CD22 CAR T cells", predicate="treats")[0]["object"]
        == BALL_NAME
    )
    negated = q(car_t_store, "edge_evidence", subject="tisagenlecleucel", object="CD22")
    assert [(r["sentence"], r["negated"]) for r in negated] == [(TISA_SENTENCES[3], True)]
    denied = {"subject": "tisagenlecleucel", "object": "CD22", "include_negated": False}
    assert q(car_t_store, "edge_evidence", **denied) == []
    assert q(car_t_store, "edge_evidence") == []  # nothing named, nothing dumped


def test_therapy_people(car_t_store):
    rows = q(car_t_store, "therapy_people", therapy="CD22 CAR T cells")
    assert [(r["name"], r["type"], r["role"], r["affiliations"]) for r in rows] == [
        ("Crystal Mackall", "PERSON", "INVESTIGATES", ["Stanford University"]),
        ("Terry Fry", "PERSON", "INVESTIGATES", ["National Cancer Institute"]),
    ]
    kymriah = q(car_t_store, "therapy_people", therapy="Kymriah")
    assert [(r["name"], r["role"], r["via"]) for r in kymriah] == [
        ("Novartis", "DEVELOPED_BY", "tisagenlecleucel")
    ]


def _links(rows):
    return {(r["source_id"], r["predicate"], r["target_id"]) for r in rows}


def test_neighbourhood_hops_types_predicates_confidence(car_t_store):
    one = q(car_t_store, "neighbourhood", entity="CD22")
    assert _links(one) == {(CAR22, "TARGETS", CD22), (CD22, "EXPRESSED_IN", BALL)}
    two = q(car_t_store, "neighbourhood", entity="CD22", hops=2, predicates="TARGETS,treats")
    assert _links(two) == {(CAR22, "TARGETS", CD22), (CAR22, "TREATS", BALL)}
    drugs = q(car_t_store, "neighbourhood", entity="CD22", hops=3, types=["DRUG"])
    assert _links(drugs) == {(CAR22, "TARGETS", CD22)}
    confident = q(car_t_store, "neighbourhood", entity="CD22", hops=2, min_confidence=0.95)
    assert _links(confident) == {(CAR22, "TARGETS", CD22), (CAR22, "TREATS", BALL)}
    with_negated = q(car_t_store, "neighbourhood", entity="CD22", include_negated=True)
    assert (TISA, "TARGETS", CD22) in _links(with_negated)


def test_articles_mentioning(car_t_store):
    rows = q(car_t_store, "articles_mentioning", entity="b all")
    assert [r["title"] for r in rows] == [
        NEWS,
        "Tisagenlecleucel in children and young adults with B-cell lymphoblastic leukemia",
        CD22_TRIAL,
    ]
    assert rows[2]["pmid"] == "29155426" and rows[2]["published"] == "2017-11-20"
    assert [r["article_id"] for r in q(car_t_store, "articles_mentioning", entity="ctl-019")] == [
        "doi:10.1056/nejmoa1709866"
    ]


def test_changed_since(car_t_store):
    rows = q(car_t_store, "changed_since", since="2026-01-01")
    assert {(r["change"], r["subject"], r["predicate"], r["object"]) for r in rows} == {
        ("new article", NEWS, None, None),
        ("new edge", "CD19 CAR T cells", "TARGETS", "CD19"),
        ("new edge", "CD19 CAR T cells", "TREATS", BALL_NAME),
        ("new edge", "CD19 CAR T cells", "HAS_OUTCOME", "relapse"),
        ("more evidence", "CD22 CAR T cells", "TREATS", BALL_NAME),
    }
    assert q(car_t_store, "changed_since", since="2026-03-02") == []
    since_2018 = q(car_t_store, "changed_since", since="2018-01-01")
    assert ("new edge", "Kymriah", "BRAND_OF", "tisagenlecleucel") in {
        (r["change"], r["subject"], r["predicate"], r["object"]) for r in since_2018
    }


def test_resistance_chains_cd19_relapse_then_cd22(car_t_store):
    rows = q(car_t_store, "resistance_chains")
    chains = {(r["first_therapy_id"], r["relapse_via"], r["second_therapy_id"]) for r in rows}
    assert chains == {
        # "Many patients relapse after CD19 CAR T cells" + CD22 CAR T cells for B-ALL.
        (CAR19, "HAS_OUTCOME", CAR22),
        # The CD22 trial's population relapsed after CD19-directed therapy.
        (CAR19, "population", CAR22),
        (TISA, "population", CAR22),
    }
    assert all(r["shared_diseases"] == [BALL_NAME] for r in rows)
    # Tisagenlecleucel does NOT target CD22: never a second step. Reversed targets: no chain.
    assert q(car_t_store, "resistance_chains", first_target="CD22", second_target="CD19") == []


def test_view_links_selections(car_t_store):
    by_disease = _links(q(car_t_store, "view_links", disease="B-ALL"))
    assert (KYMRIAH, "BRAND_OF", TISA) in by_disease
    assert {s for s, p, _ in by_disease if p == "TREATS"} == {CAR22, TISA, CAR19}
    by_target = _links(q(car_t_store, "view_links", target="CD22"))
    assert by_target == {
        (CAR22, "TARGETS", CD22),
        (CAR22, "TREATS", BALL),
        (CAR22, "HAS_OUTCOME", "biokg:outcome:complete_remission"),
    }
    by_ids = _links(q(car_t_store, "view_links", entity_ids=[CD19]))
    assert {s for s, _, _ in by_ids} == {CAR19, TISA, KYMRIAH}


def test_evidence_and_findings_in_bulk(car_t_store):
    sids = [r["statement_id"] for r in q(car_t_store, "view_links", target="CD22")]
    evidence = q(car_t_store, "evidence_for_statements", statement_ids=sids)
    assert {r["sentence"] for r in evidence} == {
        CD22_TRIAL_SENTENCES[0],
        CD22_TRIAL_SENTENCES[1],
        CD22_TRIAL_SENTENCES[2],
        NEWS_SENTENCES[2],
    }
    findings = q(car_t_store, "findings_for_therapies", therapy_ids=[CAR22, TISA, CAR19])
    assert {(r["therapy_id"], r["rate"], r["n"], r["N"]) for r in findings} == {
        (CAR22, 0.73, 11, 15),
        (TISA, 0.81, 61, 75),
    }


def test_results_as_dataframe_and_networkx(car_t_store):
    rows = q(car_t_store, "neighbourhood", entity="CD22")
    graph = to_networkx(rows)
    assert set(graph.nodes) == {CAR22, CD22, BALL}
    assert graph.nodes[CAR22]["name"] == "CD22 CAR T cells"
    assert graph.nodes[CD22]["type"] == "GENE"
    ((key, data),) = graph.get_edge_data(CAR22, CD22).items()
    assert data["predicate"] == "TARGETS" and data["evidence_count"] == 2
    assert key == rows[[r["target_id"] for r in rows].index(CD22)]["statement_id"]
    with pytest.raises(QueryError, match="source_id"):
        to_networkx(q(car_t_store, "entity_search", text="CD22"))
    import pandas  # in the test extra; optional for users

    frame = to_dataframe(q(car_t_store, "compare_outcomes", disease="B-ALL"))
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["rate"]) == [0.73, 0.81]
    assert list(to_dataframe([]).columns) == []


def test_bad_parameters_are_refused_before_the_store(car_t_store):
    with pytest.raises(QueryError, match="needs parameter 'target'"):
        q(car_t_store, "therapies_for_target")
    with pytest.raises(QueryError, match="no parameter tagret"):
        q(car_t_store, "therapies_for_target", tagret="CD22")
    with pytest.raises(QueryError, match="hops.*expects int"):
        q(car_t_store, "neighbourhood", entity="CD22", hops="two")
    with pytest.raises(QueryError, match="no named query 'nope'"):
        q(car_t_store, "nope")
