"""Dedup: the same article reached by URL, DOI, PMID or PMCID is one Document."""

from __future__ import annotations

from biokg.ingest import iter_documents


def test_same_article_by_pmid_doi_pmcid_and_urls_is_one_document(services, tmp_path, collect):
    publisher_page = (
        b"<html><head><meta name='citation_doi' content='10.1038/nm.4441'>"
        b"<meta name='citation_pmid' content='29155426'><title>Paper</title></head><body>"
        b"<article><p>CD22-targeted CAR T cells induce remission in B-ALL, the publisher's "
        b"page says, in more words than this test needs.</p></article></body></html>"
    )
    services.static("/nm.4441", publisher_page)
    sources = [
        "pmid:29155426",
        "doi:10.1038/nm.4441",
        "https://pubmed.ncbi.nlm.nih.gov/29155426/",
        "pmc:PMC5774768",
        services.url("/nm.4441"),
        "PMID:29155426",
    ]
    settings = services.settings(tmp_path)
    # the PubMed URL form is parsed as pmid:29155426 and never fetched from the web
    docs, failures = collect(list(iter_documents(sources, settings)))
    assert [d.id for d in docs] == ["pmid:29155426"]
    # Every other source is named, skipped as a copy of the first (none is lost unsaid).
    assert len(failures) == len(sources) - 1
    assert all(
        f.reason.startswith("skipped: the same article as pmid:29155426") for f in failures
    ), failures
    assert docs[0].source_kind == "abstract"  # the first source wins


def test_identical_text_from_two_files_is_one_document(tmp_path, services, collect):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Same story\n\nCAR T cells again.", encoding="utf-8")
    sources = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    docs, failures = collect(list(iter_documents(sources, services.settings(tmp_path))))
    assert len(docs) == 1
    (skipped,) = failures
    assert skipped.source == sources[1]
    assert skipped.reason.startswith(f"skipped: the same article as {sources[0]} (")
