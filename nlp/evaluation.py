"""Evaluate the NLP stage on the public corpora in ../shared/corpora and print P/R/F1.

Usage (both run `main`):
    python bench/eval_nlp.py [--shared ../shared] [--limit N] [--processes 2] [--ner-models ...]
    biokg eval [--shared ../shared] [--limit N] ...

Entities (mention level, per type), on BioRED dev, BC5CDR test and NCBI-disease test:
- type mapping, corpus -> biokg: GeneOrGeneProduct -> GENE; DiseaseOrPhenotypicFeature, Disease,
  SpecificDisease, DiseaseClass, Modifier, CompositeMention -> DISEASE; ChemicalEntity,
  Chemical -> DRUG. BioRED's SequenceVariant, OrganismTaxon and CellLine have no biokg type and
  are left out, as are biokg mentions of types the corpus does not annotate (OUTCOME, PERSON...).
  Note the mismatch: biokg's DRUG means drugs and therapies, the corpora's chemicals are all
  chemicals (ions, solvents, metabolites), so DRUG recall on them is a floor.
- `strict`: same start, end and type; `overlap`: spans overlap and types agree.

Relations (document level) on BioRED dev: a predicted relation is mapped to corpus concept ids
through its entities' mentions (every gold concept whose gold mention overlaps a mention of the
entity), then compared with the gold pairs (unordered, as BioRED's are):
- `pair`: some gold relation links the two concepts, whatever its type;
- `pair+type`: ... and its type fits ours: TREATS = Chemical-Disease Negative_Correlation;
  TARGETS = any Chemical-Gene relation; ASSOCIATED_WITH / EXPRESSED_IN = any Gene-Disease or
  Chemical-Disease Positive_Correlation/Association; RESISTANT_TO = any Chemical-Disease or
  Chemical-Gene relation. Gold relations involving variants or species are left out (biokg has
  no such types).
Published figures are printed alongside; see the README for their sources.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent  # nlp/ -> the repo, whose sibling is ../shared

TYPE_MAP = {
    "GeneOrGeneProduct": "GENE",
    "DiseaseOrPhenotypicFeature": "DISEASE",
    "Disease": "DISEASE",
    "SpecificDisease": "DISEASE",
    "DiseaseClass": "DISEASE",
    "Modifier": "DISEASE",
    "CompositeMention": "DISEASE",
    "ChemicalEntity": "DRUG",
    "Chemical": "DRUG",
}
CORPORA = {
    "BioRED dev": ("biored/Dev.PubTator", ("GENE", "DISEASE", "DRUG")),
    "BC5CDR test": ("bc5cdr/CDR_TestSet.PubTator.txt", ("DISEASE", "DRUG")),
    "NCBI-disease test": ("ncbi_disease/NCBItestset_corpus.txt", ("DISEASE",)),
}
PUBLISHED = {
    "BC5CDR test": "scispacy en_ner_bc5cdr_md: 84.28 F1 (chemical+disease, strict)",
    "NCBI-disease test": "BioBERT v1.1: 89.71 F1 (Lee et al. 2020); scispacy has no NCBI model",
    "BioRED dev": "BioRED paper (Luo et al. 2022) PubMedBERT NER: ~89 F1 on test",
    "relations": "BioRED end-to-end RE (predicted entities): roughly 30-50 F1 (issue 5)",
}
GOLD_FITS = {
    "TREATS": {("DRUG", "DISEASE", "Negative_Correlation")},
    "TARGETS": {("DRUG", "GENE", "*")},
    "ASSOCIATED_WITH": {
        ("GENE", "DISEASE", "*"),
        ("DRUG", "DISEASE", "Positive_Correlation"),
        ("DRUG", "DISEASE", "Association"),
    },
    "EXPRESSED_IN": {("GENE", "DISEASE", "*")},
    "RESISTANT_TO": {("DRUG", "DISEASE", "*"), ("DRUG", "GENE", "*")},
}


def read_pubtator(path: Path) -> list[dict]:
    docs: list[dict] = []
    current: dict | None = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if "|t|" in line[:20]:
            pmid, title = line.split("|t|", 1)
            current = {"pmid": pmid, "title": title, "abstract": "", "mentions": [], "rels": []}
        elif "|a|" in line[:20] and current is not None:
            current["abstract"] = line.split("|a|", 1)[1]
        elif line.strip() and current is not None:
            cols = line.split("\t")
            if len(cols) >= 6 and cols[1].isdigit():
                etype = TYPE_MAP.get(cols[4])
                if etype:
                    ids = {i for i in cols[5].replace(",", "|").replace(";", "|").split("|") if i}
                    current["mentions"].append((int(cols[1]), int(cols[2]), etype, ids))
            elif len(cols) >= 4:
                current["rels"].append((cols[1], cols[2], cols[3]))
        elif current is not None:
            current["text"] = current["title"] + " " + current["abstract"]
            docs.append(current)
            current = None
    return docs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_entities(docs, extractions, types):
    counts = {mode: defaultdict(Counter) for mode in ("strict", "overlap")}
    for doc, ex in zip(docs, extractions, strict=True):
        gold = [(s, e, t) for s, e, t, _ in doc["mentions"] if t in types]
        pred = [
            (m.start, m.end, ent.type.value)
            for ent in ex.entities
            if ent.type.value in types
            for m in ent.mentions
        ]
        pred = sorted(set(pred))
        gold_set = set(gold)
        for t in types:
            c = counts["strict"][t]
            g = {x for x in gold_set if x[2] == t}
            p = {x for x in pred if x[2] == t}
            c["tp"] += len(g & p)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)
            c = counts["overlap"][t]
            c["tp"] += sum(1 for x in p if any(y[0] < x[1] and x[0] < y[1] for y in g))
            c["fp"] += sum(1 for x in p if not any(y[0] < x[1] and x[0] < y[1] for y in g))
            c["fn"] += sum(1 for y in g if not any(y[0] < x[1] and x[0] < y[1] for x in p))
    return counts


def _concepts_of(entity, doc) -> set[str]:
    found = set()
    for m in entity.mentions:
        for s, e, t, ids in doc["mentions"]:
            if s < m.end and m.start < e and t == entity.type.value:
                found |= ids
    return found


def score_relations(docs, extractions):
    c = {"pair": Counter(), "pair+type": Counter()}
    for doc, ex in zip(docs, extractions, strict=True):
        concept_type = {}
        for _, _, t, ids in doc["mentions"]:
            for i in ids:
                concept_type[i] = t
        gold = {}
        for rtype, a, b in doc["rels"]:
            if a in concept_type and b in concept_type:
                gold[frozenset((a, b))] = rtype
        entities = {e.id: e for e in ex.entities}
        hits_pair, hits_typed = set(), set()
        fp_pair = fp_typed = 0
        for rel in ex.relations:
            if rel.negated or rel.predicate.value not in GOLD_FITS:
                continue
            s, o = entities[rel.subject], entities[rel.object]
            if {s.type.value, o.type.value} - {"GENE", "DISEASE", "DRUG"}:
                continue
            pairs = [
                frozenset((a, b))
                for a in _concepts_of(s, doc)
                for b in _concepts_of(o, doc)
                if frozenset((a, b)) in gold
            ]
            typed = [
                p
                for p in pairs
                if any(
                    {ta, tb} == {concept_type[x] for x in p} and (fit in ("*", gold[p]))
                    for ta, tb, fit in GOLD_FITS[rel.predicate.value]
                )
            ]
            if pairs:
                hits_pair.update(pairs)
            else:
                fp_pair += 1
            if typed:
                hits_typed.update(typed)
            else:
                fp_typed += 1
        for name, hits, fp in (("pair", hits_pair, fp_pair), ("pair+type", hits_typed, fp_typed)):
            c[name]["tp"] += len(hits)
            c[name]["fp"] += fp
            c[name]["fn"] += len(set(gold) - hits)
    return c


def main(argv: list[str] | None = None, prog: str | None = None) -> None:
    ap = argparse.ArgumentParser(
        prog=prog, description="NLP stage evaluation (entities and relations)"
    )
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=0, help="documents per corpus (0 = all)")
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument(
        "--ner-models",
        nargs="*",
        default=None,
        help="trained NER pipelines (default: the shipped default; give none for no model)",
    )
    ap.add_argument("--fuzzy", action="store_true", help="use the fuzzy linker too")
    args = ap.parse_args(argv)

    from biokg.nlp import Extractor

    from biokg.config import Settings
    from biokg.model import Document

    t0 = time.time()
    ex = Extractor.from_settings(
        Settings(nlp_processes=args.processes),
        ner_models=args.ner_models,  # None = what `biokg extract` uses
        fuzzy_linking=args.fuzzy,
    )
    print(f"pipeline: {ex.nlp.pipe_names}\nloaded in {time.time() - t0:.1f}s\n")
    for corpus, (rel_path, types) in CORPORA.items():
        docs = read_pubtator(args.shared / "corpora" / rel_path)
        if args.limit:
            docs = docs[: args.limit]
        t0 = time.time()
        documents = [Document(text=d["text"], pmid=d["pmid"]) for d in docs]
        extractions = list(ex.pipe(documents))
        elapsed = time.time() - t0
        print(f"== {corpus}: {len(docs)} documents in {elapsed:.1f}s")
        counts = score_entities(docs, extractions, types)
        for mode, per_type in counts.items():
            total = Counter()
            for t in types:
                total.update(per_type[t])
                p, r, f = prf(per_type[t]["tp"], per_type[t]["fp"], per_type[t]["fn"])
                print(f"  {mode:8s} {t:8s} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}")
            p, r, f = prf(total["tp"], total["fp"], total["fn"])
            print(f"  {mode:8s} {'ALL':8s} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}")
        if corpus in PUBLISHED:
            print(f"  published: {PUBLISHED[corpus]}")
        if corpus == "BioRED dev":
            for name, c in score_relations(docs, extractions).items():
                p, r, f = prf(c["tp"], c["fp"], c["fn"])
                print(f"  relations {name:9s} P {p:6.1%}  R {r:6.1%}  F1 {f:6.1%}  "
                      f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")  # fmt: skip
            print(f"  published: {PUBLISHED['relations']}")
        print()


if __name__ == "__main__":
    main()
