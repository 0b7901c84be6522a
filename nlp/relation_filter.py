"""Which relations the document states, judged from the whole relation rather than one score.

The relation steps score a pair from the sentence and the document around it; some errors show
only in what the two ends are: a regulator next to an approval taken as a drug's developer
("the Food and Drug Administration approved X"), a journal or a place read as an affiliation.
`RelationFilter` is a logistic model (`sparse_logistic.py`) over sparse features of one
relation: its predicate and confidence, the words and word endings of both ends' names, the words
between the two ends in the evidence sentence, how many relations of the predicate share its
subject or object, how often each end is named. Below its predicate's threshold a relation is
dropped; a predicate without one is kept whole (the shipped weights threshold only predicates
with an end outside GENE, DISEASE and DRUG, see `nlp/training/relation_filter.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from biokg.nlp.entity_filter import words
from biokg.nlp.sparse_logistic import SparseLogistic

from biokg.model import Entity, Relation

RELATION_FILTER_FILE = "relation_filter.json"
_BETWEEN = 6  # words between the two ends read as features, at most


def _name_features(role: str, entity: Entity) -> set[str]:
    out = {f"{role}_type={entity.type}", f"{role}_mentions={min(len(entity.mentions), 4)}"}
    name_words = words(entity.name)
    out.add(f"{role}_words={min(len(name_words), 4)}")
    for word in set(name_words):
        out.add(f"{role}_w={word}")
        if len(word) > 5:
            out.add(f"{role}_s3={word[-3:]}")
    if entity.curie is not None:
        out.add(f"{role}_linked")
    return out


def _between(relation: Relation, subject: Entity, obj: Entity) -> set[str]:
    """Words between the two ends' mentions nearest each other in the evidence sentence."""
    evidence = relation.evidence[0]
    near = [[m for m in e.mentions if evidence.start <= m.start and m.end <= evidence.end]
            for e in (subject, obj)]  # fmt: skip
    pairs = [(a, b) for a in near[0] for b in near[1]]
    if not pairs:
        return {"apart"}
    a, b = min(pairs, key=lambda p: abs(p[0].start - p[1].start))
    first, second = (a, b) if a.start <= b.start else (b, a)
    offset = evidence.start
    gap = words(evidence.text[first.end - offset : second.start - offset])
    out = {"subject_first" if first is a else "object_first", f"gap={min(len(gap), 8)}"}
    out |= {f"b={word}" for word in gap[:_BETWEEN]}
    out |= {f"b={word}" for word in gap[-_BETWEEN:]}
    return out


def relation_features(relations: Sequence[Relation], entities: Sequence[Entity]) -> list[set[str]]:
    """The features of each of `relations` (same order), each prefixed by its predicate."""
    by_id = {e.id: e for e in entities}
    fan_out = Counter((r.subject, r.predicate) for r in relations)
    fan_in = Counter((r.object, r.predicate) for r in relations)
    out = []
    for r in relations:
        subject, obj = by_id[r.subject], by_id[r.object]
        p = str(r.predicate)
        raw = {
            f"conf={min(int(r.confidence * 10), 9)}",
            f"fan_out={min(fan_out[(r.subject, r.predicate)], 4)}",
            f"fan_in={min(fan_in[(r.object, r.predicate)], 4)}",
            f"evidence={min(len(r.evidence), 3)}",
        }
        if r.negated:
            raw.add("negated")
        if r.attributes:
            raw |= {f"attr={key}" for key in r.attributes}
        raw |= _name_features("s", subject) | _name_features("o", obj)
        raw |= _between(r, subject, obj)
        out.append({f"predicate={p}"} | {f"{p}|{f}" for f in raw} | raw)
    return out


class RelationFilter(SparseLogistic):
    """Weights per feature, a bias and per-predicate thresholds on the probability of keeping."""

    def kept(self, relations: Sequence[Relation], entities: Sequence[Entity]) -> list[Relation]:
        feature_sets = relation_features(relations, entities)
        return [
            r
            for r, fs in zip(relations, feature_sets, strict=True)
            if self.keeps(str(r.predicate), fs)
        ]
