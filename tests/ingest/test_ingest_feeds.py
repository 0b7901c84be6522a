"""RSS feeds: each entry's page is ingested once; later runs only take new entries."""

from __future__ import annotations

from biokg.ingest import iter_documents
from ingest_services import set_feed


def _titles(items):
    return [i.title for i in items if hasattr(i, "title")]


def test_feed_entries_are_ingested_once_and_new_ones_later(services, tmp_path):
    settings = services.settings(tmp_path, feed_ttl=0.0)
    feed = services.url("/feed.xml")

    first = list(iter_documents([feed], settings))
    assert _titles(first) == ["Story number 1", "Story number 2"]
    assert all(d.source_kind == "news" for d in first)

    assert list(iter_documents([feed], settings)) == []
    assert services.count("/feed.xml") == 2  # the feed itself is asked again (feed_ttl=0)

    set_feed(services, [1, 2, 3])
    third = list(iter_documents([feed], settings))
    assert _titles(third) == ["Story number 3"]
    for i in (1, 2, 3):
        assert services.count(f"/news/item-{i}") == 1
    state = (tmp_path / "cache" / "feeds.json").read_text()
    assert "item-3" in state


def test_a_failing_entry_is_reported_and_retried_next_time(services, tmp_path):
    settings = services.settings(tmp_path, feed_ttl=0.0)
    set_feed(services, [1, 4])
    services.static("/news/item-4", b"<html><body>down</body></html>", status=404)
    items = list(iter_documents([services.url("/feed.xml")], settings))
    assert _titles(items) == ["Story number 1"]
    [failure] = [i for i in items if not hasattr(i, "title")]
    assert failure.source == services.url("/news/item-4")
    assert failure.reason == "not found (HTTP 404)"

    services.static(
        "/news/item-4",
        (
            b"<html><body><article><p>Back online with a story about "
            b"CAR T cells given to eight patients.</p></article>"
            b"</body></html>"
        ),
    )
    # the 404 was not cached, and the entry was not marked as ingested
    again = list(iter_documents([services.url("/feed.xml")], settings))
    assert len(again) == 1 and "Back online" in again[0].text


def test_feed_detected_by_content_when_served_as_xml(services, tmp_path):
    body = (
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>"
        b"<entry><id>urn:a</id><title>Story number 5</title>"
        b"<link href='" + services.url("/news/item-5").encode() + b"'/></entry></feed>"
    )
    services.static("/atom", body, "text/xml")
    items = list(iter_documents([services.url("/atom")], services.settings(tmp_path)))
    assert _titles(items) == ["Story number 5"]


def test_read_source_on_a_feed_without_new_entries_is_empty_not_an_error(services, tmp_path):
    from biokg.ingest import read_source

    settings = services.settings(tmp_path, feed_ttl=0.0)
    assert len(read_source(services.url("/feed.xml"), settings)) == 2
    assert read_source(services.url("/feed.xml"), settings) == []
