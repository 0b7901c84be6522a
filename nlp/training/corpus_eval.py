"""Score the pipeline on the annotation corpus' dev split (documents the therapy model never
trained on), with the scoring GUIDE.md describes (`annotation/agreement.py`).

    python bench/eval_corpus.py [--split dev] [--source news|ebm|biored|bc5cdr] [-v]

This is the set to tune the pipeline's design on: the real-text dev set
(`../shared/therapy_real_dev`) only measures generalisation, and decisions are not made on it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from biokg.nlp.training.annotation.agreement import Score, score_document
from biokg.nlp.training.annotation.records import PREDICATES, TYPES
from biokg.nlp.training.annotation.texts import load_text
from biokg.nlp.training.therapy_corpus import records, split_of


def extraction_record(extraction) -> dict:
    """An Extraction in the annotation record shape (entities with aliases and mention
    offsets, relations by entity id)."""
    return {
        "entities": [
            {
                "id": e.id,
                "name": e.name,
                "type": str(e.type),
                "aliases": list(e.aliases),
                "mentions": [[m.start, m.end] for m in e.mentions],
            }
            for e in extraction.entities
        ],
        "relations": [
            {
                "subject": r.subject,
                "predicate": str(r.predicate),
                "object": r.object,
                "attributes": dict(r.attributes),
            }
            for r in extraction.relations
        ],
    }


def evaluate(extractor, split: str = "dev", source: str | None = None, verbose: bool = False):
    from biokg.model import Document, Failure

    items = [
        item
        for item in records()
        if split_of(item.record["doc"]) == split
        and (source is None or item.record["doc"].startswith(source + ":"))
    ]
    documents = [Document(text=item.text, title="", id=item.record["doc"]) for item in items]
    total = Score()
    per_source: dict[str, Score] = {}
    for item, result in zip(items, extractor.pipe(documents), strict=True):
        system = {} if isinstance(result, Failure) else extraction_record(result)
        score = score_document(item.record, system, load_text(item.record["doc"]).text)
        total.add(score)
        per_source.setdefault(item.record["doc"].partition(":")[0], Score()).add(score)
        if verbose:
            _missed(item, system)
    return total, per_source


def _missed(item, system: dict) -> None:
    doc_id = item.record["doc"]
    got = Counter((e["type"], e["name"].casefold()) for e in system.get("entities", []))
    for e in item.record["entities"]:
        if (e["type"], e["name"].casefold()) not in got:
            print(f"  {doc_id}: gold {e['type']} {e['name']!r}")


def _print(title: str, score: Score) -> None:
    e, r = score.entities, score.relations
    print(f"{title}: {score.docs} docs  entities P/R/F1 "
          f"{e.prf()[0]:.3f}/{e.prf()[1]:.3f}/{e.prf()[2]:.3f}  relations "
          f"{r.prf()[0]:.3f}/{r.prf()[1]:.3f}/{r.prf()[2]:.3f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from biokg.nlp import Extractor

    from biokg.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--source", default=None, help="only documents of one source")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    total, per_source = evaluate(Extractor.from_settings(Settings()), args.split, args.source,
                                 args.verbose)  # fmt: skip
    _print(f"corpus {args.split} split", total)
    for name, score in sorted(per_source.items()):
        _print(f"  {name}", score)
    print("entities per type:       P      R      F1   (tp/sys/gold)")
    for t in TYPES:
        p, r, f = total.entities.prf(t)
        e = total.entities
        print(f"  {t:20} {p:.3f}  {r:.3f}  {f:.3f}   ({e.tp[t]}/{e.system[t]}/{e.gold[t]})")
    print("relations per predicate:")
    for t in PREDICATES:
        p, r, f = total.relations.prf(t)
        x = total.relations
        print(f"  {t:20} {p:.3f}  {r:.3f}  {f:.3f}   ({x.tp[t]}/{x.system[t]}/{x.gold[t]})")
    if total.attributes_total:
        print(f"outcome numbers: {total.attributes_right}/{total.attributes_total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
