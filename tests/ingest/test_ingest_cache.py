"""Cache and resume: a second run asks nothing that is cached and fresh; stale entries are
revalidated with ETag; an interrupted run resumes without refetching."""

from __future__ import annotations

from biokg.ingest import iter_documents

from biokg.model import Document, Failure


def _sources(services):
    return [
        services.url("/news/cd22"),
        "pmid:29155426",
        'pubmed:"car t remission"',
        "pmc:PMC5774768",
        'europepmc:"dual targeting"',
    ]


def test_second_run_makes_no_request(services, tmp_path):
    settings = services.settings(tmp_path)
    first = list(iter_documents(_sources(services), settings))
    requests_after_first = len(services.hits)
    second = list(iter_documents(_sources(services), settings))
    assert len(services.hits) == requests_after_first
    assert second == first  # retrieved_at is the original fetch time, cached or not
    docs = [d for d in first if isinstance(d, Document)]
    assert all(d.retrieved_at is not None for d in docs)
    assert len(docs) == 1 + 1 + 5 + 3  # pmid:29155426 and pmc:PMC5774768 are one article
    (copy,) = [f for f in first if isinstance(f, Failure)]  # ... and the second is named
    assert copy.source == "pmc:PMC5774768" and "the same article as" in copy.reason


def test_stale_entries_are_revalidated_with_etag(services, tmp_path):
    settings = services.settings(tmp_path, cache_ttl=0.0)
    [first] = list(iter_documents([services.url("/etag")], settings))
    [second] = list(iter_documents([services.url("/etag")], settings))
    statuses = [h.status for h in services.hits if h.path == "/etag"]
    assert statuses == [200, 304]
    [revalidation] = [h for h in services.hits if h.path == "/etag" and h.status == 304]
    assert revalidation.headers["If-None-Match"] == '"v1"'
    assert revalidation.headers["If-Modified-Since"] == "Mon, 04 Dec 2017 09:30:00 GMT"
    assert second.content_hash == first.content_hash  # unchanged re-fetch, same hash


def test_changed_page_gets_a_new_content_hash_and_same_id(services, tmp_path):
    settings = services.settings(tmp_path, cache_ttl=0.0)
    url = services.url("/changing")
    services.static(
        "/changing",
        b"<html><body><article><p>Version one says 10 patients "
        b"were treated with CAR T cells.</p></article></body></html>",
    )
    [first] = list(iter_documents([url], settings))
    services.static(
        "/changing",
        b"<html><body><article><p>Version two says 12 patients "
        b"were treated with CAR T cells.</p></article></body></html>",
    )
    [second] = list(iter_documents([url], settings))
    assert second.id == first.id
    assert second.content_hash != first.content_hash


def test_interrupted_run_resumes_without_refetching(services, tmp_path):
    settings = services.settings(tmp_path, ingest_workers=1)
    sources = [services.url(f"/news/item-{i}") for i in range(1, 6)]
    run = iter_documents(sources, settings)
    taken = [next(run), next(run)]
    run.close()  # the user pressed Ctrl-C after two documents
    fetched_before = {p for p in (f"/news/item-{i}" for i in range(1, 6)) if services.count(p)}
    assert {"/news/item-1", "/news/item-2"} <= fetched_before

    resumed = list(iter_documents(sources, settings))
    assert [d.title for d in resumed] == [f"Story number {i}" for i in range(1, 6)]
    assert resumed[:2] == taken
    for i in range(1, 6):
        assert services.count(f"/news/item-{i}") == 1
