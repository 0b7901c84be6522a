"""End to end: `biokg run` on N abstract files as a user runs it, then the same run again.

    python bench/e2e.py [--docs 1000] [--processes auto 1 2] [--neo4j-scratch bolt://127.0.0.1:7688]
                        [--workers 1 2]

Writes N BC5CDR abstracts (`../shared/corpora/bc5cdr`) as `.txt` files, then for each setting of
BIOKG_NLP_PROCESSES times, each in a new process with everything else at its default:

- `biokg run FOLDER --no-links` into a new embedded store (start-up included): abstracts/s;
- the same command again: every document is unchanged and skips extraction; the ratio of the
  two is what a re-run saves;
- with `--neo4j-scratch URI`, the first run into that Neo4j, which is EMPTIED first (a test
  server, never a graph you keep).

`--workers 1 2` times `biokg run --workers N` (a local Dask cluster of N worker processes,
start-up included) for each N, and its scaling.

Then the stage split, in this process: start-up (a new process that only loads the pipeline),
ingest (reading the files), NLP alone (`Extractor.pipe`), load alone (the extractions into a new
embedded store), and the end-to-end rate as a share of the NLP-only rate. The machine is shared:
compare ratios within one run. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write_abstracts(shared: Path, n: int, folder: Path) -> int:
    from biokg.nlp.evaluation import read_pubtator

    corpus = shared / "corpora" / "bc5cdr"
    docs = []
    for name in ("CDR_TrainingSet", "CDR_DevelopmentSet", "CDR_TestSet"):
        docs += read_pubtator(corpus / f"{name}.PubTator.txt")
        if len(docs) >= n:
            break
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs[:n]:
        (folder / f"{doc['pmid']}.txt").write_text(
            f"Title: {doc['title']}\n\n{doc['abstract']}\n", encoding="utf-8"
        )
    return min(n, len(docs))


def timed_run(folder: Path, env: dict[str, str], *extra: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        ["biokg", "run", str(folder), "--no-links", *extra],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 2):
        sys.exit(f"biokg run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    summary = re.search(r"Loaded \d+ documents \([^)]*\)", done.stdout)
    return elapsed, summary.group(0) if summary else done.stdout.strip()[:120]


def graph_digest(env: dict[str, str], out: Path) -> str:
    """A hash of the whole graph as `biokg export --format json` writes it."""
    import hashlib

    subprocess.run(
        ["biokg", "export", "--format", "json", "--out", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    return hashlib.sha256(out.read_bytes()).hexdigest()[:16]


def wipe(uri: str) -> None:
    from neo4j import GraphDatabase

    # CALL { } IN TRANSACTIONS runs only in an implicit (auto-commit) transaction: session.run.
    with GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()


def stage_split(folder: Path, n: int, processes: str, root: Path) -> None:
    from biokg.graph.embedded_store import EmbeddedStore
    from biokg.ingest import iter_documents
    from biokg.nlp import Extractor

    from biokg.config import Settings, load_settings
    from biokg.model import Document

    os.environ["BIOKG_NLP_PROCESSES"] = processes
    settings = load_settings()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from biokg.nlp import Extractor; Extractor.from_settings().nlp"],
        check=True,
    )
    startup = time.perf_counter() - start

    start = time.perf_counter()
    documents = [d for d in iter_documents([str(folder)], settings) if isinstance(d, Document)]
    ingest = time.perf_counter() - start

    extractor = Extractor.from_settings(Settings(nlp_processes=settings.nlp_processes))
    extractor.nlp  # noqa: B018 - built here, outside the NLP time (start-up is timed above)
    start = time.perf_counter()
    extractions = [x for x in extractor.pipe(documents) if not hasattr(x, "stage")]
    nlp = time.perf_counter() - start

    start = time.perf_counter()
    with EmbeddedStore(root / f"split-{processes}") as store:
        store.load(extractions)
    load = time.perf_counter() - start
    print(
        f"  stages (processes={processes}, {extractor.n_process} used): start-up {startup:.1f}s, "
        f"ingest {ingest:.1f}s ({n / ingest:.0f}/s), NLP {nlp:.1f}s ({n / nlp:.1f}/s), "
        f"load {load:.1f}s ({n / load:.0f}/s)"
    )
    return n / nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--processes", nargs="*", default=["auto"])
    ap.add_argument("--neo4j-scratch", metavar="URI", help="also run into this Neo4j (emptied)")
    ap.add_argument("--no-split", action="store_true", help="skip the stage split")
    ap.add_argument(
        "--workers",
        nargs="*",
        type=int,
        default=[],
        help="also time `biokg run --workers N` (a local Dask cluster) for each N",
    )
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="biokg-e2e-") as tmp:
        root = Path(tmp)
        folder = root / "abstracts"
        n = write_abstracts(args.shared, args.docs, folder)
        print(f"{n} BC5CDR abstracts as .txt files; load average {os.getloadavg()}")
        for processes in args.processes:
            env = {
                **os.environ,
                "BIOKG_STORE_PATH": str(root / f"graph-{processes}"),
                "BIOKG_CACHE_DIR": str(root / "cache"),
                "BIOKG_NLP_PROCESSES": processes,
            }
            env.pop("BIOKG_NEO4J_URI", None)
            first, summary = timed_run(folder, env)
            print(f"BIOKG_NLP_PROCESSES={processes}")
            print(f"  embedded, first run: {first:.1f}s = {n / first:.1f} abstracts/s  [{summary}]")
            before = graph_digest(env, root / "before.json")
            again, summary = timed_run(folder, env)
            same = graph_digest(env, root / "after.json") == before
            print(
                f"  embedded, re-run:    {again:.1f}s = {n / again:.1f} abstracts/s  [{summary}]"
                f"  -> {first / again:.1f}x faster than the first run; graph "
                + ("identical" if same else "CHANGED")
            )
            if args.neo4j_scratch:
                wipe(args.neo4j_scratch)
                first_neo, summary = timed_run(
                    folder, {**env, "BIOKG_NEO4J_URI": args.neo4j_scratch}
                )
                print(
                    f"  Neo4j, first run:    {first_neo:.1f}s = {n / first_neo:.1f} abstracts/s"
                    f"  [{summary}]"
                )
            if not args.no_split:
                nlp_rate = stage_split(folder, n, processes, root)
                print(f"  end to end (embedded) = {n / first / nlp_rate:.0%} of the NLP-only rate")
        base = None
        for workers in args.workers:
            env = {
                **os.environ,
                "BIOKG_STORE_PATH": str(root / f"graph-dask-{workers}"),
                "BIOKG_CACHE_DIR": str(root / "cache"),
            }
            env.pop("BIOKG_NEO4J_URI", None)
            took, summary = timed_run(folder, env, "--workers", str(workers))
            base = base or took
            print(
                f"--workers {workers} (local Dask cluster): {took:.1f}s = {n / took:.1f} "
                f"abstracts/s, {base / took:.2f}x the first  [{summary}]"
            )


if __name__ == "__main__":
    main()
