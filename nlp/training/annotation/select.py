"""Which corpus abstracts the annotation corpus takes, chosen to cover every predicate.

    python -m biokg.nlp.training.annotation.select [--corpora ../shared/corpora]

writes `nlp/training/corpus/batches/*.txt` (one document id per line). Deterministic (fixed
seed, corpus order), so the batches can be rebuilt and checked:

- EBM-NLP trial abstracts (TREATS, HAS_OUTCOME with numbers, TRIAL, adverse events as
  outcomes): cancer and haematology trials first, then other drug trials that report numbers;
- BioRED train abstracts with chemical-gene relations (TARGETS, RESISTANT_TO) or gene-disease
  relations that speak of expression or resistance (EXPRESSED_IN, ASSOCIATED_WITH);
- BC5CDR train/development abstracts with chemical-induced-disease relations (negatives for
  TREATS), leaving out any PMID that BioRED also has (its dev split is an evaluation set).

Batches interleave the sources; the double-annotated sample (`double.txt`) is drawn from all
three and appears in two batches, each time for a different annotator.

`--round 2` writes batches `b*` and `double2.txt`: the next documents of the same shuffled pools
(none of round 1's), with trial abstracts that report adverse events or a comparator arm and
molecular abstracts that speak of expression or association first, because outcomes without a
rate, adverse events, EXPRESSED_IN and ASSOCIATED_WITH are what the trained model misses most.
`--round 3` writes `c*` and `double3.txt`: the rest of the BioRED and BC5CDR pools after round 2,
and trial abstracts of a wider pool (one reported result is enough, and a placebo-controlled trial
counts as a drug trial), none of an earlier round's.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

from biokg.nlp.training.annotation.texts import CORPUS_DIR, DEFAULT_CORPORA, iter_ids, load_text

BATCH_DIR = CORPUS_DIR / "batches"
SEED = 15
N_EBM, N_BIORED, N_BC5CDR = 230, 130, 90
N_DOUBLE = 54
N_BATCHES = 9
# Later rounds: (EBM-NLP, BioRED, BC5CDR) documents, doubles, batches.
ROUND2 = (80, 70, 26)
N_DOUBLE2 = 16
N_BATCHES2 = 8
ROUND3 = (130, 100, 60)
N_DOUBLE3 = 24
N_BATCHES3 = 8

_ONCOLOGY = re.compile(
    r"\b(?:cancer|carcinoma|lymphoma|leuk(?:a)?emia|myeloma|tumou?r|melanoma|sarcoma|glioma|"
    r"neoplasm|metasta\w+|chemotherapy|blastoma)\b",
    re.IGNORECASE,
)
_DRUGLIKE = re.compile(r"\b\w+(?:mab|nib|cel|parib|lisib|ciclib|platin|taxel|rubicin|stat|"
                       r"mycin|cillin|vir|tide|zumab|ximab)\b", re.IGNORECASE)  # fmt: skip
_RESULT = re.compile(r"\d+(?:\.\d+)?\s?%|\bmedian\b|\bhazard ratio\b|\bHR\b", re.IGNORECASE)
_MOLECULAR = re.compile(r"\b(?:resistan\w*|express\w*|inhibit\w*|target\w*|mutation\w*)\b",
                        re.IGNORECASE)  # fmt: skip
_ROUND2_TRIAL = re.compile(r"\b(?:adverse|toxicit\w*|side effects?|grade [34]|versus|vs\.?|"
                           r"compared with|placebo)\b", re.IGNORECASE)  # fmt: skip
_ROUND2_MOLECULAR = re.compile(r"\b(?:express\w*|associat\w*|overexpress\w*|up-?regulat\w*|"
                               r"down-?regulat\w*)\b", re.IGNORECASE)  # fmt: skip


def _ebm(corpora: Path, rng: random.Random) -> tuple[list[str], list[str]]:
    """Round 1's trial abstracts, and the rest of the shuffled pool in order."""
    oncology, other = [], []
    for doc_id in iter_ids("ebm", corpora):
        text = load_text(doc_id, corpora).text
        if len(_RESULT.findall(text)) < 2:
            continue
        if _ONCOLOGY.search(text):
            oncology.append(doc_id)
        elif _DRUGLIKE.search(text):
            other.append(doc_id)
    rng.shuffle(oncology)
    rng.shuffle(other)
    n_onc = min(len(oncology), N_EBM * 2 // 3)
    n_other = N_EBM - n_onc
    return oncology[:n_onc] + other[:n_other], oncology[n_onc:] + other[n_other:]


def _pubtator_relations(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    rels: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    types: dict[tuple[str, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 6 and cols[1].isdigit():
            for concept in cols[5].split(","):
                types[(cols[0], concept)] = cols[4]
        elif len(cols) >= 4 and not cols[1].isdigit() and "|" not in cols[0]:
            rels[cols[0]].append((cols[1], cols[2], cols[3]))
    return {
        pmid: [(kind, types.get((pmid, a), "?"), types.get((pmid, b), "?")) for kind, a, b in rs]
        for pmid, rs in rels.items()
    }


def _biored(corpora: Path, rng: random.Random) -> tuple[list[str], list[str]]:
    rels = _pubtator_relations(corpora / "biored/Train.PubTator")
    chem_gene, molecular = [], []
    for doc_id in iter_ids("biored", corpora):
        pmid = doc_id.split(":")[1]
        kinds = {frozenset((a, b)) for _kind, a, b in rels.get(pmid, [])}
        if frozenset(("ChemicalEntity", "GeneOrGeneProduct")) in kinds:
            chem_gene.append(doc_id)
        elif _MOLECULAR.search(load_text(doc_id, corpora).text):
            molecular.append(doc_id)
    rng.shuffle(chem_gene)
    rng.shuffle(molecular)
    n_cg = min(len(chem_gene), N_BIORED * 2 // 3)
    n_mol = N_BIORED - n_cg
    return chem_gene[:n_cg] + molecular[:n_mol], molecular[n_mol:] + chem_gene[n_cg:]


def _bc5cdr(corpora: Path, rng: random.Random) -> tuple[list[str], list[str]]:
    biored_pmids = set()
    for name in ("biored/Train.PubTator", "biored/Dev.PubTator"):
        for line in (corpora / name).read_text(encoding="utf-8").splitlines():
            if "|t|" in line[:30]:
                biored_pmids.add(line.split("|")[0])
    with_cid = set()
    for name in ("bc5cdr/CDR_TrainingSet.PubTator.txt", "bc5cdr/CDR_DevelopmentSet.PubTator.txt"):
        for line in (corpora / name).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 4 and cols[1] == "CID":
                with_cid.add(cols[0])
    candidates = [
        d for d in iter_ids("bc5cdr", corpora)
        if d.split(":")[1] in with_cid and d.split(":")[1] not in biored_pmids
    ]  # fmt: skip
    rng.shuffle(candidates)
    return candidates[:N_BC5CDR], candidates[N_BC5CDR:]


def _batches(
    pools: list[list[str]], prefix: str, n_batches: int, n_double: int
) -> dict[str, list[str]]:
    # Interleave so every batch sees every source.
    mixed: list[str] = []
    while any(pools):
        for pool in pools:
            total = sum(len(p) for p in pools)
            take = max(1, round(len(pool) / max(1, total) * 5))
            mixed += pool[:take]
            del pool[:take]
    double = mixed[:: max(1, len(mixed) // n_double)][:n_double]
    batches: dict[str, list[str]] = {f"{prefix}{k + 1:02d}": [] for k in range(n_batches)}
    names = list(batches)
    for index, doc_id in enumerate(mixed):
        batches[names[index % n_batches]].append(doc_id)
    # The doubles go, a second time, to the batch after their first one (another annotator).
    for doc_id in double:
        first = next(n for n in names if doc_id in batches[n])
        batches[names[(names.index(first) + 1) % n_batches]].append(doc_id)
    return batches | {{"a": "double", "b": "double2", "c": "double3"}[prefix]: double}


def _preferring(pool: list[str], pattern: re.Pattern[str], corpora: Path, n: int) -> list[str]:
    """The first n of pool, documents matching pattern first (each group in pool order)."""
    hits = [d for d in pool if pattern.search(load_text(d, corpora).text)]
    chosen = set(hits)
    return (hits + [d for d in pool if d not in chosen])[:n]


def _wider_ebm(corpora: Path, taken: set[str], rng: random.Random) -> list[str]:
    """Trial abstracts of drugs with at least one reported result, none of `taken`, shuffled."""
    pool = []
    for doc_id in iter_ids("ebm", corpora):
        if doc_id in taken:
            continue
        text = load_text(doc_id, corpora).text
        drug_trial = _ONCOLOGY.search(text) or _DRUGLIKE.search(text) or "placebo" in text.lower()
        if _RESULT.search(text) and drug_trial:
            pool.append(doc_id)
    rng.shuffle(pool)
    return pool


def select(corpora: Path, round_: int = 1) -> dict[str, list[str]]:
    """Batch name -> document ids."""
    rng = random.Random(SEED)
    (ebm, ebm_rest), (biored, biored_rest), (bc5cdr, bc5cdr_rest) = (
        _ebm(corpora, rng), _biored(corpora, rng), _bc5cdr(corpora, rng)
    )  # fmt: skip
    if round_ == 1:
        return _batches([ebm, biored, bc5cdr], "a", N_BATCHES, N_DOUBLE)
    n_ebm, n_biored, n_bc5cdr = ROUND2
    ebm2 = _preferring(ebm_rest, _ROUND2_TRIAL, corpora, n_ebm)
    biored2 = _preferring(biored_rest, _ROUND2_MOLECULAR, corpora, n_biored)
    bc5cdr2 = bc5cdr_rest[:n_bc5cdr]
    if round_ == 2:
        return _batches([ebm2, biored2, bc5cdr2], "b", N_BATCHES2, N_DOUBLE2)
    n_ebm, n_biored, n_bc5cdr = ROUND3
    ebm3 = _wider_ebm(corpora, set(ebm) | set(ebm2), random.Random(SEED + 3))[:n_ebm]
    biored3 = [d for d in biored_rest if d not in set(biored2)][:n_biored]
    bc5cdr3 = bc5cdr_rest[len(bc5cdr2) :][:n_bc5cdr]
    return _batches([ebm3, biored3, bc5cdr3], "c", N_BATCHES3, N_DOUBLE3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m biokg.nlp.training.annotation.select")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--round", dest="round_", type=int, choices=(1, 2, 3), default=1)
    args = parser.parse_args(argv)
    BATCH_DIR.mkdir(parents=True, exist_ok=True)
    for name, ids in select(args.corpora, args.round_).items():
        (BATCH_DIR / f"{name}.txt").write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")
        print(f"{name}: {len(ids)} documents")


if __name__ == "__main__":
    main()
