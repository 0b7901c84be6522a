"""Learn which entities of a document name one thing (`biokg.nlp.coreference`) from the corpus.

    python -m biokg.nlp.training.coreference [--write]

The shipped pipeline, without the coreference step, reads the annotation corpus' documents;
its entities are matched to the annotated ones as GUIDE.md's scorer matches them (same type, a
shared normalised name, alias or mention). Two same-type entities that match one annotated
entity are a positive pair, two that match different annotated entities a negative one; an
entity that matches nothing says nothing either way and is left out. Gradient-boosted trees
(scikit-learn) are fit on the train split's pairs. The join threshold and the lower bar for
joining clusters are chosen on the dev split by the whole step's pairwise F1 after clustering
(never on the real-text dev set). `--write` stores the weights next to the therapy model.
"""

from __future__ import annotations

import argparse
import logging
import math

import numpy
from biokg.nlp.coreference import (
    COREFERENCE_FILE,
    Candidate,
    CoreferenceModel,
    candidate_pairs,
    pair_features,
)
from biokg.nlp.training.document_steps import (
    entity_candidates,
    pipeline_before,
    split_extractions,
    write_step,
)

log = logging.getLogger(__name__)
# Chosen on the dev split's pairs: depth 4 and 150 trees against logistic regression (pairwise
# F1 0.80) and depth 3 with 100 or 200 trees (0.81, 0.83).
TREES, DEPTH = 150, 4


def candidates_of(extraction) -> list[Candidate]:
    return [
        Candidate(
            key=e.id,
            type=str(e.type),
            mentions=[(m.text, m.start, m.end, m.sentence) for m in e.mentions],
            curie=e.curie,
        )
        for e in extraction.entities
    ]


def labelled_pairs(record: dict, text: str, extraction):
    """(candidates, [(i, j, rivals, label)], apart) of one document; label 1 = one annotated
    thing; `apart`, the pairs a relation connects, which the step never joins."""
    candidates = candidates_of(extraction)
    index = {c.key: i for i, c in enumerate(candidates)}
    apart = {
        (min(index[r.subject], index[r.object]), max(index[r.subject], index[r.object]))
        for r in extraction.relations
        if r.subject in index and r.object in index and r.subject != r.object
    }
    matches = entity_candidates(record, text, extraction)
    pairs = []
    for i, j, rivals in candidate_pairs(candidates):
        if not matches[i] or not matches[j] or (i, j) in apart:
            continue
        pairs.append((i, j, rivals, int(bool(matches[i] & matches[j]))))
    return candidates, pairs, apart


def read_split(extractor, split: str):
    """Every document of `split` as (text, candidates, labelled pairs, apart)."""
    return [
        (text, *labelled_pairs(record, text, extraction))
        for record, text, extraction in split_extractions(extractor, split)
    ]


def _matrix(docs):
    xs, ys = [], []
    for _text, candidates, pairs, _apart in docs:
        for i, j, rivals, label in pairs:
            xs.append(pair_features(candidates[i], candidates[j], _text, rivals))
            ys.append(label)
    return numpy.vstack(xs), numpy.asarray(ys, dtype=int)


def _cluster_f1(model: CoreferenceModel, docs) -> tuple[float, float, float]:
    """Pairwise P/R/F1 of the clusters the model makes, over the labelled pairs."""
    tp = fp = fn = 0
    for text, candidates, pairs, apart in docs:
        joined = set()
        for cluster in model.clusters(candidates, text, apart):
            joined |= {(i, j) for i in cluster for j in cluster if i < j}
        for i, j, _r, label in pairs:
            guess = (i, j) in joined
            tp += guess and label
            fp += guess and not label
            fn += label and not guess
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def boosted_trees(X: numpy.ndarray, y: numpy.ndarray) -> tuple[float, list[dict]]:
    """Gradient-boosted trees (scikit-learn, fixed seed) as `CoreferenceModel` stores them."""
    from sklearn.ensemble import GradientBoostingClassifier

    gbt = GradientBoostingClassifier(n_estimators=TREES, max_depth=DEPTH, learning_rate=0.1,
                                     random_state=0)  # fmt: skip
    gbt.fit(X, y)
    prior = float(y.mean())
    base = math.log(prior / (1.0 - prior))
    trees = []
    for (estimator,) in gbt.estimators_:
        t = estimator.tree_
        trees.append({
            "feature": t.feature.tolist(),
            "cut": [round(float(c), 6) for c in t.threshold],
            "left": t.children_left.tolist(),
            "right": t.children_right.tolist(),
            "value": [round(float(v) * gbt.learning_rate, 6) for v in t.value[:, 0, 0]],
            "depth": int(t.max_depth),
        })  # fmt: skip
    check = CoreferenceModel(base, trees, 0.5, 0.5).probabilities(X[:500])
    if not numpy.allclose(check, gbt.predict_proba(X[:500])[:, 1], atol=1e-4):
        raise RuntimeError("exported trees disagree with scikit-learn's")
    return base, trees


def fit(train, dev) -> CoreferenceModel:
    X, y = _matrix(train)
    log.info("train: %d pairs, %d positive", len(y), int(y.sum()))
    base, trees = boosted_trees(X, y)
    best = None
    for threshold in numpy.arange(0.2, 0.91, 0.05):
        for floor in numpy.arange(0.05, threshold + 0.01, 0.1):
            model = CoreferenceModel(base, trees, round(float(threshold), 2),
                                     round(float(floor), 2))  # fmt: skip
            p, r, f = _cluster_f1(model, dev)
            log.info("threshold %.2f floor %.2f: dev P %.3f R %.3f F1 %.3f",
                     threshold, floor, p, r, f)  # fmt: skip
            if best is None or f > best[0]:
                best = (f, model)
    assert best is not None
    return best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store {COREFERENCE_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    extractor = pipeline_before("coreference")
    train, dev = read_split(extractor, "train"), read_split(extractor, "dev")
    model = fit(train, dev)
    for name, docs in (("train", train), ("dev", dev)):
        p, r, f = _cluster_f1(model, docs)
        print(f"{name}: pairwise P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"threshold {model.threshold}, link floor {model.link_floor}")
    if args.write:
        write_step(model.to_json(), COREFERENCE_FILE, indent=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
