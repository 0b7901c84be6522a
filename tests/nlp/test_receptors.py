"""A receptor named after its ligand is a gene of its own ("the GLP-1 receptor" is GLP1R, not
GLP-1); a receptor's own symbol before "receptor" names no other gene (own sentences, the
shipped default pipeline)."""

from __future__ import annotations

from nlp_helpers import names_of, triples

from biokg.model import Document


def test_a_receptor_named_after_its_ligand_is_the_gene_targeted(default_extractor):
    text = "Dorvaglutide is a dual agonist of the GIP receptor and the GLP-1 receptor.\n"
    extraction = default_extractor.extract(Document(id="receptors", text=text))
    assert {"GIP receptor", "GLP-1 receptor"} <= names_of(extraction, "GENE")
    assert ("dorvaglutide", "TARGETS", "GIP receptor") in triples(extraction)


def test_a_receptor_s_own_symbol_names_the_receptor(default_extractor):
    text = (
        "Selvalimab blocks CD40L on T cells, which signals to B cells through the CD40 receptor.\n"
    )
    extraction = default_extractor.extract(Document(id="own-symbol", text=text))
    genes = names_of(extraction, "GENE")
    assert "CD40" in genes and "CD40 receptor" not in genes, genes


def test_receptors_of_different_ligands_are_two_genes(default_extractor):
    text = (
        "Sarilumab, an IL-6 receptor antibody, is approved for polymyalgia rheumatica. "
        "Golvanimab blocks the GM-CSF receptor alpha.\n"
    )
    extraction = default_extractor.extract(Document(id="two-receptors", text=text))
    genes = names_of(extraction, "GENE")
    assert "IL-6 receptor" in genes and "GM-CSF receptor alpha" in genes, genes
