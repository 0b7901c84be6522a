"""Where people work, as sentences state it (sentences written for biokg; made-up people)."""

from __future__ import annotations

import pytest
from nlp_helpers import triples

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (
            "The trial was led by Dr. Anna Weiss (Stanford University) and Dr. Omar Haddad "
            "(Mayo Clinic).\n",
            {("Anna Weiss", "Stanford University"), ("Omar Haddad", "Mayo Clinic")},
        ),
        (
            "In the study, co-lead authors Professor Martin Kessler (UCLA) and Dr Helen Park "
            "(Karolinska Institute) treated 50 children with velgene.\n",
            {("Martin Kessler", "UCLA"), ("Helen Park", "Karolinska Institute")},
        ),
        (
            "Dr. Ann Lee and Dr. Bo Chen of Stanford University led the study.\n",
            {("Ann Lee", "Stanford University"), ("Bo Chen", "Stanford University")},
        ),
    ],
    ids=["two-brackets", "co-lead-authors", "shared-of"],
)
def test_each_person_works_where_the_sentence_puts_them(default_extractor, text, pairs):
    found = triples(default_extractor.extract(Document(id="affiliations", text=text)))
    affiliated = {(s, o) for s, p, o in found if p == "AFFILIATED_WITH"}
    assert affiliated == pairs
    # An organisation in a person's parenthesis made no drug.
    assert not {(s, o) for s, p, o in found if p == "DEVELOPED_BY"}
