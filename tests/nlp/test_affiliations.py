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


def test_a_study_cited_by_its_first_author_was_run_by_that_author(default_extractor):
    text = (
        "In a phase II study reported in Blood, Moreno et al found that zelcabtagene induced "
        "complete remission in 20 of 25 patients with multiple myeloma.\n"
    )
    extraction = default_extractor.extract(Document(id="et-al", text=text))
    assert "Moreno" in {e.name for e in extraction.entities if e.type == "PERSON"}
    assert ("Moreno", "INVESTIGATES", "zelcabtagene") in triples(extraction)


def test_a_reference_names_no_one_in_the_story(default_extractor):
    text = (
        "Delirium after withdrawal was described before (Rammer et al 1988; Devlin et al "
        "1985), and as Chen et al. reported, it resolves.\n"
    )
    extraction = default_extractor.extract(Document(id="references", text=text))
    assert {e.name for e in extraction.entities if e.type == "PERSON"} == {"Chen"}


@pytest.mark.parametrize(
    ("text", "person", "organisation"),
    [
        (
            '"The receptor stays the target," says Memorial Ashford Kettering '
            "physician-scientist Sarat Olmby, who led the study.\n",
            "Sarat Olmby",
            "Memorial Ashford Kettering",
        ),
        (
            "Leland Fairmont Kessler researcher Dana Whitcombe presented the data.\n",
            "Dana Whitcombe",
            "Leland Fairmont Kessler",
        ),
        (
            "Acme Bio chief executive Jon Ruddle said the company would file in 2027.\n",
            "Jon Ruddle",
            "Acme Bio",
        ),
    ],
    ids=["no-org-word", "researcher", "chief-executive"],
)
def test_an_organisation_named_before_a_job_employs_the_person(
    default_extractor, text, person, organisation
):
    ex = default_extractor.extract(Document(id="job", text=text))
    typed = {(e.name, e.type.value) for e in ex.entities}
    assert (person, "PERSON") in typed and (organisation, "ORGANIZATION") in typed, typed
    # No person made of the organisation's first words ("Memorial Ashford").
    assert {n for n, t in typed if t == "PERSON"} == {person}
    assert (person, "AFFILIATED_WITH", organisation) in triples(ex)


def test_a_rank_opening_the_sentence_is_no_employer(default_extractor):
    text = "Lead investigator Jane Roe said velgene worked. Study author Mark Doyle agreed.\n"
    ex = default_extractor.extract(Document(id="ranks", text=text))
    assert {e.name for e in ex.entities if e.type.value == "PERSON"} == {"Jane Roe", "Mark Doyle"}
    assert not [e for e in ex.entities if e.type.value == "ORGANIZATION"]


def test_a_document_part_or_an_organisation_s_unit_is_no_person(default_extractor):
    text = (
        "Plain Language Summary of Clinical Study Results\n\n"
        '"Keeping the retina dry for longer is what my patients need," said Lukas Brandt, M.D., '
        "Director of the Retina Service at the Hartwell Eye Institute.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    people = {e.name for e in extraction.entities if str(e.type) == "PERSON"}
    assert people == {"Lukas Brandt"}, people
