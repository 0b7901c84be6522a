"""The Neo4j store lets a batch's rows go with the batch: the driver keeps a statement's
parameters in reference cycles, which a busy process's cyclic collector frees only rarely."""

from __future__ import annotations

import gc

import pytest
from biokg.graph.neo4j_store import Neo4jStore
from biokg.graph.synthetic import synthetic_extractions

pytestmark = pytest.mark.neo4j


def test_a_loaded_batchs_rows_are_not_left_in_the_drivers_cycles(
    neo4j_uri: str, neo4j_driver
) -> None:
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    with Neo4jStore(neo4j_uri, batch_size=500) as store:
        store.init_schema()
        gc.collect()
        gc.disable()
        try:
            stats = store.load(synthetic_extractions(30, 200, 300))
            gc.set_debug(gc.DEBUG_SAVEALL)
            gc.collect()
            # mention rows and the per-batch rows the loader builds (entities, edge increments)
            rows = [
                o
                for o in gc.garbage
                if isinstance(o, dict)
                and ({"article", "entity", "count"} <= set(o) or "evidence_count" in o)
            ]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
            gc.enable()
    assert stats.articles_loaded == 30 and stats.mentions > 0
    assert rows == []
