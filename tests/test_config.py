from pathlib import Path

import pytest

from biokg.config import load_settings
from biokg.errors import ConfigError


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    # As requests' conftest does: tests must not see the developer's own settings.
    import os

    for name in list(os.environ):
        if name.startswith("BIOKG_") or name == "NCBI_API_KEY":
            monkeypatch.delenv(name)


def test_defaults_use_the_embedded_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert not settings.uses_neo4j
    assert settings.store_path.name == "graph"


def test_environment_wins_over_file(tmp_path, monkeypatch):
    cfg = tmp_path / "biokg.toml"
    cfg.write_text('[biokg]\nneo4j_uri = "bolt://file:7687"\nbatch_size = 50\n')
    monkeypatch.setenv("BIOKG_NEO4J_URI", "bolt://env:7687")
    monkeypatch.setenv("NCBI_API_KEY", "k")
    settings = load_settings(cfg)
    assert settings.neo4j_uri == "bolt://env:7687"
    assert settings.batch_size == 50
    assert settings.ncbi_api_key == "k"
    assert settings.uses_neo4j


def test_bad_values_name_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("BIOKG_BATCH_SIZE", "many")
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings()


def test_unknown_keys_in_file_are_refused(tmp_path):
    cfg = tmp_path / "biokg.toml"
    cfg.write_text("[biokg]\nneo4j_url = 'x'\n")
    with pytest.raises(ConfigError, match="neo4j_url"):
        load_settings(cfg)
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(Path(tmp_path / "missing.toml"))
