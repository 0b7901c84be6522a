"""Learn which relations the document states (`biokg.nlp.relation_filter`) from the corpus.

    python -m biokg.nlp.training.relation_filter [--write]

The shipped pipeline, without this filter (its entity filter on), reads the annotation corpus'
documents; each relation it finds is labelled 1 when GUIDE.md's scorer counts it right (both
ends matched to annotated entities, brands folded to their generic for clinical predicates, the
annotated triple present), else 0. A logistic regression is fit on the train split's relations
as the entity filter's is (`document_steps.logistic`); per predicate, the threshold
under which a relation is dropped, at most 0.4, is chosen on the dev split by the relation F1 of
the whole document scoring (never on the real-text dev set), for the predicates in FILTERED.
`--write` stores the weights next to the therapy model.
"""

from __future__ import annotations

import argparse
import logging

from biokg.nlp.relation_filter import RELATION_FILTER_FILE, RelationFilter, relation_features
from biokg.nlp.training.annotation.agreement import Score
from biokg.nlp.training.document_steps import (
    THRESHOLDS,
    entity_matches,
    greedy_thresholds,
    logistic,
    pipeline_before,
    score_extractions,
    split_extractions,
    write_step,
)

log = logging.getLogger(__name__)
# Only predicates with an end outside GENE, DISEASE and DRUG get a threshold. Between those three
# the corpus benchmarks measure too, and there the filter cost far more than it gained: BioRED
# dev entity-pair F1 37.9 -> 29.9 (recall 28.5 -> 20.0) with thresholds on all predicates, for
# a corpus dev relation F1 within 0.005 of this choice.
FILTERED = ("HAS_OUTCOME", "DEVELOPED_BY", "AFFILIATED_WITH", "INVESTIGATES")


def right(record: dict, text: str, extraction) -> list[bool]:
    """Per relation of `extraction`, whether GUIDE.md's scorer counts it (`score_document`)."""
    to_gold = entity_matches(record, text, extraction)
    index = {e["id"]: i for i, e in enumerate(record["entities"])}
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
    return [
        (record, text, extraction,
         relation_features(extraction.relations, extraction.entities),
         right(record, text, extraction))
        for record, text, extraction in split_extractions(extractor, split)
    ]  # fmt: skip


def score(model: RelationFilter, docs) -> Score:
    def filtered(extraction, feats):
        kept = [r for r, fs in zip(extraction.relations, feats, strict=True)
                if model.keeps(str(r.predicate), fs)]  # fmt: skip
        return extraction.model_copy(update={"relations": kept})

    return score_extractions((record, text, filtered(extraction, feats))
                             for record, text, extraction, feats, _ in docs)  # fmt: skip


def fit(train, dev) -> RelationFilter:
    rows = [(fs, label) for *_rest, feats, labels in train
            for fs, label in zip(feats, labels, strict=True)]  # fmt: skip
    weights, bias = logistic(rows, "relations")
    return greedy_thresholds(lambda thresholds: RelationFilter(weights, bias, thresholds),
                             FILTERED, THRESHOLDS,
                             lambda model: score(model, dev).relations.prf()[2],
                             "relation F1")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store {RELATION_FILTER_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    extractor = pipeline_before("relation_filter")
    train, dev = read_split(extractor, "train"), read_split(extractor, "dev")
    model = fit(train, dev)
    for name, shown in (("without", RelationFilter({}, 0.0, {})), ("with", model)):
        r = score(shown, dev).relations.prf()
        print(f"dev {name} the filter: relations P/R/F1 {r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}")
    print(f"thresholds {model.thresholds}, {len(model.weights)} weights")
    if args.write:
        write_step(model.to_json(), RELATION_FILTER_FILE, indent=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
