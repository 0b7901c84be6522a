"""Learn which number of a sentence is an outcome's rate, n or N (`biokg.nlp.number_roles`).

Examples come from the annotation corpus: for every HAS_OUTCOME relation whose attributes give
a rate, n or N, the cited sentence that names the outcome; each number of that sentence is
labelled with the role whose annotated value it equals (a rate within 0.15 points, counts
exactly), else "none". A number equal to a value stated for another population
(`alternatives`) or to two roles at once is left out. One multinomial logistic regression.

    python -m biokg.nlp.training.number_roles [--work-dir build/ner]   # fit, report, no export

`therapy.py export` fits it on the train split and writes it next to the therapy model.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator
from pathlib import Path

import numpy
import spacy
from biokg.nlp.number_roles import (
    ROLES,
    NumberMention,
    NumberRoleModel,
    counts_for,
    features,
    is_comparator,
    numbers_in,
    rate_matches,
    stated_cohorts,
)
from biokg.nlp.training.therapy_corpus import GOLD_KEY
from spacy.tokens import Doc, DocBin, Span

WEIGHTS_FILE = "number_roles.json"


def _relation_sentences(
    doc: Doc,
) -> Iterator[tuple[Span, Span | None, list[Span], dict, bool]]:
    """(outcome mention, drug mention or None, the sentence's entities, attributes, whether the
    drug is named as a comparator) for each annotated HAS_OUTCOME with numbers."""
    gold = doc.user_data[GOLD_KEY]
    ents = list(doc.ents)
    mention_owner = {(s, e): eid for s, e, eid in gold["mentions"]}
    brands = gold.get("brands", {})
    for (subject, predicate, obj, evidence), attrs in zip(
        gold["relations"], gold["attributes"], strict=True
    ):
        if predicate != "HAS_OUTCOME" or not {"rate", "n", "N"} & set(attrs):
            continue
        for span in ents:
            owner = mention_owner.get((span.start_char, span.end_char))
            if owner != obj or not any(a <= span.start_char < b for a, b in evidence):
                continue
            sent = span.sent
            sent_ents = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
            drugs = [
                e for e in sent_ents
                if brands.get(mention_owner.get((e.start_char, e.end_char)),
                              mention_owner.get((e.start_char, e.end_char))) == subject
            ]  # fmt: skip
            drug = min(drugs, key=lambda e: abs(e.start - span.start), default=None)
            comparator = any(
                is_comparator(e) for e in ents
                if brands.get(mention_owner.get((e.start_char, e.end_char)),
                              mention_owner.get((e.start_char, e.end_char))) == subject
            )  # fmt: skip
            yield span, drug, sent_ents, attrs, comparator
            break  # the first mention in a cited sentence


def _label(number: NumberMention, attrs: dict) -> str | None:
    """The role of `number` for these attributes; None when it should not be trained."""
    roles = []
    if "rate" in attrs and rate_matches(float(attrs["rate"]), number):
        roles.append("rate")
    whole = number.kind not in ("percent", "decimal")
    for role in ("n", "N"):
        if whole and role in attrs and number.value == attrs[role]:
            roles.append(role)
    if len(roles) > 1:
        return None
    if roles:
        return roles[0]
    for alt in attrs.get("alternatives") or []:
        if "rate" in alt and rate_matches(float(alt["rate"]), number):
            return None
        if whole and any(number.value == alt.get(r) for r in ("n", "N")):
            return None
    return "none"


def examples(docbin: Path, vocab) -> tuple[numpy.ndarray, numpy.ndarray]:
    xs, ys = [], []
    for doc in DocBin().from_disk(docbin).get_docs(vocab):
        for outcome, drug, sent_ents, attrs, comparator in _relation_sentences(doc):
            numbers = [n for n in numbers_in(outcome.sent) if counts_for(n, outcome)]
            for number in numbers:
                label = _label(number, attrs)
                if label is None:
                    continue
                xs.append(features(number, numbers, outcome, drug, sent_ents, comparator))
                ys.append(ROLES.index(label))
    return numpy.vstack(xs), numpy.asarray(ys)


def fit(docbin: Path, c: float = 0.3) -> NumberRoleModel:
    from sklearn.linear_model import LogisticRegression

    X, y = examples(docbin, spacy.blank("en").vocab)
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=3000)
    model.fit(X, y)
    weights = numpy.zeros((len(ROLES), X.shape[1]))
    for row, cls in enumerate(model.classes_):
        weights[cls] = model.coef_[row] if len(model.classes_) > 2 else 0
    return NumberRoleModel(weights.tolist())


def accuracy(model: NumberRoleModel, docbin: Path) -> tuple[int, int]:
    """rate/n/N values right, over annotated HAS_OUTCOME relations (gold entities), as
    GUIDE.md's scorer counts them (any stated population's values count)."""
    right = total = 0
    for doc in DocBin().from_disk(docbin).get_docs(spacy.blank("en").vocab):
        for outcome, drug, sent_ents, attrs, comparator in _relation_sentences(doc):
            keys = [k for k in ("rate", "n", "N") if k in attrs]
            cohorts = stated_cohorts(doc, outcome.sent.end)
            got = model.attributes(outcome, drug, sent_ents, cohorts, comparator)
            total += len(keys)
            right += max(
                sum(1 for k in keys if k in option and k in got
                    and math.isclose(float(option[k]), float(got[k]), abs_tol=0.0015))
                for option in [attrs, *(attrs.get("alternatives") or [])]
            )  # fmt: skip
    return right, total


def write(model: NumberRoleModel, model_dir: Path) -> Path:
    path = model_dir / WEIGHTS_FILE
    path.write_text(json.dumps(model.to_json()) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m biokg.nlp.training.number_roles")
    parser.add_argument("--work-dir", type=Path, default=Path("build/ner"))
    parser.add_argument("--c", type=float, default=0.3)
    args = parser.parse_args(argv)
    folder = args.work_dir / "therapy"
    model = fit(folder / "train.spacy", args.c)
    for split in ("train", "dev"):
        right, total = accuracy(model, folder / f"{split}.spacy")
        print(f"{split}: rate/n/N right {right}/{total} = {right / max(1, total):.3f}")


if __name__ == "__main__":
    main()
