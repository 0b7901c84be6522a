"""News and web pages through the local server: extraction, robots.txt, bad responses."""

from __future__ import annotations

from datetime import date

from biokg.ingest import iter_documents, read_source

from biokg.model import SourceKind


def test_news_page_main_text_metadata_and_cited_ids(services, tmp_path):
    settings = services.settings(tmp_path)
    [doc] = read_source(services.url("/news/cd22"), settings)

    assert doc.title == "Second CAR T target shows promise in leukemia that escaped CD19 therapy"
    assert doc.source_kind is SourceKind.NEWS
    assert doc.url == "https://news.example.org/2017/12/cd22-car-t-leukemia"
    assert doc.id.startswith("url:")
    assert doc.authors == ["Dana Whitfield"]
    assert doc.published == date(2017, 12, 4)
    assert "11 reached complete remission, a rate of 73 percent" in doc.text
    for boilerplate in ("cookies", "Sponsored", "Subscribe", "Related stories", "newsletter", "©"):
        assert boilerplate not in doc.text
    assert [(c.kind, c.value) for c in doc.cited_ids] == [
        ("doi", "10.1038/nm.4441"),
        ("nct", "NCT02315612"),
    ]
    for cited in doc.cited_ids:
        assert doc.text[cited.start : cited.end] == cited.value
    names = [s.name for s in doc.sections]
    assert names == ["title", "body"]
    assert doc.text[doc.sections[0].start : doc.sections[0].end] == doc.title


def test_json_ld_fallback_when_the_page_body_is_empty(services, tmp_path):
    [doc] = read_source(services.url("/news/app"), services.settings(tmp_path))
    assert doc.title == "Blinatumomab clears residual disease in adults with B-ALL"
    assert doc.text.startswith(doc.title + "\n\nThe bispecific T-cell engager blinatumomab")
    assert doc.authors == ["Priya Raman"]
    assert doc.published == date(2018, 3, 29)
    assert doc.url == "https://spa.example.org/stories/blinatumomab-mrd"


def test_robots_txt_disallowed_path_is_never_fetched(services, tmp_path, collect):
    items = list(iter_documents([services.url("/private/secret")], services.settings(tmp_path)))
    docs, failures = collect(items)
    assert docs == []
    assert failures[0].reason == "disallowed by robots.txt"
    assert services.count("/private/secret") == 0
    assert services.count("/robots.txt") == 1


def test_bad_web_responses_become_failures_and_the_batch_goes_on(services, tmp_path, collect):
    bad = {
        "/missing": "not found (HTTP 404)",
        "/gone": "gone (HTTP 410)",
        "/always-500": "HTTP 500",
        "/slow": "timed out",
        "/image.png": "binary content (image/png)",
        "/binary": "binary content",
        "/empty": "empty",
        "/broken-encoding": "broken encoding",
        "/broken.xml": "malformed XML",
        "/private/secret": "robots.txt",
        "/data.json": "not an HTML page or feed (content type application/json)",
    }
    services.static("/data.json", b'{"items": []}', "application/json")
    settings = services.settings(tmp_path, http_timeout=0.3, http_retries=1)
    sources = [services.url(p) for p in bad] + [services.url("/news/cd22")]
    docs, failures = collect(list(iter_documents(sources, settings)))

    assert [d.url for d in docs] == ["https://news.example.org/2017/12/cd22-car-t-leukemia"]
    by_source = {f.source: f.reason for f in failures}
    assert set(by_source) == {services.url(p) for p in bad}
    for path, expected in bad.items():
        assert expected in by_source[services.url(path)], (path, by_source[services.url(path)])
    assert all(f.stage == "ingest" for f in failures)


def test_retries_on_500_then_success(services, tmp_path):
    [doc] = read_source(services.url("/flaky"), services.settings(tmp_path))
    assert doc.title == "Recovered"
    assert [h.status for h in services.hits if h.path == "/flaky"] == [500, 200]


def test_429_retry_after_is_honoured(services, tmp_path):
    [doc] = read_source(services.url("/busy"), services.settings(tmp_path))
    assert "second try" in doc.text
    first, second = services.times("/busy")
    assert second - first >= 0.8  # Retry-After: 1 (less a little arrival jitter)


def test_server_error_after_all_retries_names_the_status(services, tmp_path):
    settings = services.settings(tmp_path, http_retries=2)
    items = list(iter_documents([services.url("/always-500")], settings))
    assert items[0].reason == "HTTP 500 Internal Server Error after retries"
    assert services.count("/always-500") == 3  # one try + two retries


def test_unknown_source_kinds_are_failures(services, tmp_path, collect):
    sources = ["ftp://example.org/x", "pmid:12ab", "doi:not-a-doi", "", "/no/such/file.txt"]
    docs, failures = collect(list(iter_documents(sources, services.settings(tmp_path))))
    assert docs == []
    reasons = [f.reason for f in failures]
    assert reasons[0] == "unsupported URL scheme (only http and https)"
    assert reasons[1] == "not a PMID: 12ab"
    assert reasons[2] == "not a DOI: 'not-a-doi'"
    assert reasons[3] == "empty source"
    assert reasons[4].startswith("no such file or folder")


def test_xml_urls_are_read_by_their_root_element(services, tmp_path):
    from ingest_services import FIXTURES

    services.static("/records.xml", (FIXTURES / "pubmed_efetch.xml").read_bytes(), "text/xml")
    services.static("/article.xml", (FIXTURES / "jats_article.xml").read_bytes(), "application/xml")
    settings = services.settings(tmp_path)
    records = read_source(services.url("/records.xml"), settings)
    assert [(d.pmid, d.source_kind) for d in records] == [
        ("29155426", SourceKind.ABSTRACT),
        ("25317870", SourceKind.ABSTRACT),
    ]
    [article] = read_source(services.url("/article.xml"), settings)
    assert (article.pmcid, article.source_kind) == ("PMC6000001", SourceKind.FULL_TEXT)


def test_timeouts_are_retried_then_reported(services, tmp_path):
    settings = services.settings(tmp_path, http_timeout=0.2, http_retries=1)
    [failure] = list(iter_documents([services.url("/slow")], settings))
    assert failure.reason == "timed out after 0.2s (with retries)"
    assert services.count("/slow") == 2
