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


def _ebm(corpora: Path, rng: random.Random) -> list[str]:
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
    return oncology[:n_onc] + other[: N_EBM - n_onc]


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


def _biored(corpora: Path, rng: random.Random) -> list[str]:
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
    return chem_gene[:n_cg] + molecular[: N_BIORED - n_cg]


def _bc5cdr(corpora: Path, rng: random.Random) -> list[str]:
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
    return candidates[:N_BC5CDR]


def select(corpora: Path) -> dict[str, list[str]]:
    """Batch name -> document ids."""
    rng = random.Random(SEED)
    ebm, biored, bc5cdr = _ebm(corpora, rng), _biored(corpora, rng), _bc5cdr(corpora, rng)
    # Interleave so every batch sees every source.
    pools = [ebm, biored, bc5cdr]
    mixed: list[str] = []
    while any(pools):
        for pool in pools:
            take = max(1, round(len(pool) / max(1, len(ebm) + len(biored) + len(bc5cdr)) * 5))
            mixed += pool[:take]
            del pool[:take]
    double = mixed[:: max(1, len(mixed) // N_DOUBLE)][:N_DOUBLE]
    batches: dict[str, list[str]] = {f"a{k + 1:02d}": [] for k in range(N_BATCHES)}
    names = list(batches)
    for index, doc_id in enumerate(mixed):
        batches[names[index % N_BATCHES]].append(doc_id)
    # The doubles go, a second time, to the batch after their first one (another annotator).
    for doc_id in double:
        first = next(n for n in names if doc_id in batches[n])
        batches[names[(names.index(first) + 1) % N_BATCHES]].append(doc_id)
    batches["double"] = double
    return batches


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m biokg.nlp.training.annotation.select")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args(argv)
    BATCH_DIR.mkdir(parents=True, exist_ok=True)
    for name, ids in select(args.corpora).items():
        (BATCH_DIR / f"{name}.txt").write_text("".join(f"{i}\n" for i in ids), encoding="utf-8")
        print(f"{name}: {len(ids)} documents")


if __name__ == "__main__":
    main()
