"""Latency of every named query on a synthetic graph, on the embedded store and (optionally) Neo4j.

Prints one row per query: median and worst of `--repeat` runs per store, and the Neo4j / kglite
ratio measured in the same process. The graph comes from `biokg.graph.synthetic` and is loaded
through the real loader.

    python bench/queries.py --articles 2000 --entities 5000 --relations 10000 \
        [--neo4j bolt://127.0.0.1:7687]   # the Neo4j database is WIPED first
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from biokg.graph import open_store
from biokg.graph.synthetic import synthetic_extractions
from biokg.queries import default_registry, run_query

from biokg.config import Settings


def sample_params(store) -> dict[str, dict[str, object]]:
    """Parameters that hit the busiest part of the graph, read from the graph itself, ordered so
    that both stores get the same ones."""
    [busy] = store.read(
        "MATCH (e:Entity)<-[m:MENTIONS]-() RETURN e.name AS name, e.id AS id, count(m) AS n "
        "ORDER BY n DESC, id LIMIT 1"
    )
    sids = [
        r["s"]
        for r in store.read(
            "MATCH (:Entity)-[r]->(:Entity) RETURN r.statement_id AS s ORDER BY s LIMIT 50"
        )
    ]
    sids = [s for s in sids if s]
    ids = [r["id"] for r in store.read("MATCH (e:Entity) RETURN e.id AS id ORDER BY id LIMIT 50")]
    name = busy["name"]
    return {
        "articles_mentioning": {"entity": name},
        "changed_since": {"since": "2000-01-01", "limit": 100},
        "compare_outcomes": {"disease": name},
        "disease_landscape": {"disease": name},
        "edge_evidence": {"statement_id": sids[0]},
        "entity_search": {"text": name, "partial": True},
        "evidence_for_statements": {"statement_ids": sids},
        "findings_for_therapies": {"therapy_ids": ids},
        "neighbourhood": {"entity": name, "hops": 2, "limit": 200},
        "resistance_chains": {"first_target": name, "second_target": "entity 1"},
        "therapies_for_target": {"target": name},
        "therapy_outcomes": {"therapy": name},
        "therapy_people": {"therapy": name},
        "view_links": {"entity_ids": ids[:10]},
    }


def time_queries(store, repeat: int) -> dict[str, tuple[float, float, int]]:
    params = sample_params(store)
    out = {}
    for query in default_registry():
        times = []
        rows = 0
        for _ in range(repeat):
            start = time.perf_counter()
            rows = len(run_query(store, query.name, params[query.name]))
            times.append(time.perf_counter() - start)
        out[query.name] = (statistics.median(times), max(times), rows)
        print(f"  {query.name}: {out[query.name][0] * 1000:.1f} ms", flush=True)
    return out


def load(settings: Settings, args) -> tuple[object, float]:
    store = open_store(settings)
    start = time.perf_counter()
    store.load(synthetic_extractions(args.articles, args.entities, args.relations))
    return store, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--entities", type=int, default=5000)
    parser.add_argument("--relations", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--neo4j", help="bolt URI of a Neo4j to WIPE and use as well")
    args = parser.parse_args()
    warnings.simplefilter("ignore")

    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        store, seconds = load(Settings(store_path=Path(folder)), args)
        print(f"kglite: loaded {args.articles} articles in {seconds:.1f}s")
        with store:
            results["kglite"] = time_queries(store, args.repeat)
    if args.neo4j:
        import neo4j

        with (
            neo4j.GraphDatabase.driver(args.neo4j, auth=None) as driver,
            driver.session() as session,
        ):
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
        store, seconds = load(Settings(neo4j_uri=args.neo4j), args)
        print(f"neo4j: loaded {args.articles} articles in {seconds:.1f}s")
        with store:
            results["neo4j"] = time_queries(store, args.repeat)

    stores = list(results)
    header = f"{'query':24}" + "".join(
        f"{s + ' median ms':>18}{'max ms':>9}{'rows':>6}" for s in stores
    )
    print(header + ("   neo4j/kglite" if len(stores) == 2 else ""))
    for name in default_registry().names():
        line = f"{name:24}"
        for s in stores:
            median, worst, rows = results[s][name]
            line += f"{median * 1000:18.1f}{worst * 1000:9.1f}{rows:6d}"
        if len(stores) == 2:
            line += f"   {results['neo4j'][name][0] / max(results['kglite'][name][0], 1e-9):12.2f}"
        print(line)


if __name__ == "__main__":
    main()
