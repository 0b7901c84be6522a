"""Which arm of a comparison a figure is stated for.

A sentence that reports one measure for two arms gives each its own figures: "median PFS was
11.2 months with X versus 5.6 months with Y", "complete remission in 30 of 50 patients (60%)
receiving X and in 12 of 48 (25%) receiving Y". A figure followed by a drug with nothing but the
words that name an arm between ("with", "in the ... group", "patients receiving") is that drug's
and no other drug's.
"""

from __future__ import annotations

from spacy.tokens import Span

# The drugs of the arm each figure (by token index) is stated for.
Arms = dict[int, tuple[Span, ...]]

# Words that may stand between a figure and the drug of its arm.
ARM_WORDS = frozenset({
    "with", "in", "on", "for", "among", "of", "receiving", "received", "given", "treated",
    "taking", "who", "were", "the", "a", "an", "those", "patients", "participants", "subjects",
    "people", "children", "adults", "women", "men", "group", "arm", "cohort", "assigned",
    "randomized", "randomised", "to", "%", "percent", "months", "month", "weeks", "week", "days",
    "day", "years", "year", "hours", "hour", "mg", "points",
})  # fmt: skip
# How many words of an arm may stand between: "30 of 50 patients (60%) receiving X".
_REACH = 6


def figure_arms(sent: Span, sent_ents: list[Span]) -> Arms:
    """The drugs of the arm each figure token of the sentence is stated for, where one follows
    it across arm words only; figures inside brackets ("(60%)", "(95% CI, 4.1-6.0)") go with
    the figure before them."""
    drugs = {e.start: e for e in sent_ents if e.label_ == "DRUG"}
    if len(drugs) < 2:
        return {}
    doc = sent.doc
    out: Arms = {}
    for t in sent:
        if not t.like_num or t.i in out:
            continue
        depth, words, pending = 0, 0, [t.i]
        for u in doc[t.i + 1 : sent.end]:
            if u.i in drugs and depth == 0:
                arm = _arm(drugs[u.i], drugs)
                for i in pending:
                    out[i] = arm
                break
            if u.text in ("(", "["):
                depth += 1
            elif u.text in (")", "]"):
                depth -= 1
                if depth < 0:
                    break
            elif depth > 0 or u.like_num:
                if u.like_num:
                    pending.append(u.i)
            elif u.lower_ in ARM_WORDS:
                words += 1
                if words > _REACH:
                    break
            else:
                break
    return out


# What joins the drugs of one arm: "X plus Y", "X and Y", "X in combination with Y", "X + Y".
_JOINING = frozenset({"plus", "and", "with", "+", ",", "in", "combination", "or", "/"})


def _arm(first: Span, drugs: dict[int, Span]) -> tuple[Span, ...]:
    """The drug a figure's arm names first and those joined to it ("X plus Y")."""
    arm, doc, at = [first], first.doc, first.end
    while True:
        i = at
        while i < first.sent.end and doc[i].lower_ in _JOINING and i - at < 3:
            i += 1
        if i == at or i not in drugs:
            return tuple(arm)
        arm.append(drugs[i])
        at = drugs[i].end


def _same(a: Span, b: Span) -> bool:
    if a.kb_id_ and b.kb_id_:
        return a.kb_id_ == b.kb_id_
    return (a.start, a.end) == (b.start, b.end)


def of_another_arm(i: int, drug: Span | None, arms: Arms) -> bool:
    """Whether the figure at token `i` is stated for an arm without `drug` (another entity;
    with `drug` None, for any drug)."""
    arm = arms.get(i)
    if arm is None:
        return False
    return drug is None or not any(_same(d, drug) for d in arm)


_UNITS = frozenset({"day", "week", "month", "year", "hour"})


def _times(sent: Span) -> list[tuple[int, str]]:
    """The times the sentence states, as `outcome_numbers.stated_duration` writes them."""
    out = []
    for t in sent[:-1]:
        unit = t.nbor().lower_.rstrip("s")
        if t.like_num and unit in _UNITS:
            out.append((t.i, f"{t.text} {unit if t.text == '1' else unit + 's'}"))
    return out


def arm_duration(sent: Span, drug: Span | None, arms: Arms, duration: str | None) -> str | None:
    """The outcome time of `drug`'s arm: the time stated for it, else `duration` unless every
    place the sentence states that time is another arm's ("11.2 months with X versus 5.6
    months with Y": Y's is 5.6 months, not 11.2)."""
    times = _times(sent)
    own = [text for i, text in times if i in arms and not of_another_arm(i, drug, arms)]
    if own and duration is not None:
        return own[0]
    places = [i for i, text in times if text == duration]
    if places and all(of_another_arm(i, drug, arms) for i in places):
        return None
    return duration


def a_later_arm(drug: Span | None, arms: Arms) -> bool:
    """Whether `drug`'s figures come after another arm's: the arm it is compared with, whose
    comparison (a hazard ratio, a cut in risk) is not its own."""
    if drug is None:
        return False
    own = [i for i in arms if not of_another_arm(i, drug, arms)]
    return bool(own) and any(of_another_arm(i, drug, arms) for i in arms if i < min(own))
