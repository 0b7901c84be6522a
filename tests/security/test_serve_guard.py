"""`biokg serve` against a page on another origin (issue 16, item 3).

DNS rebinding (a forged `Host`), cross-site fetches (`Origin`, `Sec-Fetch-Site`), error bodies
that leaked Cypher text and the store's path, NaN/Infinity in JSON, and `javascript:` URLs in the
view's evidence links. Every request is sent raw with http.client, so the headers are exactly the
ones written here.
"""

from __future__ import annotations

import http.client
import json
import math
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from biokg.graph import GraphStore, open_store
from biokg.queries.output import format_rows
from biokg.queries.registry import Registry, default_registry, parse_query
from biokg.queries.server import ViewServer, make_server
from biokg.queries.view import collect_view

from biokg.config import Settings
from biokg.model import Document, Extraction, SourceKind

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from graph_fixture import CD22_TRIAL_SENTENCES, car_t_graph  # noqa: E402

VIEW_JS = Path(__file__).resolve().parents[2] / "queries" / "static" / "view.js"
EVIL_URL = "javascript:alert(document.domain)"


def _evil_link_graph() -> list[Extraction]:
    """The CAR T graph with the CD22 trial's article carrying a `javascript:` URL."""
    graph = car_t_graph()
    first = graph[0]
    doc = first.document.model_copy(update={"url": EVIL_URL})
    return [first.model_copy(update={"document": doc}), *graph[1:]]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[GraphStore]:
    settings = Settings(store_path=tmp_path_factory.mktemp("graph"))
    with open_store(settings) as opened:
        assert opened.load(_evil_link_graph()).articles_loaded == 3
        yield opened


@pytest.fixture()
def server(store) -> Iterator[ViewServer]:
    httpd = make_server(store, port=0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def request(httpd: ViewServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET `path` with exactly `headers` (Host included: http.client adds none of its own)."""
    port = httpd.server_address[1]
    headers = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for key, value in headers.items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        conn.close()


def strict_json(body: str):
    """Parse JSON as a browser does: NaN, Infinity and -Infinity are syntax errors."""

    def refuse(name: str):
        raise ValueError(f"{name} is not JSON")

    return json.loads(body, parse_constant=refuse)


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",  # DNS rebinding: evil.example now resolves to 127.0.0.1
        "evil.example",
        "127.0.0.1.evil.example:{port}",
        "127.0.0.1:1",  # another port
        "localhost.evil.example:{port}",
        "",
    ],
)
def test_foreign_host_is_refused(server, host):
    port = server.server_address[1]
    for path in ("/", "/api/view?target=CD22", "/api/query/therapies_for_target?target=CD22"):
        status, body = request(server, path, {"Host": host.format(port=port)})
        assert status in (403, 421), (path, host, status)
        assert "CD22" not in body and "BIOKG_API" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_loopback_hosts_are_served(server, host):
    port = server.server_address[1]
    status, body = request(
        server, "/api/query/therapies_for_target?target=CD22", {"Host": host.format(port=port)}
    )
    assert status == 200
    assert [r["therapy"] for r in strict_json(body)] == ["CD22 CAR T cells"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1:1"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"},
    ],
)
def test_cross_site_requests_are_refused(server, headers):
    for path in (
        "/api/view?target=CD22",
        "/api/query/therapies_for_target?target=CD22",
        "/api/queries",
    ):
        status, body = request(server, path, headers)
        assert status == 403, (path, headers, status)
        assert "CD22" not in body and "resistance_chains" not in body


def test_same_origin_requests_are_served(server):
    port = server.server_address[1]
    same = {"Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"}
    status, body = request(server, "/api/view?target=CD22", same)
    assert status == 200 and strict_json(body)["edges"]
    status, page = request(server, "/", {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"})
    assert status == 200 and 'window.BIOKG_API = "/api"' in page
    # A link from another site (a notebook, say) may open the page, never frame or fetch it.
    status, page = request(
        server,
        "/?disease=B-ALL",
        {
            "Sec-Fetch-Site": "cross-site",
            "Sec-Fetch-Mode": "navigate",
            "Sec-Fetch-Dest": "document",
        },
    )
    assert status == 200 and 'window.BIOKG_API = "/api"' in page
    status, _ = request(
        server,
        "/",
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "iframe"},
    )
    assert status == 403


FAILING_QUERY = """\
// name: always_fails
// description: A query whose regex does not compile, so the store raises.
// param: text: str = x — anything
MATCH (e:Entity) WHERE e.name =~ '(unclosed' AND e.name <> $text
RETURN e.name AS name
"""


def test_error_body_has_no_cypher_and_no_store_path(server, store):
    queries = list(default_registry()) + [parse_query(FAILING_QUERY)]
    server.registry = Registry(queries)
    status, body = request(server, "/api/query/always_fails")
    assert status == 500
    error = strict_json(body)
    assert "(unclosed" not in body and "MATCH" not in body and "RETURN" not in body
    assert str(store.path) not in body and "/tmp" not in body
    assert error["error"] and error.get("kind")
    # A bad parameter still says what was wrong, in a few words of its own.
    status, body = request(server, "/api/query/nope")
    assert status == 400 and "no named query 'nope'" in strict_json(body)["error"]


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e999"])
def test_no_nan_or_infinity_in_json(server, value):
    status, body = request(server, f"/api/view?target=CD22&min_confidence={value}")
    strict_json(body)  # a 400 saying why, or a view: valid JSON either way
    assert status == 400 and "min_confidence" in strict_json(body)["error"]
    status, body = request(
        server, f"/api/query/therapies_for_target?target=CD22&min_confidence={value}"
    )
    assert status == 400
    strict_json(body)


def test_json_output_serialises_nan_as_null():
    rows = [
        {"rate": math.nan, "n": math.inf, "m": -math.inf, "nested": [math.nan, {"x": math.inf}]}
    ]
    assert strict_json(format_rows(rows, "json")) == [
        {"rate": None, "n": None, "m": None, "nested": [None, {"x": None}]}
    ]


def test_server_json_serialises_nan_as_null(server):
    # A named query whose rows hold NaN and ±Infinity, as stored numbers can.
    text = """\
// name: odd_numbers
// description: Not-a-number and infinity from the store.
UNWIND [1] AS one
RETURN toFloat('NaN') AS nan, toFloat('Infinity') AS inf, -toFloat('Infinity') AS ninf,
       [toFloat('NaN'), 1.5] AS listed, {r: toFloat('Infinity')} AS nested
"""
    server.registry = Registry([*default_registry(), parse_query(text)])
    status, body = request(server, "/api/query/odd_numbers")
    assert status == 200
    assert strict_json(body) == [
        {"nan": None, "inf": None, "ninf": None, "listed": [None, 1.5], "nested": {"r": None}}
    ]


def test_view_links_only_http_urls(store):
    data = collect_view(store, target="CD22")
    urls = {ev["url"] for rows in data["evidence"].values() for ev in rows}
    urls |= {f["url"] for rows in data["findings"].values() for f in rows}
    assert EVIL_URL not in urls
    assert {s for rows in data["evidence"].values() for s in (ev["sentence"] for ev in rows)} >= {
        CD22_TRIAL_SENTENCES[0]
    }


NODE_HARNESS = r"""
const fs = require("fs");
const el = new Proxy({}, { get: (t, k) => k === "elements" ? new Proxy({}, { get: () => ({}) })
  : (typeof k === "string" && /^(add|set|remove)/.test(k) ? () => {} : undefined) });
global.window = {};
global.document = { getElementById: () => el, body: el };
global.location = { search: "" };
eval(fs.readFileSync(process.argv[2], "utf8"));
const link = window.biokgView.articleLink;
process.stdout.write(JSON.stringify([
  link({ title: "t", url: "javascript:alert(1)" }),
  link({ title: "t", url: " JaVaScRiPt:alert(1)" }),
  link({ title: "t", url: "data:text/html,<b>x</b>" }),
  link({ title: "t", url: "https://pubmed.ncbi.nlm.nih.gov/1/" }),
  link({ title: "t", url: "http://example.org/a?b=1&c=2" }),
]));
"""


def test_view_js_links_only_http_urls(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS, encoding="utf-8")
    done = subprocess.run(
        [node, str(harness), str(VIEW_JS)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    evil, evil_case, data, https, http_ = json.loads(done.stdout)
    for html in (evil, evil_case, data):
        assert "<a" not in html and "href" not in html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/1/"' in https
    assert '<a href="http://example.org/a?b=1&amp;c=2"' in http_


def test_document_model_keeps_any_url():
    # The view must cope with any URL text: the model does not restrict it.
    doc = Document(
        title="t", text="x", url=EVIL_URL, published=date(2020, 1, 1), source_kind=SourceKind.NEWS
    )
    assert doc.url == EVIL_URL
