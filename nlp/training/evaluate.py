"""Strict mention-level NER scoring: a prediction counts only with the exact span and label.

Gold mentions are the corpus's own (mapped to biokg labels), including any that do not fall
on token boundaries, so tokenisation losses count against the model as they would in use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from biokg.nlp.training.corpus import AnnotatedText
from biokg.nlp.training.labels import map_label
from spacy.language import Language

Key = tuple[str, int, int, str]  # (doc id, start, end, label)


@dataclass
class Scores:
    """True/false positive and false negative counts per label, with P/R/F1 helpers."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    words: int = 0

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        """Precision, recall and F1 (in %) for `label`, or micro-averaged over all when None."""
        if label is None:
            tp, fp, fn = (sum(c.values()) for c in (self.tp, self.fp, self.fn))
        else:
            tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
        r = 100.0 * tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def table(self) -> str:
        rows = [f"  {'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
        for label in [*self.labels, None]:
            p, r, f = self.prf(label)
            gold = self.tp[label] + self.fn[label] if label else sum((self.tp + self.fn).values())
            rows.append(f"  {label or 'ALL':<10} {p:6.2f} {r:6.2f} {f:6.2f} {gold:6d}")
        return "\n".join(rows)


def gold_keys(items: Iterable[AnnotatedText], corpus: str, labels: Collection[str]) -> set[Key]:
    """The set of (doc id, start, end, biokg label) of the gold mentions kept by `labels`."""
    keys = set()
    for item in items:
        for mention in item.mentions:
            label = map_label(corpus, mention.label)
            if label in labels:
                keys.add((item.doc_id, mention.start, mention.end, label))
    return keys


def score(
    nlp: Language,
    items: list[AnnotatedText],
    corpus: str,
    labels: Collection[str],
    batch_size: int = 64,
) -> Scores:
    """Run `nlp` over `items` and score its entities of `labels` against the gold mentions.

    Args:
        nlp: a pipeline that sets `doc.ents`.
        items: documents with gold mentions in `corpus`'s labels.
        corpus: a key of `labels.LABEL_MAPS`.
        labels: the biokg labels scored; predictions and gold of other labels are ignored.

    Returns:
        The counts per label.
    """
    gold = gold_keys(items, corpus, labels)
    predicted: set[Key] = set()
    scores = Scores(docs=len(items))
    pairs = ((item.text, item.doc_id) for item in items)
    for doc, doc_id in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        scores.words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        predicted.update(
            (doc_id, e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in labels
        )
    for key in predicted & gold:
        scores.tp[key[3]] += 1
    for key in predicted - gold:
        scores.fp[key[3]] += 1
    for key in gold - predicted:
        scores.fn[key[3]] += 1
    return scores
