"""Hand-written stories about other therapies (tests/nlp/fixtures): the rules must generalise."""

from __future__ import annotations

import pytest
from nlp_helpers import assert_offsets, by_name, fixture_text, names_of, relations

from biokg.model import Document


def _extract(extractor, name):
    document = Document(text=fixture_text(name), url=f"https://example.org/{name}")
    extraction = extractor.extract(document)
    assert_offsets(document, extraction)
    return extraction


@pytest.fixture(scope="module")
def bcma(extractor):
    return _extract(extractor, "bcma-myeloma-news.txt")


@pytest.fixture(scope="module")
def pembro(extractor):
    return _extract(extractor, "pembrolizumab-melanoma-news.txt")


@pytest.fixture(scope="module")
def imatinib(extractor):
    return _extract(extractor, "imatinib-cml-abstract.txt")


def test_cell_therapy_brand_target_developer(bcma):
    assert by_name(bcma, "BCMA", "GENE").curie == "HGNC:11913"
    assert by_name(bcma, "multiple myeloma", "DISEASE").curie == "DOID:9538"
    assert by_name(bcma, "FDA", "ORGANIZATION") is by_name(bcma, "US Food and Drug Administration")
    assert relations(bcma, "Abecma", "BRAND_OF", "idecabtagene vicleucel")
    assert relations(bcma, "BCMA CAR T cells", "TARGETS", "BCMA")
    assert relations(bcma, "idecabtagene vicleucel", "TREATS", "multiple myeloma")
    for company in ("Bristol Myers Squibb", "2seventy bio"):
        assert relations(bcma, "BCMA-directed CAR T-cell therapy", "DEVELOPED_BY", company)
    by_name(bcma, "NCT03361748", "TRIAL")
    by_name(bcma, "KarMMa", "TRIAL")
    assert relations(bcma, "Nikhil Munshi", "AFFILIATED_WITH", "Dana-Farber Cancer Institute")


def test_outcome_numbers_stay_with_their_outcome(bcma):
    (orr,) = relations(bcma, "idecabtagene vicleucel", "HAS_OUTCOME", "overall response rate")
    assert orr.attributes["rate"] == pytest.approx(0.72)
    (cr,) = relations(bcma, "idecabtagene vicleucel", "HAS_OUTCOME", "complete response")
    assert cr.attributes["rate"] == pytest.approx(0.28)
    assert (cr.attributes["n"], cr.attributes["N"]) == (36, 128)
    # Stated of the brand, recorded on its generic product.
    (crs,) = relations(bcma, "idecabtagene vicleucel", "HAS_OUTCOME", "cytokine release syndrome")
    assert not relations(bcma, "Abecma", "HAS_OUTCOME", "cytokine release syndrome")
    assert relations(bcma, "Abecma", "BRAND_OF", "idecabtagene vicleucel")
    assert by_name(bcma, "CRS", "OUTCOME").name.casefold() == "cytokine release syndrome"
    assert crs.attributes["rate"] == pytest.approx(0.85)


def test_antibody_story(pembro):
    assert by_name(pembro, "PD-1", "GENE").curie == "HGNC:8760"  # PDCD1, not SNCA's old "PD1"
    assert relations(pembro, "Keytruda", "BRAND_OF", "pembrolizumab")
    assert relations(pembro, "pembrolizumab", "TARGETS", "PD-1")
    assert relations(pembro, "pembrolizumab", "DEVELOPED_BY", "Merck")
    assert relations(pembro, "pembrolizumab", "TREATS", "melanoma")
    assert relations(pembro, "KEYNOTE-006", "INVESTIGATES", "pembrolizumab")
    # The comparator is named in the same sentence but neither targets PD-1 nor comes from Merck.
    assert not relations(pembro, "ipilimumab", "TARGETS", "PD-1")
    assert not relations(pembro, "ipilimumab", "DEVELOPED_BY", "Merck")
    by_name(pembro, "Caroline Robert", "PERSON")
    names = {e.name for e in pembro.entities}
    assert "Checkpoint Inhibitor Extends Survival" not in names  # a headline, not an org


def test_negation(pembro):
    negated = [r for r in pembro.relations if r.negated]
    assert negated and all(r.evidence[0].negated for r in negated)
    assert any("did not respond" in r.evidence[0].text for r in negated)


def test_small_molecule_abstract(imatinib):
    cml = by_name(imatinib, "CML", "DISEASE")
    assert cml is by_name(imatinib, "chronic myeloid leukemia")
    assert relations(imatinib, "imatinib", "TARGETS", "ABL1")
    assert relations(imatinib, "imatinib", "TREATS", "CML")
    assert relations(imatinib, "CML", "RESISTANT_TO", "imatinib")
    assert by_name(imatinib, "dasatinib", "DRUG").curie.startswith(("DRUGBANK:", "MESH:", "CHEBI:"))


def test_organisation_names_leave_the_full_stop_but_keep_abbreviations(extractor):
    text = (
        "The trial was led by Shannon Maude of the Children's Hospital of Philadelphia. "
        "The cells were made by Acme Pharma Inc. in Boston."
    )
    extraction = extractor.extract(Document(text=text))
    orgs = names_of(extraction, "ORGANIZATION")
    assert "Children's Hospital of Philadelphia" in orgs
    assert "Acme Pharma Inc." in orgs


def test_variants_named_apart_from_their_gene_resist_drugs_and_genes_do_not(extractor):
    text = (
        "Resistance to the kinase inhibitor brelotinib arises in lung tumours with ALK "
        "alterations. The L1196M mutation confers resistance to brelotinib. In other patients "
        "the tumour acquires a Gly1202Arg (G1202R) mutation in ALK that also makes the cells "
        "resistant to brelotinib."
    )
    extraction = extractor.extract(Document(text=text, url="u:variants"))
    l1196m = by_name(extraction, "ALK L1196M", "GENE")
    assert "L1196M" in {m.text for m in l1196m.mentions}
    assert by_name(extraction, "ALK G1202R", "GENE")
    assert relations(extraction, "ALK L1196M", "RESISTANT_TO", "brelotinib")
    assert not relations(extraction, "ALK", "RESISTANT_TO", "brelotinib")


def test_it_and_the_therapy_refer_back_to_the_last_named_drug(extractor):
    text = (
        "Brentuximab vedotin was tested in relapsed Hodgkin lymphoma. "
        "It was developed by Seattle Genetics. "
        "The drug binds CD30 on the malignant cells."
    )
    extraction = extractor.extract(Document(text=text, url="u:anaphora"))
    developed = relations(extraction, "brentuximab vedotin", "DEVELOPED_BY", "Seattle Genetics")
    assert developed and developed[0].confidence < 0.8
    assert developed[0].evidence[0].text == "It was developed by Seattle Genetics."
    assert relations(extraction, "brentuximab vedotin", "TARGETS", "CD30")
    # A sentence that names its own drug keeps it: no reference back.
    text = "Rituximab treats lymphoma. Brentuximab vedotin was developed by Seattle Genetics."
    extraction = extractor.extract(Document(text=text, url="u:anaphora2"))
    assert relations(extraction, "brentuximab vedotin", "DEVELOPED_BY", "Seattle Genetics")
    assert not relations(extraction, "rituximab", "DEVELOPED_BY", "Seattle Genetics")


def test_a_drug_named_by_its_target_class_targets_that_gene(extractor):
    text = (
        "Adding the PD-1 antibody nivolumab to the CTLA-4 antibody ipilimumab improved survival "
        "in melanoma, while chemotherapy was given to patients with high LDH levels."
    )
    extraction = extractor.extract(Document(text=text, url="u:class"))
    assert relations(extraction, "nivolumab", "TARGETS", "PD-1")
    assert relations(extraction, "ipilimumab", "TARGETS", "CTLA-4")
    assert not relations(extraction, "nivolumab", "TARGETS", "CTLA-4")


def test_figures_without_a_drug_belong_to_the_drug_the_document_is_about(extractor):
    text = (
        "Lisocabtagene maraleucel was studied in relapsed large B-cell lymphoma. "
        "Lisocabtagene maraleucel was given once. "
        "Before the infusion of lisocabtagene maraleucel, patients received cyclophosphamide. "
        "The complete response rate was 53%."
    )
    extraction = extractor.extract(Document(text=text, url="u:main-drug"))
    found = relations(extraction, "lisocabtagene maraleucel", "HAS_OUTCOME", "complete response")
    assert found and found[0].attributes["rate"] == 0.53
    assert not relations(extraction, "cyclophosphamide", "HAS_OUTCOME", "complete response")


def test_coordinated_objects_share_the_relation(extractor):
    text = (
        "In ROS1-positive tumours, the G2032R mutation confers resistance to crizotinib and to "
        "the newer inhibitors entrectinib and lorlatinib."
    )
    extraction = extractor.extract(Document(text=text, url="u:coordination"))
    direct = relations(extraction, "ROS1 G2032R", "RESISTANT_TO", "crizotinib")
    assert direct
    for drug in ("entrectinib", "lorlatinib"):
        (found,) = relations(extraction, "ROS1 G2032R", "RESISTANT_TO", drug)
        assert found.confidence < direct[0].confidence


def test_a_brand_may_be_any_item_of_the_parenthesis_after_a_generic(extractor):
    text = (
        "Lorlatinib (PF-06463922, Lorbrena) and alectinib (Alecensa in the US, Alecensaro in "
        "Japan) were compared in ALK-positive lung cancer."
    )
    extraction = extractor.extract(Document(text=text, url="u:brands"))
    assert relations(extraction, "Lorbrena", "BRAND_OF", "lorlatinib")
    assert relations(extraction, "Alecensa", "BRAND_OF", "alectinib")
    assert relations(extraction, "Alecensaro", "BRAND_OF", "alectinib")
    assert not any(e.name == "PF-06463922" and e.type == "DRUG" and
                   relations(extraction, "PF-06463922", "BRAND_OF", "lorlatinib")
                   for e in extraction.entities)  # fmt: skip


def test_trial_names_with_glued_numbers_and_drug_code_names(extractor):
    text = (
        "In the phase 3 FLAURA2 trial, osimertinib (AZD9291, Tagrisso) was given with "
        "chemotherapy to patients with lung cancer."
    )
    extraction = extractor.extract(Document(text=text, url="u:trials"))
    assert by_name(extraction, "FLAURA2", "TRIAL")
    assert not any(e.type == "TRIAL" and "AZD9291" in e.name for e in extraction.entities)


def test_each_outcome_keeps_the_numbers_of_its_own_clause(extractor):
    text = (
        "Zanbrutinib was given to 60 patients with mantle cell lymphoma. The objective response "
        "rate was 91%, and 62% of patients had a complete response. With zanbrutinib, complete "
        "remission was seen in 9 of 12 patients (75%) at the higher dose; the median duration of "
        "remission was 8 months."
    )
    extraction = extractor.extract(Document(text=text, url="u:clauses"))

    def numbers(outcome: str) -> dict:
        found = relations(extraction, "zanbrutinib", "HAS_OUTCOME", outcome)
        assert found, outcome
        return found[0].attributes

    assert numbers("objective response rate")["rate"] == pytest.approx(0.91)
    assert numbers("complete response")["rate"] == pytest.approx(0.62)
    remission = numbers("complete remission")
    assert (remission["n"], remission["N"], remission["rate"]) == (9, 12, pytest.approx(0.75))
    assert remission["duration"] == "8 months"  # how long that remission lasted
    lasting = numbers("duration of remission")
    assert lasting["duration"] == "8 months" and "rate" not in lasting and "n" not in lasting
