"""Adverse events reported as results of a therapy are OUTCOMEs of it, not diseases."""

from __future__ import annotations

from nlp_helpers import by_name, pairs, triples

from biokg.model import Document


def test_adverse_events_are_outcomes_of_the_drug(extractor):
    text = (
        "In the phase 2 study, lisocabtagene maraleucel led to neurologic events in 30% of "
        "patients, and tumor lysis syndrome occurred in two of them."
    )
    extraction = extractor.extract(Document(text=text))
    drug = by_name(extraction, "lisocabtagene maraleucel", "DRUG")
    for name in ("neurologic events", "tumor lysis syndrome"):
        outcome = by_name(extraction, name, "OUTCOME")
        assert any(
            r.subject == drug.id and r.predicate == "HAS_OUTCOME" and r.object == outcome.id
            for r in extraction.relations
        ), name


def test_a_disease_listed_with_outcomes_is_one_of_them(default_extractor):
    # GUIDE.md: adverse events are no diseases; quantified, they are outcomes.
    text = (
        "Ninety-nine patients with CLL received velnostat. Common adverse events were diarrhea "
        "(52%) and headache (51%). Atrial fibrillation and major bleeding AEs (all grades) "
        "occurred in 7% and 5% of patients, respectively.\n"
    )
    extraction = default_extractor.extract(Document(id="listed-ae", text=text))
    types = {e.name.casefold(): str(e.type) for e in extraction.entities}
    assert types["atrial fibrillation"] == "OUTCOME"
    assert types["cll"] == "DISEASE"
    names = {e.id: e.name.casefold() for e in extraction.entities}
    outcomes = {names[r.object]: r.attributes for r in extraction.relations
                if str(r.predicate) == "HAS_OUTCOME"}  # fmt: skip
    assert outcomes["atrial fibrillation"]["rate"] == 0.07


def test_a_drug_said_only_to_cause_a_disease_does_not_treat_it(default_extractor):
    text = (
        "The kinase blockers velnostat and zorbatinib, which are reported to cause torsade de "
        "pointes in clinical practice, produced early afterdepolarization in stem cell-derived "
        "cardiomyocytes.\n"
    )
    extraction = default_extractor.extract(Document(id="cause", text=text))
    assert not [r for r in extraction.relations if str(r.predicate) == "TREATS"]
    # What it says is harm: GUIDE.md's ASSOCIATED_WITH.
    assert ("velnostat", "ASSOCIATED_WITH", "torsade de pointes") in triples(
        extraction, casefold=True
    )


def test_a_drug_that_induces_remission_treats(default_extractor):
    text = "Velnostat induced complete remission of hairy cell leukemia in 9 of 12 patients.\n"
    extraction = default_extractor.extract(Document(id="remission", text=text))
    treats = pairs(extraction, "TREATS", casefold=True)
    assert ("velnostat", "hairy cell leukemia") in treats


def test_a_harm_is_one_outcome_under_its_long_and_short_names(default_extractor):
    # The long form was read as a counted harm, its short form as a disease: two entities,
    # and the second drug's result went to neither.
    text = (
        "Amyloid-related imaging abnormalities with edema (ARIA-E) occurred in 12.1% of patients "
        "given delsarimab versus 2.0% of those given placebo; symptomatic ARIA-E occurred in "
        "1.2%. In the second trial, no participant receiving vorantimab had ARIA-E.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    outcome = by_name(extraction, "ARIA-E", "OUTCOME")
    assert "amyloid-related imaging abnormalities with edema" in {
        outcome.name.casefold(),
        *(a.casefold() for a in outcome.aliases),
    }, outcome
    assert not [e for e in extraction.entities if str(e.type) == "DISEASE"], extraction.entities
