"""The therapy–target–outcome summary `biokg run` prints at the end, from the named queries."""

from __future__ import annotations

from collections import defaultdict

from biokg.queries import run_query

_SHOWN = ("TARGETS", "TREATS", "BRAND_OF", "DEVELOPED_BY")


def _numbers(finding: dict) -> str:
    parts = []
    if finding.get("rate") is not None:
        parts.append(f"{finding['rate']:.0%}")
    if finding.get("n") is not None and finding.get("N") is not None:
        parts.append(f"{finding['n']}/{finding['N']}")
    if finding.get("duration"):
        parts.append(str(finding["duration"]))
    return " ".join(parts)


def therapy_links(store) -> list[str]:
    """Per therapy: targets, diseases, brands and makers, then outcomes with their numbers."""
    edges: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    outcomes: dict[str, dict[str, str]] = defaultdict(dict)
    for row in run_query(store, "view_links"):
        if row["source_type"] != "DRUG":
            continue
        names[row["source_id"]] = row["source"]
        if row["predicate"] in _SHOWN:
            edges[row["source_id"]].append(f"{row['predicate']} {row['target']}")
        elif row["predicate"] == "HAS_OUTCOME":
            outcomes[row["source_id"]].setdefault(row["target_id"], row["target"])
    if not names:
        return []
    numbers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for finding in run_query(store, "findings_for_therapies", {"therapy_ids": sorted(names)}):
        text = _numbers(finding)
        if text:
            numbers[(finding["therapy_id"], finding["outcome_id"])].append(text)
    lines = []
    for therapy_id in sorted(names, key=lambda i: names[i].lower()):
        lines.append(names[therapy_id])
        lines += [f"    -{edge}" for edge in sorted(set(edges[therapy_id]))]
        for outcome_id, outcome in sorted(outcomes[therapy_id].items(), key=lambda kv: kv[1]):
            stated = "; ".join(sorted(set(numbers[(therapy_id, outcome_id)])))
            lines.append(f"    -HAS_OUTCOME {outcome}" + (f" ({stated})" if stated else ""))
    return lines
