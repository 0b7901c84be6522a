"""Rows to text (an aligned table that fits a width, for people; JSON, CSV and TSV for programs),
and rows to a graph or a DataFrame (`Rows`)."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

FORMATS = ("table", "json", "csv", "tsv")


def finite(value: Any) -> Any:
    """`value` with every NaN and ±Infinity float, at any depth, replaced by None.

    JSON has no such numbers: `json.dumps` would write `NaN`, which browsers and most parsers
    refuse.

    >>> finite({"rate": float("nan"), "n": [1.0, float("inf")]})
    {'rate': None, 'n': [1.0, None]}
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def dumps_json(value: Any, *, indent: int | None = None) -> str:
    """Strict JSON text of `value`: NaN and Infinity become null (`allow_nan=False` guards it)."""
    return json.dumps(finite(value), ensure_ascii=False, indent=indent, allow_nan=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(finite(value), ensure_ascii=False, sort_keys=True, allow_nan=False)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    return columns


def _tsv_cell(value: Any) -> str:
    # Tab-separated values have no quoting: a tab or line break inside a cell is written as an
    # escape (`\t`, `\n`, `\r`) and the backslash itself as `\\`, so every row stays one line.
    text = _cell(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# A column is never cut narrower than this (or its own width, if that is less): "CD22 C…" still
# says which row it is; 3 characters and an ellipsis would not.
MIN_COLUMN_WIDTH = 8
_GAP = "  "


def fit_widths(
    widths: Sequence[int], width: int | None, min_width: int = MIN_COLUMN_WIDTH
) -> list[int]:
    """Column widths that fit a line of `width` characters (with two spaces between columns),
    cutting the widest columns first and none below `min_width`.

    The widest columns are brought down to one common cap, the largest that fits; characters
    left over go back to the columns the cap cut, widest first. When even the minimum widths do
    not fit, every column is at its minimum and the line is wider than `width`.

    Args:
        widths: each column's natural width (the longest of its header and cells).
        width: the line width to fit; None keeps every column whole.
        min_width: the narrowest a column is cut to.

    Returns:
        One width per column, each at most its natural width.

    Example:
        >>> fit_widths([4, 30, 12], 40)
        [4, 20, 12]
        >>> fit_widths([4, 30, 12], None)
        [4, 30, 12]
    """
    natural = list(widths)
    if width is None or not natural:
        return natural
    room = width - len(_GAP) * (len(natural) - 1)
    floors = [min(w, min_width) for w in natural]
    if sum(natural) <= room:
        return natural
    if sum(floors) >= room:
        return floors

    def total(cap: int) -> int:
        return sum(max(f, min(w, cap)) for w, f in zip(natural, floors, strict=True))

    low, high = 0, max(natural)  # total(low) <= room < total(high)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if total(mid) <= room else (low, mid)
    fitted = [max(f, min(w, low)) for w, f in zip(natural, floors, strict=True)]
    spare = room - sum(fitted)
    for i in sorted(range(len(natural)), key=lambda i: -natural[i]):
        if spare <= 0:
            break
        if fitted[i] < natural[i]:
            fitted[i] += 1
            spare -= 1
    return fitted


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def format_rows(
    rows: Sequence[dict[str, Any]],
    fmt: str = "table",
    max_width: int | None = 60,
    *,
    width: int | None = None,
) -> str:
    """Render rows as `table`, `json` (a list of objects), `csv` or `tsv` (lists joined with "; ").

    Args:
        rows: dicts; the columns are their keys in first-seen order.
        fmt: one of `FORMATS`.
        max_width: a table cell longer than this is cut (None: never).
        width: the table fits lines of this many characters, cutting the widest columns first
            (with "…", none below `MIN_COLUMN_WIDTH`); None: as wide as the cells. Only tables:
            json, csv and tsv always hold every character.

    >>> print(format_rows([{"name": "CD22", "n": 11}], "csv").strip())
    name,n
    CD22,11
    >>> rows = [{"sentence": "CD22 CAR T cells induced remission", "n": 11}]
    >>> print(format_rows(rows, width=24), end="")
    sentence              n
    --------------------  --
    CD22 CAR T cells in…  11
    (1 row)
    """
    if fmt == "json":
        return dumps_json(list(rows), indent=2) + "\n"
    columns = _columns(rows)
    if fmt in ("csv", "tsv"):
        if fmt == "tsv":
            lines = ["\t".join(_tsv_cell(c) for c in columns)]
            lines += ["\t".join(_tsv_cell(row.get(c)) for c in columns) for row in rows]
            return "".join(line + "\n" for line in lines)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not rows:
        return "(no rows)\n"

    def clip(text: str) -> str:
        text = text.replace("\n", " ")
        return text if max_width is None else _clip(text, max_width)

    cells = [[clip(_cell(row.get(c))) for c in columns] for row in rows]
    natural = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    widths = fit_widths(natural, width)
    header = [_clip(c, w) for c, w in zip(columns, widths, strict=True)]
    cells = [[_clip(v, w) for v, w in zip(r, widths, strict=True)] for r in cells]
    lines = [
        _GAP.join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip(),
        _GAP.join("-" * w for w in widths),
    ]
    lines += [_GAP.join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


# Link-shaped rows name each end by a column prefix: `source_id`/`source`/`source_type` ... in
# the named queries, `subject_id`/`subject`/... in statement rows (`biokg.named_relations`).
_LINK_ENDS = (("source", "target"), ("subject", "object"))

# Which end is which for biokg's relationships that carry no statement_id (graph/cypher.py).
_SCHEMA_ENDS = {
    "MENTIONS": ("Article", "Entity"),
    "FROM": ("Evidence", "Article"),
    "REPORTED_IN": ("Finding", "Article"),
    "THERAPY": ("Finding", "Entity"),
    "OUTCOME": ("Finding", "Entity"),
    "IN_POPULATION": ("Finding", "Entity"),
}


def _end_key(row: Mapping[str, Any], end: str) -> Any:
    return row[f"{end}_id"] if f"{end}_id" in row else row.get(end)


def _add_link(graph: Any, row: Mapping[str, Any]) -> bool:
    """Add a link-shaped row's two ends and edge; False when the row is not link-shaped."""
    if "predicate" not in row:
        return False
    for first, second in _LINK_ENDS:
        if not all(f"{e}_id" in row or e in row for e in (first, second)):
            continue
        ends = {first: _end_key(row, first), second: _end_key(row, second)}
        if row["predicate"] is None or None in ends.values():
            return True  # a row of the query that is no edge (changed_since's "new article")
        attrs: dict[str, dict[str, Any]] = {first: {}, second: {}}
        edge: dict[str, Any] = {}
        for key, value in row.items():
            end = next((e for e in attrs if key == e or key.startswith(e + "_")), None)
            if end is None:
                edge[key] = value
            elif key != f"{end}_id":
                attrs[end]["name" if key == end else key[len(end) + 1 :]] = value
        for end in (first, second):
            if graph.has_node(ends[end]):
                graph.nodes[ends[end]].update(attrs[end])
            else:
                graph.add_node(ends[end], **attrs[end])
        graph.add_edge(ends[first], ends[second], key=row.get("statement_id"), **edge)
        return True
    return False


def _elements(value: Any, nodes: list[dict], rels: list[dict]) -> None:
    """Collect the nodes (`{..., "labels": [...]}`) and relationships (`{..., "type": T}`) that
    `GraphStore.read` returns, anywhere inside a value (lists, paths)."""
    if isinstance(value, list | tuple):
        for item in value:
            _elements(item, nodes, rels)
    elif isinstance(value, Mapping):
        if isinstance(value.get("labels"), list):
            nodes.append(dict(value))
        elif set(value) == {"nodes", "relationships"}:
            _elements(value["nodes"], nodes, rels)
            _elements(value["relationships"], nodes, rels)
        elif isinstance(value.get("type"), str):
            rels.append(dict(value))


def _rel_ends(rel: Mapping[str, Any], nodes: Sequence[Mapping[str, Any]]) -> tuple[Any, Any] | None:
    """The (start, end) node ids of a relationship among a row's nodes: an entity edge by its
    statement_id (the hash of subject, predicate, object), the others by the labels of their ends.
    """
    from biokg.identity import statement_id

    ids = [n["id"] for n in nodes if n.get("id") is not None]
    sid = rel.get("statement_id")
    if sid is not None:
        for a in ids:
            for b in ids:
                if statement_id(str(a), rel["type"], str(b)) == sid:
                    return a, b
        return None
    labels = _SCHEMA_ENDS.get(rel["type"])
    if labels is None:
        return None
    starts = [n["id"] for n in nodes if labels[0] in n["labels"] and "id" in n]
    ends = [n["id"] for n in nodes if labels[1] in n["labels"] and "id" in n]
    return (starts[0], ends[0]) if len(starts) == 1 and len(ends) == 1 else None


def _add_elements(graph: Any, row: Mapping[str, Any]) -> bool:
    """Add the nodes and relationships a row holds; False when it holds no relationship."""
    from biokg.errors import QueryError

    nodes: list[dict] = []
    rels: list[dict] = []
    _elements(list(row.values()), nodes, rels)
    if not rels:
        return False
    for node in nodes:
        if node.get("id") is not None:
            graph.add_node(node["id"], **node)
    for rel in rels:
        ends = _rel_ends(rel, nodes)
        if ends is None:
            raise QueryError(
                f"a {rel['type']} relationship in the rows has no identifiable ends: return both "
                "of its nodes in the same row (or their ids as source_id and target_id)"
            )
        graph.add_edge(*ends, key=rel.get("statement_id") or rel["type"], **rel)
    return True


def to_networkx(rows: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """The nodes and relationships that query rows hold, as a networkx MultiDiGraph keyed by id.

    A row may be
      - link-shaped: `source_id`, `predicate`, `target_id` (`neighbourhood`, `view_links`), or
        `subject[_id]`, `predicate`, `object[_id]` (`edge_evidence`, `biokg.named_relations`;
        ends without an id column are keyed by name). The end's other columns (`source`,
        `source_type` → `name`, `type`) become node attributes, every other column an edge
        attribute; a row with a null predicate or end adds nothing;
      - or hold nodes and relationships (`RETURN s, r, o` in Cypher): each relationship joins the
        row's nodes it links (an entity edge found by its statement_id).

    Edges are keyed by `statement_id` when there is one, so one statement is one edge.

    Raises:
        QueryError: when a row holds no relationship at all (e.g. `entity_search`).

    Example:
        >>> g = to_networkx([{"source_id": "a", "source": "CD22 CAR T cells",
        ...                   "predicate": "TARGETS", "target_id": "b", "target": "CD22"}])
        >>> g.nodes["b"], list(g.edges(data="predicate"))
        ({'name': 'CD22'}, [('a', 'b', 'TARGETS')])
    """
    import networkx as nx

    from biokg.errors import QueryError

    graph = nx.MultiDiGraph()
    for row in rows:
        if not (_add_link(graph, row) or _add_elements(graph, row)):
            raise QueryError(
                "rows need source_id, predicate and target_id (or subject, predicate and object, "
                f"or nodes and relationships) to form a graph; this row has {sorted(row)}"
            )
    return graph


class Rows(list):
    """Query rows (a list of dicts) that also turn into a graph or a DataFrame.

    Example:
        >>> rows = Rows([{"source_id": "a", "predicate": "TARGETS", "target_id": "b"}])
        >>> rows.to_networkx().number_of_edges(), rows.to_pandas().shape
        (1, (1, 3))
    """

    def to_networkx(self) -> nx.MultiDiGraph:
        """The nodes and relationships in the rows as a `networkx.MultiDiGraph` (`to_networkx`)."""
        return to_networkx(self)

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame, one column per key in first-seen order."""
        import pandas as pd

        return pd.DataFrame.from_records(list(self), columns=_columns(self) or None)
