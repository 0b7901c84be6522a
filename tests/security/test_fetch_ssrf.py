"""SSRF: biokg fetches only public http(s) addresses unless the user opts in
(`allow_private_hosts`, env BIOKG_ALLOW_PRIVATE_HOSTS=1), and checks every redirect hop itself.

The servers here run on 127.0.0.1, so a public first hop cannot be simulated without DNS: the
redirect checks run with the opt-in on (the first hop allowed) against targets that stay refused
even then (file://, cloud metadata, robots.txt), and `check_url` is tested on its own.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))

from biokg.ingest import iter_documents  # noqa: E402
from ingest_services import Reply, Services, install_web, make_handler  # noqa: E402

from biokg.model import Document, Failure  # noqa: E402


@pytest.fixture()
def services() -> Iterator[Services]:
    """The ingest tests' stand-in web server, WITHOUT the ingest tests' private-host opt-in."""
    svc = Services()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(svc))
    server.daemon_threads = True
    port = server.server_address[1]
    svc.base = f"http://127.0.0.1:{port}"
    svc.alt_base = f"http://localhost:{port}"
    install_web(svc)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield svc
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _no_opt_in_from_the_environment(monkeypatch):
    monkeypatch.delenv("BIOKG_ALLOW_PRIVATE_HOSTS", raising=False)


def _redirect(svc: Services, path: str, location: str) -> None:
    svc.routes[path] = lambda hit: Reply(302, b"", headers={"Location": location})


def test_loopback_urls_are_refused_without_a_request_and_the_batch_goes_on(services, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Title: Local story\n\nCAR T cells were given to twelve patients.\n")
    settings = services.settings(tmp_path, allow_private_hosts=False)
    direct = services.url("/news/item-1")
    by_name = services.alt_base + "/news/item-2"
    items = list(iter_documents([direct, by_name, str(story)], settings))

    failures = {i.source: i.reason for i in items if isinstance(i, Failure)}
    assert failures == {
        direct: (
            "refused: 127.0.0.1 is a loopback address; set BIOKG_ALLOW_PRIVATE_HOSTS=1 to allow"
        ),
        by_name: (
            "refused: localhost resolves to 127.0.0.1, a loopback address; "
            "set BIOKG_ALLOW_PRIVATE_HOSTS=1 to allow"
        ),
    }
    assert [d.title for d in items if isinstance(d, Document)] == ["Local story"]
    assert services.hits == []  # not even robots.txt was asked


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/admin", "127.0.0.1 is a loopback address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"),
        ("http://169.254.1.1/", "169.254.1.1 is a link-local address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://10.1.2.3/", "10.1.2.3 is a private address"),
        ("http://172.16.0.9/", "172.16.0.9 is a private address"),
        ("https://192.168.1.1/", "192.168.1.1 is a private address"),
        ("http://[fd12::1]/", "fd12::1 is a private address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
        ("http://100.64.0.1/", "100.64.0.1 is not a public address"),
        ("http://2130706433/", "2130706433 resolves to 127.0.0.1, a loopback address"),
        ("http://localhost/", "localhost resolves to 127.0.0.1, a loopback address"),
        ("file:///etc/passwd", "unsupported URL scheme 'file' (only http and https)"),
        ("gopher://127.0.0.1:70/", "unsupported URL scheme 'gopher' (only http and https)"),
        ("http:///nohost", "URL has no host"),
    ],
)
def test_check_url_refuses_internal_addresses_and_other_schemes(url, reason):
    from biokg.ingest.netguard import RefusedURL, check_url

    with pytest.raises(RefusedURL) as refused:
        check_url(url)
    assert str(refused.value).startswith(reason), str(refused.value)


def test_check_url_checks_every_address_a_name_resolves_to():
    from biokg.ingest.netguard import RefusedURL, check_url

    def resolve(host, port, *args, **kwargs):
        assert host == "news.example.org"
        return [
            (2, 1, 6, "", ("93.184.216.34", port)),  # public
            (2, 1, 6, "", ("10.0.0.7", port)),  # and private: refused
        ]

    with pytest.raises(RefusedURL, match="news.example.org resolves to 10.0.0.7, a private"):
        check_url("https://news.example.org/story", resolve=resolve)
    check_url("https://93.184.216.34/story")  # a public literal needs no DNS and passes
    # the opt-in lets private addresses through, never metadata or other schemes
    check_url("http://127.0.0.1/", allow_private=True)
    check_url("http://10.0.0.7/", allow_private=True)
    with pytest.raises(RefusedURL, match="metadata"):
        check_url("http://169.254.169.254/", allow_private=True)
    with pytest.raises(RefusedURL, match="scheme 'file'"):
        check_url("file:///etc/passwd", allow_private=True)


def test_every_redirect_hop_is_checked(services, tmp_path):
    # The opt-in allows the first hop (the server is on 127.0.0.1); the targets stay refused.
    _redirect(services, "/to-file", "file:///etc/passwd")
    _redirect(services, "/to-metadata", "http://169.254.169.254/latest/meta-data/iam/")
    _redirect(services, "/to-robots-disallowed", "/private/secret")
    _redirect(services, "/moved", "/news/item-3")
    _redirect(services, "/loop", "/loop")
    settings = services.settings(
        tmp_path, allow_private_hosts=True, http_timeout=0.5, http_retries=0
    )
    sources = [services.url(p) for p in ("/to-file", "/to-metadata", "/to-robots-disallowed")]
    sources += [services.url("/loop"), services.url("/moved")]
    items = list(iter_documents(sources, settings))

    failures = {i.source: i.reason for i in items if isinstance(i, Failure)}
    assert failures == {
        services.url("/to-file"): (
            "refused: redirect to file:///etc/passwd: "
            "unsupported URL scheme 'file' (only http and https)"
        ),
        services.url("/to-metadata"): (
            "refused: redirect to http://169.254.169.254/latest/meta-data/iam/: "
            "169.254.169.254 is a cloud metadata address (never fetched)"
        ),
        services.url("/to-robots-disallowed"): (
            f"redirect to {services.url('/private/secret')} disallowed by robots.txt"
        ),
        services.url("/loop"): "too many redirects (more than 10)",
    }
    assert services.count("/private/secret") == 0
    [doc] = [i for i in items if isinstance(i, Document)]
    assert doc.title == "Story number 3"
    assert doc.url == services.url("/news/item-3")


def test_feed_entries_pointing_inside_are_refused_and_named(services, tmp_path):
    from biokg.ingest.runner import Ingestor

    inside = [
        services.url("/news/item-1"),
        services.alt_base + "/news/item-2",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
    ]
    entries = "".join(
        f"<item><title>t{i}</title><link>{link}</link><guid>g{i}</guid></item>"
        for i, link in enumerate(inside)
    )
    feed = f"<rss version='2.0'><channel><title>f</title>{entries}</channel></rss>"
    ingestor = Ingestor(services.settings(tmp_path, allow_private_hosts=False))
    try:
        outcomes = ingestor._read_feed("https://feeds.example.org/rss", feed.encode())
    finally:
        ingestor.close()

    assert all(isinstance(o, Failure) for o in outcomes)
    assert [o.source for o in outcomes] == inside
    assert [o.reason.split(";")[0] for o in outcomes] == [
        "refused: 127.0.0.1 is a loopback address",
        "refused: localhost resolves to 127.0.0.1, a loopback address",
        "refused: 169.254.169.254 is a cloud metadata address (never fetched)",
        "refused: 10.0.0.1 is a private address",
    ]
    assert services.hits == []


def test_the_connection_refuses_an_address_that_changed_after_the_check(
    services, tmp_path, monkeypatch
):
    # DNS rebinding: a name checked as public may resolve to 127.0.0.1 a moment later. The
    # connection resolves and checks again, and connects only to the address it checked.
    from biokg.ingest import netguard

    monkeypatch.setattr(netguard, "check_url", lambda *args, **kwargs: None)
    settings = services.settings(tmp_path, allow_private_hosts=False, http_retries=0)
    [failure] = list(iter_documents([services.alt_base + "/news/item-1"], settings))
    assert failure.reason == (
        "refused: localhost resolves to 127.0.0.1, a loopback address; "
        "set BIOKG_ALLOW_PRIVATE_HOSTS=1 to allow"
    )
    assert services.hits == []


def test_the_opt_in_is_read_from_the_environment(tmp_path, monkeypatch):
    from biokg.config import load_settings
    from biokg.errors import ConfigError

    monkeypatch.chdir(tmp_path)
    assert load_settings().allow_private_hosts is False
    monkeypatch.setenv("BIOKG_ALLOW_PRIVATE_HOSTS", "1")
    assert load_settings().allow_private_hosts is True
    monkeypatch.setenv("BIOKG_ALLOW_PRIVATE_HOSTS", "0")
    assert load_settings().allow_private_hosts is False
    monkeypatch.setenv("BIOKG_ALLOW_PRIVATE_HOSTS", "maybe")
    with pytest.raises(ConfigError, match="allow_private_hosts"):
        load_settings()
