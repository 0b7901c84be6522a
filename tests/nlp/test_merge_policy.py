"""The merge policy for trained-model spans (nlp/merging.py): gap filling with type constraints.

Model predictions are injected by hand into `doc.spans["biokg_model_test"]`, so these tests check
the policy itself on sentences written here, not any model's behaviour; the last test runs the
shipped default pipeline on one.
"""

from __future__ import annotations

import pytest
from nlp_helpers import pairs
from spacy.tokens import Span

from biokg.model import Document


def _merged(extractor, text: str, model_spans: list[tuple[str, str]]) -> dict[str, str]:
    """Run the pipeline up to the merger with `model_spans` (surface, label) as a model's output."""
    nlp = extractor.nlp
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "biokg_entity_merger":
            spans = []
            for surface, label in model_spans:
                start = text.index(surface)
                span = doc.char_span(start, start + len(surface), label=label)
                assert span is not None, surface
                spans.append(Span(doc, span.start, span.end, label=label))
            doc.spans["biokg_model_test"] = spans
            doc = proc(doc)
            break
        doc = proc(doc)
    return {e.text: e.label_ for e in doc.ents}


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        # A new drug name, a gene symbol, a specific disease phrase: unseen by the lexicon.
        ("Patients received zorvalimstat twice daily.", "zorvalimstat", "DRUG"),
        ("QRX7 mutations were found in half of the tumours.", "QRX7", "GENE"),
        ("Twelve patients had Varnholt syndrome at baseline.", "Varnholt syndrome", "DISEASE"),
    ],
)
def test_model_spans_fill_gaps_when_they_look_like_their_type(extractor, text, surface, label):
    assert _merged(extractor, text, [(surface, label)]).get(surface) == label


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        # Generic words, stages, dates and bare disease heads are not entities.
        ("The drug stalls the spliceosome in myeloma cells.", "spliceosome", "GENE"),
        ("It was a multicentre phase 2 study.", "multicentre phase 2", "GENE"),
        ("Patients with aggressive disease were excluded.", "aggressive disease", "DISEASE"),
        (
            "Adults with unresectable stage III tumours enrolled.",
            "unresectable stage III",
            "DISEASE",
        ),
        ("Enrolment closed in February 2022 as planned.", "February 2022", "DRUG"),
        ("Most cancers relapse within a year.", "cancers", "DISEASE"),
        # A piece of a longer noun compound.
        ("Tumours with mismatch repair deficiency responded.", "repair deficiency", "DISEASE"),
    ],
)
def test_implausible_model_spans_are_dropped(extractor, text, surface, label):
    merged = _merged(extractor, text, [(surface, label)])
    assert surface not in merged
    assert merged == _merged(extractor, text, [])


def test_model_cannot_fill_a_drug_class_with_a_fragment(extractor):
    text = "She had progressed on a tyrosine kinase inhibitor before enrolment."
    ents = _merged(extractor, text, [("tyrosine", "DRUG")])
    assert "tyrosine" not in ents
    assert "tyrosine kinase inhibitor" not in ents  # a class, not a drug


def test_lexicon_and_rules_win_overlaps_with_models(extractor):
    text = "Imatinib was given to patients with chronic myeloid leukemia."
    ents = _merged(extractor, text, [("chronic myeloid", "DISEASE"), ("Imatinib was", "DRUG")])
    assert ents.get("chronic myeloid leukemia") == "DISEASE"
    assert ents.get("Imatinib") == "DRUG"


def test_a_model_span_loses_the_line_break_and_bullet_it_glued_on(extractor):
    text = "Related reading\n- zorvalimstat was given twice\n- and more"
    ents = _merged(extractor, text, [("\n- zorvalimstat", "DRUG"), ("\n-", "GENE")])
    assert ents == {"zorvalimstat": "DRUG"}


def test_an_outcome_term_fills_what_the_therapy_model_left(default_extractor):
    text = (
        "Velnostat was given to 30 patients with melanoma. Twelve patients had a partial "
        "response and four had stable disease.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    names = {e.id: e.name.casefold() for e in extraction.entities}
    outcomes = {names[r.object] for r in extraction.relations if r.predicate == "HAS_OUTCOME"}
    assert {"partial response", "stable disease"} <= outcomes


def test_a_clinical_scale_is_no_gene(default_extractor):
    # The trained models take "ECOG" of "ECOG performance status" for a gene (or a drug).
    text = (
        "Patients had an ECOG performance status of 0 or 1, responses were assessed by RECIST "
        "criteria, and all received velnostat for lymphoma.\n"
    )
    extraction = default_extractor.extract(Document(id="scales", text=text))
    names = {e.name for e in extraction.entities}
    assert not names & {"ECOG", "RECIST"}
    assert {"velnostat", "lymphoma"} <= {n.casefold() for n in names}


def test_a_disease_named_with_its_type_is_that_subtype():
    import spacy
    from biokg.nlp.merging import _with_disease_types

    doc = spacy.blank("en")("Children with SMA type 2 and adults with SMA type IV or SMA typed.")
    spans = [Span(doc, 2, 3, label="DISEASE"), Span(doc, 8, 9, label="DISEASE"),
             Span(doc, 12, 13, label="DISEASE")]  # fmt: skip
    names = [(s.text, s.kb_id_) for s in _with_disease_types(spans)]
    assert names == [
        ("SMA type 2", "biokg:disease:sma_type_2"),
        ("SMA type IV", "biokg:disease:sma_type_iv"),
        ("SMA", ""),
    ]


def test_a_brand_beside_its_generic_is_a_drug_wherever_it_is_named(default_extractor):
    # The trained model reads a capitalised product name as a company.
    text = (
        "Orrin Pharmaceuticals has been granted approval from the FDA for Zelvora (zorvatinib) in "
        "advanced gastrointestinal stromal tumor. Zelvora is a kinase inhibitor. The approval "
        "of Zelvora was based on 120 patients.\n"
    )
    extraction = default_extractor.extract(Document(id="brand", text=text))
    types = {e.name: str(e.type) for e in extraction.entities}
    assert types.get("Zelvora") == "DRUG", types
    assert ("Zelvora", "zorvatinib") in pairs(extraction, "BRAND_OF")


def test_a_journal_is_no_organisation(default_extractor):
    text = (
        "In results published in the New England Journal of Medicine, velnostat induced an "
        "objective response rate of 75% in 55 patients with sarcoma.\n"
    )
    extraction = default_extractor.extract(Document(id="journal", text=text))
    assert not [e for e in extraction.entities if "Journal" in e.name]


@pytest.mark.parametrize(
    "text",
    [
        "Pregabalin reduced pain in patients with diabetic neuropathy.\n",
        "Gabapentin is approved for postherpetic neuralgia. In the trial, patients received "
        "gabapentin 300 mg daily or placebo, and pain scores fell by 30% or more in 45% of those "
        "given gabapentin.\n",
    ],
    ids=["sentence-start", "one-document"],
)
def test_a_drug_a_model_took_for_a_gene_is_a_drug(default_extractor, text):
    # The trained models read a capitalised word opening a sentence, and at times a mention
    # beside it, as a gene; the lexicon knows the word as a drug.
    extraction = default_extractor.extract(Document(text=text))
    types = [(e.name.casefold(), str(e.type)) for e in extraction.entities]
    drug = "pregabalin" if "pregabalin" in text.casefold() else "gabapentin"
    assert [t for name, t in types if name == drug] == ["DRUG"], types


@pytest.mark.parametrize(
    "text",
    [
        "Patients were randomized to velcamab or treatment of physician's choice (TPC: paclitaxel "
        "or docetaxel). TPC gave a response rate of 10%.\n",
        "All patients underwent percutaneous coronary intervention (PCI). PCI was done within 24 "
        "hours of admission in 80% of them.\n",
    ],
    ids=["colon", "parenthesis"],
)
def test_letters_the_text_spells_out_as_no_gene_are_no_gene(default_extractor, text):
    # "TPC" and "PCI" are gene symbols too; the text says what the letters stand for here.
    extraction = default_extractor.extract(Document(text=text))
    genes = [e.name for e in extraction.entities if str(e.type) == "GENE"]
    assert not genes, genes


def test_a_spelled_out_gene_stays_a_gene(default_extractor):
    text = (
        "Loss of survival motor neuron (SMN) protein causes spinal muscular atrophy. "
        "Onasemnogene abeparvovec restores SMN in motor neurons.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    genes = {e.name for e in extraction.entities if str(e.type) == "GENE"}
    assert genes & {"SMN", "survival motor neuron"}, genes


def test_a_state_after_its_city_and_a_ticker_are_no_genes(default_extractor):
    # "MN", "GA" and "KNGF" spell gene symbols (or look like them).
    text = (
        "Kellan Pharmaceuticals, Inc. (NASDAQ: KNGF) today announced results for velcamab from "
        "Ardvale University Medical Center, Minneapolis, MN, and Castleton Cancer Center, "
        "Atlanta, GA, where 40 patients with myeloma were treated.\n"
    )
    extraction = default_extractor.extract(Document(text=text))
    names = {e.name for e in extraction.entities}
    assert not names & {"MN", "GA", "KNGF"}, names
    assert {"velcamab", "Ardvale University Medical Center"} <= names, names


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The trial of velcamab was approved by the Ethics Committee of Harwick University "
         "Hospital, and 40 patients with myeloma were enrolled.\n", "Ethics Committee"),
        ('"We look forward to filing velcamab," said Clara Whitby, Chief Executive Officer of '
         "Oberon Pharma.\n", "Chief Executive Officer"),
    ],
    ids=["committee", "office"],
)  # fmt: skip
def test_a_body_or_an_office_is_no_person(default_extractor, text, body):
    extraction = default_extractor.extract(Document(text=text))
    people = {e.name for e in extraction.entities if str(e.type) == "PERSON"}
    assert body not in people, people
