"""Learn which recognised entities belong in the graph (`biokg.nlp.entity_filter`) from the corpus.

    python -m biokg.nlp.training.entity_filter [--write]

The shipped pipeline, without the filter, reads the annotation corpus' documents; each entity it
finds is labelled 1 when GUIDE.md's scorer matches it to an annotated entity, else 0 (an adverse
event read as a disease, a generic class, a fragment). A logistic regression (scikit-learn, L2,
`document_steps.logistic`) is fit on the train split's entities over `entity_features`. Per
type, the threshold under which an entity is dropped is then chosen on the dev split by the
entity F1 plus the relation F1 of the whole document scoring (never on the real-text dev set); a
type whose best choice is to keep everything gets none.
`--write` stores the weights next to the therapy model.
"""

from __future__ import annotations

import argparse
import logging

from biokg.nlp.entity_filter import ENTITY_FILTER_FILE, EntityFilter, entity_features
from biokg.nlp.training.annotation.agreement import Score
from biokg.nlp.training.document_steps import (
    entity_matches,
    greedy_thresholds,
    logistic,
    pipeline_before,
    score_extractions,
    split_extractions,
    write_step,
)

log = logging.getLogger(__name__)
# GENE is never filtered: a gene named only inside a targeted agent's name ("a BRAF inhibitor")
# is the object of the TARGETS that name states (`nlp/named_targets.py`), and the corpus often
# leaves such genes unannotated, so the model learned to drop them (real dev TARGETS 0.46 ->
# 0.44, GENE 0.86 -> 0.83 with a GENE threshold).
TYPE_ORDER = ("DISEASE", "DRUG", "ORGANIZATION", "TRIAL", "OUTCOME", "CELL_TYPE", "PERSON")
# Finer than the other steps' grid: a disease's probability often sits between 0.3 and 0.4.
GRID = (0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def read_split(extractor, split: str):
    """Every document of `split` as (record, text, extraction, {entity id: features}, labels);
    label: the scorer matches the entity to an annotated one."""
    out = []
    for record, text, extraction in split_extractions(extractor, split):
        feats = entity_features(extraction.entities, extraction.relations, text)
        matches = entity_matches(record, text, extraction)
        labels = [si in matches for si in range(len(extraction.entities))]
        out.append((record, text, extraction, feats, labels))
    return out


def score(model: EntityFilter, docs) -> Score:
    """The whole document scoring of the dev split with `model` applied."""

    def filtered(extraction, feats):
        kept = {e.id for e in extraction.entities if model.keeps(str(e.type), feats[e.id])}
        return extraction.model_copy(update={
            "entities": [e for e in extraction.entities if e.id in kept],
            "relations": [r for r in extraction.relations
                          if r.subject in kept and r.object in kept],
        })  # fmt: skip

    return score_extractions((record, text, filtered(extraction, feats))
                             for record, text, extraction, feats, _ in docs)  # fmt: skip


def _objective(total: Score) -> float:
    return total.entities.prf()[2] + total.relations.prf()[2]


def fit(train, dev) -> EntityFilter:
    rows = [(feats[e.id], label) for _r, _t, ext, feats, labels in train
            for e, label in zip(ext.entities, labels, strict=True)]  # fmt: skip
    weights, bias = logistic(rows, "entities")
    return greedy_thresholds(lambda thresholds: EntityFilter(weights, bias, thresholds),
                             TYPE_ORDER, GRID,
                             lambda model: _objective(score(model, dev)),
                             "entity F1 + relation F1")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store {ENTITY_FILTER_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    extractor = pipeline_before("entity_filter")
    train, dev = read_split(extractor, "train"), read_split(extractor, "dev")
    model = fit(train, dev)
    for name, shown in (("without", EntityFilter({}, 0.0, {})), ("with", model)):
        total = score(shown, dev)
        e, r = total.entities.prf(), total.relations.prf()
        print(f"dev {name} the filter: entities P/R/F1 {e[0]:.3f}/{e[1]:.3f}/{e[2]:.3f}, "
              f"relations {r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}")  # fmt: skip
    print(f"thresholds {model.thresholds}, {len(model.weights)} weights")
    if args.write:
        write_step(model.to_json(), ENTITY_FILTER_FILE, indent=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
