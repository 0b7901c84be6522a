"""Load benchmark: naive writer vs the batched loader on Neo4j, the embedded store's rate, and the
loader's memory as the number of articles grows. Prints figures; asserts nothing.

    python bench/load.py --uri bolt://127.0.0.1:7688 --wipe                      # default size
    python bench/load.py --articles 10000 --entities 50000 --relations 200000 --wipe  # issue size

The Neo4j database is emptied first (`--wipe` is required when it is not empty): point it at a
test server, never at a graph you keep. Time spent generating the synthetic extractions is
measured separately and left out of every rate. A "floor" line writes only the evidence and the
statement edges of the same batches, from one session and from two at once: the least work this
graph model asks of the server, and what a parallel writer could reach on it.

`--bulk-home DIR` adds bulk vs transactional for the same articles: `graph.bulk_import` writes the
CSVs and `neo4j-admin database import full` (the test server's jars, `--neo4j-jars`) imports them
into a new database under DIR (no server runs on it: it is only imported, then deleted).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor

from biokg.graph import bulk_import, cypher, loader
from biokg.graph.base import GraphStore
from biokg.graph.embedded_store import EmbeddedStore
from biokg.graph.labels import RELATION_TYPES, entity_label, relation_type
from biokg.graph.neo4j_store import LOADER_PREFIX, Neo4jStore
from biokg.graph.rows import article_rows
from biokg.graph.synthetic import synthetic_extractions
from neo4j import GraphDatabase

from biokg.model import Extraction


class Timed:
    """Wraps an iterator and adds up the time spent producing its items."""

    def __init__(self, items: Iterable[Extraction]) -> None:
        self._items = iter(items)
        self.seconds = 0.0
        self.rows = 0
        self.relations = 0
        self.evidence = 0

    def __iter__(self) -> Iterator[Extraction]:
        return self

    def __next__(self) -> Extraction:
        start = time.perf_counter()
        try:
            item = next(self._items)
            rows = article_rows(item)
            self.rows += rows.size
            self.relations += sum(len(v) for v in rows.relations.values())
            self.evidence += len(rows.evidence)
            return item
        finally:
            self.seconds += time.perf_counter() - start


class StatementClock:
    """Adds up the wall time of each loader statement a store runs, by statement name.

    It wraps the store's write transaction (the `run` callable `loader.write_batch` gets), so
    the split covers exactly what the loader sends; what is left of a load's time is building
    the rows in Python, commits and the driver.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.in_work = 0.0  # inside the transaction function: statements and Python
        self.in_transactions = 0.0  # the whole managed transaction, with begin and commit
        self._names = {v: k for k, v in vars(cypher).items() if k.isupper() and isinstance(v, str)}
        for rel_type in RELATION_TYPES:
            for builder in (cypher.merge_statements, cypher.recompute_statements):
                self._names[builder(rel_type)] = builder.__name__

    def attach(self, store: GraphStore) -> None:
        inner = store._write_tx

        def timed_tx(work: Callable) -> object:
            def timed_work(run: Callable) -> object:
                def timed_run(query: str, params: dict[str, object]) -> list:
                    start = time.perf_counter()
                    try:
                        return run(query, params)
                    finally:
                        name = self._names.get(query, query.strip().split("\n")[0][:30])
                        self.seconds[name] += time.perf_counter() - start
                        self.calls[name] += 1

                start = time.perf_counter()
                try:
                    return work(timed_run)
                finally:
                    self.in_work += time.perf_counter() - start

            start = time.perf_counter()
            try:
                return inner(timed_work)
            finally:
                self.in_transactions += time.perf_counter() - start

        store._write_tx = timed_tx  # type: ignore[method-assign]

    def split(self, total: float, top: int = 6) -> str:
        ranked = sorted(self.seconds.items(), key=lambda kv: -kv[1])
        parts = [f"{name} {seconds / total:.0%}" for name, seconds in ranked[:top]]
        rest = sum(seconds for _, seconds in ranked[top:])
        statements = sum(self.seconds.values())
        return (
            ", ".join(parts) + f", other statements {rest / total:.0%}; Python between statements "
            f"{(self.in_work - statements) / total:.0%}; begin and commit "
            f"{(self.in_transactions - self.in_work) / total:.0%}; building rows outside "
            f"transactions {(total - self.in_transactions) / total:.0%}"
        )


def naive_load(driver, extractions: Iterable[Extraction]) -> int:
    """One MERGE per row, one transaction per MERGE: the baseline. Returns rows written."""
    count = 0

    def one(query: str, **params: object) -> None:
        nonlocal count
        driver.execute_query(query, params)
        count += 1

    for extraction in extractions:
        rows = article_rows(extraction)
        one("MERGE (a:Article {id: $id}) SET a.title = $title", **rows.article)
        for entities in rows.entities.values():
            for e in entities:
                label = entity_label(e["type"])
                one(f"MERGE (e:Entity {{id: $id}}) SET e.name = $name, e:{label}", **e)
        for m in rows.mentions:
            one(
                "MATCH (a:Article {id: $article}) MATCH (e:Entity {id: $entity}) "
                "MERGE (a)-[m:MENTIONS]->(e) SET m.count = $count",
                **m,
            )
        for rel_type, relations in rows.relations.items():
            for r in relations:
                one(
                    f"MATCH (s:Entity {{id: $subject}}) MATCH (o:Entity {{id: $object}}) "
                    f"MERGE (s)-[r:{relation_type(rel_type)} {{statement_id: $statement_id}}]->(o)",
                    **r,
                )
        for ev in rows.evidence:
            one(
                "MATCH (a:Article {id: $article}) MERGE (ev:Evidence {id: $id}) "
                "SET ev.statement_id = $statement_id, ev.sentence = $sentence "
                "MERGE (ev)-[:FROM]->(a)",
                **ev,
            )
    return count


# The least work a relation with its evidence costs this server in the graph model: an Evidence
# node with its properties and its FROM edge, and one MERGEd edge per statement between two
# entities that exist already, in transactions of the loader's size. No aggregates, mentions,
# entities, findings or replacement checks; rows built before the clock starts. Like the loader's
# statements, they keep their first plan (`LOADER_PREFIX`).
FLOOR_EVIDENCE = (
    LOADER_PREFIX
    + """
UNWIND $rows AS row
MATCH (a:Article {id: row.article})
CREATE (ev:Evidence {id: row.id, statement_id: row.statement_id, subject: row.subject,
    predicate: row.predicate, object: row.object, sentence: row.sentence, start: row.start,
    `end`: row.stop, section: row.section, extractor: row.extractor, version: row.version,
    confidence: row.confidence, negated: row.negated})
CREATE (ev)-[:FROM]->(a)
"""
)


def floor_edges(rel_type: str) -> str:
    """One statement per type, as `cypher.merge_statements` (a dynamic `[:$(row.type)]` MERGE
    kept a bad first plan here: one batch ran for minutes)."""
    if rel_type not in RELATION_TYPES:
        raise ValueError(f"not a relationship type: {rel_type!r}")
    return (
        LOADER_PREFIX
        + f"""
UNWIND $rows AS row
MATCH (s:Entity {{id: row.subject}})
MATCH (o:Entity {{id: row.object}})
MERGE (s)-[:{rel_type} {{statement_id: row.statement_id}}]->(o)
"""
    )


def floor_load(
    driver, extractions: Iterable[Extraction], batch_size: int, writers: int = 1
) -> tuple[int, float, int]:
    """The floor above for the same articles in the loader's batches, written by `writers`
    sessions at once (batches dealt round-robin). Returns (relations + evidence, seconds,
    transactions retried); articles and entities are created first, outside the clock."""
    prepared = list(loader.batches((article_rows(e) for e in extractions), batch_size))
    for part in prepared:
        driver.execute_query(
            "UNWIND $rows AS row MERGE (:Article {id: row})",
            {"rows": [item.article_id for item in part]},
        )
        driver.execute_query(
            "UNWIND $rows AS row MERGE (:Entity {id: row})",
            {"rows": sorted({r["id"] for i in part for v in i.entities.values() for r in v})},
        )
    work = []
    for part in prepared:
        edges = loader._distinct_statements(part)
        work.append(([r for item in part for r in item.evidence], edges))
    # Counted as the loader's figure counts them: each article's relations and evidence.
    written = sum(
        sum(len(v) for v in item.relations.values()) + len(item.evidence)
        for part in prepared
        for item in part
    )
    attempts = [0] * writers

    def write(tx, evidence: list, edges: dict[str, list], writer: int) -> None:
        attempts[writer] += 1
        tx.run(FLOOR_EVIDENCE, {"rows": evidence}).consume()
        for rel_type, rows in edges.items():
            tx.run(floor_edges(rel_type), {"rows": rows}).consume()

    def write_share(writer: int) -> None:
        with driver.session() as session:
            for evidence, edges in work[writer::writers]:
                session.execute_write(write, evidence, edges, writer)

    # Concurrent writers deadlock on the entity nodes their edges share; the driver retries
    # those transactions (counted), and its warning for each retry is not wanted here.
    neo4j_log = logging.getLogger("neo4j")
    level = neo4j_log.level
    neo4j_log.setLevel(logging.ERROR)
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(writers) as pool:
            list(pool.map(write_share, range(writers)))
    finally:
        neo4j_log.setLevel(level)
    return written, time.perf_counter() - start, sum(attempts) - len(work)


def bulk_vs_transactional(
    items: list[Extraction], data: Timed, loader_rate: float, home: str, jars: str
) -> str:
    """Write `items` as import CSVs and import them into a new database under `home`; the
    rate counts the same relations + evidence as the loader's figure, over both steps."""
    with tempfile.TemporaryDirectory() as out:
        shutil.rmtree(home, ignore_errors=True)
        bulk = bulk_import.write_import_files(items, out)
        import_s = bulk_import.run_import(bulk, home, jars=jars, overwrite_destination=True)
        csv_s = bulk.stats.seconds
    shutil.rmtree(home, ignore_errors=True)
    total = csv_s + import_s
    n = data.relations + data.evidence
    return (
        f"bulk    : {n} relations + evidence as CSVs in {csv_s:.2f} s, neo4j-admin import "
        f"{import_s:.2f} s (JVM start included) = {n / total:,.0f} per s; "
        f"{n / total / loader_rate:.1f}x the transactional loader (target >= 10x); "
        f"{sum(bulk.stats.relationships.values())} relationships, "
        f"{sum(v for k, v in bulk.stats.nodes.items() if k != 'Entity')} nodes"
    )


def wipe(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def counts(driver) -> tuple[int, int]:
    nodes = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    rels = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return nodes, rels


def cpu_seconds_of(pid: int | None) -> float:
    """User + system CPU seconds a local process has used (Linux /proc); 0 without a pid."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--uri", default=os.environ.get("BIOKG_TEST_NEO4J_URI", "bolt://127.0.0.1:7687")
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--entities", type=int, default=10000)
    parser.add_argument("--relations", type=int, default=40000)
    parser.add_argument(
        "--naive-articles", type=int, default=100, help="subset for the naive writer"
    )
    parser.add_argument("--batch-size", type=int, default=5000, help="rows per transaction")
    parser.add_argument(
        "--memory-articles",
        type=int,
        default=500,
        help="small run of the memory check (x4 for the large one)",
    )
    parser.add_argument("--wipe", action="store_true", help="empty the target database first")
    parser.add_argument(
        "--warmup", type=int, default=2, help="warm-up loads before measuring (0: measure cold)"
    )
    parser.add_argument("--warmup-articles", type=int, default=1000)
    parser.add_argument("--no-embedded", action="store_true")
    parser.add_argument(
        "--server-pid",
        type=int,
        default=None,
        help="the Neo4j JVM's pid on this machine: print the cores it used during the floors",
    )
    parser.add_argument(
        "--bulk-home",
        default=None,
        help="also time the bulk import of the same articles into a new Neo4j home here "
        "(emptied first)",
    )
    parser.add_argument(
        "--neo4j-jars",
        default=os.path.join(
            os.path.dirname(__file__), "..", "tools", "neo4j-test-server", "target", "lib"
        ),
        help="the Neo4j jars the import tool runs from",
    )
    parser.add_argument(
        "--compare-foreground",
        action="store_true",
        help="also time the batched load without the background writer thread",
    )
    args = parser.parse_args()
    shape = dict(articles=args.articles, entities=args.entities, relations=args.relations)
    per_article = args.relations / args.articles

    driver = GraphDatabase.driver(args.uri, auth=None)
    if counts(driver)[0] and not args.wipe:
        raise SystemExit(f"{args.uri} is not empty; pass --wipe to empty it (test servers only)")
    print(
        f"# biokg load benchmark on {args.uri}; synthetic shape {shape}, "
        f"batch {args.batch_size} rows"
    )

    # 0. warm-up: a freshly started JVM spends the first loads compiling Neo4j's code and
    # planning the loader's statements (on this 2-core machine the first 2000-article load took
    # 3-5x the server CPU of the third). A production server is long-running, so both writers are
    # measured warm; the warm-up loads are timed and printed, not hidden.
    for n in range(args.warmup):
        wipe(driver)
        warm = Timed(
            synthetic_extractions(
                args.warmup_articles,
                args.entities,
                int(per_article * args.warmup_articles),
                seed=100 + n,
            )
        )
        warm_items = list(warm)
        with Neo4jStore(args.uri, batch_size=args.batch_size) as store:
            store.init_schema()
            start = time.perf_counter()
            store.load(warm_items)
            warm_s = time.perf_counter() - start
        wipe(driver)
        floor_n, floor_s, _ = floor_load(driver, warm_items, args.batch_size)
        naive_warm = Timed(synthetic_extractions(10, args.entities, int(per_article * 10), seed=n))
        start = time.perf_counter()
        naive_load(driver, naive_warm)
        naive_warm_s = time.perf_counter() - start - naive_warm.seconds
        print(
            f"warm-up : {n + 1}/{args.warmup}: batched {args.warmup_articles} articles "
            f"{(warm.relations + warm.evidence) / warm_s:,.0f} relations+evidence per s, floor "
            f"{floor_n / floor_s:,.0f}, naive "
            f"{naive_warm.rows / naive_warm_s:,.0f} rows/s (not counted)"
        )

    # 0b. what this server does with the simplest batched statements (context for the rest)
    wipe(driver)
    driver.execute_query(
        "CREATE CONSTRAINT bench_x IF NOT EXISTS FOR (n:BenchX) REQUIRE n.id IS UNIQUE"
    )
    rows = [{"id": i, "to": (i * 7919) % 20000} for i in range(20000)]
    node_rates, rel_rates = [], []
    for _ in range(3):  # a fresh server is slow until its JIT warms up: the median of three
        driver.execute_query("MATCH (n:BenchX) DETACH DELETE n")
        start = time.perf_counter()
        driver.execute_query("UNWIND $rows AS row MERGE (n:BenchX {id: row.id})", {"rows": rows})
        node_rates.append(len(rows) / (time.perf_counter() - start))
        start = time.perf_counter()
        driver.execute_query(
            "UNWIND $rows AS row MATCH (a:BenchX {id: row.id}) MATCH (b:BenchX {id: row.to}) "
            "MERGE (a)-[:BENCH]->(b)",
            {"rows": rows},
        )
        rel_rates.append(len(rows) / (time.perf_counter() - start))
    node_rate, rel_rate = statistics.median(node_rates), statistics.median(rel_rates)
    driver.execute_query("MATCH (n:BenchX) DETACH DELETE n")
    driver.execute_query("DROP CONSTRAINT bench_x")
    print(
        f"server  : plain UNWIND MERGE of 20k nodes {node_rate:,.0f}/s, 20k relationships "
        f"{rel_rate:,.0f}/s (median of 3); load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )

    # 1. naive writer on a subset
    wipe(driver)
    Neo4jStore(args.uri).init_schema()
    subset = Timed(
        synthetic_extractions(
            args.naive_articles, args.entities, int(per_article * args.naive_articles), seed=1
        )
    )
    start = time.perf_counter()
    naive_rows = naive_load(driver, subset)
    naive_s = time.perf_counter() - start - subset.seconds
    naive_rate = naive_rows / naive_s
    print(
        f"naive   : {naive_rows:>8} rows in {naive_s:7.2f} s = {naive_rate:>9,.0f} rows/s  "
        f"({args.naive_articles} articles)"
    )

    # 2. batched loader, full size
    wipe(driver)
    data = Timed(synthetic_extractions(**shape))
    items = list(data)  # made before the clock starts: the loader builds the next batch's rows
    # while the server writes the current one, so nothing it overlaps may be subtracted
    if args.compare_foreground:
        with Neo4jStore(args.uri, batch_size=args.batch_size, write_in_background=False) as store:
            store.init_schema()
            start = time.perf_counter()
            store.load(items)
            foreground_s = time.perf_counter() - start
        wipe(driver)
    clock = StatementClock()
    with Neo4jStore(args.uri, batch_size=args.batch_size) as store:
        store.init_schema()
        clock.attach(store)
        start = time.perf_counter()
        stats = store.load(items)
        batched_s = time.perf_counter() - start
    nodes, rels = counts(driver)
    batched_rate = data.rows / batched_s
    print(
        f"batched : {data.rows:>8} rows in {batched_s:7.2f} s = {batched_rate:>9,.0f} rows/s  "
        f"({stats.articles_loaded} articles, {stats.batches} transactions, "
        f"{len(stats.failures)} failures)"
    )
    print(f"ratio   : batched / naive = {batched_rate / naive_rate:,.1f}x  (target >= 20x)")
    print(
        f"rels    : {data.relations} relations + {data.evidence} evidence = "
        f"{(data.relations + data.evidence) / batched_s:,.0f} per s (target >= 30k); "
        f"all {rels} relationships written = {rels / batched_s:,.0f} per s; graph {nodes} nodes"
    )
    print(f"split   : {clock.split(batched_s)} (the writer thread's time)")
    loader_rate = (data.relations + data.evidence) / batched_s
    if args.compare_foreground:
        print(
            f"threads : the same load written in the caller's thread: "
            f"{(data.relations + data.evidence) / foreground_s:,.0f} relations+evidence per s; "
            f"background writer {foreground_s / batched_s:.2f}x"
        )
    print(
        f"generate: {data.seconds:.1f} s making the synthetic extractions (excluded above); "
        f"load average now {os.getloadavg()[0]:.1f}"
    )

    # 2b. bulk import of the same articles: CSVs written once, then the offline importer
    if args.bulk_home:
        print(bulk_vs_transactional(items, data, loader_rate, args.bulk_home, args.neo4j_jars))

    # 3. re-load: everything unchanged
    with Neo4jStore(args.uri, batch_size=args.batch_size) as store:
        start = time.perf_counter()
        stats = store.load(items)
        reload_s = time.perf_counter() - start
    assert counts(driver) == (nodes, rels)
    print(
        f"reload  : {stats.articles_unchanged} unchanged articles in {reload_s:.2f} s; "
        "counts identical"
    )

    # 3b. the floor: the same articles' evidence and statement edges, nothing else; then the same
    # from two sessions at once: what a parallel writer could reach here
    floors = {}
    for writers in (1, 2):
        wipe(driver)
        cpu0 = cpu_seconds_of(args.server_pid)
        n, seconds, retried = floor_load(driver, items, args.batch_size, writers)
        cores = (cpu_seconds_of(args.server_pid) - cpu0) / seconds
        floors[writers] = seconds
        server = f"; server used {cores:.2f} cores" if args.server_pid else ""
        if writers == 1:
            print(
                f"floor   : bare CREATE evidence + FROM and MERGE edge, same batches: {n} in "
                f"{seconds:.2f} s = {n / seconds:,.0f} relations+evidence per s; the loader "
                f"reaches {loader_rate / (n / seconds):.0%} of it{server}"
            )
        else:
            print(
                f"floor x2: the same from two writer sessions at once: {n / seconds:,.0f} "
                f"relations+evidence per s ({seconds:.2f} s, {retried} transactions retried "
                f"after a deadlock), {floors[1] / seconds:.2f}x one session{server}"
            )

    # 4. embedded store
    if not args.no_embedded:
        with (
            tempfile.TemporaryDirectory() as tmp,
            EmbeddedStore(tmp, batch_size=args.batch_size) as store,
        ):
            start = time.perf_counter()
            stats = store.load(items)
            emb_s = time.perf_counter() - start
        print(
            f"embedded: {data.rows:>8} rows in {emb_s:7.2f} s = {data.rows / emb_s:>9,.0f} rows/s; "
            f"{(data.relations + data.evidence) / emb_s:,.0f} relations+evidence per s "
            "(kglite, WAL on)"
        )

    # 5. memory: the loader streams, so its peak does not grow with the number of articles
    for n in (args.memory_articles, 4 * args.memory_articles):
        wipe(driver)
        stream = synthetic_extractions(n, args.entities, int(per_article * n), seed=3)
        with Neo4jStore(args.uri, batch_size=args.batch_size) as store:
            store.init_schema()
            tracemalloc.start()
            store.load(stream)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        print(
            f"memory  : {n:>6} articles streamed -> loader peak {peak / 2**20:6.1f} MiB "
            f"(tracemalloc); RSS now {rss_mb():.0f} MB"
        )
    wipe(driver)
    driver.close()


if __name__ == "__main__":
    main()
