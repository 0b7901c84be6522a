"""A result reported as a cut in the risk of an event (sentences written for biokg; made-up
drugs): the outcome is the measure that event ends, the figure is the cut, not a rate."""

from __future__ import annotations

from nlp_helpers import relations

from biokg.model import Document


def _outcomes(extractor, text, name):
    extraction = extractor.extract(Document(text=text, url=f"u:{name}"))
    return extraction, {e.name: e for e in extraction.entities if e.type.value == "OUTCOME"}


def test_a_cut_in_the_risk_of_death_is_an_overall_survival_result(default_extractor):
    text = (
        "In the phase 3 VANTIS trial, korvenimab reduced the risk of death by 26% compared "
        "with placebo in patients with heart failure."
    )
    extraction, outcomes = _outcomes(default_extractor, text, "risk-of-death")
    assert [m.text for m in outcomes["overall survival"].mentions] == ["risk of death"]
    (found,) = relations(extraction, "korvenimab", "HAS_OUTCOME", "overall survival")
    assert found.attributes["risk_reduction"] == 0.26
    assert "rate" not in found.attributes


def test_a_relative_reduction_and_its_hazard_ratio(default_extractor):
    text = (
        "Pexalimab led to a 31% reduction in the risk of death (hazard ratio 0.69; 95% CI, "
        "0.55-0.86)."
    )
    extraction, _ = _outcomes(default_extractor, text, "hazard-ratio")
    (found,) = relations(extraction, "pexalimab", "HAS_OUTCOME", "overall survival")
    assert found.attributes["risk_reduction"] == 0.31
    assert found.attributes["HR"] == 0.69


def test_two_endpoints_stay_two_and_keep_their_own_cuts(default_extractor):
    text = (
        "Zelpatinib cut the risk of disease progression or death by 58% in the SOLANO trial. "
        "Median overall survival was 19.4 months with zelpatinib and 12.1 months with placebo, "
        "and zelpatinib reduced the risk of death by 37%."
    )
    extraction, outcomes = _outcomes(default_extractor, text, "endpoints")
    assert {"progression-free survival", "overall survival"} <= outcomes.keys()
    (pfs,) = relations(extraction, "zelpatinib", "HAS_OUTCOME", "progression-free survival")
    (os_,) = relations(extraction, "zelpatinib", "HAS_OUTCOME", "overall survival")
    assert pfs.attributes["risk_reduction"] == 0.58
    assert os_.attributes["risk_reduction"] == 0.37
    assert "rate" not in os_.attributes


def test_the_comparator_does_not_take_the_cut(default_extractor):
    text = (
        "Tavralisib cut the risk of disease progression or death by 42% versus docetaxel in "
        "non-small cell lung cancer."
    )
    extraction, _ = _outcomes(default_extractor, text, "comparator")
    (found,) = relations(extraction, "tavralisib", "HAS_OUTCOME", "progression-free survival")
    assert found.attributes["risk_reduction"] == 0.42
    for other in relations(extraction, "docetaxel", "HAS_OUTCOME", "progression-free survival"):
        assert "risk_reduction" not in other.attributes


def test_a_risk_no_result_cuts_is_no_outcome(default_extractor):
    text = "Patients at high risk of relapse after transplant received morvalimab."
    _, outcomes = _outcomes(default_extractor, text, "at-risk")
    assert "relapse-free survival" not in outcomes


def test_the_share_free_of_an_event_is_that_events_free_survival(default_extractor):
    text = "At 3 years, 72% of patients given zorvatinib were free of relapse."
    extraction, outcomes = _outcomes(default_extractor, text, "free-of")
    assert [m.text for m in outcomes["relapse-free survival"].mentions] == ["free of relapse"]
    (found,) = relations(extraction, "zorvatinib", "HAS_OUTCOME", "relapse-free survival")
    assert found.attributes["rate"] == 0.72


def test_a_period_spelled_out_is_no_count(default_extractor):
    text = (
        "Two years after treatment with zorvatinib, 65% of patients remained alive and free of "
        "disease progression."
    )
    extraction, _ = _outcomes(default_extractor, text, "spelled-period")
    (found,) = relations(extraction, "zorvatinib", "HAS_OUTCOME", "progression-free survival")
    assert found.attributes["rate"] == 0.65
    assert "n" not in found.attributes
