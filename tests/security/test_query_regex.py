"""No named query matches a user's text as a regular expression (issue 16, item 4).

`resistance_chains` took `relapse_pattern`, a raw regex: on Neo4j `obje(((.*)*)*)*z` ran 24.8 s
past a 3 s timeout and kept a Bolt thread busy long after the client left. Named queries now take
words (matched case-insensitively with CONTAINS); the only regexes left are the ones biokg builds
from an `entity` parameter's letters and digits (`$x_rx`, `$x_part_rx`).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from biokg.graph import GraphStore, open_store
from biokg.queries.registry import default_registry
from biokg.queries.runner import run_query

from biokg.config import Settings
from biokg.errors import QueryError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))
from graph_fixture import CAR19, CAR22, TISA, car_t_graph  # noqa: E402

CATASTROPHIC = "obje(((.*)*)*)*z"
_REGEX_USE = re.compile(r"=~\s*\$(\w+)")


def test_no_named_query_matches_a_user_value_as_regex():
    for query in default_registry():
        declared = {p.name: p.type for p in query.params}
        for used in _REGEX_USE.findall(query.cypher):
            base = re.sub(r"(_part)?_rx$", "", used)
            built = used != base and declared.get(base) == "entity"
            assert built, f"{query.name}: `=~ ${used}` matches a user-given value as a regex"
        for param in query.params:
            assert "regex" not in param.help.lower() and "pattern" not in param.name, (
                f"{query.name}: parameter {param.name!r} still reads as a regex"
            )


@pytest.fixture(scope="module", params=["kglite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[GraphStore]:
    if request.param == "kglite":
        settings = Settings(store_path=tmp_path_factory.mktemp("graph"))
    else:
        driver = request.getfixturevalue("neo4j_driver")
        driver.execute_query("MATCH (n) DETACH DELETE n")
        settings = Settings(neo4j_uri=request.getfixturevalue("neo4j_uri"))
    with open_store(settings) as opened:
        assert opened.load(car_t_graph()).articles_loaded == 3
        yield opened


# What `resistance_chains` returned with its defaults before the change, on both stores, in order.
BALL_NAME = ["B-cell acute lymphoblastic leukemia"]
POPULATION = "B-ALL relapsed after CD19-directed therapy"
DEFAULT_ROWS = [
    (CAR19, "CD19", "HAS_OUTCOME", "relapse", CAR22, "CD22", BALL_NAME),
    (CAR19, "CD19", "population", POPULATION, CAR22, "CD22", BALL_NAME),
    (TISA, "CD19", "population", POPULATION, CAR22, "CD22", BALL_NAME),
]


def chains(store: GraphStore, **params) -> list[tuple]:
    rows = run_query(store, "resistance_chains", params, timeout=10)
    return [
        (
            r["first_therapy_id"],
            r["first_target"],
            r["relapse_via"],
            r["relapse"],
            r["second_therapy_id"],
            r["second_target"],
            r["shared_diseases"],
        )
        for r in rows
    ]


def test_default_rows_unchanged(store):
    assert chains(store) == DEFAULT_ROWS


def test_relapse_words_are_literal(store):
    started = time.monotonic()
    assert chains(store, relapse_words=CATASTROPHIC) == []
    assert chains(store, relapse_words=[CATASTROPHIC, "(?i).*", ".*"]) == []
    assert time.monotonic() - started < 5
    # Words match inside names and populations, whatever the case.
    assert chains(store, relapse_words="RELAPS") == DEFAULT_ROWS
    assert chains(store, relapse_words="Relapsed After") == DEFAULT_ROWS[1:]
    assert chains(store, relapse_words=["nothing", "relapse"]) == DEFAULT_ROWS
    assert chains(store, relapse_words="relapses") == []  # a word, not a stem or a pattern


def test_entity_text_is_letters_not_regex(store):
    # Entity parameters become a regex built by biokg from their letters and digits only.
    started = time.monotonic()
    assert run_query(store, "entity_search", {"text": CATASTROPHIC}) == []
    assert run_query(store, "therapies_for_target", {"target": "(?i).*"}, timeout=10) == []
    assert time.monotonic() - started < 5
    # Its metacharacters are separators, as a hyphen or a space is: the same regex as "obje z".
    search = default_registry().get("entity_search")
    bound, plain = search.bind({"text": CATASTROPHIC}), search.bind({"text": "obje z"})
    assert (bound["text_rx"], bound["text_part_rx"]) == (plain["text_rx"], plain["text_part_rx"])
    with pytest.raises(QueryError, match="longer than"):
        run_query(store, "entity_search", {"text": "a" * 5000})
