"""Document-level relation decisions: which entity pairs of a document are related, and how.

The relation classifier (`relation_model.py`) reads one sentence at a time, but texts state
much across sentences: "The overall response rate was 61%" names no drug, a press release's
"the company's lead candidate" is its product, a trial named in one sentence tests the drug
named in the next. This step decides per entity pair and predicate, from what the whole
document shows (`pair_features`): the classifier's best and summed scores for the pair's
mentions, whether they ever share a sentence and how far apart they are, how central the
subject is (its share of its type's mentions, whether it is the most named, named in the first
sentence), and whether the object's sentences name any rival of the subject's type and which
one comes nearest before it. A logistic model per predicate (`DocumentRelationModel`, weights
learned from the annotation corpus by `nlp/training/document_relations.py`) gives the
probability that the document states the relation.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy
from biokg.nlp.relation_model import LABELS, PREDICATES, SIGNATURES

FEATURES = (
    "bias", "max_score", "sum_score", "cooccur", "no_cooccur", "sentence_gap",
    "subject_share", "subject_top", "subject_first_sentence", "subject_rivals",
    "object_orphan_share", "nearest_before", "object_numbers", "object_first_sentence",
    # What the classifier said of the pair otherwise: the best probability of every label
    # ("none" and each predicate) over the pair's mention pairs; a drug-disease pair the
    # sentences call ASSOCIATED_WITH (caused) is no TREATS however central the drug is.
    *(f"max_{label}" for label in LABELS),
    "reverse_max_score",
    # How often the text names each end. (Not the recogniser's confidence in them: the weights
    # are learnt on annotated entities, all certain, so a confidence weight only moved the bias.)
    "subject_mentions", "object_mentions",
)  # fmt: skip
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s?%|\b\d+\s+of\s+\d+\b|\b\d+(?:\.\d+)?\s+(?:months?|years?)\b")


@dataclass
class EntityGroup:
    """One entity of a document: its key, type and mentions as (sentence index, start, end)."""

    key: str
    type: str
    mentions: list[tuple[int, int, int]] = field(default_factory=list)

    @cached_property
    def sentences(self) -> set[int]:
        return {m[0] for m in self.mentions}


# Predicates a text states within one sentence (a drug's target, a brand, a gene's expression,
# an association, a resistance): only pairs the relation classifier saw together are candidates.
SENTENCE_PREDICATES = frozenset(
    {"TARGETS", "BRAND_OF", "EXPRESSED_IN", "RESISTANT_TO", "ASSOCIATED_WITH"}
)


_NO_SCORES = numpy.zeros(len(LABELS))


class DocumentView:
    """What `features` needs of one document, computed once: its entity groups, the relation
    classifier's scores per (subject key, object key), each type's mentions in order."""

    def __init__(
        self,
        groups: Sequence[EntityGroup],
        scores: Iterable[tuple[int, int, int, int, Sequence[float]]],
        sentence_texts: Sequence[str],
    ) -> None:
        self.groups = list(groups)
        owner = {(m[1], m[2]): g.key for g in self.groups for m in g.mentions}
        # (subject key, object key) -> [(probabilities, subject span, object span)]
        self.pair_rows: dict[tuple[str, str], list] = {}
        for s0, s1, o0, o1, probs in scores:
            a, b = owner.get((s0, s1)), owner.get((o0, o1))
            if a is not None and b is not None:
                self.pair_rows.setdefault((a, b), []).append((probs, (s0, s1), (o0, o1)))
        # Per pair, each label's best and summed probability over its mention pairs.
        self.pair_max: dict[tuple[str, str], numpy.ndarray] = {}
        self.pair_sum: dict[tuple[str, str], numpy.ndarray] = {}
        for key, rows in self.pair_rows.items():
            matrix = numpy.asarray([row[0] for row in rows], dtype="float64")
            self.pair_max[key] = matrix.max(axis=0)
            self.pair_sum[key] = matrix.sum(axis=0)
        self.by_type: dict[str, list[EntityGroup]] = {}
        for g in self.groups:
            self.by_type.setdefault(g.type, []).append(g)
        self.type_mentions = {
            t: sorted((m[1], m[0], g.key) for g in gs for m in g.mentions)
            for t, gs in self.by_type.items()
        }
        self.type_starts = {t: [m[0] for m in ms] for t, ms in self.type_mentions.items()}
        self.type_sentences = {
            t: {m[0] for g in gs for m in g.mentions} for t, gs in self.by_type.items()
        }
        self.type_total = {t: sum(len(g.mentions) for g in gs) for t, gs in self.by_type.items()}
        self.top = {
            t: min(gs, key=lambda g: (-len(g.mentions), min(m[1] for m in g.mentions))).key
            for t, gs in self.by_type.items()
        }
        self.numbers = [bool(_NUMBER.search(text)) for text in sentence_texts]
        self._nearest: dict[tuple[str, str], list[str | None]] = {}

    def nearest_rivals(self, obj: EntityGroup, subject_type: str) -> list[str | None]:
        """Per mention of `obj`, the key of the `subject_type` mention nearest before it
        (else the first after it in its own sentence)."""
        cached = self._nearest.get((obj.key, subject_type))
        if cached is not None:
            return cached
        mentions = self.type_mentions.get(subject_type, [])
        starts = self.type_starts.get(subject_type, [])
        out: list[str | None] = []
        for sentence, start, _end in obj.mentions:
            k = bisect_left(starts, start)
            nearest = mentions[k - 1] if k > 0 else None
            if nearest is None and k < len(mentions) and mentions[k][1] == sentence:
                nearest = mentions[k]
            out.append(nearest[2] if nearest is not None else None)
        self._nearest[(obj.key, subject_type)] = out
        return out

    def features(self, subject: EntityGroup, predicate: str, obj: EntityGroup) -> numpy.ndarray:
        """The features of (subject, predicate, object) (`FEATURES` order)."""
        index = LABELS.index(predicate)
        label_max = self.pair_max.get((subject.key, obj.key), _NO_SCORES)
        label_sum = self.pair_sum.get((subject.key, obj.key), _NO_SCORES)
        reverse_max = self.pair_max.get((obj.key, subject.key))
        reverse = float(reverse_max[1:].max()) if reverse_max is not None else 0.0
        n_rivals = len(self.by_type.get(subject.type, ()))
        total = self.type_total.get(subject.type, 0) or 1
        rival_sentences = self.type_sentences.get(subject.type, set())
        object_sentences = obj.sentences
        orphans = sum(1 for s in object_sentences if s not in rival_sentences)
        nearest = self.nearest_rivals(obj, subject.type)
        hits = sum(1 for key in nearest if key == subject.key)
        subject_sentences = subject.sentences
        shared = bool(subject_sentences & object_sentences)
        gap = 0 if shared else min(
            (abs(a - b) for a in subject_sentences for b in object_sentences),
            default=len(self.numbers),
        )  # fmt: skip
        n_sentences = len(self.numbers)
        x = numpy.empty(len(FEATURES), dtype="float64")
        x[:] = (
            1.0,
            label_max[index],
            math.log1p(label_sum[index]),
            float(shared),
            float(not shared),
            math.log1p(gap),
            len(subject.mentions) / total,
            float(self.top.get(subject.type) == subject.key),
            float(0 in subject_sentences),
            1.0 / n_rivals if n_rivals else 0.0,
            orphans / len(object_sentences) if object_sentences else 0.0,
            hits / len(obj.mentions) if obj.mentions else 0.0,
            float(any(self.numbers[s] for s in object_sentences if s < n_sentences)),
            float(0 in object_sentences),
            *label_max,
            reverse,
            math.log1p(len(subject.mentions)),
            math.log1p(len(obj.mentions)),
        )
        return x

    def candidate_pairs(self) -> Iterable[tuple[EntityGroup, str, EntityGroup]]:
        """Every (subject, predicate, object) to decide: types that fit the predicate, and for
        `SENTENCE_PREDICATES` a pair the relation classifier scored."""
        for a in self.groups:
            for b in self.groups:
                if a is b:
                    continue
                scored = (a.key, b.key) in self.pair_rows
                for predicate in PREDICATES:
                    subjects, objects = SIGNATURES[predicate]
                    if a.type not in subjects or b.type not in objects:
                        continue
                    if predicate in SENTENCE_PREDICATES and not scored:
                        continue
                    yield a, predicate, b


class DocumentRelationModel:
    """Per-predicate logistic weights over `FEATURES`, and the thresholds chosen with them."""

    def __init__(self, weights: dict[str, list[float]], thresholds: dict[str, float]) -> None:
        self.weights = {p: numpy.asarray(w, dtype="float64") for p, w in weights.items()}
        self.thresholds = dict(thresholds)

    def probability(self, predicate: str, features: numpy.ndarray) -> float:
        w = self.weights.get(predicate)
        if w is None:
            return 0.0
        return float(1.0 / (1.0 + math.exp(-float(features @ w))))

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": {p: [round(float(x), 6) for x in w] for p, w in self.weights.items()},
            "thresholds": self.thresholds,
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentRelationModel:
        if list(data.get("features", [])) != list(FEATURES):
            raise ValueError("document relation weights were trained on other features")
        return cls(data["weights"], data["thresholds"])

    @classmethod
    def load(cls, path: Path) -> DocumentRelationModel:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
