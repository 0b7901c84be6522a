"""Numbers an outcome sentence states: rate, n of N, duration, dose and population.

>>> parse_outcome_numbers("complete remission was observed in 11 of 15 patients (73%)")
{'n': 11, 'N': 15, 'rate': 0.73}
"""

from __future__ import annotations

import re

_N_OF_N = re.compile(
    r"\b(\d{1,6})\s+(?:of|out of)\s+(?:the\s+)?(\d{1,6})\b(?!\s*(?:%|percent|mg|months?|years?))"
)
_PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b)")
_DURATION = re.compile(
    r"\b(?:median|mean)?\s*(?:duration|length|time)\b[^.;]{0,60}?"
    r"\b(\d+(?:\.\d+)?\s*(?:months?|weeks?|years?|days?))\b"
    r"|\b(?:lasted|lasting|durable for|sustained for|for a median of|median of)\s+"
    r"(\d+(?:\.\d+)?\s*(?:months?|weeks?|years?|days?))\b",
    re.IGNORECASE,
)
_DOSE = re.compile(
    r"\b(?:(?:at least|up to|at|of)\s+)?\d+(?:[.,]\d+)?\s*(?:[x×]\s*10\^?\d+|million|billion)?"
    r"(?:\s+[\w-]+){0,4}?\s+(?:per|/)\s*(?:kilogram|kg|m2|m²|square meter)"
    r"(?:\s+of\s+body\s+weight)?"
    r"|\b\d+(?:\.\d+)?\s*(?:mg|µg|mcg|g)(?:\s*/\s*(?:kg|m2|m²))?\b",
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
    m = _PERCENT.search(sentence)
    if m and float(m.group(1)) <= 100:
        attrs["rate"] = round(float(m.group(1)) / 100, 4)
    elif "n" in attrs and attrs["N"]:
        attrs["rate"] = round(attrs["n"] / attrs["N"], 4)  # type: ignore[operator]
    m = _DURATION.search(sentence)
    if m:
        attrs["duration"] = re.sub(r"\s+", " ", m.group(1) or m.group(2))
    m = _DOSE.search(sentence)
    if m:
        attrs["dose"] = re.sub(r"\s+", " ", m.group().strip())
    m = _POPULATION.search(sentence)
    if m and ("with" in m.group() or m.group().split()[0].isdigit() or " and " in m.group()):
        attrs["population"] = re.sub(r"\s+", " ", m.group().strip())
    return attrs
