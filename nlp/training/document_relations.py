"""Learn the document-level relation weights (`biokg.nlp.document_relations`) from the corpus.

The relation classifier that feeds the features must not have seen the documents it is scored
on here, or its scores would be overconfident: the weights are fit on the corpus' dev split,
scored by a classifier trained on its train split (`therapy.py train`). Entities are the gold
ones; every (subject, predicate, object) the document-level step would decide is an example,
positive when the annotation states it (a brand standing for its generic, as GUIDE.md scores
it). One logistic regression per predicate (scikit-learn, L2); the threshold per predicate is
the one that gives the best F1 on the same examples.

Tried and not kept: fitting on what the whole pipeline makes of the same documents (its
entities matched to the annotated ones as GUIDE.md's scorer does), alone or together with the
gold-entity examples. Fit on half the dev split and scored on the other half, relation F1 was
0.303 (pipeline) and 0.317 (both) against 0.330 with gold entities: more precise, less recall.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path

import numpy
import spacy
from biokg.nlp.document_relations import (
    FEATURES,
    DocumentRelationModel,
    DocumentView,
    EntityGroup,
)
from biokg.nlp.relation_model import PREDICATES, SCORES_EXT
from biokg.nlp.training.therapy_corpus import GOLD_KEY
from spacy.tokens import Doc, DocBin

log = logging.getLogger(__name__)
WEIGHTS_FILE = "document_relations.json"
MIN_POSITIVES = 5


def document_examples(nlp, doc: Doc) -> list[tuple[str, numpy.ndarray, bool]]:
    """(predicate, features, label) for every typed entity pair of one gold document."""
    gold = doc.user_data[GOLD_KEY]
    nlp.get_pipe("tok2vec")(doc)
    relations = nlp.get_pipe("relations")
    relations.set_annotations([doc], relations.predict([doc]))
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    groups: dict[str, EntityGroup] = {}
    for start, end, eid in gold["mentions"]:
        group = groups.setdefault(eid, EntityGroup(eid, gold["types"][eid]))
        group.mentions.append((_sentence_index(starts, start), start, end))
    view = DocumentView(list(groups.values()), doc._.get(SCORES_EXT) or [],
                        [s.text for s in sentences])  # fmt: skip
    brands = gold.get("brands", {})

    def fold(eid: str, predicate: str) -> str:
        return eid if predicate == "BRAND_OF" else brands.get(eid, eid)

    stated = {(fold(s, p), p, fold(o, p)) for s, p, o, _ in gold["relations"]}
    examples = []
    for a, predicate, b in view.candidate_pairs():
        label = (fold(a.key, predicate), predicate, fold(b.key, predicate)) in stated
        examples.append((predicate, view.features(a, predicate, b), label))
    return examples


def _sentence_index(starts: list[int], char: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= char:
            lo = mid
        else:
            hi = mid - 1
    return max(lo, 0)


def fit(checkpoint: Path, docbin: Path) -> DocumentRelationModel:
    """Weights from gold entities and the checkpoint's relation scores on `docbin`."""
    nlp = spacy.load(checkpoint)
    per_predicate: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for doc in DocBin().from_disk(docbin).get_docs(nlp.vocab):
        for predicate, x, y in document_examples(nlp, doc):
            per_predicate[predicate][0].append(x)
            per_predicate[predicate][1].append(y)
    return _fit(per_predicate)


def _fit(per_predicate) -> DocumentRelationModel:
    from sklearn.linear_model import LogisticRegression

    weights: dict[str, list[float]] = {}
    thresholds: dict[str, float] = {}
    for predicate in PREDICATES:
        xs, ys = per_predicate.get(predicate, ([], []))
        positives = int(sum(ys))
        if positives < MIN_POSITIVES or positives == len(ys):
            log.info("%s: %d positives of %d, no weights", predicate, positives, len(ys))
            continue
        X, y = numpy.vstack(xs), numpy.asarray(ys, dtype=int)
        # The bias is a feature column, so the model's own intercept stays off.
        model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=5000)
        model.fit(X, y)
        w = model.coef_[0]
        probs = 1.0 / (1.0 + numpy.exp(-(X @ w)))
        thresholds[predicate], f1 = _best_threshold(probs, y)
        weights[predicate] = w.tolist()
        log.info("%s: %d/%d positives, threshold %.2f, in-sample F1 %.3f",
                 predicate, positives, len(ys), thresholds[predicate], f1)  # fmt: skip
    return DocumentRelationModel(weights, thresholds)


def _best_threshold(probs: numpy.ndarray, y: numpy.ndarray) -> tuple[float, float]:
    best = (0.5, 0.0)
    # Below 0.2 a threshold only says the predicate was not learnt well enough to be precise.
    for t in numpy.arange(0.2, 0.91, 0.05):
        guess = probs >= t
        tp = int((guess & (y == 1)).sum())
        p = tp / max(1, int(guess.sum()))
        r = tp / max(1, int(y.sum()))
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[1]:
            best = (round(float(t), 2), f1)
    return best


def write(model: DocumentRelationModel, model_dir: Path) -> Path:
    path = model_dir / WEIGHTS_FILE
    path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return path


__all__ = ["FEATURES", "fit", "write"]
