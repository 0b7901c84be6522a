"""Slow drip: a server that sends one byte at a time never trips the per-read timeout, so each
response also has an overall deadline (default 3 x BIOKG_HTTP_TIMEOUT), for headers and body."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from biokg.ingest import iter_documents

from biokg.config import Settings
from biokg.model import Failure

_BODY = b"<html><body><article><p>drip</p></article></body></html>"[:16]


class DripServer:
    """Sends its answer one byte every `interval` seconds: in the body, or in the headers."""

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self.requests: list[str] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = conn.recv(65536).decode("latin-1")
            path = request.split(" ", 2)[1] if " " in request else ""
            self.requests.append(path)
            if path == "/robots.txt":
                conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                return
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(_BODY)}\r\nConnection: close\r\n\r\n"
            ).encode()
            # /drip-headers drips the status line and headers, anything else drips the body
            fast, slow = (b"", head + _BODY) if path == "/drip-headers" else (head, _BODY)
            try:
                conn.sendall(fast)
                for byte in slow:
                    if self._stop.is_set():
                        return
                    conn.sendall(bytes([byte]))
                    time.sleep(self.interval)
            except OSError:
                return  # the client gave up, as it should

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()


@pytest.fixture()
def drip() -> Iterator[DripServer]:
    server = DripServer(interval=0.5)
    yield server
    server.close()


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        per_host_rate=0.0,
        http_timeout=1.0,
        http_retries=1,
        http_backoff=0.0,
        allow_private_hosts=True,  # the drip server is on 127.0.0.1
    )


def test_a_dripping_body_fails_at_the_deadline(drip, tmp_path):
    url = drip.url("/drip-body")
    started = time.monotonic()
    items = list(iter_documents([url], _settings(tmp_path)))
    elapsed = time.monotonic() - started

    assert elapsed < 5.0, f"took {elapsed:.1f}s"
    [failure] = items
    assert isinstance(failure, Failure) and failure.source == url
    assert failure.reason == (
        "too slow: no complete response within 3s (3 x BIOKG_HTTP_TIMEOUT, 1s per read)"
    )
    assert drip.requests.count("/drip-body") == 1  # a deadline is final, not retried


def test_dripping_headers_fail_at_a_configured_deadline(drip, tmp_path):
    from biokg.ingest.http_client import FetchError, HttpClient

    client = HttpClient(_settings(tmp_path), deadline=2.0)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as failed:
            client.get(drip.url("/drip-headers"))
    finally:
        client.close()
    elapsed = time.monotonic() - started

    assert elapsed < 3.5, f"took {elapsed:.1f}s"
    assert failed.value.reason == ("too slow: no complete response within 2s (1s per read)")
    assert drip.requests.count("/drip-headers") == 1
