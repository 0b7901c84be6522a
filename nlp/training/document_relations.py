"""Learn the document-level relation weights (`biokg.nlp.document_relations`) from the corpus.

The relation classifier that feeds the features must not have seen the documents it is scored
on here, or its scores would be overconfident: the weights are fit on the corpus' dev split,
scored by a classifier trained on its train split (`therapy.py train`). Entities are the gold
ones; every (subject, predicate, object) the document-level step would decide is an example,
positive when the annotation states it (a brand standing for its generic, as GUIDE.md scores
it); each sentence read as a document of its own gives more (`sentence_examples`), so short texts
are judged as the classifier reads them. One logistic regression per predicate (scikit-learn,
L2); the threshold per predicate is the one that gives the best F1 on the same examples.

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
# How much a sentence read alone counts against the whole document (`sentence_examples`).
SENTENCE_WEIGHT = 1.0


def document_examples(nlp, doc: Doc) -> list[tuple[str, numpy.ndarray, bool, float]]:
    """(predicate, features, label, weight) for every typed entity pair of one gold document, read
    whole and read one sentence at a time (`sentence_examples`)."""
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
    scores = doc._.get(SCORES_EXT) or []
    view = DocumentView(list(groups.values()), scores, [s.text for s in sentences])
    brands = gold.get("brands", {})

    def fold(eid: str, predicate: str) -> str:
        return eid if predicate == "BRAND_OF" else brands.get(eid, eid)

    stated = {(fold(s, p), p, fold(o, p)) for s, p, o, _ in gold["relations"]}
    examples = []
    for a, predicate, b in view.candidate_pairs():
        label = (fold(a.key, predicate), predicate, fold(b.key, predicate)) in stated
        examples.append((predicate, view.features(a, predicate, b), label, 1.0))
    alone = sentence_examples(gold, list(groups.values()), scores, sentences, fold)
    return examples + [(*example, SENTENCE_WEIGHT) for example in alone]


def sentence_examples(
    gold: dict, groups: list[EntityGroup], scores: list, sentences: list, fold
) -> list[tuple[str, numpy.ndarray, bool]]:
    """Examples from each sentence read as a document of its own.

    A text of one or two sentences (a news brief, a user's test sentence) looks like no abstract:
    every entity is named once, in the first sentence, with no rival. Fit on whole abstracts
    only, the model learnt that a pair named once is seldom related and vetoed "Imatinib
    inhibits ABL1" however sure the classifier was. A sentence's relations are the annotated
    ones whose evidence includes it; a pair related elsewhere in the text but not by this
    sentence's evidence is left out rather than called unrelated (annotators cite one sentence
    where several may state it).
    """
    stated = {(fold(s, p), p, fold(o, p)) for s, p, o, _ in gold["relations"]}
    examples = []
    for index, sent in enumerate(sentences):
        lo, hi = sent.start_char, sent.end_char
        here = [
            EntityGroup(g.key, g.type, [(0, s, e) for i, s, e in g.mentions if i == index])
            for g in groups
            if any(i == index for i, _s, _e in g.mentions)
        ]  # fmt: skip
        if len(here) < 2:
            continue
        said = {
            (fold(s, p), p, fold(o, p))
            for s, p, o, evidence in gold["relations"]
            if any(start < hi and lo < end for start, end in evidence)
        }
        inside = [row for row in scores if lo <= min(row[0], row[2]) and max(row[1], row[3]) <= hi]
        view = DocumentView(here, inside, [sent.text])
        for a, predicate, b in view.candidate_pairs():
            key = (fold(a.key, predicate), predicate, fold(b.key, predicate))
            if key in said or key not in stated:
                examples.append((predicate, view.features(a, predicate, b), key in said))
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
    per_predicate: dict[str, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    for doc in DocBin().from_disk(docbin).get_docs(nlp.vocab):
        for predicate, x, y, weight in document_examples(nlp, doc):
            per_predicate[predicate][0].append(x)
            per_predicate[predicate][1].append(y)
            per_predicate[predicate][2].append(weight)
    return _fit(per_predicate)


def _fit(per_predicate) -> DocumentRelationModel:
    from sklearn.linear_model import LogisticRegression

    weights: dict[str, list[float]] = {}
    thresholds: dict[str, float] = {}
    for predicate in PREDICATES:
        xs, ys, ws = per_predicate.get(predicate, ([], [], []))
        positives = int(sum(ys))
        if positives < MIN_POSITIVES or positives == len(ys):
            log.info("%s: %d positives of %d, no weights", predicate, positives, len(ys))
            continue
        X, y = numpy.vstack(xs), numpy.asarray(ys, dtype=int)
        sample_weight = numpy.asarray(ws, dtype="float64")
        # The bias is a feature column, so the model's own intercept stays off.
        model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=5000)
        model.fit(X, y, sample_weight=sample_weight)
        w = _fold_constants(model.coef_[0], X)
        probs = 1.0 / (1.0 + numpy.exp(-(X @ w)))
        thresholds[predicate], f1 = _best_threshold(probs, y, sample_weight)
        weights[predicate] = w.tolist()
        log.info("%s: %d/%d positives, threshold %.2f, in-sample F1 %.3f",
                 predicate, positives, len(ys), thresholds[predicate], f1)  # fmt: skip
    return DocumentRelationModel(weights, thresholds)


def _fold_constants(w: numpy.ndarray, X: numpy.ndarray) -> numpy.ndarray:
    """`w` with the weight of every feature that never varies in `X` moved onto the bias: such a
    weight is learnt from nothing (L2 shares the bias among all constant columns), and where the
    feature varies at run time it would move decisions at random."""
    w = w.copy()
    bias = FEATURES.index("bias")
    for j in numpy.flatnonzero(numpy.ptp(X, axis=0) == 0):
        if j != bias:
            w[bias] += w[j] * X[0, j]
            w[j] = 0.0
    return w


def _best_threshold(
    probs: numpy.ndarray, y: numpy.ndarray, weight: numpy.ndarray | None = None
) -> tuple[float, float]:
    """The threshold of the best (weighted) F1, and that F1."""
    weight = numpy.ones(len(y)) if weight is None else weight
    gold = float(weight[y == 1].sum())
    best = (0.5, 0.0)
    # Below 0.2 a threshold only says the predicate was not learnt well enough to be precise.
    for t in numpy.arange(0.2, 0.91, 0.05):
        guess = probs >= t
        tp = float(weight[guess & (y == 1)].sum())
        p = tp / max(1e-9, float(weight[guess].sum()))
        r = tp / max(1e-9, gold)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[1]:
            best = (round(float(t), 2), f1)
    return best


def write(model: DocumentRelationModel, model_dir: Path) -> Path:
    path = model_dir / WEIGHTS_FILE
    path.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    return path


__all__ = ["FEATURES", "fit", "write"]
