"""Run the openCypher TCK's read-query scenarios against biokg's stores; print counts per area.

    python tools/tck/run.py [--tck ../shared/opencypher-tck/tck] [--stores kglite,neo4j]
        [--neo4j bolt://127.0.0.1:7690] [--areas clauses/match,expressions/list] [--markdown]

A scenario counts when it is a read query with expected rows: an empty (or "any") graph, setup
queries (`having executed`, run through the store's own write path `_write_tx`), optional
parameters, one query, and "the result should be ..." followed by "no side effects". Scenarios
that expect an error, side effects, a procedure, a named graph or a control query are left out.
The query runs through `GraphStore._guarded_query`, what `biokg cypher` runs (the read-only guard
and, on the embedded store, `graph/conformance.py`'s refusals and rewrites).

Outcomes per scenario and store: pass; fail (rows differ: a wrong answer); refused (biokg's
`UnsupportedCypher` or the read-only guard: an error naming the construct, as intended); error
(any other exception: setup or query not supported). The Neo4j server is emptied before every
scenario: give it a test server of your own, never a database you use.
The feature files are read where they are (`../shared`); nothing is copied.
"""

from __future__ import annotations

import argparse
import logging
import math
import re
import sys
import tempfile
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler

REPO = Path(__file__).resolve().parents[2]
DEFAULT_TCK = REPO.parent / "shared" / "opencypher-tck" / "tck"


# -- scenarios ----------------------------------------------------------------------------------


@dataclass
class Scenario:
    area: str  # clauses/match
    name: str  # Match1 [2] Matching all nodes
    setup: list[str] = field(default_factory=list)
    params: dict[str, object] = field(default_factory=dict)
    query: str = ""
    expected: list[list[str]] | None = None  # header row + rows of TCK values
    mode: str = "any"  # any | ordered | lists-unordered


def _table(step: dict) -> list[list[str]]:
    rows = step.get("argument", {}).get("dataTable", {}).get("rows", [])
    return [[cell["value"] for cell in row["cells"]] for row in rows]


def _doc(step: dict) -> str:
    return step.get("argument", {}).get("docString", {}).get("content", "")


def read_scenarios(tck: Path, areas: list[str] | None) -> tuple[list[Scenario], Counter]:
    """The read-query scenarios under `tck/features`, and how many of each kind were left out."""
    kept, skipped = [], Counter()
    for path in sorted((tck / "features").rglob("*.feature")):
        area = str(path.parent.relative_to(tck / "features"))
        if areas and not any(area == a or area.startswith(a + "/") for a in areas):
            continue
        document = Parser().parse(path.read_text(encoding="utf-8"))
        document["uri"] = str(path)
        for pickle in Compiler().compile(document):
            scenario = Scenario(area, f"{path.stem} {pickle['name']}")
            reason = None
            for step in pickle["steps"]:
                text = step["text"].rstrip(":").strip()
                if text in ("an empty graph", "any graph"):
                    pass
                elif text == "having executed":
                    scenario.setup.append(_doc(step))
                elif text == "parameters are":
                    scenario.params = {k: parse_value(v) for k, v in _table(step)}
                elif text == "executing query":
                    scenario.query = _doc(step)
                elif text.startswith("the result should be"):
                    table = _table(step)
                    scenario.expected = table if text != "the result should be empty" else []
                    if "in order" in text:
                        scenario.mode = "ordered"
                    elif "ignoring element order for lists" in text:
                        scenario.mode = "lists-unordered"
                elif text == "no side effects":
                    pass
                else:
                    reason = text.split(":")[0].split(" should")[0][:40]
                    break
            if reason is None and (not scenario.query or scenario.expected is None):
                reason = "no query with expected rows"
            if reason:
                skipped[reason] += 1
            else:
                kept.append(scenario)
    return kept, skipped


# -- TCK values ---------------------------------------------------------------------------------


class _Reader:
    """A recursive-descent reader of the TCK's value notation (its `CypherValue` syntax)."""

    _NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|-?0x[0-9a-fA-F]+|-?0o[0-7]+")

    def __init__(self, text: str) -> None:
        self.text, self.i = text, 0

    def ws(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def peek(self, s: str) -> bool:
        self.ws()
        return self.text.startswith(s, self.i)

    def take(self, s: str) -> None:
        if not self.peek(s):
            raise ValueError(f"expected {s!r} at {self.i} in {self.text!r}")
        self.i += len(s)

    def name(self) -> str:
        self.ws()
        if self.peek("`"):
            j = self.text.index("`", self.i + 1)
            name, self.i = self.text[self.i + 1 : j], j + 1
            return name
        m = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(self.text, self.i)
        if not m:
            raise ValueError(f"expected a name at {self.i} in {self.text!r}")
        self.i = m.end()
        return m.group(0)

    def props(self) -> dict:
        out: dict = {}
        if not self.peek("{"):
            return out
        self.take("{")
        while not self.peek("}"):
            key = self.name()
            self.take(":")
            out[key] = self.value()
            if self.peek(","):
                self.take(",")
        self.take("}")
        return out

    def node(self) -> tuple:
        self.take("(")
        labels = []
        while self.peek(":"):
            self.take(":")
            labels.append(self.name())
        props = self.props()
        self.take(")")
        props.pop("id", None)  # see `_key`
        return ("node", frozenset(labels), _key(props))

    def rel(self) -> tuple:
        self.take("[")
        self.take(":")
        kind = self.name()
        props = self.props()
        self.take("]")
        return ("rel", kind, _key(props))

    def value(self) -> object:
        self.ws()
        t, i = self.text, self.i
        if t.startswith("'", i):
            j, out = i + 1, []
            while t[j] != "'":
                if t[j] == "\\":
                    j += 1
                    out.append({"n": "\n", "t": "\t"}.get(t[j], t[j]))
                else:
                    out.append(t[j])
                j += 1
            self.i = j + 1
            return "".join(out)
        for word, val in (
            ("null", None),
            ("true", True),
            ("false", False),
            ("NaN", math.nan),
            ("-Infinity", -math.inf),
            ("Infinity", math.inf),
            ("-Inf", -math.inf),
            ("Inf", math.inf),
        ):
            if t.startswith(word, i):
                self.i += len(word)
                return val
        if t.startswith("[:", i):
            return self.rel()
        if t.startswith("[", i):
            self.take("[")
            items = []
            while not self.peek("]"):
                items.append(self.value())
                if self.peek(","):
                    self.take(",")
            self.take("]")
            return items
        if t.startswith("{", i):
            return self.props()
        if t.startswith("(", i):
            return self.node()
        if t.startswith("<", i):
            self.take("<")
            nodes, rels = [self.node()], []
            while not self.peek(">"):
                self.take("<-") if self.peek("<-") else self.take("-")
                rels.append(self.rel())
                self.take("->") if self.peek("->") else self.take("-")
                nodes.append(self.node())
            self.take(">")
            return ("path", tuple(nodes), tuple(rels))
        m = self._NUMBER.match(t, i)
        if m:
            self.i = m.end()
            s = m.group(0)
            if re.fullmatch(r"-?\d+", s):
                return int(s)
            if "0x" in s or "0o" in s:
                return int(s, 0)
            return float(s)
        raise ValueError(f"cannot read a value at {i} in {t!r}")


def parse_value(text: str) -> object:
    reader = _Reader(text.strip())
    value = reader.value()
    reader.ws()
    if reader.i != len(reader.text):
        raise ValueError(f"trailing text in {text!r}")
    return value


def _key(value: object, lists_unordered: bool = False) -> object:
    """A comparable, hashable form of a value (TCK or store) in which equal values are equal."""
    from biokg.graph.values import NodeValue, PathValue, RelValue

    if isinstance(value, tuple) and value and value[0] in ("node", "rel", "path"):
        return value  # already read from TCK notation
    if isinstance(value, NodeValue):
        # kglite's node model, not an answer: every node has an `id` (minted when none was
        # written) and a label (`Node` when none was written). biokg writes both on every node,
        # so node `id`s are left out of the comparison on both sides, and a lone `Node` label.
        labels = frozenset() if value.labels == ("Node",) else frozenset(value.labels)
        props = {k: v for k, v in value.properties.items() if k != "id"}
        return ("node", labels, _key(props, lists_unordered))
    if isinstance(value, RelValue):
        return ("rel", value.type, _key(value.properties, lists_unordered))
    if isinstance(value, PathValue):
        return (
            "path",
            tuple(_key(n, lists_unordered) for n in value.nodes),
            tuple(_key(r, lists_unordered) for r in value.relationships),
        )
    if isinstance(value, dict):
        return ("map", frozenset((k, _key(v, lists_unordered)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        items = [_key(v, lists_unordered) for v in value]
        return ("list", tuple(sorted(items, key=repr) if lists_unordered else items))
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return ("float", "nan")
        return ("float", float(f"{value:.12g}"))
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, date | datetime | time | timedelta):
        return ("temporal", value.isoformat() if hasattr(value, "isoformat") else str(value))
    return ("other", str(value))


def _relist(value: object) -> object:
    """A TCK value's key with its lists sorted (for 'ignoring element order for lists')."""
    if isinstance(value, tuple) and value and value[0] == "list":
        return ("list", tuple(sorted((_relist(v) for v in value[1]), key=repr)))
    if isinstance(value, tuple) and value and value[0] == "map":
        return ("map", frozenset((k, _relist(v)) for k, v in value[1]))
    return value


def expected_rows(scenario: Scenario) -> tuple[list[str], list[tuple]]:
    table = scenario.expected or []
    if not table:
        return [], []
    header, rows = table[0], table[1:]
    unordered = scenario.mode == "lists-unordered"
    keyed = []
    for row in rows:
        values = [_key(parse_value(cell)) for cell in row]
        keyed.append(tuple(_relist(v) if unordered else v for v in values))
    return header, keyed


# -- stores -------------------------------------------------------------------------------------


class _Target:
    """One store: a fresh, empty graph per scenario."""

    def __init__(self, kind: str, uri: str | None) -> None:
        self.kind, self.uri, self.store, self._dir = kind, uri, None, None
        if kind == "neo4j":
            from biokg.graph.neo4j_store import Neo4jStore

            self.store = Neo4jStore(uri, write_in_background=False)

    def fresh(self):
        if self.kind == "neo4j":
            self.store._write_tx(lambda run: run("MATCH (n) DETACH DELETE n", {}))
            return self.store
        from biokg.graph.embedded_store import EmbeddedStore

        self.close()
        self._dir = tempfile.TemporaryDirectory(prefix="tck-kglite-")
        self.store = EmbeddedStore(Path(self._dir.name))
        return self.store

    def close(self) -> None:
        if self.kind == "kglite" and self.store is not None:
            self.store.close()
            self.store = None
            self._dir.cleanup()
        elif self.kind == "neo4j" and self.store is not None and self._dir == "closing":
            self.store.close()


def run_scenario(target: _Target, scenario: Scenario, timeout: float) -> tuple[str, str]:
    """(outcome, detail) of one scenario on one store."""
    from biokg.errors import CypherRefused

    from biokg.graph.conformance import UnsupportedCypher

    try:
        header, want = expected_rows(scenario)
    except (ValueError, IndexError) as exc:
        return "error", f"TCK value not read: {exc}"
    store = target.fresh()
    try:
        for setup in scenario.setup:
            store._write_tx(lambda run, q=setup: run(q, dict(scenario.params)))
    except Exception as exc:  # noqa: BLE001 - any failure of the setup counts the same
        return "error", f"setup: {type(exc).__name__}: {str(exc)[:200]}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = store._guarded_query(scenario.query, dict(scenario.params), timeout, 100000)
    except (UnsupportedCypher, CypherRefused) as exc:
        return "refused", str(exc)[:200]
    except Exception as exc:  # noqa: BLE001
        return "error", f"{type(exc).__name__}: {str(exc)[:200]}"
    unordered = scenario.mode == "lists-unordered"
    got = []
    for row in rows:
        if header and set(header) - set(row):
            return "fail", f"columns {sorted(row)}, expected {header}"
        got.append(tuple(_relist(_key(row[c])) if unordered else _key(row[c]) for c in header))
    if not header and rows and scenario.expected == []:
        got = [()] * len(rows)
    if scenario.mode == "ordered":
        same = got == want
    else:
        same = Counter(got) == Counter(want)
    if same:
        return "pass", ""
    return "fail", f"got {got[:3]}{'...' if len(got) > 3 else ''}, expected {want[:3]}"


# -- report -------------------------------------------------------------------------------------

OUTCOMES = ("pass", "fail", "refused", "error")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tck", type=Path, default=DEFAULT_TCK)
    parser.add_argument("--stores", default="kglite,neo4j")
    parser.add_argument("--neo4j", default="bolt://127.0.0.1:7690")
    parser.add_argument("--areas", default="", help="comma-separated, e.g. clauses/match")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per query")
    parser.add_argument("--markdown", action="store_true", help="print the table as markdown")
    parser.add_argument("-v", "--verbose", action="store_true", help="every non-pass scenario")
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # notifications on TCK's odd names

    areas = [a.strip().strip("/") for a in args.areas.split(",") if a.strip()]
    scenarios, skipped = read_scenarios(args.tck, areas or None)
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for kind in stores:
        target = _Target(kind, args.neo4j if kind == "neo4j" else None)
        try:
            for scenario in scenarios:
                outcome, detail = run_scenario(target, scenario, args.timeout)
                counts[scenario.area][kind][outcome] += 1
                if args.verbose and outcome != "pass":
                    print(f"{kind:6} {outcome:7} {scenario.area} {scenario.name}: {detail}")
        finally:
            target._dir = "closing" if kind == "neo4j" else target._dir
            target.close()

    _print(counts, stores, len(scenarios), skipped, args.markdown)
    return 0


def _print(counts, stores, total, skipped, markdown: bool) -> None:
    def cell(c: Counter) -> str:
        n = sum(c.values())
        return f"{c['pass']}/{n} ({c['fail']} wrong, {c['refused']} refused, {c['error']} errors)"

    sums = {kind: Counter() for kind in stores}
    lines = []
    for area in sorted(counts):
        for kind in stores:
            sums[kind].update(counts[area][kind])
        lines.append([area, *(cell(counts[area][kind]) for kind in stores)])
    lines.append(["**all**" if markdown else "all", *(cell(sums[k]) for k in stores)])
    head = ["area", *(f"{k}: pass/run" for k in stores)]
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(r[i]) for r in [head, *lines]) for i in range(len(head))]
        for line in [head, *lines]:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)))
    left_out = ", ".join(f"{k} {v}" for k, v in skipped.most_common())
    print(f"\n{total} read scenarios run; left out: {left_out}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
