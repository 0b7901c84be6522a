"""Full text: PMC BioC JSON, Europe PMC search with cursorMark paging and JATS XML."""

from __future__ import annotations

from datetime import date

from biokg.ingest import iter_documents, read_source
from biokg.ingest.jats import parse_jats
from ingest_services import FIXTURES

from biokg.model import SourceKind


def test_pmc_bioc_full_text_with_named_sections_and_pubmed_metadata(services, tmp_path):
    [doc] = read_source("pmc:PMC5774768", services.settings(tmp_path))
    assert doc.id == "pmid:29155426"
    assert doc.pmcid == "PMC5774768"
    assert doc.doi == "10.1038/nm.4441"
    assert doc.source_kind is SourceKind.FULL_TEXT
    assert [s.name for s in doc.sections] == [
        "title",
        "abstract",
        "introduction",
        "results",
        "discussion",
    ]
    intro = doc.sections[2]
    assert doc.text[intro.start : intro.end] == (
        "Introduction\n\nLeukemia that loses CD19 escapes CD19-directed CAR T cells, "
        "so a second target is needed."
    )
    assert "sustained remissions" not in doc.text  # the reference list is left out
    assert doc.authors == ["Terry J Fry", "Nirali N Shah"]
    # BioC has no MeSH or affiliations: they come from the PubMed record
    assert "Sialic Acid Binding Ig-like Lectin 2" in doc.mesh_terms
    assert doc.affiliations[0].startswith("Pediatric Oncology Branch")
    assert services.count("/eutils/efetch.fcgi") == 1


def test_pmc_id_unknown_to_bioc_and_europepmc_is_a_failure(services, tmp_path, collect):
    items = list(iter_documents(["pmc:PMC404"], services.settings(tmp_path)))
    docs, failures = collect(items)
    assert docs == []
    assert "PMC BioC has no usable text for PMC404" in failures[0].reason
    assert "not found (HTTP 404)" in failures[0].reason  # Europe PMC tried second


def test_jats_sections_skip_tables_figures_and_references():
    doc = parse_jats((FIXTURES / "jats_article.xml").read_bytes())
    assert doc.title == "Dual CD19 and CD22 targeting in relapsed B-ALL"
    assert [s.name for s in doc.sections] == [
        "title",
        "abstract",
        "introduction",
        "methods",
        "results",
        "discussion",
    ]
    methods = doc.sections[3]
    assert doc.text[methods.start : methods.end] == (
        "Patients\n\nPatients with relapsed B-ALL were enrolled."
    )
    for hidden in ("cell that must not appear", "Reference that must not appear", "caption"):
        assert hidden not in doc.text
    assert doc.authors == ["Ada Okafor", "Jonas Lindqvist"]
    assert doc.affiliations == ["Department of Pediatrics, Example University Hospital"]
    assert doc.journal == "Blood Advances"
    assert doc.published == date(2018, 6, 15)
    assert (doc.pmid, doc.pmcid, doc.doi) == (
        "30000001",
        "PMC6000001",
        "10.1182/bloodadvances.2018000001",
    )


def test_europepmc_search_pages_by_cursor_and_fetches_open_full_text(services, tmp_path):
    settings = services.settings(tmp_path)
    docs = read_source('europepmc:"dual targeting"', settings)
    assert [d.pmid for d in docs] == ["30000001", "30000002", "30000003"]
    full, abstract, _ = docs
    assert full.source_kind is SourceKind.FULL_TEXT
    assert "methods" in [s.name for s in full.sections]
    assert full.mesh_terms == ["Antigens, CD19"]  # from the search record
    assert abstract.source_kind is SourceKind.ABSTRACT
    assert abstract.title == "Tandem CAR constructs in leukemia"
    assert abstract.text.endswith("Background Tandem CAR constructs recognise CD19 and CD22.")
    assert abstract.authors == ["Chen W"]
    assert abstract.journal == "Leukemia"
    cursors = [h.query["cursorMark"] for h in services.hits if h.path == "/epmc/search"]
    assert cursors == ["*", "AoE1", "AoE2"]


def test_europepmc_search_respects_the_result_limit(services, tmp_path):
    settings = services.settings(tmp_path, search_max_results=2)
    docs = read_source('europepmc:"dual targeting"', settings)
    assert [d.pmid for d in docs] == ["30000001", "30000002"]
    sizes = [h.query["pageSize"] for h in services.hits if h.path == "/epmc/search"]
    assert sizes == ["2"]
