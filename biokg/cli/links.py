"""The therapy–target–outcome lines `biokg run` prints at the end."""

from __future__ import annotations

# A fixed query, no user values: what the README's first command shows.
_LINKS = """
MATCH (t:Drug)
OPTIONAL MATCH (t)-[:TARGETS]->(g:Gene)
OPTIONAL MATCH (t)-[:TREATS]->(d:Disease)
OPTIONAL MATCH (t)-[:HAS_OUTCOME]->(o:Outcome)
WITH t, collect(DISTINCT g.name) AS targets, collect(DISTINCT d.name) AS diseases,
     collect(DISTINCT o.name) AS outcomes
WHERE size(targets) + size(diseases) + size(outcomes) > 0
RETURN t.name AS therapy, targets, diseases, outcomes
ORDER BY therapy
"""


def therapy_links(store) -> list[str]:
    """One readable line per therapy: its targets, the diseases it treats and its outcomes."""
    lines = []
    for row in store.read(_LINKS):
        parts = [row["therapy"]]
        if row["targets"]:
            parts.append("targets " + ", ".join(sorted(row["targets"])))
        if row["diseases"]:
            parts.append("treats " + ", ".join(sorted(row["diseases"])))
        if row["outcomes"]:
            parts.append("outcomes " + ", ".join(sorted(row["outcomes"])))
        lines.append(" | ".join(parts))
    return lines
