"""`biokg serve`: the view as a small local web app over the configured store (stdlib http.server).

Routes (GET only, loopback only):
- `/`                    the view page; its query string (`?disease=B-ALL`) selects what it shows
- `/api/view`            the view's data (`disease`, `target`, `query`, `min_confidence`, and the
                         named query's own parameters as `param.NAME=value`)
- `/api/queries`         the named queries and their parameters
- `/api/query/NAME`      rows of a named query; its parameters as query-string fields
Every read goes through the store's read-only guard, one request at a time.
"""

from __future__ import annotations

import json
import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from biokg.queries.registry import default_registry
from biokg.queries.runner import run_query
from biokg.queries.view import collect_view, render_html

from biokg.errors import BiokgError, QueryError

if TYPE_CHECKING:
    from biokg.graph import GraphStore

log = logging.getLogger(__name__)
LOOPBACK = "127.0.0.1"


class ViewServer(ThreadingHTTPServer):
    """An HTTP server bound to 127.0.0.1 that answers from one open `GraphStore`."""

    daemon_threads = True

    def __init__(self, store: GraphStore, port: int, limits: dict[str, Any] | None = None):
        self.store = store
        self.limits = dict(limits or {})
        self.registry = default_registry()
        self.page = render_html(None, api="/api")
        # One read at a time: the embedded store is one in-process object.
        self.lock = threading.Lock()
        super().__init__((LOOPBACK, port), _Handler)


def make_server(store: GraphStore, *, port: int = 8765, limits: dict | None = None) -> ViewServer:
    """A `ViewServer` on 127.0.0.1:`port` (0 picks a free port); call `serve_forever()` on it."""
    return ViewServer(store, port, limits)


def _single(query: dict[str, list[str]]) -> dict[str, str]:
    return {key: values[-1] for key, values in query.items() if values}


class _Handler(BaseHTTPRequestHandler):
    server: ViewServer
    server_version = "biokg-view"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.info("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
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
                self._json({"error": f"no such page: {url.path}"}, HTTPStatus.NOT_FOUND)
        except QueryError as exc:
            self._json({"error": str(exc)}, HTTPStatus.BAD_REQUEST)
        except BiokgError as exc:
            log.warning("request %s failed: %s", self.path, exc)
            self._json({"error": str(exc)}, HTTPStatus.INTERNAL_SERVER_ERROR)

    def _view(self, fields: dict[str, str]) -> dict[str, Any]:
        params = {k.removeprefix("param."): v for k, v in fields.items() if k.startswith("param.")}
        try:
            min_confidence = float(fields.get("min_confidence") or 0.0)
        except ValueError as exc:
            raise QueryError(f"min_confidence must be a number ({exc})") from exc
        with self.server.lock:
            return collect_view(
                self.server.store,
                disease=fields.get("disease") or None,
                target=fields.get("target") or None,
                query=fields.get("query") or None,
                params=params,
                min_confidence=min_confidence,
                registry=self.server.registry,
            )

    def _json(self, value: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        body = json.dumps(value, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
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
