"""A large view dataset (the shape `view.collect_view` returns), deterministic for a seed, for
the view's browser test and `bench/view.py`: not imported by biokg at run time."""

from __future__ import annotations

import random
from typing import Any

_ROLES = (("target", "GENE", "TARGETS"), ("disease", "DISEASE", "TREATS"),
          ("outcome", "OUTCOME", "HAS_OUTCOME"))  # fmt: skip


def large_view(entities: int = 5000, edges: int = 20000, seed: int = 0) -> dict[str, Any]:
    """`entities` nodes (a tenth of them therapies, the rest targets, diseases and outcomes) and
    `edges` links from therapies, with Zipf-like article counts and one evidence sentence each.

    Example:
        >>> data = large_view(100, 300)
        >>> len(data["nodes"]), len(data["edges"]), len(data["evidence"])
        (100, 300, 300)
    """
    rng = random.Random(seed)
    therapies = max(1, entities // 10)
    nodes: list[dict[str, Any]] = [
        {
            "id": f"drug:{i}",
            "name": f"Therapy {i}",
            "type": "DRUG",
            "aliases": [],
            "role": "therapy",
        }
        for i in range(therapies)
    ]
    others: list[tuple[dict[str, Any], str]] = []
    for i in range(entities - therapies):
        role, kind, predicate = _ROLES[i % 3]
        node = {"id": f"{role}:{i}", "name": f"{role.title()} {i}", "type": kind, "aliases": [],
                "role": role}  # fmt: skip
        nodes.append(node)
        others.append((node, predicate))
    links: dict[str, dict[str, Any]] = {}
    evidence: dict[str, list[dict[str, Any]]] = {}
    while len(links) < edges:
        source = nodes[min(therapies - 1, int(rng.paretovariate(1.2)) - 1)]
        if rng.random() < 0.5:
            source = nodes[rng.randrange(therapies)]
        target, predicate = others[rng.randrange(len(others))]
        sid = f"s{len(links)}"
        articles = max(1, int(rng.paretovariate(1.5)))
        first = 2015 + rng.randrange(11)
        last = min(2026, first + rng.randrange(4))
        links[sid] = {
            "id": sid,
            "source": source["id"],
            "target": target["id"],
            "predicate": predicate,
            "confidence": round(rng.uniform(0.3, 0.99), 2),
            "evidence_count": articles + rng.randrange(3),
            "article_count": articles,
            "first_seen": f"{first}-01-15",
            "last_seen": f"{last}-06-30",
        }
        evidence[sid] = [
            {
                "sentence": f"{source['name']} {predicate.lower()} {target['name']} in a trial.",
                "confidence": links[sid]["confidence"],
                "negated": False,
                "article_id": f"pmid:{rng.randrange(10**7)}",
                "title": f"Study {sid}",
                "url": None,
            }
        ]
    return {
        "selection": {
            "disease": None,
            "target": None,
            "query": None,
            "params": {},
            "min_confidence": 0.0,
        },  # fmt: skip
        "generated_at": "2026-12-03T00:00:00+00:00",
        "nodes": nodes,
        "edges": list(links.values()),
        "evidence": evidence,
        "findings": {},
    }
