"""`biokg serve`: the view as a small local web app over the configured store (stdlib http.server).

Routes (GET only, loopback only):
- `/`                    the view page; its query string (`?disease=B-ALL`) selects what it shows
- `/api/view`            the view's data (`disease`, `target`, `query`, `min_confidence`, `limit`
                         (at most `VIEW_LINKS`), and the named query's own parameters as
                         `param.NAME=value`); the page asks it again for a node's neighbourhood
                         when the graph has more links than the page holds
- `/api/queries`         the named queries and their parameters
- `/api/query/NAME`      rows of a named query; its parameters as query-string fields
Every read goes through the store's read-only guard, one request at a time.

A web page on another origin must not read the graph through the user's browser:
- the `Host` header must name the server (127.0.0.1, localhost or [::1] with its port, or the
  `host` it was started on), else 421: a DNS-rebound name is refused;
- an `Origin` other than the server's own, or `Sec-Fetch-Site` other than `same-origin`/`none`,
  is refused with 403. The page itself may still be opened from a link on another site (a
  top-level navigation reads nothing back), never framed;
- error bodies say what kind of error it was, never the Cypher text or the store's path (those go
  to the log); NaN and Infinity become `null`.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from biokg.queries.output import dumps_json
from biokg.queries.registry import default_registry
from biokg.queries.runner import run_query
from biokg.queries.view import VIEW_LINKS, collect_view, render_html

from biokg.errors import BiokgError, QueryError

if TYPE_CHECKING:
    from biokg.graph import GraphStore

log = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
# What the browser says about who asked (Fetch Metadata): the page itself, or the user typing or
# bookmarking the address. Anything else comes from another origin.
_OWN_FETCH_SITES = ("same-origin", "none")
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


class ViewServer(ThreadingHTTPServer):
    """An HTTP server bound to 127.0.0.1 (or `host`) that answers from one open `GraphStore`."""

    daemon_threads = True

    def __init__(
        self,
        store: GraphStore,
        port: int,
        limits: dict[str, Any] | None = None,
        *,
        host: str = LOOPBACK,
        allowed_hosts: Iterable[str] = (),
    ):
        self.store = store
        self.limits = dict(limits or {})
        self.registry = default_registry()
        self.page = render_html(None, api="/api")
        # One read at a time: the embedded store is one in-process object.
        self.lock = threading.Lock()
        super().__init__((host, port), _Handler)
        self.host_names = {n.lower() for n in (*LOOPBACK_NAMES, host, *allowed_hosts) if n}

    def allows_host(self, header: str | None) -> bool:
        """Whether a request's `Host` header names this server (name and port)."""
        name, sep, port = (header or "").strip().lower().rpartition(":")
        if not sep or "]" in port:  # no port: only the default port may leave it out
            name, port = (header or "").strip().lower(), "80"
        return name in self.host_names and port == str(self.server_address[1])


def make_server(
    store: GraphStore,
    *,
    port: int = 8765,
    limits: dict | None = None,
    host: str = LOOPBACK,
    allowed_hosts: Iterable[str] = (),
) -> ViewServer:
    """A `ViewServer` on `host`:`port` (0 picks a free port); call `serve_forever()` on it.

    Args:
        host: the address to listen on (127.0.0.1); requests may name it in `Host`, as well as
            127.0.0.1, localhost and [::1].
        allowed_hosts: more names a `Host` header may use (with the server's port).
    """
    return ViewServer(store, port, limits, host=host, allowed_hosts=allowed_hosts)


def _single(query: dict[str, list[str]]) -> dict[str, str]:
    return {key: values[-1] for key, values in query.items() if values}


class _Handler(BaseHTTPRequestHandler):
    server: ViewServer
    server_version = "biokg-view"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.info("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if not self.server.allows_host(self.headers.get("Host")):
            log.warning(
                "refused %s: Host %r is not this server", url.path, self.headers.get("Host")
            )
            self._json({"error": "unknown host", "kind": "host"}, HTTPStatus.MISDIRECTED_REQUEST)
            return
        if not self._same_origin(url.path in ("/", "/index.html")):
            log.warning(
                "refused %s: cross-site (Origin %r, Sec-Fetch-Site %r)",
                url.path,
                self.headers.get("Origin"),
                self.headers.get("Sec-Fetch-Site"),
            )
            self._json({"error": "cross-site request", "kind": "origin"}, HTTPStatus.FORBIDDEN)
            return
        fields = _single(parse_qs(url.query, keep_blank_values=False))
        try:
            if url.path in ("/", "/index.html"):
                self._send(HTTPStatus.OK, self.server.page.encode("utf-8"), "text/html")
            elif url.path == "/api/view":
                self._json(self._view(fields))
            elif url.path == "/api/queries":
                self._json([_describe(q) for q in self.server.registry])
            elif url.path.startswith("/api/query/"):
                name = url.path.removeprefix("/api/query/")
                with self.server.lock:
                    rows = run_query(
                        self.server.store,
                        name,
                        fields,
                        registry=self.server.registry,
                        **self.server.limits,
                    )
                self._json(rows)
            else:
                self._json({"error": "no such page", "kind": "not_found"}, HTTPStatus.NOT_FOUND)
        except QueryError as exc:
            # The request's own mistake (unknown query or parameter, a bad value): its message is
            # built from the request and the query's header, never from Cypher or the store.
            self._json({"error": str(exc), "kind": "bad_request"}, HTTPStatus.BAD_REQUEST)
        except BiokgError as exc:
            # Store errors name the Cypher text and the store (path or URI): log only.
            log.warning("request %s failed: %s", url.path, exc)
            kind = "timeout" if "timed out" in str(exc) else "store"
            self._json(
                {"error": "the store could not answer (details in the server log)", "kind": kind},
                HTTPStatus.INTERNAL_SERVER_ERROR,
            )
        except Exception:
            log.exception("request %s failed", url.path)
            self._json(
                {"error": "internal error (details in the server log)", "kind": "internal"},
                HTTPStatus.INTERNAL_SERVER_ERROR,
            )

    def _same_origin(self, page: bool) -> bool:
        """Whether the request comes from this server's own page (or from no page at all)."""
        origin = self.headers.get("Origin")
        if (
            origin is not None
            and origin.strip().lower() != f"http://{self.headers['Host']}".lower()
        ):
            return False
        site = (self.headers.get("Sec-Fetch-Site") or "none").strip().lower()
        if site in _OWN_FETCH_SITES:
            return True
        # A link from another site may open the page (the top-level document reads nothing
        # back to that site); a frame, script or fetch from it may not.
        mode = (self.headers.get("Sec-Fetch-Mode") or "").strip().lower()
        dest = (self.headers.get("Sec-Fetch-Dest") or "").strip().lower()
        return page and mode == "navigate" and dest in ("document", "")

    def _view(self, fields: dict[str, str]) -> dict[str, Any]:
        params = {k.removeprefix("param."): v for k, v in fields.items() if k.startswith("param.")}
        try:
            min_confidence = float(fields.get("min_confidence") or 0.0)
        except ValueError as exc:
            raise QueryError("min_confidence must be a number") from exc
        if not math.isfinite(min_confidence):
            raise QueryError("min_confidence must be a finite number")
        try:
            limit = min(VIEW_LINKS, int(fields.get("limit") or VIEW_LINKS))
        except ValueError as exc:
            raise QueryError("limit must be a whole number") from exc
        if limit < 1:
            raise QueryError("limit must be at least 1")
        with self.server.lock:
            return collect_view(
                self.server.store,
                disease=fields.get("disease") or None,
                target=fields.get("target") or None,
                query=fields.get("query") or None,
                params=params,
                min_confidence=min_confidence,
                registry=self.server.registry,
                limit=limit,
            )

    def _json(self, value: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, dumps_json(value).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _describe(query) -> dict[str, Any]:
    return {
        "name": query.name,
        "description": query.description,
        "params": [
            {"name": p.name, "type": p.type, "required": p.required, "default": p.default}
            for p in query.params
        ],
    }
