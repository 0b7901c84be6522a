"""`biokg_biluo_ner`: named entities as one BILUO tag per token, from spaCy's `Tagger`.

spaCy's `ner` decodes with a transition system: for every token it scores the state and
checks each action's validity in compiled loops. spaCy's wheels for Python < 3.12 are built
with Cython profiling, and those loops then take and release the GIL for every check, so on
Python 3.11 the decoding costs three times the CPU it does on 3.12 (README, nlp *Speed*).
A tagger has no such loop: the tok2vec's output goes through one softmax layer per batch.

The component is spaCy's `Tagger` with three changes. Its labels are ``O`` and ``B-``, ``I-``,
``L-``, ``U-`` per entity label, learned from the reference entities (`Example.get_aligned_ner`,
so a corpus needs no tag annotation); it writes `doc.ents` rather than `token.tag`, leaving the
part-of-speech tags alone; and it is scored as NER.

Decoding takes the best tag of each token unless that sequence breaks the BILUO rules (an
``I-`` after ``O``, a ``B-`` never closed); then, in that stretch between confident ``O``
tokens only, it takes the most probable valid sequence (Viterbi over the softmax). Entities are
read leniently all the same, so any tag sequence gives some: an ``I``/``L`` with no open entity
of its label starts one, and an entity left open by a tag that cannot continue it ends at the
previous token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.tokens import Doc, Span
from spacy.training import Example
from thinc.api import Model, SequenceCategoricalCrossentropy

OUTSIDE = "O"
# Where a tagger with `min_confidence` records its entities' confidence (see BiluoTagger).
CONFIDENCE_KEY = "biokg_entity_confidence"
_PREFIXES = ("B", "I", "L", "U")
# A token whose best tag is O with at least this probability bounds the stretches decoded with
# constraints: the best valid sequence through it would keep it O in all but contrived cases.
_CONFIDENT_OUTSIDE = numpy.log(0.99)


def biluo_labels(entity_labels: Iterable[str]) -> list[str]:
    """``O`` then the four BILUO tags of each entity label, in a stable order."""
    return [OUTSIDE] + [f"{p}-{label}" for label in sorted(set(entity_labels)) for p in _PREFIXES]


def entity_labels(pipe: Any) -> set[str]:
    """The entity labels an NER component predicts: a `ner`'s labels, or a BILUO tagger's."""
    labels = set(pipe.labels)
    if isinstance(pipe, BiluoTagger):
        labels = {tag.partition("-")[2] for tag in labels if tag != OUTSIDE}
    return labels


class BiluoRules:
    """Which tag may follow which, as log-space masks (0 allowed, -inf not) for Viterbi."""

    def __init__(self, labels: Sequence[str]) -> None:
        parts = [tag.partition("-") for tag in labels]
        opens = numpy.array([p in ("B", "I") for p, _, _ in parts])
        inside = numpy.array([p in ("I", "L") for p, _, _ in parts])
        kinds = [kind for _, _, kind in parts]
        same_kind = numpy.array([[a == b for b in kinds] for a in kinds])
        # After an open entity only its own I/L; otherwise only O, B or U.
        allowed = numpy.where(opens[:, None], inside[None, :] & same_kind, ~inside[None, :])
        self.allowed = allowed
        self.may_start = ~inside
        self.may_end = ~opens
        self.outside = list(labels).index(OUTSIDE)
        self._log_allowed = numpy.where(allowed, 0.0, -numpy.inf)
        self._log_start = numpy.where(self.may_start, 0.0, -numpy.inf)
        self._log_end = numpy.where(self.may_end, 0.0, -numpy.inf)

    def is_valid(self, ids: numpy.ndarray) -> bool:
        return bool(
            self.may_start[ids[0]]
            and self.may_end[ids[-1]]
            and self.allowed[ids[:-1], ids[1:]].all()
        )

    def decode(self, scores: numpy.ndarray) -> numpy.ndarray:
        """Tag ids for one document's (tokens x tags) scores; see the module docstring."""
        best = scores.argmax(axis=1)
        if len(best) == 0 or self.is_valid(best):
            return best
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - numpy.log(numpy.exp(shifted).sum(axis=1, keepdims=True))
        confident = (best == self.outside) & (log_probs[:, self.outside] > _CONFIDENT_OUTSIDE)
        open_ = numpy.flatnonzero(~confident)
        cuts = numpy.flatnonzero(numpy.diff(open_) > 1)
        starts = numpy.r_[open_[0], open_[cuts + 1]]
        ends = numpy.r_[open_[cuts], open_[-1]] + 1
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if not self.is_valid(best[start:end]):
                best[start:end] = self._viterbi(log_probs[start:end])
        return best

    def _viterbi(self, log_probs: numpy.ndarray) -> numpy.ndarray:
        n, n_tags = log_probs.shape
        back = numpy.zeros((n, n_tags), dtype=numpy.intp)
        score = log_probs[0] + self._log_start
        for t in range(1, n):
            candidates = score[:, None] + self._log_allowed
            back[t] = candidates.argmax(axis=0)
            score = candidates[back[t], numpy.arange(n_tags)] + log_probs[t]
        path = numpy.empty(n, dtype=numpy.intp)
        path[-1] = int((score + self._log_end).argmax())
        for t in range(n - 1, 0, -1):
            path[t - 1] = back[t, path[t]]
        return path


def spans_from_tags(doc: Doc, tags: Sequence[str]) -> list[Span]:
    """Entities read from one BILUO tag per token of `doc`, repairing invalid sequences."""
    spans: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        prefix, _, tag_label = tag.partition("-")
        continues = start >= 0 and prefix in ("I", "L") and tag_label == label
        if start >= 0 and not continues:
            spans.append(Span(doc, start, i, label=label))
            start = -1
        if prefix == "U":
            spans.append(Span(doc, i, i + 1, label=tag_label))
        elif prefix in ("B", "I", "L") and start < 0:
            start, label = i, tag_label
        if prefix == "L" and start >= 0:
            spans.append(Span(doc, start, i + 1, label=label))
            start = -1
    if start >= 0:
        spans.append(Span(doc, start, len(tags), label=label))
    return spans


class BiluoTagger(Tagger):
    """spaCy's `Tagger`, trained on and writing entities (see the module docstring).

    `min_confidence` (0 by default: every entity is kept) drops an entity whose least probable
    token tag is below it; the host pipeline may set it for a model whose spans go first.
    `label_bias` (pairs such as `(("OUTCOME", 1.0),)`) is added to the scores of an entity
    type's tags before decoding: a type the model finds too rarely is found more often, at some
    precision, where a later step (the entity filter) judges its entities anyway.
    """

    _rules: BiluoRules | None = None
    _rules_for: tuple[str, ...] = ()
    min_confidence: float = 0.0
    label_bias: tuple[tuple[str, float], ...] = ()

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        if not any(len(doc) for doc in docs):
            return [self.model.ops.alloc((0,), dtype="i") for _ in docs], [None] * len(docs)
        scores = self.model.predict(docs)
        if self.label_bias:
            bias = dict(self.label_bias)
            offsets = numpy.asarray(
                [bias.get(tag.partition("-")[2], 0.0) for tag in self.labels], dtype="float32"
            )
            scores = [self.model.ops.to_numpy(doc_scores) + offsets for doc_scores in scores]
        return self._scores2guesses(scores), scores

    def _scores2guesses(self, scores: Sequence[Any]) -> list[numpy.ndarray]:
        labels = tuple(self.labels)
        if self._rules is None or self._rules_for != labels:
            self._rules, self._rules_for = BiluoRules(labels), labels
        ops = self.model.ops
        return [self._rules.decode(ops.to_numpy(doc_scores)) for doc_scores in scores]

    def set_annotations(self, docs: Iterable[Doc], predictions: Any) -> None:
        if isinstance(docs, Doc):
            docs = [docs]
        if isinstance(predictions, tuple):
            batch_tag_ids, batch_scores = predictions
        else:  # tag ids alone, as spaCy's Tagger.predict gives them
            batch_tag_ids, batch_scores = predictions, [None] * len(predictions)
        labels = self.labels
        for doc, tag_ids, scores in zip(docs, batch_tag_ids, batch_scores, strict=True):
            if hasattr(tag_ids, "get"):  # a cupy array
                tag_ids = tag_ids.get()
            spans = spans_from_tags(doc, [labels[i] for i in tag_ids.tolist()])
            if self.min_confidence > 0 and scores is not None and len(doc):
                spans = self._confident(doc, spans, self.model.ops.to_numpy(scores), tag_ids)
            doc.ents = spans

    def _confident(self, doc: Doc, spans: list[Span], scores: numpy.ndarray, tag_ids):
        """The spans whose every token's chosen tag has at least `min_confidence` probability;
        each kept span's confidence (that least probability) is recorded in
        `doc.user_data[CONFIDENCE_KEY]` under "start:end" (character offsets)."""
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = numpy.exp(shifted)
        probs /= probs.sum(axis=1, keepdims=True)
        chosen = probs[numpy.arange(len(tag_ids)), numpy.asarray(tag_ids)]
        record = doc.user_data.setdefault(CONFIDENCE_KEY, {})
        kept = []
        for span in spans:
            confidence = float(chosen[span.start : span.end].min())
            if confidence >= self.min_confidence:
                record[f"{span.start_char}:{span.end_char}"] = round(confidence, 4)
                kept.append(span)
        return kept

    def get_loss(self, examples: Iterable[Example], scores: Any) -> tuple[float, Any]:
        loss_func = SequenceCategoricalCrossentropy(
            names=self.labels,
            normalize=False,
            neg_prefix=self.cfg["neg_prefix"],
            label_smoothing=self.cfg["label_smoothing"],
        )
        # "-" marks tokens without annotation and None misaligned ones: neither is trained.
        truths = [
            [None if tag in (None, "-", "") else tag for tag in eg.get_aligned_ner()]
            for eg in examples
        ]
        d_scores, loss = loss_func(scores, truths)
        if self.model.ops.xp.isnan(loss):
            raise ValueError(f"NaN loss in {self.name}")
        return float(loss), d_scores

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]],
        *,
        nlp: Language | None = None,
        labels: Iterable[str] | None = None,
    ) -> None:
        if labels is None:
            labels = biluo_labels(
                ent.label_ for example in get_examples() for ent in example.reference.ents
            )
        for tag in labels:
            self.add_label(tag)
        docs, gold = [], []
        for example in islice(get_examples(), 10):
            docs.append(example.predicted)
            tags = example.get_aligned_ner()
            gold.append(
                self.model.ops.asarray(
                    [[1.0 if tag == label else 0.0 for label in self.labels] for tag in tags],
                    dtype="float32",
                )
            )
        self._require_labels()
        self.model.initialize(X=docs, Y=gold)


@Language.factory(
    "biokg_biluo_ner",
    assigns=["doc.ents"],
    default_config={
        "model": {
            "@architectures": "spacy.Tagger.v2",
            "tok2vec": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "pretrained_vectors": None,
                "width": 64,
                "depth": 2,
                "embed_size": 2000,
                "window_size": 1,
                "maxout_pieces": 3,
                "subword_features": True,
            },  # fmt: skip
        },
        "neg_prefix": "!",
        "label_smoothing": 0.0,
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_biluo_tagger(
    nlp: Language,
    name: str,
    model: Model,
    neg_prefix: str,
    label_smoothing: float,
    scorer: Callable[..., dict[str, Any]] | None,
) -> BiluoTagger:
    return BiluoTagger(
        nlp.vocab,
        model,
        name,
        overwrite=True,
        scorer=scorer,
        neg_prefix=neg_prefix,
        label_smoothing=label_smoothing,
    )
