"""Results told as what counted patients did (own sentences): "22 responded", "4% stopped
treatment because of side effects", or as what a therapy did in them ("X shrank tumours in 12
of 30 patients"), or as a threshold they reached ("62% reached an HbA1c below 7.0%"), are
outcomes with their numbers; what patients had before
("25 had relapsed after X") and a verb whose complement is the measure are not."""

from __future__ import annotations

import pytest
from biokg.nlp.outcome_clauses import outcome_clauses

from biokg.model import Document


def _outcomes_of(extractor, doc_id: str, text: str, drug: str) -> dict[str, dict]:
    """The drug's outcomes by name, with their attributes."""
    extraction = extractor.extract(Document(id=doc_id, text=text))
    names = {e.id: e.name for e in extraction.entities}
    return {
        names[r.object]: r.attributes
        for r in extraction.relations
        if r.predicate.value == "HAS_OUTCOME" and names[r.subject] == drug
    }


@pytest.fixture(scope="module")
def parse(default_extractor):
    names = default_extractor.nlp.pipe_names
    later = names[names.index("biokg_rule_ner") :]

    def run(text: str):
        with default_extractor.nlp.select_pipes(disable=later):
            return [s.text for s in outcome_clauses(default_extractor.nlp(text))]

    return run


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Among 40 patients treated with korvatinib, 22 responded.", ["responded"]),
        (
            "Eight percent of patients given korvatinib discontinued treatment because of "
            "toxicity.",
            ["discontinued treatment because of toxicity"],
        ),
        ("Five patients relapsed within the first year.", ["relapsed"]),
        # What the patients had before, and who is counted by no number, did nothing measured.
        ("Of the 40 patients enrolled, 25 had relapsed after lirocabtagene autoleucel.", []),
        ("The patients responded well to korvatinib.", []),
        # The measure is the complement: the trained NER names it.
        ("Twelve of 30 patients achieved complete remission.", []),
        # A therapy's deed in counted patients; not one done in no counted patients.
        ("Korvatinib shrank tumours in 12 of 30 patients (40%).", ["shrank tumours"]),
        (
            "Velnostat halted disease progression in 21 of 30 patients with myelofibrosis.",
            ["halted disease progression"],
        ),
        ("The drug shrank tumours in mice.", []),
        # A threshold counted patients reached is the measure and its threshold; a change
        # they achieved is a noun the trained NER names.
        (
            "After 24 weeks, 58% of participants reached an HbA1c below 6.5%.",
            ["HbA1c below 6.5%"],
        ),
        (
            "Overall, 41 of 52 patients (79%) attained a viral load of less than 20 copies "
            "per mL at week 24.",
            ["viral load of less than 20 copies per mL"],
        ),
        ("At week 12, 64% of patients achieved a 90% reduction in the PASI score.", []),
        ("The cohort reached an HbA1c below 6.5%.", []),
    ],
)
def test_results_told_as_what_counted_patients_did(parse, text, found):
    assert parse(text) == found


def test_a_result_told_as_a_verb_is_the_drugs_outcome_with_its_numbers(default_extractor):
    text = (
        "Among 40 patients treated with korvatinib, 22 responded. Eight patients (20%) "
        "discontinued treatment because of toxicity.\n"
    )
    outcomes = _outcomes_of(default_extractor, "clauses", text, "korvatinib")
    assert outcomes.get("responded", {}).get("n") == 22, outcomes
    assert outcomes.get("responded", {}).get("N") == 40, outcomes
    stopped = outcomes.get("discontinued treatment because of toxicity", {})
    assert stopped.get("n") == 8 and stopped.get("rate") == 0.2, outcomes


def test_a_threshold_reached_is_the_drugs_outcome_with_its_share(default_extractor):
    text = (
        "In the trial, 47% of patients on sorvimab achieved an LDL cholesterol level below "
        "70 mg/dL.\n"
    )
    outcomes = _outcomes_of(default_extractor, "threshold", text, "sorvimab")
    # The threshold's figure is neither the share nor a dose; the stop is no part of the name.
    assert outcomes.get("LDL cholesterol level below 70 mg/dL") == {"rate": 0.47}, outcomes


def test_a_threshold_is_not_the_measure_it_is_of(default_extractor):
    # "HbA1c below 6.5%" counts patients, "HbA1c" is a level: two outcomes, not one.
    text = (
        "Adults with type 2 diabetes received dunaglutide for 30 weeks. HbA1c fell by 1.9 "
        "percentage points. By week 30, 52% of patients on dunaglutide reached an HbA1c below "
        "6.5%.\n"
    )
    outcomes = _outcomes_of(default_extractor, "threshold-apart", text, "dunaglutide")
    assert outcomes.get("HbA1c below 6.5%", {}).get("rate") == 0.52, outcomes
    assert "HbA1c" in outcomes, outcomes


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # A disease told as a harm that befell counted patients is a quantified safety event.
        (
            "Among 300 adults with obesity treated with velaglutide, one case of acute "
            "pancreatitis was reported.",
            "acute pancreatitis",
            "OUTCOME",
        ),
        ("Hepatitis occurred in 4% of patients receiving corvatinib.", "Hepatitis", "OUTCOME"),
        (
            "In the study of delvistrogene, no patient had myocarditis or thrombotic "
            "microangiopathy.",
            "thrombotic microangiopathy",
            "OUTCOME",
        ),
        # Who enrolled, and the disease the patients had, stay diseases.
        (
            "Of the 60 patients treated with rimtuzumab, 35 had diffuse large B-cell lymphoma.",
            "diffuse large B-cell lymphoma",
            "DISEASE",
        ),
        (
            "Rimtuzumab was given to 40 patients with follicular lymphoma. Follicular lymphoma "
            "was reported in 2 of their siblings.",
            "follicular lymphoma",
            "DISEASE",
        ),
    ],
)
def test_a_harm_that_befell_counted_patients_is_an_outcome(default_extractor, text, name, kind):
    extraction = default_extractor.extract(Document(id="harm", text=text + "\n"))
    types = {e.name.casefold(): e.type.value for e in extraction.entities}
    assert types.get(name.casefold()) == kind, types
