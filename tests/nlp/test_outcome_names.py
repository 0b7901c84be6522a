"""How outcome measures are named (sentences written for biokg; made-up drugs)."""

from __future__ import annotations

import pytest

from biokg.model import Document


def test_a_qualifier_that_makes_the_name_stays(default_extractor):
    text = (
        "With zorbrutinib, the primary reasons for discontinuation were progressive disease "
        "(21%) and adverse events (11%); median overall survival was 31 months."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:outcome-names"))
    outcomes = {e.name for e in extraction.entities if e.type.value == "OUTCOME"}
    assert "progressive disease" in outcomes
    assert "disease" not in outcomes
    # A qualifier of a measure still folds away.
    assert "overall survival" in outcomes


def test_people_who_had_an_outcome_are_no_measure(default_extractor):
    text = (
        "With velnotinib, complete MRD responders had longer relapse-free survival (23.6 vs "
        "5.7 months) than non-responders."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:responders"))
    outcomes = {e.name for e in extraction.entities if e.type.value == "OUTCOME"}
    assert outcomes == {"relapse-free survival"}


@pytest.mark.parametrize(
    ("text", "drug", "measure", "figures"),
    [
        ("Torvacel, a gene therapy from Harwell Bio, was given to 31 patients with beta "
         "thalassemia. Freedom from transfusions for at least 12 months was achieved by 29 of "
         "the 31 patients (94%).\n", "torvacel", "freedom from transfusions", (0.94, 29, 31)),
        ("Of the 44 patients with sickle cell disease who received fendocel, 39 (89%) were free "
         "of severe pain crises for at least a year.\n", "fendocel",
         "freedom from severe pain crises", (0.89, 39, 44)),
    ],
    ids=["freedom-from", "free-of"],
)  # fmt: skip
def test_freedom_from_an_event_is_a_measure(default_extractor, text, drug, measure, figures):
    extraction = default_extractor.extract(Document(text=text))
    names = {e.id: e.name for e in extraction.entities}
    found = {
        (names[r.subject], names[r.object]): r.attributes
        for r in extraction.relations
        if r.predicate.value == "HAS_OUTCOME"
    }
    attributes = found.get((drug, measure))
    assert attributes is not None, found
    assert (attributes["rate"], attributes["n"], attributes["N"]) == figures
