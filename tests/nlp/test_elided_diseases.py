"""Diseases that share one noun ("ovarian and endometrial cancers") are each a disease, with
the relations the sentence states of them (own sentences)."""

from __future__ import annotations

import pytest
from nlp_helpers import triples

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "drug", "diseases"),
    [
        ("Velcamab is being tested in breast, lung and colorectal cancers.\n",
         "velcamab", {"breast cancer", "lung cancer"}),
        ("Patients with non-small cell lung or head and neck cancer received zelvitamab.\n",
         "zelvitamab", {"non-small cell lung cancer", "head and neck cancer"}),
    ],
    ids=["three-cancers", "two-with-modifiers"],
)  # fmt: skip
def test_each_disease_before_a_shared_noun_is_treated(default_extractor, text, drug, diseases):
    extraction = default_extractor.extract(Document(text=text))
    names = {e.name.casefold() for e in extraction.entities if str(e.type) == "DISEASE"}
    assert diseases <= names, names
    found = triples(extraction, casefold=True)
    assert {(drug, "TREATS", d) for d in diseases} <= found, found


def test_a_marker_on_two_cancers_is_expressed_in_both(default_extractor):
    text = "B7-H4 is found on the surface of most ovarian and endometrial cancers.\n"
    found = triples(default_extractor.extract(Document(text=text)), casefold=True)
    assert ("b7-h4", "EXPRESSED_IN", "ovarian cancer") in found, found


def test_words_that_name_no_disease_with_the_noun_stay_apart(default_extractor):
    # "most" and "early" before a shared noun name no disease of their own.
    text = "Most and early cancers were treated with velcamab.\n"
    extraction = default_extractor.extract(Document(text=text))
    names = {e.name.casefold() for e in extraction.entities}
    assert not names & {"most cancer", "early cancer", "most", "early"}, names
