"""What a sentence says of one member of a list it says of every member (sentences written for
biokg; made-up drugs, real genes and diseases)."""

from __future__ import annotations

from nlp_helpers import relations

from biokg.model import Document


def _extract(extractor, text, name):
    return extractor.extract(Document(text=text, url=f"u:{name}"))


def test_every_gene_of_a_long_mutation_list_is_associated(default_extractor):
    genes = ("IDH1", "KRAS", "TP53", "ARID1A", "BAP1", "PBRM1", "SMAD4", "FGFR2", "ERBB2")
    text = (
        "Whole-exome sequencing of 40 cholangiocarcinomas found recurrent mutations in "
        + ", ".join(genes[:-1])
        + f" and {genes[-1]}."
    )
    extraction = _extract(default_extractor, text, "mutation-list")
    for gene in genes:
        assert relations(extraction, gene, "ASSOCIATED_WITH", "cholangiocarcinomas"), gene
        # A mutation's place is an association, for the list's later members too.
        assert not relations(extraction, gene, "EXPRESSED_IN", "cholangiocarcinomas"), gene


def test_every_kinase_an_inhibitor_is_said_to_block_is_its_target(default_extractor):
    text = "Pelvatinib, an oral inhibitor of MET, AXL, RET, KIT and FLT3, was well tolerated."
    extraction = _extract(default_extractor, text, "kinase-list")
    for gene in ("MET", "AXL", "RET", "KIT", "FLT3"):
        assert relations(extraction, "pelvatinib", "TARGETS", gene), gene


def test_coordinated_subjects_are_all_expressed(default_extractor):
    extraction = _extract(
        default_extractor, "CD19, CD20 and CD22 are expressed on B cells.", "subjects"
    )
    for gene in ("CD19", "CD20", "CD22"):
        assert relations(extraction, gene, "EXPRESSED_IN", "B cells"), gene


def test_diseases_a_drug_is_tested_in_are_treated(default_extractor):
    text = "Galvenimab is being tested in vasculitis and systemic lupus erythematosus."
    extraction = _extract(default_extractor, text, "tested-in")
    for disease in ("vasculitis", "systemic lupus erythematosus"):
        assert relations(extraction, "galvenimab", "TREATS", disease), disease
        assert not relations(extraction, "galvenimab", "ASSOCIATED_WITH", disease), disease


def test_a_name_split_off_its_ontology_concept_keeps_what_was_said_of_both(default_extractor):
    # The disease ontology files small lymphocytic lymphoma under chronic lymphocytic leukemia;
    # listed side by side they are two entities, both treated.
    text = (
        "Zorbrutinib is approved for adults with chronic lymphocytic leukemia or small "
        "lymphocytic lymphoma."
    )
    extraction = _extract(default_extractor, text, "split-concept")
    for disease in ("chronic lymphocytic leukemia", "small lymphocytic lymphoma"):
        assert relations(extraction, "zorbrutinib", "TREATS", disease), disease


def test_a_disease_named_by_one_word_of_a_list_shares_its_relation(default_extractor):
    # "pancreatic" names pancreatic cancer; the parse hangs it on the other name's head.
    text = (
        "A team found that pancreatic and triple-negative breast cancer (TNBC) cells express "
        "particularly high levels of mesothelin at their surface."
    )
    extraction = _extract(default_extractor, text, "elided-list")
    for disease in ("pancreatic cancer", "triple-negative breast cancer"):
        assert relations(extraction, "mesothelin", "EXPRESSED_IN", disease), disease


def test_every_company_a_product_is_developed_by_is_its_maker(default_extractor):
    text = (
        "The gene therapy fendocel was developed by Vertala Therapeutics and Ocean Genomics for "
        "sickle cell disease.\n"
    )
    extraction = _extract(default_extractor, text, "makers")
    for company in ("Vertala Therapeutics", "Ocean Genomics"):
        assert relations(extraction, "fendocel", "DEVELOPED_BY", company), company


def test_a_study_s_other_drugs_listed_are_not_what_it_investigates(default_extractor):
    text = (
        "The ORBIT-4 trial compared torvatinib with placebo in patients with GIST who had "
        "received imatinib, sunitinib and regorafenib.\n"
    )
    extraction = _extract(default_extractor, text, "prior-drugs")
    assert relations(extraction, "ORBIT-4", "INVESTIGATES", "torvatinib")
    for prior in ("imatinib", "sunitinib", "regorafenib"):
        assert not relations(extraction, "ORBIT-4", "INVESTIGATES", prior), prior


def test_drugs_listed_among_the_therapies_patients_had_are_not_what_a_trial_investigates(
    default_extractor,
):
    text = (
        "The KESTREL-3 trial compared tovalimab with placebo in 240 adults with multiple myeloma "
        "who had received at least three prior lines of therapy, including lenalidomide and "
        "bortezomib.\n"
    )
    extraction = _extract(default_extractor, text, "prior-lines-including")
    assert relations(extraction, "KESTREL-3", "INVESTIGATES", "tovalimab")
    for prior in ("lenalidomide", "bortezomib"):
        assert not relations(extraction, "KESTREL-3", "INVESTIGATES", prior), prior


def test_a_drug_the_disease_progressed_on_is_not_what_a_trial_investigates(default_extractor):
    text = (
        "The SUMMIT-2 trial evaluating orvetinib met its primary endpoint in patients with "
        "lung cancer whose disease progressed on osimertinib.\n"
    )
    extraction = _extract(default_extractor, text, "progressed-on")
    assert relations(extraction, "SUMMIT-2", "INVESTIGATES", "orvetinib")
    assert not relations(extraction, "SUMMIT-2", "INVESTIGATES", "osimertinib")
