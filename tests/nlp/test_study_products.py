"""A product a text names only by its modality ("a synthetic long-peptide vaccine", "the gene
therapy") is one entity where the text is about it, and nothing where it is about a named drug
(`nlp/study_products.py`; sentences written for biokg)."""

from __future__ import annotations

from nlp_helpers import triples

from biokg.model import Document


def _drugs(extraction) -> list[str]:
    return [e.name for e in extraction.entities if e.type.value == "DRUG"]


def test_an_unnamed_vaccine_the_text_is_about_is_a_product(default_extractor):
    text = (
        "Researchers tested a synthetic long-peptide vaccine in 20 women with cervical "
        "intraepithelial neoplasia. At 12 months, 9 of 20 women had a complete response. The "
        "vaccine was well tolerated."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:unnamed-vaccine"))
    assert _drugs(extraction) == ["synthetic long-peptide vaccine"]
    [vaccine] = [e for e in extraction.entities if e.type.value == "DRUG"]
    assert {m.text for m in vaccine.mentions} == {"synthetic long-peptide vaccine", "vaccine"}
    found = triples(extraction)
    assert ("synthetic long-peptide vaccine", "HAS_OUTCOME", "complete response") in found, found


def test_an_unnamed_gene_therapy_approach_is_a_product(default_extractor):
    text = (
        "A novel gene therapy approach restored hearing in five of six children born deaf "
        "because of mutations in GJB2. The gene therapy delivers a working copy of the gene to "
        "the inner ear."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:unnamed-gene-therapy"))
    # Named without the praise ("novel").
    assert _drugs(extraction) == ["gene therapy"]


def test_the_modality_of_a_text_about_a_named_drug_is_no_product(default_extractor):
    text = (
        "Pembrolizumab improved survival in 40 patients with melanoma. Pembrolizumab was well "
        "tolerated. Patients had received a vaccine before, and the vaccine did not matter."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:named-drug"))
    assert _drugs(extraction) == ["pembrolizumab"]


def test_a_named_vaccine_keeps_its_name_and_the_vaccine_is_no_second_one(default_extractor):
    text = (
        "The WT1 peptide vaccine produced immune responses in 14 of 22 patients with "
        "mesothelioma. The vaccine was well tolerated, and a vaccine booster is planned."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:named-vaccine"))
    assert _drugs(extraction) == ["WT1 peptide vaccine"]


def test_a_measure_the_modality_names_is_no_product(default_extractor):
    text = (
        "A vaccine efficacy of 74% was seen in the trial; vaccine recipients had fewer cases "
        "than those on placebo, and the vaccine efficacy held at two years."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:vaccine-efficacy"))
    assert _drugs(extraction) == []
