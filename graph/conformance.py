"""What the embedded store (kglite 0.21) answers differently from Neo4j, and what biokg does about
it: user Cypher is rewritten where a rewrite gives Neo4j's answer, and refused, naming the
construct, where none does. A wrong empty answer is worse than an error (issue 16 item 7).

Found by `tests/conformance/` (every named query and documented example on both stores) and the
openCypher TCK (`tools/tck/run.py`, figures in README "Store conformance").

Rewritten:

- A property of a relationship variable bound by a pattern (`-[r]-`), used as a value in a later
  pattern's property map or in a WHERE clause: `MATCH (s)-[r]->(o) MATCH (e:Evidence
  {statement_id: r.statement_id})` matched nothing on kglite (3 rows on Neo4j), and so did
  `WITH r MATCH (e:Evidence) WHERE e.statement_id = r.statement_id`, which kglite's optimiser
  turns into the same property map. kglite reads `r['statement_id']` right in both places, so
  `r.key` becomes `r['key']` there (a node's or a map's property is read right and is kept).

Refused (`UnsupportedCypher`, a `StoreError` naming the construct):

- A variable-length pattern without an upper bound (`-[*]->`, `-[:T*2..]->`): kglite stops it
  at 10 hops, so longer paths were silently missing.
"""

from __future__ import annotations

import re

from biokg.errors import StoreError


class UnsupportedCypher(StoreError):
    """User Cypher uses a construct the embedded store is known to answer wrongly."""

    def __init__(self, construct: str, instead: str, query: str):
        super().__init__(
            f"the embedded store cannot answer {construct}; {instead}, or use Neo4j "
            f"(BIOKG_NEO4J_URI): {query!r}"
        )
        self.construct = construct
        self.query = query


_NAME = r"(?:[A-Za-z_][A-Za-z0-9_]*)"
# A relationship variable: `-[r`, `<-[r:T`, `-[r {`, `-[r*1..2]` (not `-[:T]` or `- [1, 2]`).
_REL_VARIABLE = re.compile(rf"-\s*\[\s*({_NAME})\s*(?=[:\]{{*|])")
# Text before a `{` that makes it a pattern's property map: `(n:Label {`, `[r:T {`, `({`.
_PATTERN_MAP_BEFORE = re.compile(rf"[(\[]\s*{_NAME}?\s*(?::\s*[A-Za-z0-9_`|&!:% ]*)?\s*$")
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
# Where a WHERE clause's expression ends (lexically, which may stop early inside a nested
# subquery: only less is rewritten then).
_AFTER_WHERE = re.compile(
    r"\b(?:RETURN|WITH|MATCH|OPTIONAL|UNWIND|ORDER|SKIP|LIMIT|UNION|CALL)\b", re.IGNORECASE
)


def _mask(query: str) -> str:
    """`query` with string literals and comments blanked (same length), names kept."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"":
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" else 1
            out.append(ch + " " * (min(j, n) - i - 1) + (ch if j < n else ""))
            i = j + 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " * (j - i))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)[:n]


def _closing(masked: str, start: int) -> int:
    """Index of the `}` closing the `{` at `start` (len(masked) if none)."""
    depth = 0
    for j in range(start, len(masked)):
        if masked[j] in "{[(":
            depth += 1
        elif masked[j] in "}])":
            depth -= 1
            if depth == 0:
                return j
    return len(masked)


def _regions(masked: str) -> list[tuple[int, int]]:
    """Spans of pattern property maps and WHERE expressions."""
    spans = []
    for i, ch in enumerate(masked):
        if ch == "{" and _PATTERN_MAP_BEFORE.search(masked[max(0, i - 200) : i]):
            spans.append((i, _closing(masked, i)))
    for match in _WHERE.finditer(masked):
        end = _AFTER_WHERE.search(masked, match.end())
        spans.append((match.end(), end.start() if end else len(masked)))
    return spans


def rewrite_for_kglite(query: str) -> str:
    """`query` with the rewrites above: what kglite answers as Neo4j does.

    Example:
        >>> rewrite_for_kglite("MATCH ()-[r]->() MATCH (e {sid: r.statement_id}) RETURN r.x")
        "MATCH ()-[r]->() MATCH (e {sid: r['statement_id']}) RETURN r.x"
    """
    masked = _mask(query)
    rels = set(_REL_VARIABLE.findall(masked))
    if not rels:
        return query
    access = re.compile(
        rf"(?<![\w.$`])({'|'.join(sorted(map(re.escape, rels)))})\s*\.\s*({_NAME}|`[^`]+`)"
    )
    edits: dict[int, tuple[int, str]] = {}
    for start, end in _regions(masked):
        for match in access.finditer(masked, start, end):
            key = match.group(2).strip("`").replace("\\", "\\\\").replace("'", "\\'")
            edits[match.start()] = (match.end(), f"{match.group(1)}['{key}']")
    out, last = [], 0
    for start in sorted(edits):
        end, text = edits[start]
        if start < last:
            continue
        out.append(query[last:start])
        out.append(text)
        last = end
    out.append(query[last:])
    return "".join(out)


def check_for_kglite(query: str) -> None:
    """Raise `UnsupportedCypher` if `query` uses a construct kglite is known to answer wrongly."""
    masked = _mask(query)
    for pattern, construct, instead in _REFUSED:
        if pattern.search(masked):
            raise UnsupportedCypher(construct, instead, query)


# (pattern over the masked query, construct, what to write instead).
_REFUSED: list[tuple[re.Pattern[str], str, str]] = [
    # kglite stops an unbounded variable-length pattern at 10 hops without a word: on a chain of
    # 20, `(a)-[:T*]->(b)` gave 10 rows and `(start)-[:T*]->(end)` none (TCK Match4 [4]). An
    # explicit upper bound is honoured (`*..25` found all 20).
    (
        re.compile(r"-\s*\[[^\[\]]*\*\s*(?:\d*\s*\.\.\s*)?(?:\{[^{}]*\}\s*)?\]"),
        "a variable-length pattern without an upper bound (`-[*]->`, `-[:T*2..]->`): kglite stops "
        "it at 10 hops",
        "give it an upper bound (`-[:T*..20]->`)",
    ),
]


def adapt_for_kglite(query: str) -> str:
    """Refuse what kglite answers wrongly, then rewrite what a rewrite fixes."""
    check_for_kglite(query)
    return rewrite_for_kglite(query)
