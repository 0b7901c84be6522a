"""`biokg_name_gate`: the base `ner` runs only on sentences that may hold a name, and its
entities land at the right offsets of the whole document."""

from __future__ import annotations

from biokg.nlp.name_gate import may_hold_a_name
from nlp_helpers import by_name, names_of

from biokg.model import Document


def test_only_sentences_with_proper_nouns_or_known_acronyms_are_tagged(extractor):
    doc = extractor.nlp(
        "The kinase inhibitor lowered tumour growth in mice. "
        "Researchers at Harborview Medical Centre in Seattle led the work. "
        "The FDA approved it."
    )
    gated = [may_hold_a_name(s) for s in doc.sents]
    assert gated == [False, True, True]


def test_allele_variant_and_lexicon_words_do_not_open_the_gate(extractor):
    gate = extractor.nlp.get_pipe("biokg_name_gate")
    doc = extractor.nlp(
        "The G-395A allele and the Val175Met variant of Akt were frequent in the T cells. "
        "Dr. O'Brien reported it."
    )
    sents = list(doc.sents)
    assert [may_hold_a_name(s, gate.lexicon) for s in sents] == [False, True]
    assert may_hold_a_name(sents[0])  # without the lexicon, "Akt" looks like a name


def test_names_after_the_first_sentence_keep_their_offsets(extractor):
    text = (
        "Response rates were high in the expansion cohort. "
        "The study was led by Miriam Okafor at Johns Hopkins University."
    )
    extraction = extractor.extract(Document(text=text))
    person = by_name(extraction, "Miriam Okafor", "PERSON")
    mention = person.mentions[0]
    assert text[mention.start : mention.end] == "Miriam Okafor"
    assert by_name(extraction, "Johns Hopkins University", "ORGANIZATION")


def test_the_base_ner_is_disabled_and_run_by_the_gate(extractor):
    assert "ner" in extractor.nlp.disabled
    assert "biokg_name_gate" in extractor.nlp.pipe_names


def test_journals_are_not_organisations(extractor):
    text = (
        "The results were published in the New England Journal of Medicine and in the Journal "
        "of Clinical Oncology by researchers at Mercy General Hospital."
    )
    extraction = extractor.extract(Document(text=text))
    orgs = names_of(extraction, "ORGANIZATION")
    assert not any("Journal" in name for name in orgs), orgs
    assert by_name(extraction, "Mercy General Hospital", "ORGANIZATION")


def test_person_of_institution_is_a_person_affiliated_with_it(extractor):
    text = "The trial was led by Miriam Okafor of Lakeside General Hospital in Ohio."
    extraction = extractor.extract(Document(text=text))
    person = by_name(extraction, "Miriam Okafor", "PERSON")
    org = by_name(extraction, "Lakeside General Hospital", "ORGANIZATION")
    assert any(
        r.subject == person.id and r.predicate == "AFFILIATED_WITH" and r.object == org.id
        for r in extraction.relations
    )
    # An institution named "X of Y" stays whole.
    text = "Patients were treated at the University of Lakeside Medical Center."
    assert by_name(extractor.extract(Document(text=text)), "University of Lakeside Medical Center")


def test_organisation_names_do_not_start_in_the_sentence_before(extractor):
    text = (
        "The agency approved the therapy in March 2021. Harbor Pharma was bought by a larger "
        "company. Patients were treated at St. Jude Children's Research Hospital."
    )
    extraction = extractor.extract(Document(text=text))
    orgs = names_of(extraction, "ORGANIZATION")
    assert "Harbor Pharma" in orgs, orgs
    assert not any("2021" in name for name in orgs), orgs
    assert any(name.startswith("St. Jude") for name in orgs), orgs


def test_a_lone_name_that_develops_a_drug_is_a_company(extractor):
    text = "Enzalutamide was developed jointly by Astellas. Lenalidomide was made by Celgene."
    extraction = extractor.extract(Document(text=text))
    for company in ("Astellas", "Celgene"):
        entity = by_name(extraction, company)
        assert entity.type == "ORGANIZATION", (company, entity.type)


def test_a_person_belongs_to_an_institute_and_to_the_university_it_is_at(extractor):
    text = (
        "“The responses were durable,” said Lena Marsh, MD, director of the Halvorsen Center for "
        "Cell Therapy at Brookfield University, in a statement."
    )
    extraction = extractor.extract(Document(text=text))
    person = by_name(extraction, "Lena Marsh", "PERSON")
    affiliations = {
        r.object for r in extraction.relations
        if r.subject == person.id and r.predicate == "AFFILIATED_WITH"
    }  # fmt: skip
    center = by_name(extraction, "Halvorsen Center for Cell Therapy", "ORGANIZATION")
    university = by_name(extraction, "Brookfield University", "ORGANIZATION")
    assert {center.id, university.id} <= affiliations
