"""Outcomes a text states as what counted patients did: "9 of the 14 patients responded",
"five relapsed within a year", "5% discontinued treatment because of toxicity".

GUIDE.md's OUTCOME is a clinical result the text gives a number for, named by the measure;
most are nouns ("complete remission in 26 of 31") and the trained NER finds them, but a result
told as a verb whose subject is the count has no noun to find. Here the verb and what completes
it (its object, an adverb, a "without"/"because of" phrase) are the outcome, where the verb is
one that reports a result and the subject counts patients. Verbs that describe who enrolled
("had received", "underwent") are none, nor is a past perfect ("25 had relapsed after X").
So is a therapy's deed told with the patients it was done in: "X shrank tumours in 12 of 30
patients" (the verb and its object), and a target the counted patients reached: "62% reached an
HbA1c below 7.0%" (the measure and its threshold: the share is of patients past it).
And a disease told as a harm that befell counted patients is an outcome, not a disease
(GUIDE.md: adverse events are no diseases; quantified, they are outcomes): "one case of acute
pancreatitis", "hepatitis occurred in 4%", "two developed myocarditis", "no patient had X".
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Verbs that are themselves the result for the patients under treatment. Not "achieved",
# "reached" or "remained": their complement is the measure ("achieved complete remission",
# "remained progression-free"), a noun the trained NER names better.
RESULT_VERBS = frozenset({
    "responded", "respond", "discontinued", "died", "relapsed", "improved", "recovered",
    "regained", "stopped", "became", "cleared",
})  # fmt: skip
# Dependents that complete the result ("improved markedly", "recovered without sequelae",
# "discontinued treatment because of toxicity"), not its circumstances.
_COMPLETING = frozenset({"dobj", "advmod", "acomp", "attr", "oprd", "npadvmod"})
_COMPLETING_PREPOSITIONS = frozenset({"without", "because", "due", "from"})
_CIRCUMSTANCE = frozenset({"after", "at", "in", "by", "within", "during", "over", "to", "on"})
_MAX_WORDS = 6


def _counted(subject: Token) -> bool:
    """Whether the verb's subject counts patients: a number ("22", "Nine of the 14
    patients") or a share ("Eight percent of patients")."""
    return any(t.like_num or t.text in ("%", "percent") for t in subject.subtree)


def _completion(verb: Token) -> int:
    """The end (token index) of the verb's outcome phrase."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "punct" or child.lower_ in _CIRCUMSTANCE:
            break
        if child.dep_ in _COMPLETING or (
            child.dep_ == "prep" and child.lower_ in _COMPLETING_PREPOSITIONS
        ):
            if any(t.like_num for t in child.subtree) or child.right_edge.i >= verb.i + _MAX_WORDS:
                break  # a figure, or a phrase too long to be the result's name
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return end


def _finite(verb: Token) -> bool:
    """A verb that heads its clause; the tagger reads some past tenses as participles
    ("patients given X discontinued treatment")."""
    if verb.tag_ in ("VBD", "VBP", "VBZ"):
        return True
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in ("ROOT", "conj")
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


# Verbs by which a therapy does its deed to the disease, told with the patients it did it in:
# "X shrank tumours in 12 of 30 patients", "X halted disease progression in 21 of 30".
DEED_VERBS = frozenset({
    "shrank", "shrunk", "shrinks", "cleared", "clears", "eliminated", "eliminates",
    "eradicated", "halted", "halts", "reversed", "reverses",
})  # fmt: skip


def _in_counted_patients(head: Token) -> bool:
    """ "in 12 of 30 patients", "in 40% of patients" after the verb or its object."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "in"
        and any(t.like_num or t.text == "%" for t in c.subtree)
        for c in head.rights
    )


# Verbs by which counted patients reach a target told as a measure past a threshold.
TARGET_VERBS = frozenset({"reached", "achieved", "attained"})
_THRESHOLD_WORDS = frozenset({
    "below", "under", "above", "over", "less", "lower", "more", "greater", "<", "≤", ">", "≥",
})  # fmt: skip


def _threshold(head: Token) -> Token | None:
    """The phrase after a measure or its verb that sets a threshold with a figure ("below
    7.0%", "of less than 50 copies per mL")."""
    for child in head.rights:
        if child.dep_ != "prep":
            continue
        words = list(child.subtree)
        if any(t.like_num for t in words) and (
            child.lower_ in _THRESHOLD_WORDS
            or any(t.lower_ in _THRESHOLD_WORDS for t in words[1:3])
        ):
            return child
    return None


def _target_reached(verb: Token) -> Span | None:
    """ "62% of participants reached an HbA1c below 7.0%": the measure and its threshold."""
    measure = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if measure is None or any(t.like_num for t in measure.subtree if t.i < measure.i):
        return None  # "achieved a 75% improvement": a change, not a threshold
    threshold = _threshold(measure) or _threshold(verb)
    if threshold is None or threshold.i < measure.i:
        return None
    start = measure.left_edge.i
    while start < measure.i and measure.doc[start].dep_ in ("det", "predet"):
        start += 1
    return Span(verb.doc, start, threshold.right_edge.i + 1, label="OUTCOME")


def _subjects(verb: Token) -> list[Token]:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subjects


def outcome_clauses(doc: Doc) -> list[Span]:
    """Spans (verb and completion) of results stated as what a count of patients did, or as
    what a therapy did in a count of patients; spans of thresholds counted patients reached."""
    found = []
    for verb in doc:
        if verb.lower_ in DEED_VERBS:
            objects = [c for c in verb.rights if c.dep_ == "dobj"]
            if (
                objects
                and _finite(verb)
                and (_in_counted_patients(verb) or _in_counted_patients(objects[0]))
            ):
                # The deed and what it was done to ("shrank tumours", "halted disease
                # progression"), not the patients it was done in.
                found.append(Span(doc, verb.i, objects[0].i + 1, label="OUTCOME"))
            continue
        if verb.lower_ in TARGET_VERBS:
            subjects = _subjects(verb)
            if subjects and _counted(subjects[0]) and _finite(verb):
                span = _target_reached(verb)
                if span is not None:
                    found.append(span)
            continue
        if verb.lower_ not in RESULT_VERBS or not _finite(verb):
            continue
        if any(c.dep_ == "aux" and c.lower_ in ("had", "has", "have") for c in verb.children):
            continue  # "25 had relapsed after X": what the patients had before
        subjects = _subjects(verb)
        if not subjects or not _counted(subjects[0]):
            continue
        end = _completion(verb)
        found.append(Span(doc, verb.i, end, label="OUTCOME"))
    return found


# Verbs by which a harm befalls patients, with the harm as subject ("hepatitis occurred in 4%")
# or object ("two patients developed myocarditis"). "Had" only of none ("no patient had X"):
# "35 had DLBCL" tells who enrolled.
# (The pipeline has no lemmatizer: the forms are listed.)
_BEFELL = frozenset({
    "occurred", "occur", "occurs", "reported", "observed", "affected", "affects", "noted", "seen",
})  # fmt: skip
_DEVELOPED = frozenset({"developed", "develop", "experienced", "experience"})
_HAD = frozenset({"had", "has", "have"})
_EVENTS = frozenset({"case", "cases", "episode", "episodes", "event", "events"})


def _counts(token: Token, skip: Span) -> bool:
    return any(
        (t.like_num or t.text == "%" or t.lower_ in ("no", "none"))
        and not (skip.start <= t.i < skip.end)
        for t in token.subtree
    )


def _none_of(subject: Token) -> bool:
    return subject.lower_ == "none" or any(
        c.dep_ == "det" and c.lower_ == "no" for c in subject.children
    )


def counted_harm(span: Span) -> bool:
    """Whether a disease span is told as a harm that befell counted patients."""
    head = span.root
    while head.dep_ in ("conj", "appos") and head.head.i != head.i:
        head = head.head  # "myocarditis or thrombotic microangiopathy", "irritation (X)"
    verb = head.head
    if head.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lower_ in _EVENTS:
        events = verb.head  # "one case of acute pancreatitis", "no cases of X"
        return any(
            c.dep_ in ("nummod", "det") and (c.like_num or c.lower_ == "no")
            for c in events.children
        )
    if head.dep_ in ("nsubj", "nsubjpass") and verb.lower_ in _BEFELL:
        return any(_counts(c, span) for c in verb.children if c.i != head.i)
    if head.dep_ == "dobj" and verb.lower_ in _DEVELOPED | _HAD:
        subjects = _subjects(verb)
        if not subjects:
            return False
        if verb.lower_ in _HAD:
            return _none_of(subjects[0])
        return _counted(subjects[0]) or _none_of(subjects[0])
    return False
