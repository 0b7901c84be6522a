"""Copulas, appositions and administration verbs link a named drug to what the sentence says."""

from __future__ import annotations

from nlp_helpers import relations

from biokg.model import Document

TEXT = (
    "Lisocabtagene maraleucel is a CD19-directed CAR T-cell therapy developed by Juno "
    "Therapeutics. It was studied in adults with large B-cell lymphoma."
)


def test_copular_description_passes_target_and_developer_to_the_named_drug(extractor):
    extraction = extractor.extract(Document(text=TEXT))
    assert relations(extraction, "lisocabtagene maraleucel", "TARGETS", "CD19")
    assert relations(extraction, "lisocabtagene maraleucel", "DEVELOPED_BY", "Juno Therapeutics")


def test_administration_is_treatment(extractor):
    text = "Brexucabtagene autoleucel was given to adults with relapsed mantle cell lymphoma."
    extraction = extractor.extract(Document(text=text))
    assert relations(extraction, "brexucabtagene autoleucel", "TREATS", "mantle cell lymphoma")
