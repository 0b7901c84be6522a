"""Products a text describes instead of naming (sentences written for biokg): GUIDE.md names an
unnamed construct descriptively, by what it targets or delivers."""

from __future__ import annotations

from nlp_helpers import triples

from biokg.model import Document


def _found(extractor, text, name):
    return triples(extractor.extract(Document(text=text, url=f"u:{name}")))


def test_a_vaccine_named_after_it_by_its_antigen(default_extractor):
    text = (
        "A synthetic long-peptide vaccine against HPV-16 produced complete responses in 9 of 20 "
        "women with vulvar intraepithelial neoplasia."
    )
    found = _found(default_extractor, text, "vaccine-against")
    vaccine = "HPV-16 synthetic long-peptide vaccine"
    assert (vaccine, "HAS_OUTCOME", "complete responses") in found, found
    # The classifier read treatment, and the disease is the treated women's.
    assert (vaccine, "TREATS", "vulvar intraepithelial neoplasia") in found, found


def test_a_gene_therapy_named_by_the_gene_it_delivers(default_extractor):
    text = (
        "An experimental gene therapy delivering a working copy of the GJB2 gene restored "
        "hearing in 5 of 6 children with hereditary deafness."
    )
    found = _found(default_extractor, text, "delivering")
    assert ("GJB2 gene therapy", "TARGETS", "GJB2") in found, found


def test_a_class_given_before_is_a_drug_that_treated_the_disease(default_extractor):
    text = (
        "Zorvatinib was approved for adults with relapsed or refractory follicular lymphoma "
        "after two or more prior lines of systemic therapy, including an anti-CD20 antibody and "
        "an alkylating agent."
    )
    found = _found(default_extractor, text, "prior-classes")
    for drug in ("anti-CD20 antibody", "alkylating agent"):
        assert (drug, "TREATS", "follicular lymphoma") in found, found


def test_a_class_named_only_as_a_class_is_no_drug(default_extractor):
    extraction = default_extractor.extract(
        Document(text="Alkylating agents damage DNA in dividing cells.", url="u:class-only")
    )
    assert not [e for e in extraction.entities if e.type.value == "DRUG"]


def test_cells_a_sentence_gives_are_a_product(default_extractor):
    text = (
        "Researchers infused cord blood-derived natural killer (NK) cells into 20 patients with "
        "lymphoma, and 15 had a complete response."
    )
    found = _found(default_extractor, text, "cell-product")
    assert ("cord blood-derived NK cells", "HAS_OUTCOME", "complete response") in found, found
    # Named so where nothing is given, they are cells.
    extraction = default_extractor.extract(
        Document(text="Cord blood-derived NK cells are highly cytotoxic in vitro.", url="u:cells")
    )
    assert not [e for e in extraction.entities if e.type.value == "DRUG"]


def test_cells_named_as_a_therapy_are_a_product_without_a_verb_that_gives_them(default_extractor):
    text = (
        "Donor-derived regulatory T-cell therapy lowered the rate of chronic graft-versus-host "
        "disease in a phase 2 study of 40 transplant recipients."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:treg-therapy"))
    drugs = {e.name for e in extraction.entities if e.type.value == "DRUG"}
    assert drugs == {"donor-derived regulatory T cells"}, drugs


def test_one_cell_product_however_the_text_words_it(default_extractor):
    text = (
        "Off-the-shelf NK immunotherapy shows early promise in leukemia. Umbilical cord "
        "blood-derived natural killer (NK) cell immunotherapy induced complete responses in 12 of "
        "20 patients with acute myeloid leukemia. Cord blood-derived expanded allogeneic NK cells "
        "were infused on day 0."
    )
    extraction = default_extractor.extract(Document(text=text, url="u:one-product"))
    drugs = [e for e in extraction.entities if e.type.value == "DRUG"]
    assert [d.name for d in drugs] == ["cord blood-derived NK cells"], drugs
    # The cell lineage in the product's name is no gene ("natural killer", "NK").
    assert not [e for e in extraction.entities if e.type.value == "GENE"]
    found = triples(extraction)
    assert ("cord blood-derived NK cells", "HAS_OUTCOME", "complete responses") in found, found
    assert ("cord blood-derived NK cells", "TREATS", "acute myeloid leukemia") in found, found
