"""docker-compose.yml cannot run here (no Docker engine); check it is what README promises."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def test_compose_runs_neo4j_5_26_on_loopback_without_a_committed_password():
    text = (REPO / "docker-compose.yml").read_text()
    neo4j = yaml.safe_load(text)["services"]["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert sorted(neo4j["ports"]) == ["127.0.0.1:7474:7474", "127.0.0.1:7687:7687"]
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert "neo4j-data:/data" in neo4j["volumes"]
    assert "healthcheck" in neo4j
    assert ".env" in (REPO / ".gitignore").read_text().split()
