"""The view's data on both stores, the page being one offline file, and the local server's API."""

from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from biokg.queries.server import make_server
from biokg.queries.view import CYTOSCAPE_VERSION, collect_view, entity_ids_in, render_html
from graph_fixture import BALL, CAR19, CAR22, CD22, CD22_TRIAL_SENTENCES, KYMRIAH, TISA


def by_id(items):
    return {item["id"]: item for item in items}


def test_view_for_a_target(car_t_store):
    data = collect_view(car_t_store, target="cd22")
    nodes = by_id(data["nodes"])
    assert {(i, n["role"]) for i, n in nodes.items()} == {
        (CAR22, "therapy"),
        (CD22, "target"),
        (BALL, "disease"),
        ("biokg:outcome:complete_remission", "outcome"),
    }
    edges = {(e["source"], e["predicate"], e["target"]): e for e in data["edges"]}
    targets = edges[(CAR22, "TARGETS", CD22)]
    assert (targets["evidence_count"], targets["article_count"]) == (2, 1)
    sentences = {ev["sentence"] for ev in data["evidence"][targets["id"]]}
    assert sentences == {CD22_TRIAL_SENTENCES[0], CD22_TRIAL_SENTENCES[2]}
    outcome = edges[(CAR22, "HAS_OUTCOME", "biokg:outcome:complete_remission")]
    [finding] = data["findings"][outcome["id"]]
    assert (finding["rate"], finding["n"], finding["N"]) == (0.73, 11, 15)
    assert finding["title"] == "CD22-targeted CAR T cells in B-ALL after CD19-directed therapy"
    assert data["selection"]["target"] == "cd22"


def test_view_for_a_disease_and_for_a_query(car_t_store):
    data = collect_view(car_t_store, disease="B-ALL")
    roles = {n["id"]: n["role"] for n in data["nodes"]}
    assert roles[KYMRIAH] == "brand" and roles[TISA] == "therapy" and roles[CAR19] == "therapy"
    assert len(data["edges"]) == 10
    around = collect_view(car_t_store, query="therapies_for_target", params={"target": "HGNC:1633"})
    assert {n["id"] for n in around["nodes"] if n["role"] in ("therapy", "brand")} == {
        CAR19,
        TISA,
        KYMRIAH,
    }
    assert (
        collect_view(car_t_store, query="entity_search", params={"text": "nothing"})["edges"] == []
    )


def test_a_view_past_its_limit_keeps_the_most_stated_links_and_says_so(car_t_store):
    whole = collect_view(car_t_store)
    assert whole["selection"]["truncated"] is False
    days = [e["last_seen"] for e in whole["edges"]]
    assert days and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in days if d), days
    assert any(days)  # the date filter's field: when a link was last stated
    cut = collect_view(car_t_store, limit=3)
    assert cut["selection"]["truncated"] is True and len(cut["edges"]) == 3
    weight = lambda e: (e["article_count"], e["evidence_count"])  # noqa: E731
    least_kept = min(weight(e) for e in cut["edges"])
    dropped = [e for e in whole["edges"] if e["id"] not in {k["id"] for k in cut["edges"]}]
    assert all(weight(e) <= least_kept for e in dropped)


def test_entity_ids_in_rows():
    rows = [{"therapy_id": "a", "target_id": None, "article_id": "pmid:1", "statement_id": "s"}]
    assert entity_ids_in(rows + [{"id": "b", "name": "x"}]) == ["a", "b"]


def test_page_is_one_offline_file():
    data = {
        "nodes": [],
        "edges": [],
        "evidence": {"s": [{"sentence": "</script><script>alert(1)</script> & <!--"}]},
        "findings": {},
    }
    page = render_html(data)
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "/*BIOKG:" not in page
    assert "alert(1)" in page and "<script>alert(1)" not in page  # escaped inside JSON
    assert page.count("</script>") == 3  # cytoscape, data, app: nothing else closes a script
    assert "* Copyright (c) 2016-" in page  # Cytoscape.js licence header kept inline
    assert CYTOSCAPE_VERSION == "3.34.4"
    embedded = re.search(r"window\.BIOKG_DATA = (.*);\nwindow\.BIOKG_API", page).group(1)
    assert json.loads(embedded) == data


@pytest.fixture()
def server(car_t_store) -> Iterator[str]:
    httpd = make_server(car_t_store, port=0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host}:{port}"
    httpd.shutdown()
    httpd.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_server_api(server):
    assert server.startswith("http://127.0.0.1:")
    status, page = get(server + "/")
    assert status == 200 and 'window.BIOKG_API = "/api"' in page
    status, body = get(server + "/api/view?target=CD22")
    assert status == 200
    assert {e["predicate"] for e in json.loads(body)["edges"]} == {
        "TARGETS",
        "TREATS",
        "HAS_OUTCOME",
    }
    status, body = get(server + "/api/view?query=therapies_for_target&param.target=CD19")
    assert {n["name"] for n in json.loads(body)["nodes"]} >= {"Kymriah", "CD19 CAR T cells"}
    status, body = get(server + "/api/query/therapies_for_target?target=CD22")
    assert status == 200 and [r["therapy"] for r in json.loads(body)] == ["CD22 CAR T cells"]
    status, body = get(server + "/api/queries")
    assert "resistance_chains" in {q["name"] for q in json.loads(body)}
    status, body = get(server + "/api/query/nope")
    assert status == 400 and "no named query 'nope'" in json.loads(body)["error"]
    status, body = get(server + "/api/view?min_confidence=high")
    assert status == 400 and "min_confidence" in json.loads(body)["error"]
    assert get(server + "/etc/passwd")[0] == 404
