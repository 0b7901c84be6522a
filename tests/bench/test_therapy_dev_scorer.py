"""The therapy dev-set scorer (bench/eval_therapy_dev.py) on tiny hand-made predictions.

No spaCy here: the scorer takes plain dicts, and these tests pin how it matches entities by
names/aliases per type, relations by (subject, predicate, object), and outcome numbers.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from biokg.identity import normalise_name

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "eval_therapy_dev", REPO / "bench/eval_therapy_dev.py"
)
ev = importlib.util.module_from_spec(_spec)
sys.modules["eval_therapy_dev"] = ev  # dataclasses look their module up there
_spec.loader.exec_module(ev)

GOLD = {
    "file": "x.txt",
    "entities": [
        {"type": "DRUG", "name": "tisagenlecleucel", "aliases": ["CTL019"]},
        {"type": "DRUG", "name": "Kymriah", "aliases": []},
        {"type": "GENE", "name": "CD19", "aliases": []},
        {"type": "DISEASE", "name": "B-cell acute lymphoblastic leukemia", "aliases": ["B-ALL"]},
        {"type": "OUTCOME", "name": "complete remission", "aliases": ["CR"]},
        {"type": "ORGANIZATION", "name": "Novartis", "aliases": []},
    ],
    "relations": [
        {"subject": "Kymriah", "predicate": "BRAND_OF", "object": "tisagenlecleucel"},
        {"subject": "tisagenlecleucel", "predicate": "TARGETS", "object": "CD19"},
        {
            "subject": "CD19",
            "predicate": "ASSOCIATED_WITH",
            "object": "B-cell acute lymphoblastic leukemia",
        },
        {
            "subject": "tisagenlecleucel",
            "predicate": "HAS_OUTCOME",
            "object": "complete remission",
            "attributes": {"rate": 0.81, "n": 61, "N": 75, "duration": "6 months"},
        },
        {"subject": "tisagenlecleucel", "predicate": "DEVELOPED_BY", "object": "Novartis"},
    ],
}  # fmt: skip


def ent(id_, type_, name, *aliases):
    return {"id": id_, "type": type_, "name": name, "aliases": list(aliases)}


def rel(s, p, o, negated=False, **attributes):
    return {"subject": s, "predicate": p, "object": o, "negated": negated, "attributes": attributes}


PERFECT_ENTITIES = [
    ent("d1", "DRUG", "Tisagenlecleucel"),
    ent("d2", "DRUG", "KYMRIAH"),
    ent("g1", "GENE", "CD19"),
    ent("x1", "DISEASE", "B‐ALL"),  # a Unicode hyphen: normalise_name folds it
    ent("o1", "OUTCOME", "complete remission"),
    ent("c1", "ORGANIZATION", "Novartis"),
]
PERFECT_RELATIONS = [
    rel("d2", "BRAND_OF", "d1"),
    rel("d1", "TARGETS", "g1"),
    rel("g1", "ASSOCIATED_WITH", "x1"),
    rel("d1", "HAS_OUTCOME", "o1", rate=0.81, n=61, N=75, duration="6 months"),
    rel("d1", "DEVELOPED_BY", "c1"),
]


def test_perfect_prediction_scores_one_everywhere():
    score = ev.score_document(GOLD, {"entities": PERFECT_ENTITIES, "relations": PERFECT_RELATIONS})
    report = ev.summarise([score])
    assert (report.entity_micro.precision, report.entity_micro.recall) == (1.0, 1.0)
    assert report.relation_micro.f1 == 1.0
    assert report.relation_micro.gold == 5
    assert report.attributes["rate"] == {"gold": 1, "correct": 1}
    assert not (score.entity_fp or score.entity_fn or score.relation_fp or score.relation_fn)


def test_entities_match_by_alias_within_type_only():
    preds = [
        ent("a", "DRUG", "ctl-019"),  # alias of tisagenlecleucel after normalisation
        ent("b", "GENE", "B-ALL"),  # right name, wrong type
        ent("c", "DISEASE", "acute leukemia"),  # no such name
    ]
    assert ev.match_entities(GOLD["entities"], preds) == {"a": [], "b": [], "c": []}
    preds[0]["name"] = "CTL019"
    assert ev.match_entities(GOLD["entities"], preds)["a"] == ["tisagenlecleucel"]
    score = ev.score_document(GOLD, {"entities": preds, "relations": []})
    assert ("GENE", "B-ALL", "wrong type") in score.entity_fp
    assert ("DISEASE", "acute leukemia", "not in gold") in score.entity_fp
    assert score.entities["DRUG"].pred_ok == 1 and score.entities["DRUG"].gold_ok == 1
    assert score.entities["DISEASE"].gold_ok == 0


def test_predicted_aliases_count_for_matching():
    preds = [ent("x", "DISEASE", "acute lymphoblastic leukaemia, B-cell", "B-ALL")]
    assert ev.match_entities(GOLD["entities"], preds)["x"] == [
        "B-cell acute lymphoblastic leukemia"
    ]


def test_split_entity_is_correct_twice_for_precision_and_once_for_recall():
    preds = [ent("a", "DRUG", "tisagenlecleucel"), ent("b", "DRUG", "CTL019")]
    score = ev.score_document(GOLD, {"entities": preds, "relations": []})
    drug = score.entities["DRUG"]
    assert (drug.pred, drug.pred_ok, drug.gold, drug.gold_ok) == (2, 2, 2, 1)


def test_split_entities_stating_one_relation_count_once():
    preds = PERFECT_ENTITIES + [ent("d3", "DRUG", "CTL019")]
    rels = [rel("d1", "TARGETS", "g1"), rel("d3", "TARGETS", "g1")]
    report = ev.summarise([ev.score_document(GOLD, {"entities": preds, "relations": rels})])
    targets = report.relations["TARGETS"]
    assert (targets.pred, targets.pred_ok, targets.gold_ok) == (1, 1, 1)


def test_directed_predicates_must_keep_direction_but_associated_with_is_symmetric():
    rels = [rel("d1", "BRAND_OF", "d2"), rel("x1", "ASSOCIATED_WITH", "g1")]
    score = ev.score_document(GOLD, {"entities": PERFECT_ENTITIES, "relations": rels})
    assert score.relations["ASSOCIATED_WITH"].pred_ok == 1
    assert ((("tisagenlecleucel", "BRAND_OF", "Kymriah")), "reversed") in score.relation_fp
    assert (("Kymriah", "BRAND_OF", "tisagenlecleucel"), "relation missed") in score.relation_fn


def test_false_positive_and_negative_classes():
    preds = PERFECT_ENTITIES[:3] + [ent("z", "ORGANIZATION", "Stanford")]
    rels = [
        rel("d1", "TREATS", "g1"),  # both ends gold, same pair as a gold TARGETS
        rel("d2", "TARGETS", "g1"),  # both ends gold, pair not in gold
        rel("d1", "DEVELOPED_BY", "z"),  # an end that is no gold entity
        rel("d1", "TARGETS", "g1", negated=True),  # gold states it positively
    ]
    score = ev.score_document(GOLD, {"entities": preds, "relations": rels})
    classes = {t: c for t, c in score.relation_fp}
    assert classes[("tisagenlecleucel", "TREATS", "CD19")] == "wrong predicate"
    assert classes[("Kymriah", "TARGETS", "CD19")] == "unlisted pair"
    assert classes[("tisagenlecleucel", "DEVELOPED_BY", "?Stanford")] == "end not a gold entity"
    assert classes[("tisagenlecleucel", "TARGETS", "CD19")] == "wrong negation"
    missed = dict((t, c) for t, c in score.relation_fn)
    assert missed[("tisagenlecleucel", "DEVELOPED_BY", "Novartis")] == "entity missed"
    assert missed[("tisagenlecleucel", "TARGETS", "CD19")] == "relation missed"
    report = ev.summarise([score])
    assert report.relation_micro.pred == 4 and report.relation_micro.pred_ok == 0


def test_outcome_attributes_rate_tolerance_counts_and_duration():
    def attrs_score(**attributes):
        rels = [rel("d1", "HAS_OUTCOME", "o1", **attributes)]
        return ev.score_document(GOLD, {"entities": PERFECT_ENTITIES, "relations": rels})

    score = attrs_score(rate=61 / 75, n=61, N=15, duration="6 month")
    assert score.attributes["rate"]["correct"] == 1  # 0.813 is "81%"
    assert score.attributes["n"]["correct"] == 1
    assert score.attributes["N"]["wrong"] == 1
    assert score.attributes["duration"]["correct"] == 1
    assert (("tisagenlecleucel", "HAS_OUTCOME", "complete remission"), "N", 75, 15) in (
        score.attribute_errors
    )
    score = attrs_score(rate=0.73)
    assert score.attributes["rate"]["wrong"] == 1
    assert score.attributes["n"]["missing"] == 1
    # the relation itself is still right: attributes are scored apart
    assert score.relations["HAS_OUTCOME"].pred_ok == 1


def test_attribute_correct_edge_cases():
    assert ev.attribute_correct("rate", 0.5, "0.5")
    assert not ev.attribute_correct("rate", 0.5, "half")
    assert not ev.attribute_correct("n", 11, None)
    assert ev.attribute_correct("duration", "18.4 months", "18.4 Months")
    assert not ev.attribute_correct("duration", "18.4 months", "18 months")


def test_missing_prediction_and_empty_counts():
    report = ev.score_all([GOLD], {})
    assert report.entity_micro.recall == 0.0 and report.entity_micro.precision == 0.0
    assert report.relation_micro.f1 == 0.0
    assert report.fn_classes == {"entity missed": 5}
    text = ev.format_report(report, show_errors=True)
    assert "micro" in text and "x.txt" in text


def test_gold_checks_reject_bad_lines(tmp_path):
    bad = dict(GOLD, relations=[{"subject": "Kymriah", "predicate": "MAKES", "object": "CD19"}])
    with pytest.raises(ValueError, match="unknown predicate 'MAKES'"):
        ev.check_gold_doc(bad, "line 1")
    dangling = dict(GOLD, relations=[{"subject": "X", "predicate": "TARGETS", "object": "CD19"}])
    with pytest.raises(ValueError, match="'X' is not exactly one gold entity"):
        ev.check_gold_doc(dangling, "line 1")
    path = tmp_path / "gold.jsonl"
    path.write_text('{"file": "a.txt", \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold.jsonl:1: not JSON"):
        ev.load_gold(path)


def test_the_dev_set_itself_is_consistent():
    """Every document has a gold line and a header; every gold entity is named in its text."""
    gold = ev.load_gold(ev.DEV_DIR / "gold.jsonl")
    files = sorted(p.name for p in ev.DEV_DIR.glob("*.txt"))
    assert sorted(g["file"] for g in gold) == files and 16 <= len(files) <= 20
    for g in gold:
        raw = (ev.DEV_DIR / g["file"]).read_text(encoding="utf-8")
        header, body = raw.split("\n\n", 1)
        assert re.match(r"Title: .+\nSource: biokg therapy dev set \(written for biokg\)\n", header)
        assert 150 <= len(body.split()) <= 400, g["file"]
        text = f" {normalise_name(raw)} "
        for e in g["entities"]:
            names = ev.forms(e["name"], e["aliases"])
            assert any(f" {n} " in text for n in names), (g["file"], e["name"])
        assert any(r["predicate"] == "HAS_OUTCOME" for r in g["relations"]), g["file"]


def test_entity_error_classes():
    preds = [
        ent("a", "GENE", "B-ALL"),  # a gold DISEASE name typed GENE
        ent("b", "DISEASE", "lymphoblastic leukemia"),  # words inside a gold DISEASE name
        ent("c", "ORGANIZATION", "Kymriah"),  # the brand typed as a company
        ent("d", "DISEASE", "tumours"),
        ent("t", "DRUG", "tisagenlecleucel"),
    ]
    rels = [rel("t", "DEVELOPED_BY", "c")]
    score = ev.score_document(GOLD, {"entities": preds, "relations": rels})
    assert set(score.entity_fp) == {
        ("GENE", "B-ALL", "wrong type"),
        ("DISEASE", "lymphoblastic leukemia", "boundary"),
        ("ORGANIZATION", "Kymriah", "wrong type"),
        ("DISEASE", "tumours", "not in gold"),
    }
    fn = {name: cause for _, name, cause in score.entity_fn}
    assert fn["Kymriah"] == "wrong type" and fn["Novartis"] == "missed"
    assert fn["B-cell acute lymphoblastic leukemia"] == "wrong type"  # B-ALL came as a GENE
    assert score.relation_fp == [
        (("tisagenlecleucel", "DEVELOPED_BY", "?Kymriah"), "end mistyped or mis-bounded")
    ]
    report = ev.summarise([score])
    assert report.entity_fp_classes == {"wrong type": 2, "boundary": 1, "not in gold": 1}
