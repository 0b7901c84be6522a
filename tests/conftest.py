"""Fixtures shared by every stage's tests.

Two kinds of outside data are used, and neither is ever faked:
- `../shared` (corpora, lexicons, real articles): present in CI, absent in a user's clone.
- the Neo4j server `.ci/run` starts (URI in BIOKG_TEST_NEO4J_URI).
Outside CI, tests that need them skip with a reason; in CI (CI=true) they fail instead, so a
missing server or data folder can never pass as green.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from biokg.runtime import TUNABLE

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only `../shared` folder beside the repo (or BIOKG_SHARED_DIR)."""
    path = Path(os.environ.get("BIOKG_SHARED_DIR", REPO_ROOT.parent / "shared"))
    if not (path / "corpora").is_dir():
        _unavailable(f"shared data folder not found at {path}")
    return path


@pytest.fixture(scope="session")
def static_tls() -> None:
    """The larger static TLS reserve that the linker's native libraries need beside the embedded
    store in one process (see biokg.runtime); scripts/test.sh sets it before pytest starts."""
    if TUNABLE not in os.environ.get("GLIBC_TUNABLES", ""):
        _unavailable(f"GLIBC_TUNABLES lacks {TUNABLE} (run the suite through scripts/test.sh)")


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    return os.environ.get("BIOKG_TEST_NEO4J_URI", "bolt://127.0.0.1:7687")


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_uri: str) -> Iterator[object]:
    """A driver for the CI Neo4j server (see `clean_neo4j` for an empty database)."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_uri, auth=None)
    try:
        driver.verify_connectivity()
    except Exception as exc:  # noqa: BLE001 - any failure means "no server"
        driver.close()
        _unavailable(f"no Neo4j server at {neo4j_uri}: {exc}")
    yield driver
    driver.close()


@pytest.fixture()
def clean_neo4j(neo4j_driver) -> object:
    """`neo4j_driver` with an empty database (nodes, relationships, constraints and indexes)."""
    # CALL { } IN TRANSACTIONS needs an auto-commit transaction, i.e. session.run.
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS").consume()
    for record in neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
        neo4j_driver.execute_query(f"DROP CONSTRAINT `{record['name']}` IF EXISTS")
    for record in neo4j_driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"
    ).records:
        neo4j_driver.execute_query(f"DROP INDEX `{record['name']}` IF EXISTS")
    return neo4j_driver


# Three short therapy stories written for biokg's tests (file name -> text, "Title:" header).
SHORT_STORIES = {
    "imatinib.txt": "Title: Imatinib in CML\n\nImatinib, developed by Novartis, inhibits BCR-ABL "
    "in chronic myeloid leukemia.\n",
    "rituximab.txt": "Title: Rituximab\n\nRituximab is an anti-CD20 antibody that treats "
    "follicular lymphoma.\n",
    "axicel.txt": "Title: Axi-cel\n\nAxicabtagene ciloleucel, a CD19-directed CAR T-cell therapy "
    "developed by Kite Pharma, induced complete remission in 30 of 51 patients (59%) with "
    "large B-cell lymphoma.\n",
}


@pytest.fixture(scope="session")
def short_stories() -> dict[str, str]:
    """`SHORT_STORIES`: what the re-run and cluster tests write as a folder of articles."""
    return dict(SHORT_STORIES)
