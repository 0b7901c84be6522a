"""Both stores give the same rows for every named query and every Cypher example in the docs.

The examples are read from README.md and docs/queries.md when the tests are collected, so an
example added there is compared without touching this file:
- fenced shell lines `biokg query NAME --param k=v ...` and `biokg cypher "..." --param k=v`;
- Python calls `run_query(store, "NAME", {...})` and `run_cypher(store, "...", {...})`;
- inline or fenced Cypher that is a whole read query (starts with MATCH, OPTIONAL MATCH, WITH,
  UNWIND or CALL and has a RETURN). Prose fragments without RETURN ("`MATCH (e:Evidence
  {statement_id: r.statement_id})` gives ...") are not runnable and are left out.

Rows are compared as multisets after normalising values (numbers to 6 decimals, lists sorted:
`collect()` has no order on either store), in order when the query's last part has ORDER BY.
A wrong answer on the embedded store is the failure this guards against (issue 16 item 7).
"""

from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from biokg.queries import default_registry, run_cypher, run_query

REPO = Path(__file__).resolve().parents[2]
DOCS = (REPO / "README.md", REPO / "docs" / "queries.md")

pytestmark = pytest.mark.neo4j

# Values for the named queries' required parameters on the CAR T graph (every other parameter
# keeps its default). A new query with a required parameter fails `test_every_query_has_values`
# until it gets one here.
REQUIRED = {
    "entity": "CD22",
    "target": "CD22",
    "text": "b all",
    "disease": "B-ALL",
    "therapy": "CD22 CAR T cells",
    "since": "2017-01-01",
    "statement_ids": None,  # every statement_id of the graph, read from Neo4j
    "therapy_ids": None,  # every Drug id of the graph, read from Neo4j
}


@dataclass(frozen=True)
class Example:
    where: str  # file:line
    cypher: str | None = None  # ad-hoc Cypher, or
    query: str | None = None  # a named query
    params: dict = field(default_factory=dict, hash=False)

    @property
    def id(self) -> str:
        return f"{self.where}:{self.query or 'cypher'}"


_CLAUSE_START = re.compile(r"^\s*(OPTIONAL\s+MATCH|MATCH|WITH|UNWIND|CALL)\b", re.IGNORECASE)
_RETURN = re.compile(r"\bRETURN\b", re.IGNORECASE)


def _shell_example(where: str, line: str) -> Example | None:
    line = line.strip().removeprefix("$ ")
    if not line.startswith(("biokg query ", "biokg cypher ")):
        return None
    # shlex keeps the backslash of a `\$` inside double quotes; the shell drops it.
    words = [w.replace("\\$", "$") for w in shlex.split(line, comments=True)]
    params, positional, i = {}, [], 2
    while i < len(words):
        if words[i] == "--param":
            key, _, value = words[i + 1].partition("=")
            params[key] = value
            i += 2
        elif words[i].startswith("--"):
            i += 2  # --format, --limit, --timeout: output only
        else:
            positional.append(words[i])
            i += 1
    if words[1] == "cypher":
        return Example(where, cypher=positional[0], params=params)
    if positional[0] == "list":
        return None
    return Example(where, query=positional[0], params=params)


def _python_examples(where: str, code: str) -> list[Example]:
    found = []
    for node in ast.walk(ast.parse(code)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        args = [ast.literal_eval(a) for a in node.args[1:]]
        params = args[1] if len(args) > 1 else {}
        if node.func.id == "run_query":
            found.append(Example(where, query=args[0], params=params))
        elif node.func.id == "run_cypher":
            found.append(Example(where, cypher=args[0], params=params))
    return found


def doc_examples() -> list[Example]:
    """Every runnable query example in README.md and docs/queries.md, in file order."""
    examples: list[Example] = []
    for path in DOCS:
        lines = path.read_text(encoding="utf-8").splitlines()
        fence, block, start = None, [], 0
        for number, line in enumerate(lines, 1):
            where = f"{path.name}:{number}"
            if line.startswith("```"):
                if fence is None:
                    fence, block, start = line[3:].strip(), [], number + 1
                    continue
                if fence == "python":
                    examples += _python_examples(f"{path.name}:{start}", "\n".join(block))
                fence = None
                continue
            if fence is not None:
                block.append(line)
                if fence in ("", "bash", "sh", "console"):
                    example = _shell_example(where, line)
                    if example:
                        examples.append(example)
                    elif _CLAUSE_START.match(line) and _RETURN.search(line):
                        examples.append(Example(where, cypher=line.strip()))
                continue
            for span in re.findall(r"`([^`]+)`", line):
                if _CLAUSE_START.match(span) and _RETURN.search(span):
                    examples.append(Example(where, cypher=span))
    return examples


EXAMPLES = doc_examples()
NAMED = default_registry()


def test_examples_are_found():
    # The extraction itself: the README and docs examples known when this test was written.
    queries = {e.query for e in EXAMPLES if e.query}
    assert {"therapies_for_target", "compare_outcomes", "entity_search", "resistance_chains"} <= (
        queries
    )
    assert any("statement_id: r.statement_id" in (e.cypher or "") for e in EXAMPLES)
    assert sum(1 for e in EXAMPLES if e.cypher) >= 3


def test_every_query_has_values():
    for query in NAMED:
        missing = [p.name for p in query.params if p.required and p.name not in REQUIRED]
        assert not missing, f"{query.name}: add a value for {missing} to REQUIRED"


# -- comparison -------------------------------------------------------------------------------


def _norm(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return round(float(value), 6)
    if isinstance(value, dict):
        return tuple(sorted((k, _norm(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(sorted((_norm(v) for v in value), key=repr))
    return repr(value)


def _ordered(cypher: str) -> bool:
    last = cypher.upper().rsplit("RETURN", 1)[-1]
    return "ORDER BY" in last


def _compare(what: str, cypher: str, kglite_rows: list, neo4j_rows: list) -> None:
    left = [tuple(sorted((k, _norm(v)) for k, v in row.items())) for row in kglite_rows]
    right = [tuple(sorted((k, _norm(v)) for k, v in row.items())) for row in neo4j_rows]
    if not _ordered(cypher):
        left, right = sorted(left, key=repr), sorted(right, key=repr)
    if left != right:
        only_k = [r for r in left if r not in right][:3]
        only_n = [r for r in right if r not in left][:3]
        pytest.fail(
            f"{what}: kglite {len(left)} rows, Neo4j {len(right)} rows"
            f"{' (ordered)' if _ordered(cypher) else ''}\n{cypher}\n"
            f"only on kglite: {only_k}\nonly on Neo4j: {only_n}",
            pytrace=False,
        )


def _ids(store, cypher: str) -> list[str]:
    return sorted(row["id"] for row in run_cypher(store, cypher))


def _required_values(neo4j) -> dict[str, object]:
    values = dict(REQUIRED)
    values["statement_ids"] = _ids(
        neo4j,
        "MATCH ()-[r]->() WHERE r.statement_id IS NOT NULL RETURN DISTINCT r.statement_id AS id",
    )
    values["therapy_ids"] = _ids(neo4j, "MATCH (d:Drug) RETURN d.id AS id")
    return values


@pytest.mark.parametrize("name", NAMED.names())
def test_named_query_same_rows(store_pair, name):
    kglite, neo4j = store_pair
    query = NAMED.get(name)
    values = _required_values(neo4j)
    params = {p.name: values[p.name] for p in query.params if p.required}
    _compare(
        f"{name} {params}",
        query.cypher,
        run_query(kglite, name, params),
        run_query(neo4j, name, params),
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_doc_example_same_rows(store_pair, example):
    kglite, neo4j = store_pair
    if example.query:
        cypher = NAMED.get(example.query).cypher
        rows = [run_query(store, example.query, example.params) for store in store_pair]
    else:
        cypher = example.cypher
        rows = [run_cypher(store, cypher, example.params) for store in store_pair]
    _compare(example.where, cypher, *rows)
    # An example that answers nothing on the test graph compares nothing.
    assert rows[1], f"{example.where}: no rows on Neo4j, the example proves nothing here"
