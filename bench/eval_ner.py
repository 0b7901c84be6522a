"""Evaluate biokg's trained NER models: strict span+type P/R/F1, throughput, load time, size.

Usage:
    python bench/eval_ner.py [--models-dir nlp/models] [--corpora ../shared/corpora]
    python bench/eval_ner.py --compare nlp/models/biored /tmp/candidate/biored ...

Prints, per model and corpus split, precision/recall/F1 per type (an entity counts only with
its exact character span and type), next to published baselines; then words/s on one core
(one thread, `nlp.pipe`, thinc's matrix products on numpy's BLAS as in biokg's pipeline), load
time in a fresh interpreter, and the size on disk. Test splits are only read here, never by
training or checkpoint selection.

`--compare` sets BioRED-type models side by side instead: BioRED dev P/R/F1 per type (all 100
docs), DISEASE F1 on NCBI-disease test (a corpus none of them trained on), words per CPU-second
of the `ner` component alone (tokenised beforehand; the rounds interleave the models so a busy
machine slows them alike) and size on disk.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # "per core" figures: pin BLAS to one thread

import argparse  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from biokg.nlp.blas import use_numpy_blas  # noqa: E402
from biokg.nlp.training.biluo_tagger import entity_labels  # noqa: E402
from biokg.nlp.training.corpus import AnnotatedText  # noqa: E402
from biokg.nlp.training.evaluate import score  # noqa: E402
from biokg.nlp.training.iob import read_iob  # noqa: E402
from biokg.nlp.training.pubtator import read_pubtator  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

# Published figures this evaluation is set against (strict mention-level F1 on the test split).
BASELINES = {
    "bc5cdr_test": "scispacy en_ner_bc5cdr_md: 84.28 F1 (chemical+disease, scispacy model table); "
    "BioBERT v1.1 (Lee et al. 2020, per-type models): chemical 93.47, disease 87.15",
    "ncbi_test": "BioBERT v1.1 (Lee et al. 2020), trained on NCBI-disease: 89.71 F1; "
    "our model is trained on BC5CDR only, so this is a cross-corpus figure",
    "biored_dev": "BioRED paper (Luo et al. 2022) reports transformer (PubMedBERT/BioBERT) NER "
    "baselines on the held-out TEST split (see its NER table); dev figures here are not directly "
    "comparable",
    "bc2gm_test": "BioBERT v1.1 (Lee et al. 2020) on BC2GM: 84.72 F1 (BioBERT used the MTL "
    "IOB copies, though its BC2GM scoring may differ from this strict one)",
}


def _overlap_pmids(corpora: Path) -> set[str]:
    """PMIDs of BC5CDR and NCBI-disease (all splits): BioRED reused some of their abstracts."""
    files = [
        "bc5cdr/CDR_TrainingSet.PubTator.txt",
        "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
        "bc5cdr/CDR_TestSet.PubTator.txt",
        "ncbi_disease/NCBItrainset_corpus.txt",
        "ncbi_disease/NCBIdevelopset_corpus.txt",
        "ncbi_disease/NCBItestset_corpus.txt",
    ]
    return {doc.doc_id for name in files for doc in read_pubtator(corpora / name)}


def _report(title: str, nlp, items: list[AnnotatedText], corpus: str, labels, baseline: str):
    scores = score(nlp, items, corpus, labels)
    print(f"\n## {title}  ({scores.docs} docs)")
    print(scores.table())
    if baseline:
        print(f"  published: {baseline}")
    return scores


def _throughput(nlp, texts: list[str], repeats: int = 2) -> tuple[float, float]:
    """Words per wall-clock second and per CPU second (one thread: CPU time = one core's time,
    so the second figure does not depend on how busy the shared machine is)."""
    use_numpy_blas(nlp)
    list(nlp.pipe(texts[:20]))  # warm-up
    words = sum(len(t.split()) for t in texts) * repeats
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
    return words / (time.perf_counter() - wall), words / (time.process_time() - cpu)


def _ner_words_per_cpu_second(nlp, texts: list[str]) -> float:
    """Words per CPU-second of `nlp`'s `ner` component alone, on pre-tokenised docs."""
    ner = nlp.get_pipe("ner")
    docs = [nlp.make_doc(t) for t in texts]
    words = sum(len(t.split()) for t in texts)
    cpu = time.process_time()
    for _doc in ner.pipe(docs, batch_size=64):
        pass
    return words / (time.process_time() - cpu)


def compare(paths: list[Path], corpora: Path, rounds: int) -> None:
    """BioRED dev scores per type, `ner`-only speed and size of each model in `paths`."""
    biored_dev = list(read_pubtator(corpora / "biored/Dev.PubTator"))
    ncbi_test = list(read_pubtator(corpora / "ncbi_disease/NCBItestset_corpus.txt"))
    texts = [d.text for d in read_pubtator(corpora / "bc5cdr/CDR_TestSet.PubTator.txt")]
    models = []
    for path in paths:  # a path named twice is loaded twice: a check of the speed noise
        nlp = spacy.load(path)
        use_numpy_blas(nlp)
        models.append(nlp)
    scores, ncbi = [], []
    for path, nlp in zip(paths, models, strict=True):
        scores.append(score(nlp, biored_dev, "biored", entity_labels(nlp.get_pipe("ner"))))
        print(f"\n## {path} / BioRED dev, all {scores[-1].docs} docs")
        print(scores[-1].table())
        ncbi.append(score(nlp, ncbi_test, "ncbi_disease", {"DISEASE"}).prf()[2])
    for nlp in models:
        _ner_words_per_cpu_second(nlp, texts[:50])  # warm-up
    speeds: list[list[float]] = [[] for _ in paths]
    for _ in range(rounds):
        for runs, nlp in zip(speeds, models, strict=True):
            runs.append(_ner_words_per_cpu_second(nlp, texts))
    print(f"\n## summary: ner words per CPU-second on {len(texts)} BC5CDR test abstracts")
    print(f"## (one thread, numpy BLAS; median of {rounds} interleaved rounds [min-max])")
    labels = sorted({label for s in scores for label in s.labels})
    header = [*labels, "ALL", "NCBI DIS", "ner w/s", "MB"]
    print("  " + " ".join(f"{x:>9}" for x in header) + "  model")
    base = None
    for path, result, ncbi_f1, runs in zip(paths, scores, ncbi, speeds, strict=True):
        runs = sorted(runs)
        median = runs[len(runs) // 2]
        base = base or median
        cells = [f"{result.prf(label)[2]:9.2f}" for label in [*labels, None]]
        cells += [f"{ncbi_f1:9.2f}", f"{median:9.0f}", f"{_size_mb(path):9.1f}"]
        print(
            "  " + " ".join(cells) + f"  {path}  [{runs[0]:.0f}-{runs[-1]:.0f}, "
            f"{median / base:.2f}x the first]"
        )


def _load_time(path: Path) -> tuple[float, float]:
    code = (
        "import time; t0 = time.perf_counter(); import spacy; t1 = time.perf_counter(); "
        f"spacy.load({str(path)!r}); t2 = time.perf_counter(); print(t2 - t1, t2 - t0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    load, total = (float(x) for x in out.stdout.split())
    return load, total


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models-dir", type=Path, default=REPO / "nlp" / "models")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--no-speed", action="store_true", help="skip throughput and load time")
    parser.add_argument(
        "--compare", type=Path, nargs="+", help="BioRED-type model folders to set side by side"
    )
    parser.add_argument("--rounds", type=int, default=3, help="speed rounds for --compare")
    args = parser.parse_args()
    corpora, models = args.corpora, args.models_dir
    if args.compare:
        compare(args.compare, corpora, args.rounds)
        return

    def load(name: str):
        path = models / name
        if not (path / "config.cfg").exists():
            print(f"\n(model {name} not built at {path})")
            return None
        return spacy.load(path)

    bc5_test = list(read_pubtator(corpora / "bc5cdr/CDR_TestSet.PubTator.txt"))
    ncbi_test = list(read_pubtator(corpora / "ncbi_disease/NCBItestset_corpus.txt"))
    biored_dev = list(read_pubtator(corpora / "biored/Dev.PubTator"))
    overlap = _overlap_pmids(corpora)
    biored_indep = [d for d in biored_dev if d.doc_id not in overlap]
    print(f"# biokg NER evaluation (strict span + type); models in {models}")
    print(
        f"BioRED dev: {len(biored_dev)} docs, {len(biored_dev) - len(biored_indep)} share a PMID "
        "with BC5CDR or NCBI-disease"
    )

    if nlp := load("bc5cdr"):
        _report(
            "bc5cdr model / BC5CDR test",
            nlp,
            bc5_test,
            "bc5cdr",
            {"DRUG", "DISEASE"},
            BASELINES["bc5cdr_test"],
        )
        _report(
            "bc5cdr model / NCBI-disease test (DISEASE)",
            nlp,
            ncbi_test,
            "ncbi_disease",
            {"DISEASE"},
            BASELINES["ncbi_test"],
        )
        for title, docs in (("all", biored_dev), ("without BC5CDR/NCBI PMIDs", biored_indep)):
            _report(
                f"bc5cdr model / BioRED dev, {title}", nlp, docs, "biored", {"DRUG", "DISEASE"}, ""
            )
        # The same component sourced into a pipeline with spaCy's stock English tokenizer (what
        # en_core_web_sm uses), consistency rules included: the price of not adopting the
        # model's finer tokenizer rules.
        host = spacy.blank("en")
        host.add_pipe("ner", source=nlp)
        host.add_pipe("biokg_ner_consistency")
        _report(
            "bc5cdr ner on spaCy's stock English tokenizer / BC5CDR test",
            host,
            bc5_test,
            "bc5cdr",
            {"DRUG", "DISEASE"},
            "",
        )
    if nlp := load("genes"):
        bc2gm_test = list(read_iob(corpora / "BC2GM-IOB/test.tsv"))
        _report(
            "genes model / BC2GM test", nlp, bc2gm_test, "bc2gm", {"GENE"}, BASELINES["bc2gm_test"]
        )
        for title, docs in (("all", biored_dev), ("without BC5CDR/NCBI PMIDs", biored_indep)):
            _report(f"genes model / BioRED dev, {title}", nlp, docs, "biored", {"GENE"}, "")
    if nlp := load("biored"):
        labels = entity_labels(nlp.get_pipe("ner"))
        for title, docs in (("all", biored_dev), ("without BC5CDR/NCBI PMIDs", biored_indep)):
            _report(
                f"biored model / BioRED dev, {title}",
                nlp,
                docs,
                "biored",
                labels,
                BASELINES["biored_dev"] if title == "all" else "",
            )
        _report(
            "biored model / NCBI-disease test (DISEASE)",
            nlp,
            ncbi_test,
            "ncbi_disease",
            {"DISEASE"},
            "",
        )

    print("\n## speed and size (one thread; words = whitespace-separated words)")
    texts = [d.text for d in bc5_test]
    total_mb = 0.0
    for name in ("bc5cdr", "genes", "biored"):
        path = models / name
        if not (path / "config.cfg").exists():
            continue
        size = _size_mb(path)
        total_mb += size
        if args.no_speed:
            print(f"  {name:<8} size {size:6.1f} MB")
            continue
        wall_wps, cpu_wps = _throughput(spacy.load(path), texts)
        load_s, total_s = _load_time(path)
        print(
            f"  {name:<8} {cpu_wps:8.0f} words per CPU-second ({wall_wps:.0f} words/s wall) on "
            f"BC5CDR test abstracts; load {load_s:.2f} s (+import spacy: {total_s:.2f} s); "
            f"size {size:5.1f} MB"
        )
    print(f"  all models: {total_mb:.1f} MB")


if __name__ == "__main__":
    main()
