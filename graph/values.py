"""Store-neutral result values: each store turns its own nodes, relationships and paths into these,
so `read()` returns the same plain Python on both stores and `export()` builds one networkx graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx


def ordered_labels(labels: object) -> tuple[str, ...]:
    """Labels in one order on every store: `Entity` first, then alphabetical."""
    return tuple(sorted(labels, key=lambda label: (label != "Entity", label)))  # type: ignore[call-overload]


@dataclass(frozen=True)
class NodeValue:
    element_id: str
    labels: tuple[str, ...]
    properties: dict[str, object] = field(hash=False, compare=False)

    def plain(self) -> dict[str, object]:
        """`{**properties, "labels": [...]}`: what `read()` returns for a node."""
        return {**self.properties, "labels": list(self.labels)}


@dataclass(frozen=True)
class RelValue:
    element_id: str
    type: str
    start: str  # element ids of the end nodes
    end: str
    properties: dict[str, object] = field(hash=False, compare=False)

    def plain(self) -> dict[str, object]:
        """`{**properties, "type": ...}`: what `read()` returns for a relationship."""
        return {**self.properties, "type": self.type}


@dataclass(frozen=True)
class PathValue:
    nodes: tuple[NodeValue, ...]
    relationships: tuple[RelValue, ...]

    def plain(self) -> dict[str, object]:
        return {
            "nodes": [n.plain() for n in self.nodes],
            "relationships": [r.plain() for r in self.relationships],
        }


def to_plain(value: object) -> object:
    """Replace store values anywhere inside lists and maps by plain dicts."""
    if isinstance(value, NodeValue | RelValue | PathValue):
        return value.plain()
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def collect_elements(
    rows: Iterable[dict[str, object]],
) -> tuple[dict[str, NodeValue], dict[str, RelValue]]:
    """Every node and relationship found anywhere in query rows, by element id."""
    nodes: dict[str, NodeValue] = {}
    rels: dict[str, RelValue] = {}

    def walk(value: object) -> None:
        if isinstance(value, NodeValue):
            nodes[value.element_id] = value
        elif isinstance(value, RelValue):
            rels[value.element_id] = value
        elif isinstance(value, PathValue):
            for n in value.nodes:
                walk(n)
            for r in value.relationships:
                walk(r)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)

    for row in rows:
        walk(row)
    return nodes, rels


def node_key(node: NodeValue) -> str:
    """networkx key of a node: its `id` property (every node biokg writes has one)."""
    value = node.properties.get("id")
    return str(value) if value is not None else f"_element:{node.element_id}"


def build_graph(nodes: dict[str, NodeValue], rels: dict[str, RelValue]) -> nx.MultiDiGraph:
    """A MultiDiGraph keyed by node `id`; node attributes are the properties plus `labels`,
    edge attributes the properties plus `type`, and the edge key is the relationship type."""
    graph = nx.MultiDiGraph()
    for node in nodes.values():
        graph.add_node(node_key(node), **node.plain())
    for rel in rels.values():
        if rel.start not in nodes or rel.end not in nodes:
            continue
        graph.add_edge(
            node_key(nodes[rel.start]),
            node_key(nodes[rel.end]),
            key=rel.type,
            **rel.plain(),
        )
    return graph
