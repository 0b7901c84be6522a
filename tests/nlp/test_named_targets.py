"""A drug whose name states its target targets it (nlp/named_targets.py), and only that."""

from __future__ import annotations

import pytest
import spacy
from biokg.nlp.named_targets import named_targets
from biokg.nlp.recognisers import LEXICON_GROUP
from nlp_helpers import pairs, triples
from spacy.tokens import Span

from biokg.model import Document


def _doc(text: str, drug: str, gene: str, gene_id: str = "HGNC:1"):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    d0 = text.index(drug)
    g0 = text.index(gene, d0)
    doc.ents = [doc.char_span(d0, d0 + len(drug), label="DRUG", kb_id="biokg:drug:x")]
    g = doc.char_span(g0, g0 + len(gene), label="GENE", kb_id=gene_id)
    doc.spans[LEXICON_GROUP] = [Span(doc, g.start, g.end, label="GENE", kb_id=gene_id)]
    return doc


@pytest.mark.parametrize(
    ("text", "drug", "gene"),
    [
        ("She had a FOO1 inhibitor before.", "FOO1 inhibitor", "FOO1"),
        ("An anti-FOO1 antibody was given.", "anti-FOO1 antibody", "FOO1"),
        ("FOO1-directed CAR T cells were infused.", "FOO1-directed CAR T cells", "FOO1"),
        ("FOO1 blocking antibodies failed.", "FOO1 blocking antibodies", "FOO1"),
        (
            "A FOO1-targeted antibody-drug conjugate.",
            "FOO1-targeted antibody-drug conjugate",
            "FOO1",
        ),
        ("FOO1 tyrosine kinase inhibitors work.", "FOO1 tyrosine kinase inhibitors", "FOO1"),
    ],
)
def test_the_naming_convention_of_targeted_agents_names_the_target(text, drug, gene):
    doc = _doc(text, drug, gene)
    assert [(d.text, g.text) for d, g in named_targets(doc, list(doc.ents))] == [(drug, gene)]


@pytest.mark.parametrize(
    ("text", "drug", "gene"),
    [
        # An antigen in a vaccine's name does not say what the vaccine binds.
        ("A FOO1 peptide vaccine was tested.", "FOO1 peptide vaccine", "FOO1"),
        # A gene named beside the agent, not as its target.
        ("FOO1-mutant tumour cells under treatment.", "FOO1-mutant tumour cells", "FOO1"),
    ],
)
def test_other_genes_in_a_drug_name_are_not_targets(text, drug, gene):
    doc = _doc(text, drug, gene)
    assert named_targets(doc, list(doc.ents)) == []


def test_a_gene_without_an_identifier_is_not_taken():
    doc = _doc("She had a FOO1 inhibitor before.", "FOO1 inhibitor", "FOO1", gene_id="")
    assert named_targets(doc, list(doc.ents)) == []


def test_the_default_pipeline_targets_the_named_gene_and_nothing_else(default_extractor):
    text = (
        "Before enrolment, patients had received a BRAF inhibitor and an anti-CD20 antibody. "
        "BTK inhibitors and the PD-1 blocking antibody were given afterwards."
    )
    extraction = default_extractor.extract(Document(id="named-targets", text=text))
    names = {e.id: e.name for e in extraction.entities}
    targets = pairs(extraction, "TARGETS")
    assert ("BRAF inhibitor", "BRAF") in targets
    assert ("anti-CD20 antibody", "CD20") in targets
    assert ("BTK inhibitors", "BTK") in targets
    for drug in ("BRAF inhibitor", "anti-CD20 antibody", "BTK inhibitors"):
        assert {gene for d, gene in targets if d == drug} == {drug.split()[0].removeprefix("anti-")}
    evidence = next(
        r
        for r in extraction.relations
        if (names[r.subject], r.predicate) == ("BRAF inhibitor", "TARGETS")
    )
    assert "BRAF inhibitor" in evidence.evidence[0].text


@pytest.mark.parametrize(
    ("text", "name", "target"),
    [
        ("a PD-1 blocking antibody", "PD-1 blocking antibody", "PD-1"),
        ("a KRAS G12C inhibitor", "KRAS G12C inhibitor", "KRAS"),
        ("an anti-CD38 antibody", "anti-CD38 antibody", "CD38"),
    ],
)
def test_a_class_named_by_its_target_is_read_whole(text, name, target):
    from biokg.nlp import patterns as P

    [m] = P.TARGETED_CLASS.finditer(text)
    assert (m.group(), m.group("target") or m.group("target2")) == (name, target)


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_class_given_as_therapy_is_a_drug_that_targets_its_gene(fixture, request):
    extractor = request.getfixturevalue(fixture)
    text = "Resistance to KRAS G12C inhibitors emerged in 12 patients with lung cancer.\n"
    extraction = extractor.extract(Document(id="class", text=text))
    assert "KRAS G12C inhibitor" in {e.name for e in extraction.entities if e.type == "DRUG"}
    if fixture == "default_extractor":  # named targets are an extra of the trained relations
        assert pairs(extraction, "TARGETS") == {("KRAS G12C inhibitor", "KRAS")}


def test_a_cell_or_disease_named_by_its_marker_expresses_it(default_extractor):
    text = (
        "The vaccine induced responses in CD4+ T cells of 20 patients. Zorbatinib was tested in "
        "40 women with HER2-positive breast cancer.\n"
    )
    extraction = default_extractor.extract(Document(id="markers", text=text))
    expressed = pairs(extraction, "EXPRESSED_IN")
    assert {("CD4", "CD4+ T cells"), ("HER2", "HER2-positive breast cancer")} <= expressed


def test_a_marker_is_read_only_before_its_convention():
    from biokg.nlp.named_targets import MARKER_AFTER_GENE

    assert MARKER_AFTER_GENE.match("+ T cells")
    assert MARKER_AFTER_GENE.match("-positive breast cancer")
    assert not MARKER_AFTER_GENE.match(" mutant lung cancer")


def test_a_class_keeps_its_name_where_the_model_tagged_only_its_gene(default_extractor):
    text = "Patients had previously received a PD-1 blocking antibody and a MEK inhibitor.\n"
    extraction = default_extractor.extract(Document(id="class-gene", text=text))
    assert "PD-1 blocking antibody" in {e.name for e in extraction.entities if e.type == "DRUG"}
    # MEK1 and MEK2 are genes: "MEK" names their family, which the class targets.
    assert pairs(extraction, "TARGETS") == {
        ("PD-1 blocking antibody", "PD-1"),
        ("MEK inhibitor", "MEK"),
    }


def test_a_family_is_a_target_only_where_its_numbered_members_are_genes(default_extractor):
    text = "Patients had received a JAK inhibitor or an FGFR inhibitor, but no XQZ inhibitor.\n"
    extraction = default_extractor.extract(Document(id="families", text=text))
    assert {("JAK inhibitor", "JAK"), ("FGFR inhibitor", "FGFR")} <= pairs(extraction, "TARGETS")
    assert "XQZ" not in {e.name for e in extraction.entities}


def test_an_event_named_with_its_class_is_the_event():
    from biokg.nlp.patterns import outcome_base

    assert outcome_base("major bleeding AEs") == "major bleeding"
    assert outcome_base("serious cardiac adverse events") == "serious cardiac adverse events"
    assert outcome_base("Grade ≥3 AEs") == "Grade ≥3 AEs"  # a grade alone names nothing
    assert outcome_base("overall response rate") == "overall response"
    # The events are what something happened because of, not the name's event.
    reason = "discontinued treatment because of adverse events"
    assert outcome_base(reason) == reason


@pytest.mark.parametrize(
    ("text", "members", "gene"),
    [
        (
            "Earlier EGFR inhibitors such as erlotinib and gefitinib failed in glioblastoma.\n",
            {"erlotinib", "gefitinib"},
            "EGFR",
        ),
        (
            "Every patient had progressed after the anti-PD-1 antibody nivolumab or "
            "pembrolizumab.\n",
            {"nivolumab", "pembrolizumab"},
            "PD-1",
        ),
        (
            "Patients had received BTK inhibitors, including ibrutinib, acalabrutinib or "
            "zanubrutinib.\n",
            {"ibrutinib", "acalabrutinib", "zanubrutinib"},
            "BTK",
        ),
        (
            "Erlotinib and gefitinib are EGFR inhibitors approved for lung cancer.\n",
            {"erlotinib", "gefitinib"},
            "EGFR",
        ),
        (
            "Velnostat and zorbatinib, two BTK inhibitors, were well tolerated.\n",
            {"Velnostat", "zorbatinib"},
            "BTK",
        ),
    ],
    ids=["such-as", "apposed", "including", "copular", "appositive"],
)
def test_the_members_listed_for_a_target_named_class_target_its_gene(
    default_extractor, text, members, gene
):
    extraction = default_extractor.extract(Document(id="members", text=text))
    targets = pairs(extraction, "TARGETS")
    assert {(member, gene) for member in members} <= targets, targets


def test_a_drug_given_beside_a_class_is_no_member(default_extractor):
    text = "BRAF inhibitors such as vemurafenib were given with trametinib.\n"
    targets = pairs(default_extractor.extract(Document(id="beside", text=text)), "TARGETS")
    assert ("vemurafenib", "BRAF") in targets
    assert ("trametinib", "BRAF") not in targets


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_symbol_spelling_a_common_word_targets_in_a_frame_only_genes_fill(fixture, request):
    # The lexicon leaves "MET" and "RET" out (the corpora's "met" is a verb); before "inhibitor"
    # or "-directed CAR T cells" only a gene stands.
    extractor = request.getfixturevalue(fixture)
    text = (
        "Patients had previously received a MET inhibitor or a RET inhibitor. KIT-directed CAR T "
        "cells were tested in 12 patients with mastocytosis. THE TRIAL MET ITS PRIMARY ENDPOINT.\n"
    )
    extraction = extractor.extract(Document(id="framed", text=text))
    found = pairs(extraction, "TARGETS")
    assert {("MET inhibitor", "MET"), ("RET inhibitor", "RET"), ("KIT CAR T cells", "KIT")} <= found
    genes = [m.text for e in extraction.entities if e.type == "GENE" for m in e.mentions]
    assert sorted(genes) == ["KIT", "MET", "RET"], genes


def test_a_target_written_in_title_case_is_targeted(default_extractor):
    # Protein names are often written in title case with their number ("Trop-2", "Nectin-4").
    text = (
        "Velumab is an antibody-drug conjugate directed against Trop-2, a protein found on many "
        "solid tumours.\n"
    )
    extraction = default_extractor.extract(Document(id="title-case", text=text))
    assert ("velumab", "Trop-2") in pairs(extraction, "TARGETS")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a CD20xCD3 bispecific antibody,", "CD20xCD3 bispecific antibody"),
        ("the DLL3/CD3 T-cell engager", "DLL3/CD3 T-cell engager"),
        ("a CLDN18.2×CD3 bispecific", "CLDN18.2×CD3 bispecific"),
        ("CD19/CD22 bispecific CAR T cells", None),  # a construct
        ("the CD4/CD8 ratio", None),
    ],
)
def test_bispecifics_named_by_both_targets(text, found):
    from biokg.nlp import patterns as P

    assert [m.group() for m in P.BISPECIFIC.finditer(text)] == ([found] if found else [])


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_bispecific_targets_both_the_genes_it_is_named_by(fixture, request):
    # A class named by one target ("CD3 bispecific antibody") took the second symbol alone.
    text = "Teclistamab, a BCMA×CD3 bispecific antibody, is approved for multiple myeloma.\n"
    extraction = request.getfixturevalue(fixture).extract(Document(id="bispecific", text=text))
    assert {("teclistamab", "BCMA"), ("teclistamab", "CD3")} <= pairs(extraction, "TARGETS")


@pytest.mark.parametrize(
    ("text", "gene", "disease"),
    [
        (
            "Patients with EGFR-mutant non-small cell lung cancer received osimertinib.\n",
            "EGFR",
            "non-small cell lung cancer",
        ),
        ("Lorlatinib is approved for ALK-rearranged lung cancer.\n", "ALK", "lung cancer"),
        ("Patients with EGFR mutations and brain metastases were excluded.\n", None, None),
    ],
    ids=["mutant", "rearranged", "not-naming"],
)
def test_a_disease_named_by_its_driver_is_associated_with_the_gene(
    default_extractor, text, gene, disease
):
    extraction = default_extractor.extract(Document(id="driver", text=text))
    found = pairs(extraction, "ASSOCIATED_WITH")
    assert found == ({(gene, disease)} if gene else set()), found


@pytest.mark.parametrize(
    ("text", "drug", "gene"),
    [
        ("Tarvekimab binds to and neutralizes IL-23.\n", "tarvekimab", "IL-23"),
        ("Zanatinib works by blocking the KRAS G12C protein.\n", "zanatinib", "KRAS G12C"),
    ],
    ids=["binds-and-neutralizes", "works-by-blocking"],
)
def test_a_gene_a_drug_is_said_to_act_on_is_its_target(default_extractor, text, drug, gene):
    # The classifier took these for targets; the document model, alone on one sentence, stayed
    # under its threshold.
    found = triples(default_extractor.extract(Document(text=text)), casefold=True)
    assert (drug, "TARGETS", gene.casefold()) in found, found


@pytest.mark.parametrize(
    ("text", "gene", "variant"),
    [
        (
            "Patients with BRAF V600 mutation-positive melanoma had received a BRAF inhibitor. "
            "Zelrafenib blocks BRAF.\n",
            "BRAF",
            "BRAF V600",
        ),
        (
            "Tumours carrying KRASG12C mutations escaped zelvorasib, a KRAS inhibitor, in 10 of "
            "38 patients with lung cancer.\n",
            "KRAS",
            "KRASG12C",
        ),
    ],
    ids=["spaced", "joined"],
)
def test_a_named_variant_folds_into_its_gene(default_extractor, text, gene, variant):
    # GUIDE.md: "KRAS G12C" is an alias of KRAS. Two entities split the gene's relations.
    extraction = default_extractor.extract(Document(id="variant", text=text))
    genes = [e for e in extraction.entities if e.type == "GENE"]
    assert [e.name for e in genes] == [gene], [(e.name, e.aliases) for e in genes]
    assert variant in genes[0].aliases
    assert {g for _d, g in pairs(extraction, "TARGETS")} == {gene}
