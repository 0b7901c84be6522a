"""Where a gene is expressed (own sentences): cells named by a marker they carry are a cell type
that expresses it ("a CD4+ T-cell response"), an expressing verb may be "overexpress", and cells
named as the object of another preposition ("protects them from macrophages") are not where
the gene is."""

from __future__ import annotations

import pytest
from biokg.nlp import patterns as P
from nlp_helpers import pairs, triples

from biokg.model import Document


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a stronger CD4+ T-cell response", [("CD4", "T")]),
        ("a broad response of CD8+ interferon-gamma T cells", [("CD8", "T")]),
        ("CD34+ cells were infused", [("CD34", None)]),
        ("CD19-positive B cells", [("CD19", "B")]),
        ("CD20-positive patients", []),
    ],
)
def test_cells_named_by_a_marker(text, found):
    assert [(m.group("marker"), m.group("kind")) for m in P.MARKED_CELLS.finditer(text)] == found


def test_cancer_cells_named_by_a_marker_are_no_cell_type():
    (m,) = P.MARKED_CELLS.finditer("HER2-positive breast cancer cells")
    assert P.MALIGNANT.search(m.group())


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_marked_cells_are_a_cell_type(fixture, request):
    text = "CD8+ interferon-gamma T cells and CD4+ T cells were counted in 12 patients.\n"
    extraction = request.getfixturevalue(fixture).extract(Document(id="cells", text=text))
    cells = {e.name for e in extraction.entities if e.type == "CELL_TYPE"}
    assert {"CD4+ T cells", "CD8+ T cells"} <= cells


def test_marked_cells_express_their_marker(default_extractor):
    # The marker a name states is read by `named_markers` (the default pipeline's relations).
    text = (
        "Patients with a complete response had a stronger CD4+ T-cell response and a broad "
        "response of CD8+ interferon-gamma T cells than patients without a complete response.\n"
    )
    extraction = default_extractor.extract(Document(id="cells", text=text))
    rels = triples(extraction)
    assert ("CD4", "EXPRESSED_IN", "CD4+ T cells") in rels
    assert ("CD8", "EXPRESSED_IN", "CD8+ T cells") in rels


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_cells_a_gene_protects_from_do_not_express_it(fixture, request):
    text = (
        "Researchers found that pancreatic cancer cells express high levels of CD47 at their "
        "surface, which protects them from macrophages.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="from", text=text))
    rels = triples(extraction)
    assert ("CD47", "EXPRESSED_IN", "pancreatic cancer") in rels
    assert ("CD47", "EXPRESSED_IN", "macrophages") not in rels


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_overexpressing_is_expressing(fixture, request):
    text = "Glioblastoma cells overexpress EGFR.\n"
    extraction = request.getfixturevalue(fixture).extract(Document(id="over", text=text))
    assert ("EGFR", "EXPRESSED_IN", "Glioblastoma") in triples(extraction)


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_a_disease_named_by_a_gene_status_is_that_subtype(fixture, request):
    # GUIDE.md: "HER2-low" and "CD19-negative" name subtypes; the recognisers took only the
    # base disease and left the gene beside it.
    text = (
        "Trastuzumab deruxtecan is approved for HER2-low breast cancer. Relapse with "
        "CD19-negative leukemia occurred in 5 of 20 children after tisagenlecleucel.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="status", text=text))
    by_type = {(e.type.value, e.name) for e in extraction.entities}
    assert {("DISEASE", "HER2-low breast cancer"), ("DISEASE", "CD19-negative leukemia")} <= by_type
    if fixture == "extractor":
        return  # the rules-only pipeline reads no genes inside names (`biokg_model_relations`)
    assert {("GENE", "HER2"), ("GENE", "CD19")} <= by_type
    expressed = pairs(extraction, "EXPRESSED_IN")
    assert ("HER2", "HER2-low breast cancer") in expressed
    assert not any(gene == "CD19" for gene, _ in expressed), expressed


def test_a_place_another_gene_is_said_to_be_on_is_not_this_ones(default_extractor):
    text = (
        "CD3 on T cells is engaged by the bispecific antibody, which also binds BCMA on myeloma "
        "cells.\n"
    )
    extraction = default_extractor.extract(Document(id="crossed", text=text))
    expressed = pairs(extraction, "EXPRESSED_IN")
    assert {("CD3", "T cells"), ("BCMA", "myeloma")} <= expressed, expressed
    assert ("CD3", "myeloma") not in expressed, expressed


@pytest.mark.parametrize("fixture", ["extractor", "default_extractor"])
def test_where_a_gene_is_present_or_found_it_is_expressed(fixture, request):
    text = (
        "Zolbetamab binds claudin 18.2, which is present in 38% of gastric cancers. "
        "Mesothelin is detected in most mesotheliomas.\n"
    )
    extraction = request.getfixturevalue(fixture).extract(Document(id="present", text=text))
    # (Without the trained models the gene's name is "claudin" alone.)
    found = {(gene.split()[0], place) for gene, place in pairs(extraction, "EXPRESSED_IN")}
    assert {("claudin", "gastric cancers"), ("Mesothelin", "mesotheliomas")} <= found, found


def test_cells_that_carry_a_gene_express_it(default_extractor):
    text = "Macrophages carry the receptor LILRB4, which binds the molecule on tumour cells.\n"
    extraction = default_extractor.extract(Document(id="carry", text=text))
    assert ("LILRB4", "Macrophages") in pairs(extraction, "EXPRESSED_IN"), extraction.relations


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # A cell type listed with one the model found, and cells told as what makes a gene's
        # product, are where it is expressed.
        (
            "The GIP receptor is expressed on pancreatic beta cells and adipocytes.",
            ("GIP receptor", "adipocytes"),
        ),
        ("ANGPTL3 is made almost exclusively by hepatocytes.", ("ANGPTL3", "hepatocytes")),
        ("BCMA is expressed on normal and malignant plasma cells.", ("BCMA", "plasma cells")),
    ],
)
def test_cells_told_as_what_carries_a_gene_are_where_it_is(default_extractor, text, pair):
    extraction = default_extractor.extract(Document(id="carriers", text=text + "\n"))
    assert pair in pairs(extraction, "EXPRESSED_IN"), pairs(extraction, "EXPRESSED_IN")


@pytest.mark.parametrize(
    "text",
    [
        "KRAS mutations are found in 90% of pancreatic cancers.",
        "Lung cancers carrying KRAS mutations did not respond to cetuximab.",
        "Patients had a mutation of the BRAF gene, which is found in about half of melanomas.",
        "The variant we studied, KRASG12D, is present in many pancreatic cancers.",
    ],
)
def test_where_an_alteration_is_found_is_no_expression(default_extractor, text):
    extraction = default_extractor.extract(Document(id="altered", text=text + "\n"))
    assert not pairs(extraction, "EXPRESSED_IN"), pairs(extraction, "EXPRESSED_IN")


def test_where_a_gene_is_expressed_is_no_association_with_it(default_extractor):
    # GUIDE.md's ASSOCIATED_WITH is a link such as a driver mutation; expression alone is
    # EXPRESSED_IN, a link the sentence states is both.
    text = (
        "Mesothelin is highly expressed in pancreatic ductal adenocarcinoma, making it an "
        "attractive target for CAR T cells. GPC3 is expressed in hepatoblastoma, and high GPC3 "
        "levels are linked to relapse of hepatoblastoma.\n"
    )
    extraction = default_extractor.extract(Document(id="expressed", text=text))
    found = triples(extraction)
    assert ("Mesothelin", "EXPRESSED_IN", "pancreatic ductal adenocarcinoma") in found, found
    assert ("Mesothelin", "ASSOCIATED_WITH", "pancreatic ductal adenocarcinoma") not in found
    assert ("GPC3", "ASSOCIATED_WITH", "hepatoblastoma") in found, found
