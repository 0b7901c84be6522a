"""Fixtures of the ingest tests: `services`, a local HTTP server standing in for the web,
NCBI and Europe PMC (see `ingest_services.py`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
from ingest_services import (
    Services,
    install_eutils,
    install_fulltext,
    install_web,
    make_handler,
    set_feed,
    split_items,
)


@pytest.fixture()
def services() -> Iterator[Services]:
    svc = Services()
    svc.allow_private_hosts = True  # every URL of these tests is on 127.0.0.1: opt in explicitly
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(svc))
    server.daemon_threads = True
    port = server.server_address[1]
    svc.base = f"http://127.0.0.1:{port}"
    svc.alt_base = f"http://localhost:{port}"
    install_eutils(svc)
    install_fulltext(svc)
    install_web(svc)
    set_feed(svc, [1, 2])
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield svc
    server.shutdown()
    server.server_close()


@pytest.fixture()
def collect():
    return split_items
