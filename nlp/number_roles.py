"""Which numbers of a sentence are an outcome's rate, n and N -- for a given drug.

"The ORR was 58% (120 of 206) with drug A versus 14% (29 of 206) with drug B": the same outcome
takes other numbers for each drug, and "95% CI, 38-57" or "P = .04" are nobody's rate. A
pattern for each way of writing this does not carry over to text it was not written for, so the
decision is learned: every number of the sentence is described by what the text shows around it
(its form: a percentage, a count, "n/N"; where it stands from the outcome and from the drug;
the words right before and after it; whether it sits in a confidence interval or a p-value;
whether it is the k-th figure after the outcome as the drug is the k-th drug named, as in
"respectively"), and a multinomial logistic model (`NumberRoleModel`, learned from the
annotation corpus by `nlp/training/number_roles.py`) gives the probability that it is the
outcome's rate, n, N or none of them for that drug. The most probable number per role is taken.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.tokens import Span

ROLES = ("none", "rate", "n", "N")
KINDS = ("percent", "int", "decimal", "slash_num", "slash_den")
_PREV = (
    "of", "(", "[", "in", "=", "vs", "versus", "to", "-", "–", "ci", "hr", "p", "<", ">",
    "and", "with", "was", "were", ",", "for", "n", "than", "from", "by", ";", ":", "or",
)  # fmt: skip
_NEXT = (
    "%", "percent", "patients", "of", ")", "]", "months", "weeks", "years", "days", "vs",
    "versus", "and", ",", ";", "/", "participants", "subjects", "children", "mg", "cases",
    "events", "(", "with", "in", "had", "were",
)  # fmt: skip
_DISTANCE = (2, 5, 10, 20)
FEATURES = (
    ["bias"]
    + [f"kind={k}" for k in KINDS]
    + ["after_outcome"]
    + [f"distance<={d}" for d in _DISTANCE] + ["distance>20"]
    + ["outcomes_between=0", "outcomes_between=1", "outcomes_between>1"]
    + ["same_kind_between=0", "same_kind_between=1", "same_kind_between>1"]
    + [f"prev={w}" for w in _PREV] + ["prev=other", "prev=number"]
    + [f"next={w}" for w in _NEXT] + ["next=other", "next=number"]
    + ["in_brackets", "ci_near", "p_near", "drug_in_sentence", "drug_before_no_rival",
       "nearest_drug_is_drug", "respectively_rank", "respectively", "fraction<=1",
       "large", "year", "after_of_number", "before_of_number", "first_after_outcome",
       "drug_between", "rival_between", "only_percent", "only_outcome", "before_and_alone",
       "after_and_alone", "count_before_percent", "percent_after_count", "names_a_ci",
       "in_a_range"]
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_NUMBER = re.compile(r"\d+(?:[.·]\d+)?")
_SLASH = re.compile(r"(\d+)/(\d+)")


@dataclass(frozen=True)
class NumberMention:
    """One number of a sentence: its token, value and form; `rate` is its value as a share."""

    i: int  # token index in the doc
    value: float
    kind: str
    start_char: int

    @property
    def rate(self) -> float | None:
        if self.kind == "percent":
            return self.value / 100 if 0 <= self.value <= 100 else None
        if self.kind == "decimal" and 0 <= self.value <= 1:
            return self.value
        return None


def numbers_in(sent: Span) -> list[NumberMention]:
    """Every number of the sentence, "120/206" as two."""
    out = []
    doc = sent.doc
    for t in sent:
        text = t.text.replace("·", ".")
        slash = _SLASH.fullmatch(text)
        if slash:
            out.append(NumberMention(t.i, float(slash.group(1)), "slash_num", t.idx))
            out.append(NumberMention(t.i, float(slash.group(2)), "slash_den", t.idx))
            continue
        if not _NUMBER.fullmatch(text):
            continue
        value = float(text)
        nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        if nxt in ("%", "percent"):
            kind = "percent"
        elif "." in text:
            kind = "decimal"
        else:
            kind = "int"
        out.append(NumberMention(t.i, value, kind, t.idx))
    return out


def features(
    number: NumberMention,
    numbers: list[NumberMention],
    outcome: Span,
    drug: Span | None,
    sent_ents: list[Span],
) -> numpy.ndarray:
    """The features of one number for (drug, outcome) in its sentence (`FEATURES` order)."""
    doc = outcome.doc
    x = numpy.zeros(len(FEATURES), dtype="float64")

    def on(name: str) -> None:
        x[_INDEX[name]] = 1.0

    on("bias")
    on(f"kind={number.kind}")
    i = number.i
    after = i >= outcome.end
    if after:
        on("after_outcome")
    distance = i - outcome.end if after else outcome.start - i
    for d in _DISTANCE:
        if distance <= d:
            on(f"distance<={d}")
            break
    else:
        on("distance>20")
    lo, hi = (outcome.end, i) if after else (i, outcome.start)
    outcomes = [e for e in sent_ents if e.label_ == "OUTCOME" and e.start != outcome.start]
    between = sum(1 for e in outcomes if lo <= e.start and e.end <= hi)
    on("outcomes_between=0" if between == 0 else "outcomes_between=1" if between == 1
       else "outcomes_between>1")  # fmt: skip
    same = sum(1 for n in numbers if n.kind == number.kind and lo < n.i < hi)
    on("same_kind_between=0" if same == 0 else "same_kind_between=1" if same == 1
       else "same_kind_between>1")  # fmt: skip
    sent = outcome.sent
    prev = doc[i - 1] if i - 1 >= sent.start else None
    # A percentage's next word is its "%" sign.
    nxt = doc[i + 1] if i + 1 < sent.end else None
    _word(on, prev, _PREV, "prev")
    _word(on, nxt, _NEXT, "next")
    window = [t.lower_ for t in doc[max(sent.start, i - 5) : i]]
    depth = 0
    for t in doc[sent.start : i]:
        depth += t.text in "([" and 1 or 0
        depth -= t.text in ")]" and 1 or 0
    if depth > 0:
        on("in_brackets")
    if "ci" in window or "confidence" in window or "interval" in window:
        on("ci_near")
    ahead = [t.lower_ for t in doc[i + 1 : min(sent.end, i + 4)]]
    if "ci" in ahead or "confidence" in ahead:
        on("names_a_ci")  # "95% CI": the interval's level, not a result
    if (prev is not None and prev.lower_ in ("to", "-", "–")) or (
        ahead[:1] in (["to"], ["-"], ["–"]) or ahead[1:2] in (["to"], ["-"], ["–"])
    ):
        on("in_a_range")
    if any(w in ("p", "p=", "p<") for w in window[-3:]):
        on("p_near")
    drugs = [e for e in sent_ents if e.label_ == "DRUG"]
    if drug is not None and drug.sent.start == sent.start:
        on("drug_in_sentence")
        if drug.end <= i and not any(drug.end <= e.start and e.end <= i for e in drugs):
            on("drug_before_no_rival")
        nearest = min(drugs, key=lambda e: min(abs(e.start - i), abs(e.end - i)), default=None)
        if nearest is not None and nearest.start == drug.start:
            on("nearest_drug_is_drug")
        after_outcome = [n for n in numbers if n.kind == number.kind and n.i >= outcome.end]
        if number in after_outcome:
            rank = after_outcome.index(number)
            order = sorted({e.start for e in drugs})
            if drug.start in order and order.index(drug.start) == rank:
                on("respectively_rank")
            if rank == 0:
                on("first_after_outcome")
        lo2, hi2 = sorted((i, drug.start))
        if any(lo2 < e.start < hi2 and e.start != drug.start for e in drugs):
            on("rival_between")
        if lo < drug.start < hi:
            on("drug_between")
    if any(t.lower_ == "respectively" for t in sent):
        on("respectively")
    if number.kind == "decimal" and number.value <= 1:
        on("fraction<=1")
    percents = [n for n in numbers if n.kind == "percent"]
    if number.kind == "percent" and len(percents) == 1:
        on("only_percent")
    if not outcomes:
        on("only_outcome")
        on("after_and_alone" if after else "before_and_alone")
    if (
        number.kind == "percent"
        and i >= 2
        and doc[i - 1].text in "(["
        and _NUMBER.fullmatch(doc[i - 2].text)
    ):
        on("percent_after_count")
    if (
        number.kind == "int"
        and i + 2 < len(doc)
        and doc[i + 1].text in "(["
        and (i + 3 < len(doc) and doc[i + 3].text in ("%", "percent"))
    ):
        on("count_before_percent")
    if number.value > 1000:
        on("large")
    if number.kind == "int" and 1900 <= number.value <= 2035:
        on("year")
    if (
        prev is not None
        and prev.lower_ == "of"
        and i - 2 >= sent.start
        and _NUMBER.fullmatch(doc[i - 2].text)
    ):
        on("after_of_number")
    if i + 2 < sent.end and doc[i + 1].lower_ == "of" and _NUMBER.fullmatch(doc[i + 2].text):
        on("before_of_number")
    return x


def _word(on, token, vocabulary, prefix: str) -> None:
    if token is None:
        return
    word = token.lower_
    if word in vocabulary:
        on(f"{prefix}={word}")
    elif _NUMBER.fullmatch(word):
        on(f"{prefix}=number")
    else:
        on(f"{prefix}=other")


class NumberRoleModel:
    """Multinomial logistic weights (roles x features) and the probability a role must reach."""

    def __init__(self, weights: list[list[float]], threshold: float = 0.3) -> None:
        self.weights = numpy.asarray(weights, dtype="float64")
        self.threshold = threshold

    def probabilities(self, x: numpy.ndarray) -> numpy.ndarray:
        scores = self.weights @ x
        scores -= scores.max()
        exp = numpy.exp(scores)
        return exp / exp.sum()

    def attributes(
        self, outcome: Span, drug: Span | None, sent_ents: list[Span]
    ) -> dict[str, float | int]:
        """rate / n / N of `outcome` for `drug` in the outcome's sentence."""
        numbers = numbers_in(outcome.sent)
        best: dict[str, tuple[float, NumberMention]] = {}
        for number in numbers:
            probs = self.probabilities(features(number, numbers, outcome, drug, sent_ents))
            for k, role in enumerate(ROLES[1:], start=1):
                if role == "rate" and number.rate is None:
                    continue
                if role in ("n", "N") and (number.kind in ("percent", "decimal")
                                           or number.value != int(number.value)):  # fmt: skip
                    continue
                if probs[k] >= self.threshold and probs[k] > best.get(role, (0.0, None))[0]:
                    best[role] = (float(probs[k]), number)
        out: dict[str, float | int] = {}
        if "rate" in best:
            out["rate"] = round(best["rate"][1].rate, 4)
        for role in ("n", "N"):
            if role in best:
                out[role] = int(best[role][1].value)
        if "n" in out and "N" in out and out["n"] > out["N"]:
            del out["n"]
        if out.get("n", 0) > 0 and out.get("rate", 0) > 0 and "N" not in out:
            # "12 patients (22%)": the denominator is the one a rounded percentage allows.
            total = round(out["n"] / out["rate"])
            if total >= out["n"] and abs(100 * out["n"] / total - 100 * out["rate"]) <= 0.5:
                out["N"] = total
        return out

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "roles": list(ROLES),
            "weights": [[round(float(v), 6) for v in row] for row in self.weights],
            "threshold": self.threshold,
        }

    @classmethod
    def load(cls, path: Path) -> NumberRoleModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES) or data.get("roles") != list(ROLES):
            raise ValueError(f"{path}: number-role weights were trained on other features")
        return cls(data["weights"], data.get("threshold", 0.3))


def rate_matches(gold: float, number: NumberMention) -> bool:
    value = number.rate
    return value is not None and math.isclose(value, gold, abs_tol=0.0015)
