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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy
from biokg.nlp.arms import Arms, figure_arms, of_another_arm
from spacy.tokens import Doc, Span

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
_DESIGN_UNITS = frozenset((
    "arm", "arms", "group", "groups", "cohort", "cohorts", "cycle", "cycles", "dose", "doses",
    "line", "lines", "study", "studies", "trial", "trials", "center", "centers", "centre",
    "centres", "site", "sites", "countries", "infusions", "injections", "visits", "levels",
))  # fmt: skip
# Words a number labels rather than counts: "grade 3", "stage 4", "type 2", "phase 2".
_LABELLED = frozenset(
    ("grade", "grades", "stage", "type", "phase", "cycle", "day", "week", "level")
)
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
       "in_a_range", "nearest_outcome", "nearest_outcome_before", "nearest_outcome_after",
       "spelled", "share_follows", "tree_path<=2", "tree_path<=4", "tree_path>4",
       "tree_path_conj", "tree_nearest_outcome", "figure_opens_outcome",
       "figure_opens_other_outcome", "clause_opens_outcome", "clause_opens_other_outcome",
       "counts_design_unit", "count_names_outcome",
       "zero_word", "zero_word&outcome_follows",
       "zero_word&population_follows", "comparator", "comparator&after_versus",
       "comparator&before_versus", "main&after_versus", "main&before_versus"]
    + [f"kind={k}&after_outcome" for k in KINDS]
    + [f"kind={k}&nearest_outcome" for k in KINDS]
)  # fmt: skip
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_NUMBER = re.compile(r"\d+(?:[.·]\d+)?")
_SLASH = re.compile(r"(\d+)/(\d+)")


# Words that introduce what something is compared with.
VERSUS = frozenset(("versus", "vs", "vs.", "compared", "than", "against"))


def is_comparator(mention: Span) -> bool:
    """The text names this drug mention as what another is compared with ("versus X",
    "compared with X", "than X")."""
    doc = mention.doc
    window = doc[max(mention.sent.start, mention.start - 3) : mention.start]
    return any(t.lower_ in VERSUS for t in window)


_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_SPELLED = {w: k for k, w in enumerate(_UNITS)} | _TENS
# "No patient relapsed", "there were no cases of X", "none had Y": a count of zero written as a
# word. Read as the number 0; the model learns from the words around it whether it counts the
# outcome ("no grade 4 events") or something else ("no difference in survival").
_ZERO_WORDS = frozenset(("no", "none"))


@dataclass(frozen=True)
class NumberMention:
    """One number of a sentence: its token, value and form; `rate` is its value as a share.

    `last` is its last token: "Eighty-eight" is read as one number over three tokens."""

    i: int  # token index in the doc
    value: float
    kind: str
    start_char: int
    last: int = -1
    decimals: int = 0  # digits written after the point: how precisely a share is stated

    @property
    def end(self) -> int:
        """The token index after the number."""
        return max(self.i, self.last) + 1

    @property
    def rate(self) -> float | None:
        if self.kind == "percent":
            return self.value / 100 if 0 <= self.value <= 100 else None
        if self.kind == "decimal" and 0 <= self.value <= 1:
            return self.value
        return None


def numbers_in(sent: Span) -> list[NumberMention]:
    """Every number of the sentence, "120/206" as two, "Eighty-eight" and "three" as counts."""
    out = []
    doc = sent.doc
    skip_to = sent.start
    for t in sent:
        if t.i < skip_to:
            continue
        if t.lower_ in _ZERO_WORDS and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "."):
            out.append(NumberMention(t.i, 0.0, "int", t.idx))
            continue
        spelled = _spelled(t, sent.end)
        if spelled is not None:
            value, last = spelled
            skip_to = last + 1
            if not _a_period(doc, last):
                out.append(NumberMention(t.i, float(value), "int", t.idx, last))
            continue
        text = t.text.replace("·", ".")
        slash = _SLASH.fullmatch(text)
        if slash:
            out.append(NumberMention(t.i, float(slash.group(1)), "slash_num", t.idx))
            out.append(NumberMention(t.i, float(slash.group(2)), "slash_den", t.idx))
            continue
        if not _NUMBER.fullmatch(text) or _a_period(doc, t.i):
            continue
        value = float(text)
        nxt = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        if nxt in ("%", "percent"):
            kind = "percent"
        elif "." in text:
            kind = "decimal"
        else:
            kind = "int"
        decimals = len(text.split(".")[1]) if "." in text else 0
        out.append(NumberMention(t.i, value, kind, t.idx, decimals=decimals))
    return out


_PERIODS = frozenset({"year", "month", "week", "day", "hour", "minute"})


def _a_period(doc: Doc, last: int) -> bool:
    """Whether the number ending at token `last` names a period ("Five-year survival", "a
    2-year follow-up", "two years after"): no count, nor a share."""
    if last + 1 < len(doc) and doc[last + 1].lower_.rstrip("s") in _PERIODS:
        return True  # "Two years after treatment", "at 3 months"
    return (
        last + 2 < len(doc)
        and doc[last + 1].text in ("-", "‐", "–")
        and doc[last + 2].lower_ in _PERIODS
    )


def _spelled(token, sent_end: int) -> tuple[int, int] | None:
    """(value, last token index) of a count written in words below 100 ("three",
    "Eighty-eight", "twenty one"); "one" only before a word, as in "one patient"."""
    word = token.lower_
    if word not in _SPELLED:
        return None
    doc = token.doc
    value, last = _SPELLED[word], token.i
    if word in _TENS:
        nxt = token.i + 1
        if nxt < sent_end and doc[nxt].text in ("-", "‐", "–") and nxt + 1 < sent_end:
            nxt += 1
        unit = doc[nxt].lower_ if nxt < sent_end else ""
        if unit in _UNITS[1:10]:
            value, last = value + _UNITS.index(unit), nxt
    if word == "one" and (last + 1 >= sent_end or not doc[last + 1].is_alpha
                          or doc[last + 1].lower_ in ("of", "another", "or", "and")):  # fmt: skip
        return None
    return value, last


def features(
    number: NumberMention,
    numbers: list[NumberMention],
    outcome: Span,
    drug: Span | None,
    sent_ents: list[Span],
    comparator: bool = False,
) -> numpy.ndarray:
    """The features of one number for (drug, outcome) in its sentence (`FEATURES` order);
    `comparator`: the text names the drug as what another is compared with ("versus X"), so
    of "71% versus 52%" the figure after "versus" is more likely its own."""
    doc = outcome.doc
    x = numpy.zeros(len(FEATURES), dtype="float64")

    def on(name: str) -> None:
        x[_INDEX[name]] = 1.0

    on("bias")
    on(f"kind={number.kind}")
    i = number.i
    after = i >= outcome.end
    j = number.end - 1  # the number's last token: what follows it starts at j + 1
    if after:
        on("after_outcome")
        on(f"kind={number.kind}&after_outcome")
    distance = i - outcome.end if after else outcome.start - j
    for d in _DISTANCE:
        if distance <= d:
            on(f"distance<={d}")
            break
    else:
        on("distance>20")
    lo, hi = (outcome.end, i) if after else (i, outcome.start)
    outcomes = [e for e in sent_ents if e.label_ == "OUTCOME" and e.start != outcome.start]
    # "7 (13%) complete responses, 34 (62%) partial responses": a number sitting closer to
    # another outcome of the sentence is that outcome's.
    if all(distance <= _gap(number, e) for e in outcomes):
        on("nearest_outcome")
        on(f"kind={number.kind}&nearest_outcome")
        on("nearest_outcome_after" if after else "nearest_outcome_before")
    if doc[i].is_alpha:
        on("spelled")
    if doc[i].lower_ in _ZERO_WORDS or doc[i].lower_ == "zero":
        on("zero_word")
        on("zero_word&population_follows" if _counts_a_population(doc, i)
           else "zero_word&outcome_follows")  # fmt: skip
    prev = doc[i - 1] if i - 1 >= outcome.sent.start else None
    # "4 (10%) complete responses, 21 (52%) partial responses": a figure right before a measure
    # is that measure's.
    opens = _figure_end(number, doc, outcome.sent.end)
    if opens is not None and outcome.start == opens:
        on("figure_opens_outcome")
    if opens is not None and any(e.start == opens for e in outcomes):
        on("figure_opens_other_outcome")
    # "including 15 complete responses": a count that the measure's name follows is its count;
    # "grade 3 neutropenia" names a grade.
    if (
        number.kind == "int"
        and outcome.start == number.end
        and (prev is None or prev.lower_ not in _LABELLED)
    ):
        on("count_names_outcome")
    # "30 had a complete response and 15 (29%) had a partial response": the figure is the
    # subject of the verb whose object is the measure, however the parser attached it.
    named = _clause_object(number, doc, outcome.sent.end)
    if named is not None:
        listed = _listed_from(named, [outcome, *outcomes], doc)
        on("clause_opens_outcome" if outcome in listed else "clause_opens_other_outcome")
    # The parse tells which measure a figure belongs to where word distance does not ("two
    # patients (5%) had a complete response and 12 patients (30%) a partial response").
    if doc.has_annotation("DEP"):
        length, conj = _tree_path(doc[i], outcome.root)
        on("tree_path<=2" if length <= 2 else "tree_path<=4" if length <= 4 else "tree_path>4")
        if conj:
            on("tree_path_conj")
        if all(length <= _tree_path(doc[i], e.root)[0] for e in outcomes):
            on("tree_nearest_outcome")
    between = sum(1 for e in outcomes if lo <= e.start and e.end <= hi)
    on("outcomes_between=0" if between == 0 else "outcomes_between=1" if between == 1
       else "outcomes_between>1")  # fmt: skip
    same = sum(1 for n in numbers if n.kind == number.kind and lo < n.i < hi)
    on("same_kind_between=0" if same == 0 else "same_kind_between=1" if same == 1
       else "same_kind_between>1")  # fmt: skip
    sent = outcome.sent
    # A percentage's next word is its "%" sign.
    nxt = doc[j + 1] if j + 1 < sent.end else None
    _word(on, prev, _PREV, "prev")
    _word(on, nxt, _NEXT, "next")
    # "between the two arms", "after 3 cycles": a count of the study's design, not of people.
    if nxt is not None and nxt.lower_ in _DESIGN_UNITS:
        on("counts_design_unit")
    role = "comparator" if comparator else "main"
    if comparator:
        on("comparator")
    # "versus 52%", "(vs 52%", "compared with none of 10": the comparison word just before
    if any(t.lower_ in VERSUS for t in doc[max(sent.start, i - 2) : i]):
        on(f"{role}&after_versus")
    if nxt is not None and (
        nxt.lower_ in VERSUS
        or (nxt.text == "%" and j + 2 < sent.end and doc[j + 2].lower_ in VERSUS)
    ):
        on(f"{role}&before_versus")
    window = [t.lower_ for t in doc[max(sent.start, i - 5) : i]]
    if in_brackets(sent, i):
        on("in_brackets")
    if "ci" in window or "confidence" in window or "interval" in window:
        on("ci_near")
    ahead = [t.lower_ for t in doc[j + 1 : min(sent.end, j + 4)]]
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
        and j + 2 < len(doc)
        and doc[j + 1].text in "(["
        and (j + 3 < len(doc) and doc[j + 3].text in ("%", "percent"))
    ):
        on("count_before_percent")
    if number.kind == "int":
        # "20 patients (27.4%)": a count whose share is stated next to it.
        ahead_tokens = doc[j + 1 : min(sent.end, j + 6)]
        for k, t in enumerate(ahead_tokens[:-2]):
            if (
                t.text in "(["
                and _NUMBER.fullmatch(ahead_tokens[k + 1].text)
                and (ahead_tokens[k + 2].text in ("%", "percent"))
            ):
                on("share_follows")
                break
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
    if j + 2 < sent.end and doc[j + 1].lower_ == "of" and _NUMBER.fullmatch(doc[j + 2].text):
        on("before_of_number")
    return x


def _figure_end(number: NumberMention, doc: Doc, sent_end: int) -> int | None:
    """The token after a count with its share in brackets ("4 (10%)"), for the count and for
    the share; None for any other number."""
    if number.kind == "int":
        k = number.end
        if not (k + 3 < sent_end and doc[k].text in "([" and _NUMBER.fullmatch(doc[k + 1].text)
                and doc[k + 2].text in ("%", "percent")):  # fmt: skip
            return None
        k += 3
    elif number.kind == "percent":
        k = number.end + 1
        before = doc[number.i - 2] if number.i >= 2 else None
        if not (before is not None and doc[number.i - 1].text in "([" and before.like_num):
            return None
    else:
        return None
    return k + 1 if k < sent_end and doc[k].text in ")]" else None


_FIGURE_WORDS = frozenset(("%", "percent", "(", ")", "[", "]", "of", "the", "these", "those"))


def _clause_object(number: NumberMention, doc: Doc, sent_end: int) -> tuple[int, int] | None:
    """The tokens where the measure a figure counts may start: after the figure with its share
    and the group it counts, a verb or two ("15 (29%) had a partial response", "75% of
    patients achieved a complete response", "three patients (4%) who experienced a complete
    response") or "with" ("20 patients (27%) with a partial response"), up to three
    determiners, adjectives or numbers on. None when neither follows the figure."""
    k = number.end
    while k < sent_end and k - number.end < 8 and (
        doc[k].lower_ in _FIGURE_WORDS or doc[k].lower_ in POPULATION or doc[k].like_num
    ):  # fmt: skip
        k += 1
    if k < sent_end and doc[k].lower_ == "with" and doc[k - 1].lower_ in POPULATION | {")"}:
        k += 1
    else:
        if k < sent_end and doc[k].tag_ in ("WP", "WDT"):
            k += 1
        verbs = 0
        while k < sent_end and verbs < 3 and (doc[k].tag_.startswith("VB") or doc[k].tag_ == "RB"):
            verbs += doc[k].tag_.startswith("VB")
            k += 1
        if not verbs or doc[k - 1].tag_ == "RB":
            return None
    start = k
    while k < sent_end and k - start < 3 and doc[k].tag_ in ("DT", "JJ", "CD", "RB"):
        k += 1
    # "24 of the 27 were negative for minimal residual disease", "were free of progression".
    if k < sent_end and k > start and doc[k - 1].tag_ == "JJ" and doc[k].lower_ in ("for", "of"):
        k += 1
    return (start, k) if start < sent_end else None


def _listed_from(where: tuple[int, int], outcomes: list[Span], doc: Doc) -> list[Span]:
    """The measures named from `where` on: the one starting there and those listed after it
    ("had fever and vomiting", "had fever, rash or vomiting"); none when no measure starts
    there."""
    by_start = sorted(outcomes, key=lambda e: e.start)
    listed = [e for e in by_start if where[0] <= e.start <= where[1]][:1]
    for e in by_start:
        if listed and e.start > listed[-1].end - 1:
            between = doc[listed[-1].end : e.start]
            if len(between) <= 2 and all(t.lower_ in (",", "and", "or") for t in between):
                listed.append(e)
    return listed


_COUNTED = frozenset(("patient", "participant", "child", "case", "one", "of"))


def _adjectives(doc: Doc, i: int) -> int:
    """How many words from token i on qualify the people counted ("evaluable", "treated")."""
    k = i
    while k < len(doc) and k - i < 2 and doc[k].tag_ in ("JJ", "VBN"):
        k += 1
    return k - i


def _of_the_patients(doc: Doc, share: NumberMention, others: Sequence[NumberMention]) -> bool:
    """Whether the share is said to be of the people studied ("78.9% of patients", "in 40% of
    the participants"), not of some other whole ("40% of the dose", "60% of cells"); a share
    left bare after one said so is of them too ("... in 78.9% of patients, a partial response
    in 15.8%")."""

    def of_what(number: NumberMention) -> list[str]:
        i = number.end + (number.end < len(doc) and doc[number.end].text == "%")
        return [t.lower_ for t in doc[i : i + 3]]

    def of_patients(words: list[str]) -> bool:
        return (
            words[:1] == ["of"]
            and len(words) >= 2
            and (
                words[1] in POPULATION
                or (len(words) == 3 and words[1] in ("the", "all") and words[2] in POPULATION)
            )
        )

    words = of_what(share)
    if words[:1] == ["of"]:
        return of_patients(words)
    return any(o.i < share.i and o.kind == share.kind and of_patients(of_what(o)) for o in others)


def _counts_a_population(doc: Doc, i: int) -> bool:
    """The word after token `i` is who or what was counted: "no patients", "none of"."""
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    return nxt in POPULATION or nxt in _COUNTED


def counts_for(number: NumberMention, outcome: Span) -> bool:
    """Whether `number` may count `outcome` at all: none in its name. A zero word counts the
    noun it governs: people or cases ("no patient had X", "no cases of X") or the outcome
    itself, after at most two modifiers ("no grade 4 events"), never another noun ("no
    difference in survival")."""
    doc = outcome.doc
    i = number.i
    if outcome.start <= i < outcome.end:
        return False  # part of the measure's name ("six-minute walk distance", "PASI 75")
    if doc[i].lower_ not in _ZERO_WORDS:
        return True
    if _counts_a_population(doc, i):
        return True
    between = doc[i + 1 : outcome.start]
    return 0 < outcome.start - i <= 3 and not any(t.pos_ in ("NOUN", "PROPN") for t in between)


def _all_of(outcome: Span, cohorts: Sequence[int]) -> int | None:
    """The group size when the outcome's sentence says all of a group had it before naming it:
    "all 22 patients" (22), "All patients" (the group last stated)."""
    doc = outcome.doc
    for t in doc[outcome.sent.start : outcome.start]:
        if t.lower_ != "all":
            continue
        k = t.i + 1
        if k < outcome.start and doc[k].lower_ in ("the", "of"):
            k += 1
        size = None
        if k < outcome.start and doc[k].like_num and doc[k].text.isdigit():
            size, k = int(doc[k].text), k + 1
        if k < outcome.start and doc[k].lower_ in POPULATION | _COUNTED:
            return size if size is not None else (cohorts[-1] if cohorts else None)
    return None


def _a_level(number: NumberMention, doc: Doc) -> bool:
    """Whether the share names a confidence interval's level ("95% CI"), never a result."""
    after = doc[number.end : number.end + 3]
    return number.kind == "percent" and any(t.lower_ in ("ci", "confidence") for t in after)


def _can_be(number: NumberMention, role: str) -> bool:
    if role == "rate":
        return number.rate is not None
    if role in ("n", "N"):
        whole = number.kind not in ("percent", "decimal") and number.value == int(number.value)
        return whole and (role == "n" or number.value > 0)
    return True


def _share_beside(count: NumberMention, numbers: list[NumberMention], doc: Doc):
    """The percentage in brackets right after a count ("12 (30%)", "12 patients (30%)")."""
    if count.kind != "int":
        return None
    for number in numbers:
        if number.kind == "percent" and count.end < number.i <= count.end + 3:
            between = doc[count.end : number.i]
            if between[-1].text in "([" and all(t.is_alpha or t.text in "([" for t in between):
                return number if number.rate is not None else None
    return None


def _tree_path(a, b) -> tuple[int, bool]:
    """Arcs between two tokens in the parse, and whether a coordination arc is among them."""
    up_a = [a, *a.ancestors]
    index_a = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate([b, *b.ancestors]):
        if t.i in index_a:
            path = up_a[: index_a[t.i]] + [b, *b.ancestors][:k]
            return index_a[t.i] + k, any(x.dep_ == "conj" for x in path)
    return 99, False


def in_brackets(sent: Span, i: int) -> bool:
    """Whether token `i` of `sent` stands inside a bracket opened before it in the sentence."""
    depth = 0
    for t in sent.doc[sent.start : i]:
        depth += (t.text in "([") - (t.text in ")]")
    return depth > 0


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a verb of its own clause, not "including"


def _past_another(number: NumberMention, outcome: Span, sent_ents: list[Span]) -> bool:
    """Whether the number comes after another outcome whose own clause stands between
    ("Median overall survival was 15.2 months, and the response rate was 40%": the 40% is
    the response rate's), not one listed with it ("ORR and CR rates were 60% and 30%,
    respectively")."""
    if number.i < outcome.end:
        return False
    others = [
        e for e in sent_ents
        if e.label_ == "OUTCOME" and e.kb_id_ != outcome.kb_id_
        and outcome.end <= e.start and e.end <= number.i
    ]  # fmt: skip
    if not others:
        return False
    gap = outcome.doc[outcome.end : min(e.start for e in others)]
    return any(t.tag_ in _FINITE for t in gap) and not any(
        t.lower_ == "respectively" for t in outcome.sent
    )


def _clause_apart(number: NumberMention, outcome: Span) -> bool:
    """Whether a clause boundary (";", ", and", ", while") stands between number and outcome."""
    doc = outcome.doc
    lo, hi = (outcome.end, number.i) if number.i >= outcome.end else (number.end, outcome.start)
    words = [t.lower_ for t in doc[lo:hi]]
    return ";" in words or any(
        a == "," and b in _CLAUSE_LINKS for a, b in zip(words, words[1:], strict=False)
    )


_CLAUSE_LINKS = frozenset({"and", "but", "while", "whereas", "although", "with"})


def _gap(number: NumberMention, span: Span) -> int:
    """Tokens between a number and a span, on whichever side."""
    return number.i - span.end if number.i >= span.end else span.start - (number.end - 1)


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
        self,
        outcome: Span,
        drug: Span | None,
        sent_ents: list[Span],
        cohorts: Sequence[int] = (),
        comparator: bool = False,
        arms: Arms | None = None,
    ) -> dict[str, float | int]:
        """rate / n / N of `outcome` for `drug` in the outcome's sentence; `cohorts` are the
        group sizes the text stated before it (`stated_cohorts`), the latest last;
        `comparator`: the drug is named as what another is compared with (`is_comparator`);
        `arms`: the sentence's `arms.figure_arms`, where the caller has them."""
        numbers = [number for number in numbers_in(outcome.sent) if counts_for(number, outcome)]
        # Figures stated for another arm of a comparison are read as context, never taken.
        if arms is None:
            arms = figure_arms(outcome.sent, sent_ents)
        theirs = {id(number) for number in numbers if of_another_arm(number.i, drug, arms)}
        probs = {
            id(number): self.probabilities(
                features(number, numbers, outcome, drug, sent_ents, comparator)
            )
            for number in numbers
        }
        best: dict[str, tuple[float, NumberMention]] = {}
        for number in numbers:
            if id(number) in theirs:
                continue
            for k, role in enumerate(ROLES[1:], start=1):
                if not _can_be(number, role) or (role == "rate" and _a_level(number, outcome.doc)):
                    continue
                p = probs[id(number)][k]
                if p >= self.threshold and p > best.get(role, (0.0, None))[0]:
                    best[role] = (float(p), number)
        for role in ("rate", "n"):
            if role in best and _past_another(best[role][1], outcome, sent_ents):
                del best[role]
        # "2 patients (5%) had a complete response and 12 (30%) a partial response": a count and
        # the share written beside it are one finding, taken or left together -- the pair the
        # model finds likeliest as (n, rate), when it is at least as likely as its separate picks.
        n_idx, rate_idx = ROLES.index("n"), ROLES.index("rate")
        pairs = [
            (probs[id(count)][n_idx] * probs[id(share)][rate_idx], count, share)
            for count in numbers
            if id(count) not in theirs
            and _can_be(count, "n")
            and (share := _share_beside(count, numbers, outcome.doc))
        ]
        if pairs:
            score, count, share = max(pairs, key=lambda pair: pair[0])
            separate = best.get("n", (self.threshold,))[0] * best.get("rate", (self.threshold,))[0]
            if score >= self.threshold**2 and score >= separate * 1.0:
                best["n"] = (float(probs[id(count)][n_idx]), count)
                best["rate"] = (float(probs[id(share)][rate_idx]), share)
        # The share written beside the count ("7 (13%)") is that count's, whatever else the
        # model took for the rate.
        beside = _share_beside(best["n"][1], numbers, outcome.doc) if "n" in best else None
        if beside is not None:
            best["rate"] = (best["n"][0], beside)
        elif "n" in best and "rate" in best:
            # ... and not the share of another count ("30 had a complete response and 15 (29%)
            # had a partial response": 29% is the 15's).
            share, mine = best["rate"][1], (best["n"][1], best.get("N", (0, None))[1])
            if any(all(c is not m for m in mine) and _share_beside(c, numbers, outcome.doc) is share
                   for c in numbers):  # fmt: skip
                del best["rate"]
        elif "rate" in best:
            # The count a chosen share is written beside is the measure's count ("14 patients
            # (35%) with a partial response").
            share, group = best["rate"][1], best.get("N", (0, None))[1]
            count = next((c for c in numbers if c is not group
                          and _share_beside(c, numbers, outcome.doc) is share), None)  # fmt: skip
            if count is not None:
                best["n"] = (best["rate"][0], count)
        # One figure states one thing: a count is not both the group and those who had it.
        if "n" in best and "N" in best and best["n"][1] is best["N"][1]:
            del best["N" if best["n"][0] >= best["N"][0] else "n"]
        out: dict[str, float | int] = {}
        if "rate" in best:
            out["rate"] = round(best["rate"][1].rate, 4)
        for role in ("n", "N"):
            if role in best:
                out[role] = int(best[role][1].value)
        if "rate" in out and out.get("N", 99) < 20 and not _whole_share(best["rate"][1], out["N"]):
            # 35% of 2 is no count of people: that figure is not the group. (Of larger groups a
            # survival estimate need not be a whole count's share.)
            del out["N"]
        if "n" in out and "N" in out and out["n"] > out["N"]:
            del out["n"]
        disagree = {"n", "N", "rate"} <= out.keys() and (
            abs(out["n"] / out["N"] - out["rate"]) > _rounding(best["rate"][1]) + 1e-9
        )
        if disagree:
            # Three figures that disagree count different things: a count or share told in
            # another clause than the measure ("CAR T cells persisted in 8 patients, and the
            # complete remission rate was 58%", of 12), else the group ("5 patients achieved
            # a partial response (25%)" in an arm of the 45 assessed).
            apart = [r for r in ("n", "rate") if _clause_apart(best[r][1], outcome)]
            for role in apart[:1] or ["N"]:
                del out[role]
        if out.get("n", 0) > 0 and out.get("rate", 0) > 0 and "N" not in out:
            total = _denominator(out["n"], best["rate"][1], cohorts)
            if total is not None:
                out["N"] = total
            elif _share_beside(best["n"][1], numbers, outcome.doc) is not best["rate"][1]:
                # No group has the count as the share: one of them is of something else. A
                # share said to be of the people studied is the measure's ("nine children and
                # two adults, 64% of patients are in remission"); another is not ("Two dogs had
                # a partial response, with tumours shrinking by more than 30%").
                share = best["rate"][1]
                del out["n" if _of_the_patients(outcome.doc, share, numbers) else "rate"]
        if "n" not in out and "rate" not in out:
            everyone = _all_of(outcome, [*cohorts, out["N"]] if "N" in out else cohorts)
            if everyone is not None:  # "all 22 patients", "All patients developed X"
                out = {"rate": 1.0, "n": everyone, "N": everyone}
        if out.get("n", 0) > 0 and "N" not in out and "rate" not in out:
            # "Two participants had infusion-related reactions": of the group last stated larger
            # than the count (the count itself, "Two participants", is a stated group too).
            total = next((size for size in reversed(cohorts) if size > out["n"]), None)
            if total is not None:
                out["N"] = total
        if out.get("n") == 0:
            if out.get("rate", 0) > 0:
                del out["n"]  # a share of more than none: the zero counted something else
            else:
                out["rate"] = 0.0
                if "N" not in out and cohorts:
                    out["N"] = cohorts[-1]
        if "rate" not in out and out.get("N", 0) > 0 and "n" in out:
            out["rate"] = round(out["n"] / out["N"], 4)
        if "rate" in out and "n" not in out and "N" not in out:
            # "Among 40 evaluable patients ..., the response rate was 35%": the one group the
            # sentence counts, when the share is a whole count of it, is the share's N.
            doc = outcome.doc
            groups = [
                c for c in numbers
                if c.kind == "int" and c.value > 0 and id(c) not in theirs
                and _counts_a_population(doc, c.end - 1 + _adjectives(doc, c.end))
            ]  # fmt: skip
            if len(groups) == 1 and _whole_share(best["rate"][1], int(groups[0].value)):
                out["N"] = int(groups[0].value)
            elif (
                not groups
                and cohorts
                and _of_the_patients(doc, best["rate"][1], numbers)
                and _whole_share(best["rate"][1], cohorts[-1])
            ):
                # "Among the 19 treated patients, ... a complete response in 78.9% of patients":
                # a share of the patients, no group counted in its sentence, is of the group
                # the text stated last, when it is a whole count of it.
                out["N"] = cohorts[-1]
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


POPULATION = frozenset((
    "patients", "participants", "adults", "children", "subjects", "people", "infants", "women",
    "men", "individuals", "volunteers", "eyes", "cases", "evaluable", "assessable", "enrolled",
    "treated", "randomized", "randomised", "eligible", "pediatric", "adult", "consecutive",
))  # fmt: skip


_COHORTS_KEY = "biokg.number_roles.cohorts"


def stated_cohorts(doc: Doc, end: int) -> list[int]:
    """The group sizes stated before token `end` ("73 patients", "55 evaluable patients",
    "Forty-five patients", the 104 of "99 of 104"), in text order."""
    return [size for i, size in _cohort_marks(doc) if i < end]


def _cohort_marks(doc: Doc) -> list[tuple[int, int]]:
    """(token index, size) of every group size the document states. Kept in `doc.user_data`:
    every outcome of a long text asks for them, and reading the text each time made its
    outcome numbers quadratic in its length."""
    marks = doc.user_data.get(_COHORTS_KEY)
    if marks is not None:
        return marks
    marks = []
    for sent in doc.sents:
        numbers = numbers_in(sent)
        for number in numbers:
            if number.kind != "int" or number.value < 2:
                continue
            after = doc[number.end : min(sent.end, number.end + 2)]
            # "99 of 104 sem-cel patients": the number after "N of" is a group however it
            # goes on.
            of_count = (number.i - 2 >= sent.start and doc[number.i - 1].lower_ == "of"
                        and doc[number.i - 2].like_num)  # fmt: skip
            # "40 patients (83%) were able to stop": a count with its share is of a group.
            shared = (
                len(after) == 2
                and after[1].text == "("
                and _share_beside(number, numbers, doc) is not None
            )
            if of_count or (
                after and after[0].lower_ in POPULATION and not _has_outcome(after) and not shared
            ):
                marks.append((number.i, int(number.value)))
    doc.user_data[_COHORTS_KEY] = marks
    return marks


def _has_outcome(group: Span) -> bool:
    """Whether "N patients" are counted as having an outcome rather than stated as a group:
    the subject of a verb whose object is an OUTCOME ("Twelve patients had a partial response
    and four had stable disease": the four are of the thirty treated, not of the twelve)."""
    head = next((t for t in group if t.dep_ in ("nsubj", "nsubjpass")), None)
    if head is None:
        return False
    verb = head.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
    return any(t.ent_type_ == "OUTCOME" for o in objects for t in o.subtree)


def _denominator(n: int, rate: NumberMention, cohorts: Sequence[int]) -> int | None:
    """The group size that `n` and its stated share imply: the latest stated group size for
    which n/N rounds to the share as written ("3 (4.1%)" after "73 patients" -> 73), else
    the size nearest to n / share when it fits ("12 patients (22%)" -> 55)."""
    tolerance = _rounding(rate)
    share = rate.rate
    if share is None or share <= 0:
        return None

    def fits(total: int) -> bool:
        return total >= n and abs(n / total - share) <= tolerance + 1e-9

    for total in reversed(cohorts):
        if fits(total):
            return total
    nearest = round(n / share)
    return nearest if fits(nearest) else None


def _whole_share(rate: NumberMention, total: int) -> bool:
    """Whether some whole count out of `total` rounds to the share as written."""
    share = rate.rate
    if share is None or total <= 0:
        return False
    return abs(round(share * total) / total - share) <= _rounding(rate) + 1e-9


def _rounding(rate: NumberMention) -> float:
    """How far the true share may lie from the share as written ("4.1%": 0.0005)."""
    return 0.5 * 10**-rate.decimals / (100 if rate.kind == "percent" else 1)


def rate_matches(gold: float, number: NumberMention) -> bool:
    value = number.rate
    return value is not None and math.isclose(value, gold, abs_tol=0.0015)
