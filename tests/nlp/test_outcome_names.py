"""How outcome measures are named (sentences written for biokg; made-up drugs)."""

from __future__ import annotations

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
