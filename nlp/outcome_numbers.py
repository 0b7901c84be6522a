"""Numbers an outcome sentence states: rate, n of N, duration, dose and population.

>>> parse_outcome_numbers("complete remission was observed in 11 of 15 patients (73%)")
{'n': 11, 'N': 15, 'rate': 0.73}
"""

from __future__ import annotations

import re

_N_OF_N = re.compile(
    r"\b(\d{1,6})\s+(?:of|out of)\s+(?:the\s+)?(\d{1,6})\b(?!\s*(?:%|percent|mg|months?|years?))"
)
# "256 patients", "97 treated participants".
_HEADCOUNT = (
    r"(\d{1,6})\s+(?:[a-z-]+\s+){0,3}?"
    r"(?:patients|participants|adults|children|subjects|people|infants|women|men)\b"
)
# "in 256 patients", "among the 97 treated participants": the denominator when no "n of N".
_COHORT = re.compile(
    r"\b(?:in|among|of|across|for)\s+(?:the\s+|all\s+|these\s+)?" + _HEADCOUNT, re.IGNORECASE
)
# "75 patients received an infusion, and 61 of them (81%)".
_OF_THEM = re.compile(r"\b(\d{1,6})\s+of\s+(?:them|these|those)\b", re.IGNORECASE)
_STATED_HEADCOUNT = re.compile(r"\b" + _HEADCOUNT, re.IGNORECASE)
# "11 (73%)": a count with its share.
_COUNT_SHARE = re.compile(r"\b(\d{1,6})\s*\((\d{1,3}(?:\.\d+)?)\s?%\)")
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b)")
_TIME = r"(\d+(?:\.\d+)?)\s*(months?|weeks?|years?|days?)\b"
# How long an outcome lasted or when it was measured: the median ("median PFS was 10.3 months",
# "a median duration of response of 8 months"), a landmark ("at 12 months", "12-month overall
# survival", "5-year survival") or a stated span ("lasted 6 months"). Median follow-up is how
# long patients were watched, not an outcome's time, and is skipped.
_DURATION = re.compile(
    r"\b(?:median|mean)\b(?P<gap>[^.;]{0,60}?)\b"
    + _TIME
    + r"|\b(?:duration|length|time|survival)\b[^.;]{0,60}?\b"
    + _TIME
    + r"|\b(?:at|after|by|within|lasted|lasting|durable for|sustained for|for)\s+"
    + _TIME
    + r"|\b(\d+(?:\.\d+)?)-(month|week|year|day)\b(?!-old)",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(r"follow[- ]?up", re.IGNORECASE)
_AFTER_FOLLOW_UP = re.compile(r"follow[- ]?up\W+(?:\w+\W+){0,2}$", re.IGNORECASE)
_DOSE = re.compile(
    r"\b(?:(?:at least|up to|at|of)\s+)?\d+(?:[.,]\d+)?\s*(?:[x×]\s*10\^?\d+|million|billion)?"
    r"(?:\s+[\w-]+){0,4}?\s+(?:per|/)\s*(?:kilogram|kg|m2|m²|square meter)"
    r"(?:\s+of\s+body\s+weight)?"
    # Not a concentration ("LDL cholesterol below 55 mg/dL").
    r"|\b\d+(?:\.\d+)?\s*(?:mg|µg|mcg|g)(?:\s*/\s*(?:kg|m2|m²))?\b(?!\s*/\s*[dm]?l\b)",
    re.IGNORECASE,
)
_POPULATION = re.compile(
    r"\b(?:\d+\s+)?(?:(?:pediatric|paediatric|adult|older|young|elderly)\s+)?"
    r"(?:patients|children|adults|participants|subjects|people|women|men)"
    r"(?:\s+and\s+young\s+adults)?(?:\s+with\s+[^,.;()]{3,60})?",
    re.IGNORECASE,
)


def parse_outcome_numbers(sentence: str) -> dict[str, str | int | float]:
    """Outcome attributes found in one sentence (only those stated)."""
    attrs: dict[str, str | int | float] = {}
    m = _N_OF_N.search(sentence)
    if m and int(m.group(1)) <= int(m.group(2)):
        attrs["n"] = int(m.group(1))
        attrs["N"] = int(m.group(2))
    if "N" not in attrs and (m := _OF_THEM.search(sentence)):
        heads = list(_STATED_HEADCOUNT.finditer(sentence, 0, m.start()))
        if heads and int(m.group(1)) <= int(heads[-1].group(1)):
            attrs["n"] = int(m.group(1))
            attrs["N"] = int(heads[-1].group(1))
    if "N" not in attrs and (m := _COHORT.search(sentence)):
        attrs["N"] = int(m.group(1))
        count = next(
            (c for c in _COUNT_SHARE.finditer(sentence, m.end()) if int(c.group(1)) <= attrs["N"]),
            None,
        )
        if count:
            attrs["n"] = int(count.group(1))
    m = _PERCENT.search(sentence)
    if m and float(m.group(1)) <= 100:
        attrs["rate"] = round(float(m.group(1)) / 100, 4)
    elif "n" in attrs and attrs["N"]:
        attrs["rate"] = round(attrs["n"] / attrs["N"], 4)  # type: ignore[operator]
    duration = stated_duration(sentence)
    if duration:
        attrs["duration"] = duration
    m = _DOSE.search(sentence)
    if m:
        attrs["dose"] = re.sub(r"\s+", " ", m.group().strip())
    m = _POPULATION.search(sentence)
    if m and ("with" in m.group() or m.group().split()[0].isdigit() or " and " in m.group()):
        attrs["population"] = re.sub(r"\s+", " ", m.group().strip())
    return attrs


def stated_duration(sentence: str) -> str | None:
    """The first outcome time the sentence states, as "<number> <unit>s" ("12 months")."""
    for m in _DURATION.finditer(sentence):
        if m.group("gap") and _FOLLOW_UP.search(m.group("gap")):
            continue
        if _AFTER_FOLLOW_UP.search(sentence[max(0, m.start() - 30) : m.start()]):
            continue  # "after a follow-up of 12 months"
        groups = (
            [g for g in m.groups()[1:] if g]
            if m.group("gap") is not None
            else [g for g in m.groups() if g]
        )
        number, unit = groups[-2], groups[-1].lower()
        unit = unit if unit.endswith("s") else unit + "s"
        if number == "1":
            unit = unit[:-1]
        return f"{number} {unit}"
    return None
