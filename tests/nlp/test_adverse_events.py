"""Adverse events reported as results of a therapy are OUTCOMEs of it, not diseases."""

from __future__ import annotations

from nlp_helpers import by_name

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
