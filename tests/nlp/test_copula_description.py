"""Copulas, appositions and administration verbs link a named drug to what the sentence says."""

from __future__ import annotations

import pytest
import spacy
from biokg.nlp.sentences import is_headline
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


def test_a_name_no_recogniser_took_is_the_drug_its_description_says(extractor, default_extractor):
    text = (
        "ZX401B is a fully human BCMA-directed CAR T-cell therapy. Eighteen patients with "
        "multiple myeloma received ZX401B, and the overall response rate was 83%."
    )
    for pipeline in (extractor, default_extractor):
        extraction = pipeline.extract(Document(text=text))
        drugs = {e.name for e in extraction.entities if e.type == "DRUG"}
        # One drug: the description is ZX401B, no second, generic construct.
        assert drugs == {"ZX401B"}, drugs
        assert relations(extraction, "ZX401B", "TARGETS", "BCMA")


def test_a_pronoun_is_no_name(extractor):
    extraction = extractor.extract(Document(text="It is a CD19-directed CAR T-cell therapy."))
    assert not [e for e in extraction.entities if e.name.casefold() == "it"]


def test_a_new_name_a_model_took_for_a_company_is_the_drug_its_description_says(
    default_extractor,
):
    text = (
        "Velqara, a CD19-directed CAR T-cell therapy from Bristol Myers Squibb, is approved for "
        "follicular lymphoma.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    types = {e.name: e.type for e in extraction.entities}
    assert types.get("Velqara") == "DRUG", types
    assert relations(extraction, "Velqara", "TARGETS", "CD19")
    assert relations(extraction, "Velqara", "DEVELOPED_BY", "Bristol Myers Squibb")


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Unit Ten Advances CD19 CAR T Cells Toward Clinical Success In Lymphoma", True),
        ("CD19 CAR T cells induced remissions in 12 of 20 patients with lymphoma.", False),
        ("Velqara, a CAR T-cell therapy from Acme Bio, is approved.", False),
    ],
)
def test_a_headline_is_told_from_a_sentence(text, headline):
    # In a headline every word is capitalised, so capitals name nothing there: a description
    # is tied to no capitalised word of it (`descriptions._unrecognised_subject`).
    nlp = spacy.blank("en")
    assert is_headline(nlp(text)[:]) is headline
