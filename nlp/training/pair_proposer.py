"""Learn which relations a document states across sentences (`biokg.nlp.pair_proposer`).

    python -m biokg.nlp.training.pair_proposer [--write]

The shipped pipeline, without this step (every step before it on), reads the annotation
corpus' documents; every pair `pair_proposer.candidates` offers is labelled 1 when GUIDE.md's
scorer would count the relation right (both ends matched to annotated entities, the annotated
triple present, brands folded to their generic), else 0. A logistic regression is fit on the
train split's candidates (`document_steps.logistic`); per predicate, the threshold at or above
which a candidate is added is chosen on the dev split by the relation F1 of the whole document
scoring (never on the real-text dev set); a predicate for which no threshold helps gets none
and is never proposed. `--write` stores the weights next to the therapy model.
"""

from __future__ import annotations

import argparse
import logging

from biokg.nlp.pair_proposer import PAIR_PROPOSER_FILE, PROPOSED, PairProposer, candidates
from biokg.nlp.training.annotation.agreement import Score
from biokg.nlp.training.document_steps import (
    greedy_thresholds,
    logistic,
    pipeline_before,
    score_extractions,
    split_extractions,
    write_step,
)
from biokg.nlp.training.relation_filter import right

from biokg.model import Relation

log = logging.getLogger(__name__)
ADD_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _relation(subject: str, predicate: str, obj: str, confidence: float = 1.0) -> Relation:
    # Scoring reads ends and predicate only: no evidence needed for the candidates here.
    return Relation.model_construct(subject=subject, predicate=predicate, object=obj,
                                    confidence=confidence, negated=False, attributes={},
                                    evidence=[])  # fmt: skip


def read_split(extractor, split: str):
    """Every document of `split` as (record, text, extraction, candidates, labels), a candidate
    being (relation, features)."""
    out = []
    for record, text, extraction in split_extractions(extractor, split):
        found = [(_relation(s.id, p, o.id), fs) for s, p, o, fs in
                 candidates(extraction.entities, extraction.relations, text)]  # fmt: skip
        probe = extraction.model_copy(update={"relations": [r for r, _ in found]})
        out.append((record, text, extraction, found, right(record, text, probe)))
    return out


def score(model: PairProposer, docs) -> Score:
    def added(extraction, found):
        extra = []
        for relation, fs in found:
            threshold = model.thresholds.get(str(relation.predicate))
            if threshold is not None and model.probability(fs) >= threshold:
                extra.append(relation)
        return extraction.model_copy(update={"relations": [*extraction.relations, *extra]})

    return score_extractions((record, text, added(extraction, found))
                             for record, text, extraction, found, _ in docs)  # fmt: skip


def fit(train, dev) -> PairProposer:
    rows = [(fs, label) for *_rest, found, labels in train
            for (_r, fs), label in zip(found, labels, strict=True)]  # fmt: skip
    weights, bias = logistic(rows, "candidate pairs")
    return greedy_thresholds(lambda thresholds: PairProposer(weights, bias, thresholds),
                             PROPOSED, ADD_THRESHOLDS,
                             lambda model: score(model, dev).relations.prf()[2],
                             "relation F1")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store {PAIR_PROPOSER_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    extractor = pipeline_before("pair_proposer")
    train, dev = read_split(extractor, "train"), read_split(extractor, "dev")
    model = fit(train, dev)
    for name, shown in (("without", PairProposer({}, 0.0, {})), ("with", model)):
        total = score(shown, dev)
        r = total.relations.prf()
        print(f"dev {name} the proposer: relations P/R/F1 {r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}")
        for predicate in PROPOSED:
            p = total.relations.prf(predicate)
            print(f"  {predicate:16} P/R/F1 {p[0]:.3f}/{p[1]:.3f}/{p[2]:.3f}")
    print(f"thresholds {model.thresholds}, {len(model.weights)} weights")
    if args.write:
        write_step(model.to_json(), PAIR_PROPOSER_FILE, indent=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
