"""The therapy–target–outcome view: data from named queries, rendered as one offline HTML page.

The page (`static/view.html` + `view.js` + `view.css`) draws with Cytoscape.js, vendored from npm
(`static/cytoscape.min.js`, version in `CYTOSCAPE_VERSION`, licence beside it) and inlined, so the
file `biokg view` writes opens from disk with no network. `biokg serve` sends the same page with
no data inlined; the page then asks the server's `/api/view` for it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from biokg.queries.output import dumps_json
from biokg.queries.registry import Registry, default_registry
from biokg.queries.runner import Row, run_query

if TYPE_CHECKING:
    from biokg.graph import GraphStore

CYTOSCAPE_VERSION = "3.34.4"
# Links a view holds at most, the most stated first (bench/view.py times a page this size).
VIEW_LINKS = 20_000
# Where an entity sits in the picture, from the predicate that brings it in.
_ROLE_OF_OBJECT = {"TARGETS": "target", "TREATS": "disease", "HAS_OUTCOME": "outcome"}
_NOT_ENTITY_IDS = {"article_id", "statement_id", "relapse_statement_id"}


def entity_ids_in(rows: list[Row]) -> list[str]:
    """Entity ids a query's rows name: string values of `id` and `*_id` columns (not articles).

    >>> entity_ids_in([{"therapy_id": "d1", "article_id": "pmid:1", "id": "HGNC:1643"}])
    ['HGNC:1643', 'd1']
    """
    found: set[str] = set()
    for row in rows:
        for key, value in row.items():
            named_id = (key == "id" or key.endswith("_id")) and key not in _NOT_ENTITY_IDS
            if named_id and isinstance(value, str) and value:
                found.add(value)
    return sorted(found)


def web_url(url: Any) -> str | None:
    """`url` when it is an http(s) address, else None: a document's URL comes from its source,
    and a `javascript:` or `data:` URL must never become a link in the view.

    >>> web_url("https://pubmed.ncbi.nlm.nih.gov/1/"), web_url("javascript:alert(1)")
    ('https://pubmed.ncbi.nlm.nih.gov/1/', None)
    """
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def collect_view(
    store: GraphStore,
    *,
    disease: str | None = None,
    target: str | None = None,
    query: str | None = None,
    params: dict[str, Any] | None = None,
    min_confidence: float = 0.0,
    registry: Registry | None = None,
    limit: int = VIEW_LINKS,
) -> dict[str, Any]:
    """The view's data: therapies with their targets, diseases and outcomes, evidence and findings.

    Args:
        store: an open `GraphStore`.
        disease: keep therapies that treat this disease (name, alias or CURIE).
        target: keep therapies that target this.
        query: keep therapies that are, or link to, an entity the named query `query` returns
            (run with `params`).
        min_confidence: drop edges below this aggregated confidence.
        limit: most links; past it the view holds the most stated ones and says so
            (`selection.truncated`).

    Returns:
        A JSON-ready dict: `nodes`, `edges` (one per statement), `evidence` and `findings` keyed by
        statement_id, and `selection` saying what was asked.
    """
    registry = registry or default_registry()
    entity_ids = None
    if query:
        entity_ids = entity_ids_in(run_query(store, query, params, registry=registry))
    links = run_query(
        store,
        "view_links",
        {
            "disease": disease,
            "target": target,
            "entity_ids": entity_ids,
            "min_confidence": min_confidence,
            "limit": limit,
        },
        registry=registry,
    )
    if query and not entity_ids:
        links = []  # the query found nothing to centre on; an empty view says so honestly
    nodes, edges = _nodes_and_edges(links)
    statement_ids = sorted(edges)
    evidence: dict[str, list[Row]] = defaultdict(list)
    if statement_ids:
        for row in run_query(
            store, "evidence_for_statements", {"statement_ids": statement_ids}, registry=registry
        ):
            row["url"] = web_url(row.get("url"))
            evidence[row.pop("statement_id")].append(row)
    therapies = sorted(n["id"] for n in nodes.values() if n["role"] in ("therapy", "brand"))
    findings: dict[str, list[Row]] = defaultdict(list)
    if therapies:
        for row in run_query(
            store, "findings_for_therapies", {"therapy_ids": therapies}, registry=registry
        ):
            row["url"] = web_url(row.get("url"))
            findings[row.pop("statement_id")].append(row)
    return {
        "selection": {
            "disease": disease,
            "target": target,
            "query": query,
            "params": {k: str(v) for k, v in (params or {}).items()},
            "min_confidence": min_confidence,
            # The query returned `limit` links: there may be more, left out (the least stated).
            "truncated": len(links) >= limit,
            "limit": limit,
        },
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "nodes": sorted(nodes.values(), key=lambda n: (n["role"], n["name"].lower())),
        "edges": [edges[sid] for sid in statement_ids],
        "evidence": dict(evidence),
        "findings": {sid: rows for sid, rows in findings.items() if sid in edges},
    }


def _nodes_and_edges(links: list[Row]) -> tuple[dict[str, dict], dict[str, dict]]:
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}

    def node(prefix: str, row: Row, role: str) -> None:
        entity_id = row[f"{prefix}_id"]
        current = nodes.get(entity_id)
        # A therapy stays a therapy even when another therapy's edge also reaches it.
        if current is None or current["role"] in ("other", "brand") and role == "therapy":
            nodes[entity_id] = {
                "id": entity_id,
                "name": row[prefix] or entity_id,
                "type": row[f"{prefix}_type"],
                "aliases": row.get(f"{prefix}_aliases") or [],
                "role": role,
            }

    for row in links:
        predicate = row["predicate"]
        if predicate == "BRAND_OF":
            node("target", row, "therapy")
            node("source", row, "brand")
        else:
            node("source", row, "therapy")
            node("target", row, _ROLE_OF_OBJECT.get(predicate, "other"))
        edges[row["statement_id"]] = {
            "id": row["statement_id"],
            "source": row["source_id"],
            "target": row["target_id"],
            "predicate": predicate,
            "confidence": row["confidence"],
            "evidence_count": row["evidence_count"] or 0,
            "article_count": row["article_count"] or 0,
            "first_seen": _day(row.get("first_seen")),
            "last_seen": _day(row.get("last_seen")),
        }
    return nodes, edges


def _day(value: Any) -> str | None:
    """A date as ISO text (`2024-05-01`); the view compares them as strings."""
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:10]


def _static(name: str) -> str:
    return resources.files("biokg.queries").joinpath("static", name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    # Inside <script>, "</script>" or "<!--" in a sentence would end the element early.
    text = dumps_json(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(data: dict[str, Any] | None, *, api: str | None = None) -> str:
    """The view page with everything inlined: styles, Cytoscape.js, the app and `data`.

    With `data=None` and `api` set (what `biokg serve` does), the page loads its data from
    `{api}/view` with the page's own query string instead.
    """
    page = _static("view.html")
    parts = {
        "/*BIOKG:CSS*/": _static("view.css"),
        "/*BIOKG:CYTOSCAPE*/": _static("cytoscape.min.js"),
        "/*BIOKG:APP*/": _static("view.js"),
        "/*BIOKG:DATA*/null": _script_json(data),
        "/*BIOKG:API*/null": _script_json(api),
    }
    for marker, text in parts.items():
        if marker not in page:
            raise RuntimeError(f"view.html lost its {marker} marker")
        page = page.replace(marker, text, 1)
    return page


__all__ = ["CYTOSCAPE_VERSION", "collect_view", "entity_ids_in", "render_html", "web_url"]
