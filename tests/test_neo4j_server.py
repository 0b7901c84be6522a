"""The CI Neo4j is real: its version is printed, and a node written through Bolt reads back."""

import pytest

pytestmark = pytest.mark.neo4j


def test_server_is_neo4j_5_26_and_round_trips_a_node(clean_neo4j, capsys):
    record = clean_neo4j.execute_query(
        "CALL dbms.components() YIELD name, versions, edition "
        "RETURN name, versions[0] AS version, edition"
    ).records[0]
    with capsys.disabled():
        print(f"\n[neo4j] tests talk to {record['name']} {record['version']} {record['edition']}")
    assert record["version"].startswith("5.26.")

    clean_neo4j.execute_query("CREATE (:Probe {id: $id, name: $name})", id="p1", name="CD22")
    rows = clean_neo4j.execute_query("MATCH (p:Probe {id: $id}) RETURN p.name AS name", id="p1")
    assert [r["name"] for r in rows.records] == ["CD22"]
