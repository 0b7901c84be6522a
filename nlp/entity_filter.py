"""Which recognised entities the document names as what their type means.

The recognisers find spans that look like a type without asking what the text does with them:
an adverse event ("grade 3 rash", "fever in the first week") is read as a DISEASE, a generic
class ("rare diseases", "blood cancers") or a modality as a DISEASE or DRUG, a word of a protein
complex as a GENE. The annotation standard (`GUIDE.md`: "Adverse events are NOT diseases",
generic modalities are not drugs) leaves those out, and so should the graph.

`EntityFilter` is a logistic model over sparse features of one assembled entity: its type, the
words of its name, the words around its mentions, how often and where it is named, whether it
is linked to an ontology, and which relations it takes part in. It gives the probability that
the entity belongs in the graph; an entity below its type's threshold is dropped with its
relations. The weights are learned from the annotation corpus by
`nlp/training/entity_filter.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from biokg.nlp.sparse_logistic import SparseLogistic

from biokg.model import Entity, Relation

ENTITY_FILTER_FILE = "entity_filter.json"

_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
# A window of context stops at the end of its sentence.
SENTENCE_END = re.compile(r"[.!?;]\s|\n")
_WINDOW = 4
# Words that make a sentence a report of harms: what it names may be an adverse event, not a
# disease the text is about ("Side effects included diarrhoea, hypertension and rash").
HARM_WORDS = frozenset({
    "adverse", "side", "toxicity", "toxicities", "safety", "tolerability", "tolerated",
    "discontinuation", "discontinued", "grade", "reactions", "complications", "events",
})  # fmt: skip
_SENTENCE_REACH = 300
# Attributes of a relation that are figures the text states.
FIGURES = frozenset({"rate", "n", "N", "duration", "HR"})
_REACH = 80  # characters searched for the window's words each side


def words(text: str) -> list[str]:
    return [w.casefold() if not w.isdigit() else "<num>" for w in _WORD.findall(text)]


def left_words(text: str, start: int) -> list[str]:
    before = text[max(0, start - _REACH) : start]
    cut = list(SENTENCE_END.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    return words(before)[-_WINDOW:]


def right_words(text: str, end: int) -> list[str]:
    after = text[end : end + _REACH]
    cut = SENTENCE_END.search(after)
    if cut:
        after = after[: cut.start()]
    return words(after)[:_WINDOW]


def sentence_words(text: str, start: int, end: int, reach: int = _SENTENCE_REACH) -> list[str]:
    """The words of the sentence around text[start:end], at most `reach` characters each side."""
    before = text[max(0, start - reach) : start]
    cut = list(SENTENCE_END.finditer(before))
    if cut:
        before = before[cut[-1].end() :]
    after = text[end : end + reach]
    stop = SENTENCE_END.search(after)
    if stop:
        after = after[: stop.start()]
    return words(before) + words(after)


def features(
    entity_type: str,
    name: str,
    aliases: Sequence[str],
    mentions: Sequence[tuple[int, int]],
    linked: bool,
    roles: Iterable[tuple[str, str, float, bool]],
    text: str,
) -> set[str]:
    """The features of one entity. `roles` are (predicate, "subject"|"object", confidence,
    whether the relation states figures) of the relations it takes part in."""
    t = entity_type
    out = {f"type={t}"}

    def add(feature: str) -> None:
        out.add(feature)
        out.add(f"{t}|{feature}")

    n = len(mentions)
    add(f"mentions={min(n, 5)}")
    add(f"linked={linked}")
    name_words = words(name)
    add(f"name_words={min(len(name_words), 4)}")
    if name.isupper():
        add("upper")
    if any(c.isdigit() for c in name):
        add("digit")
    if name[:1].isupper():
        add("capitalised")
    if aliases:
        add("aliases")
    for word in set(name_words):
        add(f"w={word}")
        # Word endings carry the naming conventions of a type to names never seen in training
        # ("-mab", "-tinib", "-leucel"; "-itis", "-oma"; "-ase").
        if len(word) > 5:
            add(f"s3={word[-3:]}")
            add(f"s5={word[-5:]}")
    if name_words:
        add(f"head={name_words[-1]}")
    for alias in aliases:
        for word in set(words(alias)):
            add(f"aw={word}")
    first = min((m[0] for m in mentions), default=0)
    # Where the text first names it, as a fifth of the text: in a two-sentence note everything
    # is within the first 500 characters, which in an abstract marks the topic.
    add(f"first={min(5 * first // max(len(text), 1), 4)}")
    for start, end in mentions:
        left, right = left_words(text, start), right_words(text, end)
        for word in left + right:
            add(f"c={word}")
        add(f"l1={left[-1] if left else '<s>'}")
        add(f"r1={right[0] if right else '</s>'}")
        if left[-2:]:
            add(f"l2={' '.join(left[-2:])}")
        if HARM_WORDS.intersection(sentence_words(text, start, end)):
            add("harm_sentence")
    best = 0.0
    any_role = False
    for predicate, role, confidence, figures in roles:
        any_role = True
        add(f"rel={predicate}:{role}")
        best = max(best, confidence)
        if figures:
            # An outcome the text gives a rate, count or time for is one the text reports,
            # however its name reads elsewhere ("nine achieved complete remission").
            add(f"figures={predicate}:{role}")
    add(f"related={any_role}")
    if any_role:
        add(f"rel_conf={min(int(best * 5), 4)}")
    return out


def entity_features(
    entities: Iterable[Entity], relations: Iterable[Relation], text: str
) -> dict[str, set[str]]:
    """`features` of every entity of one Extraction, by entity id."""
    roles: dict[str, list[tuple[str, str, float, bool]]] = {}
    for r in relations:
        figures = bool(FIGURES.intersection(r.attributes or {}))
        roles.setdefault(r.subject, []).append((str(r.predicate), "subject", r.confidence, figures))
        roles.setdefault(r.object, []).append((str(r.predicate), "object", r.confidence, figures))
    return {
        e.id: features(
            str(e.type),
            e.name,
            e.aliases,
            [(m.start, m.end) for m in e.mentions],
            e.curie is not None,
            roles.get(e.id, ()),
            text,
        )
        for e in entities
    }


class EntityFilter(SparseLogistic):
    """Weights per feature, a bias and per-type thresholds on the probability of keeping."""

    def kept(
        self, entities: Sequence[Entity], relations: Iterable[Relation], text: str
    ) -> set[str]:
        """The ids of the `entities` to keep."""
        by_id = entity_features(entities, relations, text)
        return {e.id for e in entities if self.keeps(str(e.type), by_id[e.id])}
