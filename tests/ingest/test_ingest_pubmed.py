"""PubMed through a local E-utilities stand-in: efetch, esearch paging, DOI → PMID, errors."""

from __future__ import annotations

from datetime import date

from biokg.ingest import iter_documents, read_source
from biokg.ingest.pubmed_xml import parse_pubmed_xml
from ingest_services import FIXTURES

from biokg.model import SourceKind


def test_pubmed_xml_is_parsed_field_by_field():
    first, second = list(parse_pubmed_xml((FIXTURES / "pubmed_efetch.xml").read_bytes()))
    assert first.id == "pmid:29155426"
    assert first.title.startswith("CD22-targeted CAR T cells induce remission in B-ALL")
    assert first.journal == "Nature medicine"
    assert first.published == date(2018, 1, 1)
    assert first.doi == "10.1038/nm.4441"
    assert first.pmcid == "PMC5774768"
    assert first.authors == ["Terry J Fry", "Nirali N Shah", "Crystal L Mackall"]
    assert first.affiliations == [
        "Pediatric Oncology Branch, National Cancer Institute, Bethesda, MD, USA.",
        "Stanford University School of Medicine, Stanford, CA, USA.",
    ]
    assert first.mesh_terms[1] == "Sialic Acid Binding Ig-like Lectin 2"
    assert first.source_kind is SourceKind.ABSTRACT
    names = [s.name for s in first.sections]
    assert names == ["title", "background", "methods", "results", "conclusions"]
    results = first.sections[3]
    assert first.text[results.start : results.end].startswith("Complete remission occurred in 11")
    # inline markup (<i>CD19</i>) keeps its text and the sentence stays whole
    assert "escape CD19-directed CAR T cells." in first.text

    assert second.pmid == "25317870"
    assert [s.name for s in second.sections] == ["title", "abstract"]
    assert second.authors == ["Shannon L Maude", "CAR T Study Group"]
    assert second.published == date(2014, 10, 16)
    assert second.doi == "10.1056/nejmoa1407222"


def test_efetch_by_pmid_list_in_batches_with_ncbi_parameters(services, tmp_path):
    settings = services.settings(tmp_path, eutils_batch=2, ncbi_api_key="secret-key")
    docs = read_source("pmid:29155426,25317870,1001", settings)
    assert [d.pmid for d in docs] == ["29155426", "25317870", "1001"]
    fetches = [h for h in services.hits if h.path == "/eutils/efetch.fcgi"]
    assert [h.query["id"] for h in fetches] == ["29155426,25317870", "1001"]
    for hit in fetches:
        assert hit.query["tool"] == "biokg"
        assert hit.query["email"] == "tests@example.org"
        # the key goes to NCBI's own https host only, never to a stand-in like this one
        assert "api_key" not in hit.query
        assert hit.query["retmode"] == "xml"


def test_unknown_and_malformed_pmids_fail_without_losing_the_rest(services, tmp_path, collect):
    settings = services.settings(tmp_path, eutils_batch=1)
    sources = ["pmid:29155426,99999999", "pmid:666", "pmid:1002"]
    docs, failures = collect(list(iter_documents(sources, settings)))
    assert [d.pmid for d in docs] == ["29155426", "1002"]
    assert [(f.source, f.reason) for f in failures] == [
        ("pmid:99999999", "unknown PMID 99999999 (PubMed returned no record)"),
        ("pmid:666", failures[1].reason),
    ]
    assert failures[1].reason.startswith("efetch failed: malformed XML")


def test_search_pages_through_history_and_respects_the_limit(services, tmp_path):
    settings = services.settings(tmp_path, eutils_batch=2, search_max_results=4)
    docs = read_source('pubmed:"car t remission"', settings)
    assert [d.pmid for d in docs] == ["1001", "1002", "1003", "1004"]
    [search] = [h for h in services.hits if h.path == "/eutils/esearch.fcgi"]
    assert search.query["usehistory"] == "y"
    pages = [h.query for h in services.hits if h.path == "/eutils/efetch.fcgi"]
    assert [(p["retstart"], p["retmax"]) for p in pages] == [("0", "2"), ("2", "2")]
    assert {p["WebEnv"] for p in pages} == {"MCID_1"}
    assert {p["query_key"] for p in pages} == {"1"}


def test_eutils_error_payload_and_empty_search_are_failures(services, tmp_path, collect):
    sources = ['pubmed:"cd22[[car"', 'pubmed:"no such topic"', "pmid:1003"]
    docs, failures = collect(list(iter_documents(sources, services.settings(tmp_path))))
    assert [d.pmid for d in docs] == ["1003"]
    assert failures[0].source == 'pubmed:"cd22[[car"'
    assert failures[0].reason == "E-utilities error: Invalid query: unbalanced brackets"
    assert failures[1].reason == "PubMed search matched no records"


def test_error_payloads_are_not_cached(services, tmp_path):
    settings = services.settings(tmp_path)
    for _ in range(2):
        list(iter_documents(['pubmed:"cd22[[car"'], settings))
    assert services.count("/eutils/esearch.fcgi") == 2


def test_expired_webenv_triggers_one_fresh_search(services, tmp_path):
    settings = services.settings(tmp_path, eutils_batch=5)
    first = read_source('pubmed:"car t remission"', settings)
    # NCBI forgets history after hours; the cached esearch names a WebEnv it no longer knows.
    services.webenvs.clear()
    for path in (tmp_path / "cache" / "http").rglob("*.json"):
        if "efetch" in path.read_text():
            path.unlink()
    second = read_source('pubmed:"car t remission"', settings)
    assert [d.id for d in second] == [d.id for d in first]
    assert services.count("/eutils/esearch.fcgi") == 2


def test_doi_resolves_through_idconv_or_esearch(services, tmp_path):
    settings = services.settings(tmp_path)
    [via_idconv] = read_source("doi:10.1038/NM.4441", settings)
    assert via_idconv.id == "pmid:29155426"
    [via_esearch] = read_source("https://doi.org/10.1056/NEJMoa1407222", settings)
    assert via_esearch.id == "pmid:25317870"
    term = [h.query["term"] for h in services.hits if h.path == "/eutils/esearch.fcgi"]
    assert term == ["10.1056/nejmoa1407222[doi]"]


def test_unknown_doi_is_a_failure(services, tmp_path, collect):
    items = list(iter_documents(["doi:10.9999/nothing.here"], services.settings(tmp_path)))
    docs, failures = collect(items)
    assert docs == []
    assert failures[0].reason == "DOI 10.9999/nothing.here not found in PubMed or Europe PMC"


def test_a_bare_source_string_is_one_source(services, tmp_path):
    [doc] = list(iter_documents("pmid:1001", services.settings(tmp_path)))
    assert doc.id == "pmid:1001"
