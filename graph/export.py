"""Write an exported `networkx.MultiDiGraph` as GraphML or node-link JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import IO

import networkx as nx


def _plain(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _graphml_value(value: object) -> object:
    # GraphML has scalar attribute types only: lists are written as JSON text, dates as ISO.
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, default=_plain)
    return _plain(value)


def write_graph(graph: nx.MultiDiGraph, fmt: str, out: Path | IO[str]) -> None:
    """`fmt` is "graphml" (lists as JSON text, dates ISO) or "json" (networkx node-link)."""
    if fmt == "graphml":
        copy = nx.MultiDiGraph()
        for node, data in graph.nodes(data=True):
            copy.add_node(node, **{k: _graphml_value(v) for k, v in data.items()})
        for u, v, key, data in graph.edges(keys=True, data=True):
            copy.add_edge(u, v, key=key, **{k: _graphml_value(x) for k, x in data.items()})
        text = "\n".join(nx.generate_graphml(copy))
    elif fmt == "json":
        text = json.dumps(nx.node_link_data(graph, edges="edges"), default=_plain, indent=1)
    else:
        raise ValueError(f"unknown export format {fmt!r} (graphml or json)")
    if isinstance(out, Path):
        out.write_text(text + "\n", encoding="utf-8")
    else:
        out.write(text + "\n")
