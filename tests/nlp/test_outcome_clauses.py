"""Results told as what counted patients did (own sentences): "22 responded", "4% stopped
treatment because of side effects", or as what a therapy did in them ("X shrank tumours in 12
of 30 patients"), are outcomes with their numbers; what patients had before
("25 had relapsed after X") and a verb whose complement is the measure are not."""

from __future__ import annotations

import pytest
from biokg.nlp.outcome_clauses import outcome_clauses

from biokg.model import Document


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
    ],
)
def test_results_told_as_what_counted_patients_did(parse, text, found):
    assert parse(text) == found


def test_a_result_told_as_a_verb_is_the_drugs_outcome_with_its_numbers(default_extractor):
    text = (
        "Among 40 patients treated with korvatinib, 22 responded. Eight patients (20%) "
        "discontinued treatment because of toxicity.\n"
    )
    extraction = default_extractor.extract(Document(id="clauses", text=text))
    names = {e.id: e.name for e in extraction.entities}
    outcomes = {
        names[r.object]: r.attributes
        for r in extraction.relations
        if r.predicate.value == "HAS_OUTCOME" and names[r.subject] == "korvatinib"
    }
    assert outcomes.get("responded", {}).get("n") == 22, outcomes
    assert outcomes.get("responded", {}).get("N") == 40, outcomes
    stopped = outcomes.get("discontinued treatment because of toxicity", {})
    assert stopped.get("n") == 8 and stopped.get("rate") == 0.2, outcomes
