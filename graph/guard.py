"""The read-only guard on user Cypher: a lexical check run before either store sees the query.

Each store has its own mechanism too (a READ transaction plus the planner's query type on Neo4j,
kglite's read-only transaction), but Neo4j runs administration commands and many procedures
in a READ transaction: `TERMINATE TRANSACTIONS` killed another client's write, and `SHOW
SETTINGS`, `db.stats.*` or `db.prepareForReplanning()` ran as well. So user Cypher (`read`,
`export` of a query: `biokg cypher`, the named queries, `biokg serve`) is first scanned here,
with comments dropped and string literals kept as single tokens, and refused when a word in
clause position starts:

- an administration or schema command: SHOW, TERMINATE, CREATE/DROP/ALTER/RENAME of users,
  roles, databases, aliases, servers, indexes and constraints, GRANT/REVOKE/DENY,
  START/STOP DATABASE, ENABLE SERVER, DRYRUN/DEALLOCATE/REALLOCATE;
- `USE` (another database, or the system one);
- a write clause (CREATE, MERGE, SET, DELETE, DETACH/NODETACH DELETE, REMOVE, FOREACH, INSERT),
  `LOAD CSV`, or `CALL { … } IN TRANSACTIONS`;
- `CALL` of a procedure that is not in `READ_PROCEDURES`, and any `apoc.*` function.

A keyword is in clause position unless it is used as a name: after `.`, `:`, `$`, `AS`, an
operator, an opening bracket or a keyword that takes an expression (`WHERE show`, `n.show`,
`{show: 1}`, `WITH 1 AS show RETURN show` all run). When in doubt the word counts as a keyword:
a read with an odd variable name may be refused, a command is never let through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from biokg.errors import CypherRefused, ReadOnlyViolation

# The procedures user Cypher may CALL: schema introspection that both stores implement and that
# only reads (compared in lower case, although Neo4j's names are case-sensitive).
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)

_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)

# Keywords after which an expression (or a name) follows, never a new clause.
_TAKES_EXPRESSION = frozenset(
    [
        "AS",
        "RETURN",
        "WITH",
        "WHERE",
        "UNWIND",
        "BY",
        "AND",
        "OR",
        "XOR",
        "NOT",
        "IN",
        "IS",
        "SKIP",
        "LIMIT",
        "OFFSET",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "CONTAINS",
        "STARTS",
        "ENDS",
        "YIELD",
    ]
)
# Symbols after which a clause may start: the end of a pattern, list, map or `RETURN *`, and the
# start of a subquery body. After any other symbol (`(`, `,`, `=`, `+`, ...) a word is a name.
_CLAUSE_MAY_FOLLOW = frozenset(";{})]*")
_ADMIN = frozenset(
    [
        "SHOW",
        "TERMINATE",
        "GRANT",
        "REVOKE",
        "DENY",
        "ALTER",
        "RENAME",
        "DRYRUN",
        "DEALLOCATE",
        "REALLOCATE",
    ]
)
_ADMIN_IF_NEXT = {"START": "DATABASE", "STOP": "DATABASE", "ENABLE": "SERVER"}
_SCHEMA_OBJECTS = frozenset(
    [
        "INDEX",
        "INDEXES",
        "CONSTRAINT",
        "CONSTRAINTS",
        "RANGE",
        "TEXT",
        "POINT",
        "LOOKUP",
        "FULLTEXT",
        "VECTOR",
        "BTREE",
    ]
)
_WRITES = frozenset(["MERGE", "SET", "DELETE", "REMOVE", "FOREACH", "INSERT"])

_ONLY_READ = "user Cypher may only read"
_WRITE = "is a write clause (the query would write)"


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "name" (`backticked`), "literal" (string or number) or "symbol"
    text: str

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def is_name(self) -> bool:
        return self.kind in ("word", "name")


def _tokens(query: str) -> list[_Token]:
    """Cypher tokens, comments dropped; a string literal is one token whatever it contains."""
    tokens: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            i = n if j < 0 else j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif ch in "'\"":
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" else 1
            tokens.append(_Token("literal", query[i : j + 1]))
            i = j + 1
        elif ch == "`":
            # `` inside a quoted name is an escaped backtick.
            j, text = i + 1, []
            while j < n:
                if query[j] == "`":
                    if query.startswith("``", j):
                        text.append("`")
                        j += 2
                        continue
                    break
                text.append(query[j])
                j += 1
            tokens.append(_Token("name", "".join(text)))
            i = j + 1
        elif ch.isdigit():
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] in "._"):
                j += 1
            tokens.append(_Token("literal", query[i:j]))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            tokens.append(_Token("word", query[i:j]))
            i = j
        else:
            tokens.append(_Token("symbol", ch))
            i += 1
    return tokens


def _name_positions(tokens: list[_Token]) -> list[bool]:
    """For each token, whether a word there is used as a name (not a keyword)."""
    named: list[bool] = []
    for i in range(len(tokens)):
        if i == 0:
            named.append(False)
            continue
        prev = tokens[i - 1]
        if prev.kind == "symbol":
            named.append(prev.text not in _CLAUSE_MAY_FOLLOW)
        else:
            # A keyword that takes an expression, unless it is itself a name (`AS ends`).
            named.append(prev.upper in _TAKES_EXPRESSION and not named[i - 1])
    return named


def _dotted(tokens: list[_Token], i: int) -> tuple[list[str], int]:
    """The parts of the dotted name starting at token `i` (backticked parts may hold dots),
    and the index of the token after it."""
    parts: list[str] = []
    while i < len(tokens) and tokens[i].is_name:
        parts += tokens[i].text.split(".") if tokens[i].kind == "name" else [tokens[i].text]
        i += 1
        if i + 1 < len(tokens) and tokens[i].text == "." and tokens[i + 1].is_name:
            i += 1
        else:
            break
    return parts, i


def _closing(tokens: list[_Token], i: int) -> int:
    """Index of the bracket closing the one at `i` (len(tokens) if it is never closed)."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j].kind != "symbol":
            continue
        if tokens[j].text in pairs:
            depth += 1
        elif tokens[j].text in pairs.values():
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def refuse_unsafe(query: str) -> None:
    """Raise `CypherRefused` naming the first thing in `query` that user Cypher may not do.

    Example:
        >>> refuse_unsafe("MATCH (n) WHERE n.show = 'SHOW SETTINGS' RETURN n")  # a read: None
        >>> refuse_unsafe("TERMINATE TRANSACTIONS 'neo4j-transaction-1'")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        biokg.errors.CypherRefused: refused: TERMINATE TRANSACTIONS is an administration command...
    """
    tokens = _tokens(query)
    named = _name_positions(tokens)

    def at(j: int) -> _Token:
        return tokens[j] if j < len(tokens) else _Token("end", "")

    def refuse(what: str, reason: str) -> CypherRefused:
        return CypherRefused(what, reason, query, _ONLY_READ)

    for i, tok in enumerate(tokens):
        if not tok.is_name:
            continue
        nxt = at(i + 1)
        if i == 0 or tokens[i - 1].text != ".":
            parts, after = _dotted(tokens, i)
            if len(parts) > 1 and parts[0].lower() == "apoc" and at(after).text == "(":
                raise refuse(f"{'.'.join(parts)}()", "is an APOC function")
        if tok.kind == "name" or named[i] or nxt.text in (":", "."):
            continue  # a name: `show`, `n.show`, `{show: 1}`, `(show:Gene)`, `show.name`
        word = tok.upper
        if word == "CALL" and nxt.is_name:
            name = ".".join(_dotted(tokens, i + 1)[0])
            if name.lower() not in READ_PROCEDURES:
                allowed = ", ".join(sorted(READ_PROCEDURES))
                raise refuse(f"CALL {name}", f"is a procedure not on the read list ({allowed})")
        elif word == "CALL" and nxt.text in ("{", "("):
            after = _closing(tokens, i + 1) + 1
            if nxt.text == "(" and at(after).text == "{":
                after = _closing(tokens, after) + 1
            if at(after).upper == "IN":
                raise refuse("CALL { } IN TRANSACTIONS", "commits transactions of its own")
        elif word in _WRITES or word == "CREATE":
            if nxt.text == "(" or (nxt.is_name and word != "CREATE") or at(i + 2).text == "=":
                raise refuse(word, _WRITE)
            if nxt.is_name:  # CREATE INDEX, CREATE DATABASE, CREATE OR REPLACE ...
                kind = "a schema" if nxt.upper in _SCHEMA_OBJECTS else "an administration"
                raise refuse(f"CREATE {nxt.text.upper()}", f"is {kind} command")
        elif not nxt.is_name:
            continue  # every command below is followed by a word
        elif word == "DROP":
            kind = "a schema" if nxt.upper in _SCHEMA_OBJECTS else "an administration"
            raise refuse(f"DROP {nxt.text.upper()}", f"is {kind} command")
        elif word in _ADMIN or _ADMIN_IF_NEXT.get(word) == nxt.upper:
            raise refuse(f"{word} {nxt.text.upper()}", "is an administration command")
        elif word == "USE":
            raise refuse(f"USE {nxt.text}", "switches to another database")
        elif word in ("DETACH", "NODETACH"):
            raise refuse(f"{word} {nxt.text.upper()}", _WRITE)
        elif word == "LOAD" and nxt.upper == "CSV":
            raise load_csv_violation(query)


def _scan(query: str, *, keep_strings: bool, keep_quotes: bool = False) -> str:
    """`query` with comments replaced by spaces, and string literals too unless `keep_strings`
    (`keep_quotes`: their quote marks stay, so a blanked literal still reads as one). Same length
    as `query`; backticked names are always kept."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"`":
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" and ch != "`" else 1
            literal = query[i : j + 1]
            closed = j < n
            if keep_strings or ch == "`":
                out.append(literal)
            elif keep_quotes:
                out.append(ch + " " * (len(literal) - 1 - closed) + (ch if closed else ""))
            else:
                out.append(" " * len(literal))
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
    return CypherRefused("LOAD CSV", "reads files where the store runs", query, _ONLY_READ)


def refuse_load_csv(query: str) -> None:
    """Raise `ReadOnlyViolation` if the query uses LOAD CSV outside strings and comments."""
    if _LOAD_CSV.search(_scan(query, keep_strings=False)):
        raise load_csv_violation(query)
