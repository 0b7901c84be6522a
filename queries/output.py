"""Rows to text: an aligned table for people, JSON and CSV for programs."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

FORMATS = ("table", "json", "csv")


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


def format_rows(rows: Sequence[dict[str, Any]], fmt: str = "table", max_width: int = 60) -> str:
    """Render rows as `table`, `json` (a list of objects) or `csv` (lists joined with "; ").

    >>> print(format_rows([{"name": "CD22", "n": 11}], "csv").strip())
    name,n
    CD22,11
    """
    if fmt == "json":
        return dumps_json(list(rows), indent=2) + "\n"
    columns = _columns(rows)
    if fmt == "csv":
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
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[clip(_cell(row.get(c))) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
