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
- `x.name` and `x.title` of a node variable `x` (bound by a pattern; also `.name`/`.title` in a
  map projection `x {.name}`): kglite keeps one title per node, its stored `title` or `name`,
  else a minted `<Label>_<n>`, and `n.name`/`n.title` (also `n['name']` once another node of the
  label has a name) read it, so a node without the property answered `Node_0` (TCK Return2 [3]),
  which also made `STARTS WITH ''`, `NOT … STARTS WITH 'ab'` and `count(DISTINCT n.name)` count
  nodes Neo4j leaves out (String8-10, Aggregation8 [2]). kglite's `keys()` leaves a minted title
  out, so `x.name` becomes `CASE WHEN 'title' IN keys(x) THEN x['name'] END` and `x.title`
  `CASE WHEN NOT 'title' IN keys(x) OR x['title'] = x['name'] THEN null ELSE x['title'] END`.
  Where kglite keeps too little to tell, the rewrite still differs from Neo4j: a stored value
  equal to the minted form reads null; a node with a `title` and no `name` reads its title as
  `name` when another node of its label has a name; a stored title equal to the node's name reads
  null. A node reached through another variable (`WITH n AS m RETURN m.name`) is not rewritten.
- `keys(x)` of a node variable: kglite lists `id` on every node (minted, the node's number, when
  none was stored), `title` when the node has a `name`, and `name` for a minted title when other
  nodes of the label have names (TCK Graph8). `keys(x)` becomes a list comprehension that leaves
  out `title` equal to `x['name']`, `name` when `title` is not listed, and an `id` equal to
  `toInteger(elementId(x))` (same limits, and a stored integer id equal to the node's number is
  left out).
- Float division by zero in literals (`0.0 / 0.0`, `1.0 / 0.0`): kglite answers null, so NaN
  compared as null (TCK Comparison1 [8], Comparison2 [5]) and sorted as null (ReturnOrderBy1
  [11], [12]). A literal `0.0 / 0.0` becomes `toFloat('NaN')` and `1.5 / 0.0`
  `toFloat('Infinity')` (kglite compares and sorts a real NaN as Neo4j does). A division by a
  zero computed at run time still answers null.

Refused (`UnsupportedCypher`, a `StoreError` naming the construct):

- A variable-length pattern without an upper bound (`-[*]->`, `-[:T*2..]->`): kglite stops it
  at 10 hops, so longer paths were silently missing.

Answered differently and said so (`differences_for_kglite`: the embedded store logs a warning
naming the difference with the answer; README "Store conformance"):

- `properties(x)` and `x {.*}` of a node carry kglite's `id` (minted when none was stored) and a
  `title` copied from `name` (TCK Graph9 [1]); Cypher has no map filter to rewrite them with, and
  they are too common to refuse (`tests/queries/test_readonly_cypher.py`'s snapshot query).
"""

from __future__ import annotations

import re

from biokg.errors import StoreError

from .guard import _scan
from .labels import ENTITY_LABELS, RELATION_TYPES


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
    return _scan(query, keep_strings=False, keep_quotes=True)


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


# A variable bound to a node by a pattern: `(n:`, `(n {`, `(n)-`, `-(n)`, `MATCH (n)`, `p = (n)`.
_NODE_VARIABLE = re.compile(
    rf"\(\s*({_NAME})\s*(?=[:{{])"
    rf"|(?:\bMATCH|[,>=-])\s*\(\s*({_NAME})\s*\)"
    rf"|\(\s*({_NAME})\s*\)\s*(?=<?-)",
    re.IGNORECASE,
)
# `x.name` / `x.title` (not `a.b.name`, `$p.name` or `n.name2`).
_VIRTUAL_ACCESS = re.compile(rf"(?<![\w.$`])({_NAME})\s*\.\s*(name|title|`name`|`title`)(?![\w`])")
# `x {` that starts a map projection (a pattern map is told apart by `_PATTERN_MAP_BEFORE`).
_PROJECTION_BEFORE = re.compile(rf"(?<![\w.$`:])({_NAME})\s*$")
_PROJECTED_ITEM = re.compile(r"([{,]\s*)\.\s*(name|title)(?![\w`])")
_KEYS_CALL = re.compile(rf"(?<![\w.$`])keys\s*\(\s*({_NAME})\s*\)", re.IGNORECASE)
# A literal float division by zero: `0.0 / 0.0`, `1.0 / 0.0`, `-.5/0.0` (a zero divisor written
# as a float: `x / 0` of integers is an error on both stores).
_FLOAT_BY_ZERO = re.compile(
    r"(?<![\w.$`])((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*/\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)"
    r"(?![\w.(\[])"
)


def _title(var: str) -> str:
    # kglite's keys() leaves a minted title out and lists one copied from `name` (module doc).
    return (
        f"CASE WHEN NOT 'title' IN keys({var}) OR {var}['title'] = {var}['name'] "
        f"THEN null ELSE {var}['title'] END"
    )


def _name(var: str) -> str:
    # keys() leaves out a minted title, and with it the `name` read from it (module doc).
    return f"CASE WHEN 'title' IN keys({var}) THEN {var}['name'] END"


def _keys(var: str) -> str:
    return (
        f"[k IN keys({var}) WHERE NOT (k = 'title' AND {var}['title'] = {var}['name']) "
        f"AND NOT (k = 'name' AND NOT 'title' IN keys({var})) "
        f"AND NOT (k = 'id' AND {var}['id'] = toInteger(elementId({var})))]"
    )


def _float_by_zero(masked: str, match: re.Match[str]) -> str | None:
    dividend, divisor = match.group(1), match.group(2)
    if not any(c in dividend + divisor for c in ".eE") or float(divisor) != 0.0:
        return None  # not a division by zero, or integer division: an error on both stores
    if masked[: match.start()].rstrip()[-1:] in ("*", "/", "%", "^", ")", "]", "}"):
        return None  # `2 / 1.0 / 0.0`: the dividend is not `1.0` alone
    # `-1.0 / 0.0` is `-(1.0 / 0.0)` either way.
    return "toFloat('NaN')" if float(dividend) == 0.0 else "toFloat('Infinity')"


_RETURN = re.compile(r"\bRETURN\s+(?:DISTINCT\b\s*)?", re.IGNORECASE)
_RETURN_END = re.compile(r"\b(?:ORDER|SKIP|LIMIT|UNION|OFFSET)\b|[;}]", re.IGNORECASE)
_ALIAS = re.compile(r"\bAS\s+\S", re.IGNORECASE)


def _keep_column_names(query: str, masked: str, edits: dict[int, tuple[int, str]]) -> None:
    """Alias each RETURN item without `AS` that an edit changes to its text as written, since
    Neo4j names such a column by it (`RETURN n.name` gives a column `n.name`)."""
    for match in _RETURN.finditer(masked):
        end = _RETURN_END.search(masked, match.end())
        stop, start, depth = end.start() if end else len(masked), match.end(), 0
        items = []
        for j in range(match.end(), stop + 1):
            ch = masked[j] if j < stop else ","
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append((start, j))
                start = j + 1
        for left, right in items:
            text = query[left:right].strip()
            if not text or _ALIAS.search(masked[left:right]):
                continue
            if any(left <= e < right for e in edits):
                right = left + len(query[left:right].rstrip())
                edits[right] = (right, " AS `" + text.replace("`", "``") + "`")


# Labels whose nodes biokg's loader always writes with a `name`: kglite reads their `name` as
# stored, so `n.name` needs no rewrite (the rewrite costs kglite its name lookups: the named
# queries ran 1.2-3.5x slower with it, bench/queries.py).
NAMED_LABELS = frozenset({"Entity", *ENTITY_LABELS.values()})
_LABELLED_VARIABLE = re.compile(rf"\(\s*({_NAME})\s*:\s*({_NAME})")


def named_variables(masked: str) -> set[str]:
    """Variables bound in a pattern with a label from `NAMED_LABELS`, and their new names."""
    named = {v for v, label in _LABELLED_VARIABLE.findall(masked) if label in NAMED_LABELS}
    renames = _RENAMED.findall(masked)
    while more := {new for old, new in renames if old in named} - named:
        named |= more
    return named


_REL_TYPES = re.compile(rf"\[\s*{_NAME}?\s*:\s*((?:{_NAME}\s*\|?\s*)+)")
_UNTYPED_REL = re.compile(rf"-\s*\[\s*{_NAME}?\s*(?:\*[^\]]*)?\]|\)\s*<?--\s*>?\s*\(")
_ENDPOINT = re.compile(rf"\b(?:startNode|endNode)\s*\([^()]*\)\s+AS\s+({_NAME})\b", re.IGNORECASE)
_RENAMED = re.compile(rf"(?<![\w.$`])({_NAME})\s+AS\s+({_NAME})\b", re.IGNORECASE)


def node_variables(query: str) -> set[str]:
    """Names bound to nodes by the patterns of `query`, and the names they are passed on as
    (`WITH n AS m`), lexically. (`startNode(r) AS s` is not one: kglite cannot index such a
    node as `s['name']`, so it is never rewritten; see `differences_for_kglite`.)

    Example:
        >>> sorted(node_variables("MATCH (a:Article) WITH a AS m, 1 AS k RETURN m.name"))
        ['a', 'm']
    """
    masked = _mask(query)
    nodes = {name for groups in _NODE_VARIABLE.findall(masked) for name in groups if name}
    renames = _RENAMED.findall(masked)
    while True:
        more = {new for old, new in renames if old in nodes} - nodes
        if not more:
            return nodes
        nodes |= more


def rewrite_for_kglite(query: str) -> str:
    """`query` with the rewrites above: what kglite answers as Neo4j does.

    Example:
        >>> rewrite_for_kglite("MATCH ()-[r]->() MATCH (e {sid: r.statement_id}) RETURN r.x")
        "MATCH ()-[r]->() MATCH (e {sid: r['statement_id']}) RETURN r.x"
        >>> rewrite_for_kglite("MATCH (n) RETURN n.name AS name")
        "MATCH (n) RETURN n['name'] AS name"
    """
    masked = _mask(query)
    rels = set(_REL_VARIABLE.findall(masked))
    nodes = node_variables(query) - rels
    edits: dict[int, tuple[int, str]] = {}
    if rels:
        access = re.compile(
            rf"(?<![\w.$`])({'|'.join(sorted(map(re.escape, rels)))})\s*\.\s*({_NAME}|`[^`]+`)"
        )
        for start, end in _regions(masked):
            for match in access.finditer(masked, start, end):
                key = match.group(2).strip("`").replace("\\", "\\\\").replace("'", "\\'")
                edits[match.start()] = (match.end(), f"{match.group(1)}['{key}']")
    named = named_variables(masked)
    for match in _VIRTUAL_ACCESS.finditer(masked):
        var, key = match.group(1), match.group(2).strip("`")
        if var in nodes and not (key == "name" and var in named):
            edits[match.start()] = (match.end(), _title(var) if key == "title" else _name(var))
    for i, ch in enumerate(masked):
        if ch != "{" or _PATTERN_MAP_BEFORE.search(masked[max(0, i - 200) : i]):
            continue
        before = _PROJECTION_BEFORE.search(masked[max(0, i - 200) : i])
        if not before:
            continue
        var, end = before.group(1), _closing(masked, i)
        if var not in nodes:
            continue
        for item in _PROJECTED_ITEM.finditer(masked, i, end):
            key = item.group(2)
            text = _title(var) if key == "title" else _name(var)
            edits[item.start(2) - 1] = (item.end(), f"{key}: {text}")
    for match in _KEYS_CALL.finditer(masked):
        if match.group(1) in nodes:
            edits[match.start()] = (match.end(), _keys(match.group(1)))
    for match in _FLOAT_BY_ZERO.finditer(masked):
        text = _float_by_zero(masked, match)
        if text is not None:
            edits[match.start()] = (match.end(), text)
    if not edits:
        return query
    _keep_column_names(query, masked, edits)
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


# (pattern over the masked query, what differs): answered, with a warning that names the
# difference, where neither a rewrite nor a refusal serves.
_DIFFERENT: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"(?<![\w.$`])properties\s*\(|\{\s*\.\s*\*\s*\}"),
        "on the embedded store, properties(x) and x {.*} of an entity node also carry a `title` "
        "equal to its name, and of a node biokg did not write kglite's own `id` (Neo4j has "
        "neither); list the keys instead (x {.name, .aliases}) or use Neo4j",
    ),
]


# A division whose divisor is not a non-zero number written in the query (a literal float
# division by zero was rewritten to NaN/Infinity before this is asked).
_DIVISION = re.compile(r"/\s*(\d[\d.]*(?:[eE][+-]?\d+)?(?![\w.]))?")
# `<source> AS name`: a name given to a parameter, map or list literal holds data, not a node.
_DEFINED = re.compile(rf"(\S+)\s+AS\s+({_NAME})\b", re.IGNORECASE)
_DOTTED = re.compile(rf"(?<![\w.$`])({_NAME})\s*\.\s*(name|title|`name`|`title`)(?![\w`])")


def differences_for_kglite(query: str) -> list[str]:
    """What the embedded store may answer unlike Neo4j for `query` (after `rewrite_for_kglite`),
    to be said with the answer.

    Example:
        >>> len(differences_for_kglite("MATCH (n) RETURN properties(n)"))
        1
        >>> differences_for_kglite("MATCH (n) RETURN n.name AS properties, n.x / 2.0 AS half")
        []
        >>> len(differences_for_kglite("MATCH (f) RETURN f.n / f.N"))
        1
    """
    masked = _mask(query)
    notes = [note for pattern, note in _DIFFERENT if pattern.search(masked)]
    nodes = node_variables(query)
    maps = {
        name for source, name in _DEFINED.findall(masked) if source[0] == "$" or source[-1] in "}]"
    } - nodes
    # The ends of statement edges are entities, which always have a stored name.
    types = {t for group in _REL_TYPES.findall(masked) for t in group.split("|")}
    if types and types <= set(RELATION_TYPES) and not _UNTYPED_REL.search(masked):
        maps |= set(_ENDPOINT.findall(masked))
    unknown = sorted(
        {m.group(1) for m in _DOTTED.finditer(masked) if m.group(1) not in nodes | maps}
        - set(_REL_VARIABLE.findall(masked))
    )
    if unknown:
        notes.append(
            f"on the embedded store, .name and .title of a node reached other than by a pattern "
            f"or `WITH n AS m` ({', '.join(unknown)}) may read kglite's own title where the "
            f"node has none (Neo4j: null)"
        )
    runtime = any(
        m.group(1) is None or float(m.group(1)) == 0.0 for m in _DIVISION.finditer(masked)
    )
    if runtime:
        notes.append(
            "on the embedded store, a division by a zero computed at run time gives null "
            "(Neo4j: NaN or ±Infinity for floats, an error for integers)"
        )
    return notes


def adapt_for_kglite(query: str) -> str:
    """Refuse what kglite answers wrongly, then rewrite what a rewrite fixes."""
    check_for_kglite(query)
    return rewrite_for_kglite(query)
