"""The loader's statements on Neo4j keep their first plan (`CYPHER replan=skip`, see
`neo4j_store.LOADER_PREFIX`), which is often made on an empty graph: every one of them must
then still find its rows through the unique keys and indexes, never by scanning a label."""

from __future__ import annotations

import pytest
from biokg.graph import cypher
from biokg.graph.labels import RELATION_TYPES
from biokg.graph.neo4j_store import LOADER_PREFIX, Neo4jStore

pytestmark = pytest.mark.neo4j

# Operators that read every node of a label, type or index: fine on an empty graph, ruinous on
# a full one if the plan is kept.
SCANS = {
    "AllNodesScan",
    "NodeByLabelScan",
    "UnionNodeByLabelsScan",
    "IntersectionNodeByLabelsScan",
    "NodeIndexScan",
    "NodeIndexContainsScan",
    "NodeIndexEndsWithScan",
    "DirectedAllRelationshipsScan",
    "UndirectedAllRelationshipsScan",
    "DirectedRelationshipTypeScan",
    "UndirectedRelationshipTypeScan",
}


def _loader_statements() -> list[str]:
    fixed = [
        value
        for name, value in vars(cypher).items()
        if name.isupper()
        and isinstance(value, str)
        and value.lstrip().startswith(("UNWIND", "MATCH", "MERGE"))
        and not name.startswith("EXPORT")
    ]
    built = []
    for rel_type in RELATION_TYPES:
        built += [cypher.merge_statements(rel_type), cypher.recompute_statements(rel_type)]
    return fixed + built


def _operators(plan: dict) -> set[str]:
    found = {str(plan["operatorType"]).split("@")[0]}
    for child in plan.get("children", []):
        found |= _operators(child)
    return found


def test_loader_plans_on_an_empty_graph_use_keys_not_scans(neo4j_uri, neo4j_driver) -> None:
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    Neo4jStore(neo4j_uri).init_schema()  # the constraints and indexes the plans rely on
    statements = _loader_statements()
    assert cypher.MERGE_ENTITIES in statements and cypher.ADD_STATEMENTS in statements
    assert len(statements) > 40  # every fixed statement and every relationship type's builders
    for statement in statements:
        summary = neo4j_driver.execute_query("EXPLAIN " + LOADER_PREFIX + statement).summary
        scans = _operators(summary.plan) & SCANS
        assert not scans, f"{sorted(scans)} in the plan of {statement}"
