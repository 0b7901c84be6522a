"""Lexical helpers for the read-only guard on user Cypher.

The guard itself is each store's own mechanism (a READ transaction plus the planner's query type
on Neo4j, kglite's read-only transaction). These helpers only cover what those leave open:
comments kglite cannot parse, and LOAD CSV, which both stores plan as a read although it reads
files on the machine that runs the store.
"""

from __future__ import annotations

import re

from biokg.errors import ReadOnlyViolation

_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)


def _scan(query: str, *, keep_strings: bool) -> str:
    """`query` with comments replaced by spaces, and string literals too unless `keep_strings`."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" and ch != "`" else 1
            literal = query[i : j + 1]
            out.append(literal if keep_strings or ch == "`" else " " * len(literal))
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
    return "".join(out)


def strip_comments(query: str) -> str:
    """Remove `//` and `/* */` comments outside string literals (kglite rejects block comments)."""
    return _scan(query, keep_strings=True)


def load_csv_violation(query: str) -> ReadOnlyViolation:
    return ReadOnlyViolation(
        f"LOAD CSV reads files where the store runs and is not allowed in a read-only query: "
        f"{query!r}"
    )


def refuse_load_csv(query: str) -> None:
    """Raise `ReadOnlyViolation` if the query uses LOAD CSV outside strings and comments."""
    if _LOAD_CSV.search(_scan(query, keep_strings=False)):
        raise load_csv_violation(query)
