"""Learn which relations the document states (`biokg.nlp.relation_filter`) from the corpus.

    python -m biokg.nlp.training.relation_filter [--write]

The shipped pipeline, without this filter (its entity filter on), reads the annotation corpus'
documents; each relation it finds is labelled 1 when GUIDE.md's scorer counts it right (both
ends matched to annotated entities, brands folded to their generic for clinical predicates, the
annotated triple present), else 0. A logistic regression is fit on the train split's relations
as the entity filter's is (`training/entity_filter.logistic`); per predicate, the threshold
under which a relation is dropped, at most 0.4, is chosen on the dev split by the relation F1 of
the whole document scoring (never on the real-text dev set), for the predicates in FILTERED.
`--write` stores the weights next to the therapy model.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from biokg.nlp.relation_filter import RELATION_FILTER_FILE, RelationFilter, relation_features
from biokg.nlp.training.annotation.agreement import Score, forms, max_matching, score_document
from biokg.nlp.training.corpus_eval import extraction_record
from biokg.nlp.training.entity_filter import THRESHOLDS, logistic
from biokg.nlp.training.therapy_corpus import records, split_of

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "therapy"
# Only predicates with an end outside GENE, DISEASE and DRUG get a threshold. Between those three
# the corpus benchmarks measure too, and there the filter cost far more than it gained: BioRED
# dev entity-pair F1 37.9 -> 29.9 (recall 28.5 -> 20.0) with thresholds on all predicates, for
# a corpus dev relation F1 within 0.005 of this choice.
FILTERED = ("HAS_OUTCOME", "DEVELOPED_BY", "AFFILIATED_WITH", "INVESTIGATES")


def right(record: dict, text: str, extraction) -> list[bool]:
    """Per relation of `extraction`, whether GUIDE.md's scorer counts it (`score_document`)."""
    gold = record["entities"]
    gold_forms = [forms(g, text) for g in gold]
    candidates = {}
    for si, e in enumerate(extraction.entities):
        own = forms({"name": e.name, "aliases": e.aliases,
                     "mentions": [[m.start, m.end] for m in e.mentions]}, text)  # fmt: skip
        hits = [gi for gi, g in enumerate(gold)
                if g["type"] == str(e.type) and own & gold_forms[gi]]  # fmt: skip
        if hits:
            candidates[si] = hits
    to_gold = max_matching(candidates)
    index = {e["id"]: i for i, e in enumerate(gold)}
    brand = {index[r["subject"]]: index[r["object"]]
             for r in record.get("relations", []) if r["predicate"] == "BRAND_OF"}  # fmt: skip

    def fold(end, predicate: str):
        return brand.get(end, end) if predicate != "BRAND_OF" else end

    triples = {
        (fold(index[r["subject"]], r["predicate"]), r["predicate"],
         fold(index[r["object"]], r["predicate"]))
        for r in record.get("relations", [])
    }  # fmt: skip
    position = {e.id: i for i, e in enumerate(extraction.entities)}
    out = []
    for r in extraction.relations:
        p = str(r.predicate)
        a, b = to_gold.get(position[r.subject]), to_gold.get(position[r.object])
        out.append(a is not None and b is not None and (fold(a, p), p, fold(b, p)) in triples)
    return out


def read_split(extractor, split: str):
    """Every document of `split` as (record, text, extraction, features per relation, labels)."""
    from biokg.model import Document, Failure

    items = [item for item in records() if split_of(item.record["doc"]) == split]
    documents = [Document(text=i.text, title="", id=i.record["doc"]) for i in items]
    out = []
    for item, extraction in zip(items, extractor.pipe(documents), strict=True):
        if isinstance(extraction, Failure):
            continue
        feats = relation_features(extraction.relations, extraction.entities)
        labels = right(item.record, item.text, extraction)
        out.append((item.record, item.text, extraction, feats, labels))
    return out


def score(model: RelationFilter, docs) -> Score:
    total = Score()
    for record, text, extraction, feats, _labels in docs:
        kept = [r for r, fs in zip(extraction.relations, feats, strict=True)
                if model.keeps(str(r.predicate), fs)]  # fmt: skip
        filtered = extraction.model_copy(update={"relations": kept})
        total.add(score_document(record, extraction_record(filtered), text))
    return total


def fit(train, dev) -> RelationFilter:
    rows = [(fs, label) for *_rest, feats, labels in train
            for fs, label in zip(feats, labels, strict=True)]  # fmt: skip
    weights, bias = logistic(rows, "relations")
    model = RelationFilter(weights, bias, {})
    best = score(model, dev).relations.prf()[2]
    for predicate in FILTERED:
        for threshold in THRESHOLDS:
            trial = RelationFilter(weights, bias, {**model.thresholds, predicate: threshold})
            value = score(trial, dev).relations.prf()[2]
            log.info("%s %.1f: dev relation F1 %.4f", predicate, threshold, value)
            if value > best + 1e-4:
                best, model = value, trial
    return model


def main(argv: list[str] | None = None) -> int:
    from biokg.nlp import Extractor

    from biokg.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store {RELATION_FILTER_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    extractor = Extractor.from_settings(Settings())
    extractor.relation_filter = None
    train, dev = read_split(extractor, "train"), read_split(extractor, "dev")
    model = fit(train, dev)
    for name, shown in (("without", RelationFilter({}, 0.0, {})), ("with", model)):
        r = score(shown, dev).relations.prf()
        print(f"dev {name} the filter: relations P/R/F1 {r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}")
    print(f"thresholds {model.thresholds}, {len(model.weights)} weights")
    if args.write:
        path = MODEL_DIR / RELATION_FILTER_FILE
        path.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
