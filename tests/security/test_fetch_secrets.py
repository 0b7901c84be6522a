"""The NCBI API key is a secret: it goes only to NCBI's own E-utilities host, and no error
message, log line or exception text ever shows it (it reads api_key=***)."""

from __future__ import annotations

import logging
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingest"))

from biokg.ingest import iter_documents  # noqa: E402
from ingest_services import Reply, Services, install_eutils, make_handler  # noqa: E402

from biokg.model import Failure  # noqa: E402

KEY = "sekret0123456789abcdef"


@pytest.fixture()
def services() -> Iterator[Services]:
    svc = Services()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(svc))
    server.daemon_threads = True
    svc.base = f"http://127.0.0.1:{server.server_address[1]}"
    install_eutils(svc)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield svc
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_failed_pmid_run_never_shows_the_key(tmp_path, caplog):
    base = f"http://127.0.0.1:{_closed_port()}/eutils"
    settings = Services().settings(
        tmp_path,
        eutils_base=base,
        ncbi_api_key=KEY,
        allow_private_hosts=True,
        http_retries=1,
        http_timeout=1.0,
    )
    with caplog.at_level(logging.DEBUG):
        items = list(iter_documents(["pmid:29155426"], settings))

    [failure] = items
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("efetch failed: connection failed")
    assert KEY not in failure.reason and KEY not in failure.source
    assert KEY not in caplog.text


def test_the_key_is_not_sent_to_a_host_other_than_ncbi(services, tmp_path):
    # E-utilities answer an error page: the run fails, and the stand-in host never saw the key
    services.routes["/eutils/efetch.fcgi"] = lambda hit: Reply(500, b"<html>down</html>")
    settings = services.settings(
        tmp_path, ncbi_api_key=KEY, allow_private_hosts=True, http_retries=0
    )
    [failure] = list(iter_documents(["pmid:29155426"], settings))
    assert isinstance(failure, Failure) and failure.reason.startswith("efetch failed: HTTP 500")
    hits = [h for h in services.hits if h.path == "/eutils/efetch.fcgi"]
    assert hits and all("api_key" not in h.query for h in hits)
    assert all(h.query["tool"] == "biokg" for h in hits)  # the other NCBI parameters stay


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi", True),
        ("https://EUTILS.ncbi.nlm.nih.gov:443/entrez/eutils/esearch.fcgi", True),
        ("https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0/", True),
        ("http://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi", False),  # plain text
        ("https://eutils.ncbi.nlm.nih.gov.evil.example/entrez/eutils/", False),
        ("https://eutils.ncbi.nlm.nih.gov:8443/entrez/eutils/", False),
        ("https://www.ebi.ac.uk/europepmc/webservices/rest/search", False),
        ("http://127.0.0.1:8000/eutils/efetch.fcgi", False),
    ],
)
def test_only_ncbi_hosts_may_receive_the_key(url, allowed):
    from biokg.ingest.credentials import key_allowed

    assert key_allowed(url) is allowed


def test_redaction_of_messages_exceptions_and_log_lines(caplog):
    from biokg.ingest.credentials import redact
    from biokg.ingest.http_client import FetchError

    url = f"https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?id=1&api_key={KEY}&tool=x"
    assert redact(url) == (
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi?id=1&api_key=***&tool=x"
    )
    assert redact(f"'api_key': '{KEY}'") == "'api_key': '***'"
    error = FetchError(url, f"connection failed (Max retries exceeded with url: {url})")
    assert KEY not in str(error) and KEY not in error.reason and KEY not in error.source
    assert "api_key=***" in error.reason

    # urllib3 logs the request URL (with its query) on retries: the record is redacted
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("urllib3.connectionpool").warning(
            "Retrying (%r) after connection broken by '%r': %s", "Retry(total=1)", "err", url
        )
    assert KEY not in caplog.text and "api_key=***" in caplog.text
