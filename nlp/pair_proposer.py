"""Relations a document states across its sentences, which the sentence classifier cannot see.

A news story names the investigator in one sentence ("..., said Jane Roe, who led the study")
and the drug in another; a trial is introduced a paragraph before the drug it tests; a
company's product is named in the headline and the company in the last paragraph. The relation
classifier reads one sentence at a time and the document-level weights see only dense scores,
so such pairs are missed even when both ends are found.

`PairProposer` scores every pair of a document's entities whose types fit one of `PROPOSED`'s
predicates and that no relation joins yet (either way round): a logistic model over sparse
features of the pair as the whole document shows it -- the words around each end's mentions
(the role words: "said", "investigator", "professor at"), how central the object is among the
entities of its type, how many sentences apart the two are named, whether another entity of
the object's type is named nearer, and the relations each end already takes part in. A pair at
or above its predicate's threshold becomes a relation whose evidence is the sentence naming
the subject nearest the object. Weights are learned from the annotation corpus by
`nlp/training/pair_proposer.py`.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence

from biokg.nlp.entity_filter import left_words, right_words, sentence_words
from biokg.nlp.sparse_logistic import SparseLogistic

from biokg.model import Entity, Evidence, Relation

PAIR_PROPOSER_FILE = "pair_proposer.json"
# Predicates a text often states across sentences (GUIDE.md: investigators, trials, developers,
# affiliations), with their (subject types, object types). Not TREATS: proposed too, it rose
# from 0.496 to 0.509 F1 on the corpus dev split, but of the two TREATS pairs it added to 200
# BC5CDR test abstracts one was a drug and the disease BC5CDR says the drug induces.
PROPOSED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "INVESTIGATES": (frozenset({"PERSON", "TRIAL"}), frozenset({"DRUG"})),
    "AFFILIATED_WITH": (frozenset({"PERSON"}), frozenset({"ORGANIZATION"})),
    "DEVELOPED_BY": (frozenset({"DRUG"}), frozenset({"ORGANIZATION"})),
}
EXTRACTOR_NAME = "biokg.pair_proposer"
# A role is often stated in an apposition or clause beyond the near window ("Jane Roe, the
# trial's principal investigator and ..."): the words of the mention's sentence within this
# many characters each side are features too.
_CLAUSE_REACH = 160


def clause_words(text: str, start: int, end: int) -> list[str]:
    """The words of the sentence around text[start:end], at most _CLAUSE_REACH characters
    each side."""
    return sentence_words(text, start, end, _CLAUSE_REACH)


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


class _DocumentFacts:
    """What the features read of one document, computed once."""

    def __init__(self, entities: Sequence[Entity], relations: Sequence[Relation], text: str):
        self.text = text
        self.by_type: dict[str, list[Entity]] = {}
        for e in entities:
            self.by_type.setdefault(str(e.type), []).append(e)
        # Each type's entities, most named first (then first named first).
        self.rank = {
            e.id: i
            for group in self.by_type.values()
            for i, e in enumerate(sorted(group, key=lambda e: (-len(e.mentions), _first(e))))
        }
        self.roles: dict[str, Counter] = {}
        self.related: set[tuple[str, str, str]] = set()
        # (subject id, predicate, object type) -> how many such relations the subject has
        self.fan_out: Counter = Counter()
        type_of = {e.id: str(e.type) for e in entities}
        self.pairs: set[frozenset[str]] = set()  # pairs any relation joins, either way round
        self.brands: set[str] = set()
        for r in relations:
            p = str(r.predicate)
            self.roles.setdefault(r.subject, Counter())[f"{p}:subject"] += 1
            self.roles.setdefault(r.object, Counter())[f"{p}:object"] += 1
            self.related.add((r.subject, p, r.object))
            self.fan_out[(r.subject, p, type_of.get(r.object))] += 1
            self.pairs.add(frozenset((r.subject, r.object)))
            if p == "BRAND_OF":
                self.brands.add(r.subject)
        self.type_mentions = {
            t: sorted((m.start, e.id) for e in group for m in e.mentions)
            for t, group in self.by_type.items()
        }
        self.context: dict[str, set[str]] = {}
        self._nearest: dict[tuple[str, str], list[str]] = {}

    def nearest(self, entity: Entity, entity_type: str) -> list[str]:
        """Per mention of `entity`, the id of the `entity_type` entity named nearest it."""
        cached = self._nearest.get((entity.id, entity_type))
        if cached is None:
            mentions = self.type_mentions.get(entity_type, [])
            starts = [start for start, _ in mentions]
            cached = []
            for m in entity.mentions:
                k = bisect_left(starts, m.start)
                near = [mentions[i] for i in (k - 1, k) if 0 <= i < len(mentions)]
                if near:
                    cached.append(min(near, key=lambda x: abs(x[0] - m.start))[1])
            self._nearest[(entity.id, entity_type)] = cached
        return cached

    def context_words(self, entity: Entity) -> set[str]:
        cached = self.context.get(entity.id)
        if cached is None:
            cached = set()
            for m in entity.mentions:
                left, right = left_words(self.text, m.start), right_words(self.text, m.end)
                cached |= {f"c={w}" for w in left + right}
                cached.add(f"l1={left[-1] if left else '<s>'}")
                cached.add(f"r1={right[0] if right else '</s>'}")
                if len(left) >= 2:
                    cached.add(f"l2={left[-2]} {left[-1]}")
                if len(right) >= 2:
                    cached.add(f"r2={right[0]} {right[1]}")
                cached |= {f"w={w}" for w in clause_words(self.text, m.start, m.end)}
            self.context[entity.id] = cached
        return cached


def _first(entity: Entity) -> int:
    return min((m.start for m in entity.mentions), default=0)


def _gap(a: Entity, b: Entity) -> int:
    """How many sentences apart the two are named nearest."""
    theirs = sorted({n.sentence for n in b.mentions})
    best = 99
    for sentence in {m.sentence for m in a.mentions}:
        k = bisect_left(theirs, sentence)
        for i in (k - 1, k):
            if 0 <= i < len(theirs):
                best = min(best, abs(theirs[i] - sentence))
    return best


def _pair_part(subject: Entity, predicate: str, obj: Entity, facts: _DocumentFacts) -> set[str]:
    """The features of the pair itself, prefixed by the predicate (`pair_features`)."""
    object_type = str(obj.type)
    rivals = facts.by_type.get(object_type, [])
    gap = _gap(subject, obj)
    raw = {
        f"s_type={subject.type}",
        f"o_rank={min(facts.rank[obj.id], 3)}",
        f"o_rivals={min(len(rivals) - 1, 4)}",
        f"o_mentions={_bucket(len(obj.mentions), (1, 2, 4, 8))}",
        f"s_mentions={_bucket(len(subject.mentions), (1, 2, 4))}",
        f"gap={_bucket(gap, (0, 1, 2, 4, 8))}",
        f"o_first={_bucket(min(m.sentence for m in obj.mentions), (0, 2, 5))}",
    }
    # Is the object the entity of its type named nearest each subject mention?
    nearest = facts.nearest(subject, object_type)
    hits = sum(1 for key in nearest if key == obj.id)
    raw.add(f"nearest={'all' if hits == len(nearest) else 'some' if hits else 'none'}")
    if len(rivals) > 1:
        raw.add(f"o_top={facts.rank[obj.id] == 0}")
    for role, end in (("s", subject), ("o", obj)):
        for name, count in facts.roles.get(end.id, Counter()).items():
            raw.add(f"{role}_rel={name}")
            raw.add(f"{role}_rel={name}:{min(count, 3)}")
    others = facts.fan_out[(subject.id, predicate, object_type)]
    if others - ((subject.id, predicate, obj.id) in facts.related) > 0:
        raw.add("s_has_other")
    # Each predicate weighs its own features: what makes a person a drug's investigator is not
    # what makes an organisation its developer (shared features measured no better).
    return {f"predicate={predicate}"} | {f"{predicate}|{f}" for f in raw}


def _context_part(entity: Entity, role: str, predicate: str, facts: _DocumentFacts) -> set[str]:
    """The words around one end's mentions as features of `role` ("s" or "o"), prefixed by the
    predicate; disjoint from `_pair_part`'s, so a model's score is the sum of the parts'."""
    return {f"{predicate}|{role}{f}" for f in facts.context_words(entity)}


def pair_features(subject: Entity, predicate: str, obj: Entity, facts: _DocumentFacts) -> set[str]:
    """The features of proposing (subject, predicate, obj), each prefixed by the predicate."""
    return (
        _pair_part(subject, predicate, obj, facts)
        | _context_part(subject, "s", predicate, facts)
        | _context_part(obj, "o", predicate, facts)
    )


def _candidate_pairs(facts: _DocumentFacts):
    """(subject, predicate, object) of every pair `PROPOSED` could add."""
    for predicate, (subject_types, object_types) in PROPOSED.items():
        subjects = [e for t in sorted(subject_types) for e in facts.by_type.get(t, [])]
        objects = [e for t in sorted(object_types) for e in facts.by_type.get(t, [])]
        for s in subjects:
            for o in objects:
                # An ordered pair gets one predicate: a pair already related is decided.
                if s.id == o.id or frozenset((s.id, o.id)) in facts.pairs:
                    continue
                # What is investigated is the product, recorded on its generic name (as
                # `assemble` folds a brand's clinical relations); a maker owns both names.
                if predicate == "INVESTIGATES" and o.id in facts.brands:
                    continue
                yield s, predicate, o


def candidates(entities: Sequence[Entity], relations: Sequence[Relation], text: str):
    """(subject, predicate, object, features) of every pair `PROPOSED` could add."""
    facts = _DocumentFacts(entities, relations, text)
    for s, predicate, o in _candidate_pairs(facts):
        yield s, predicate, o, pair_features(s, predicate, o, facts)


def _evidence_sentence(subject: Entity, obj: Entity) -> int:
    """The sentence naming the subject nearest to a mention of the object."""
    theirs = sorted(n.start for n in obj.mentions)
    best = None
    for m in subject.mentions:
        k = bisect_left(theirs, m.start)
        for i in (k - 1, k):
            if 0 <= i < len(theirs):
                key = (abs(m.start - theirs[i]), m.sentence)
                best = key if best is None or key < best else best
    return best[1] if best is not None else subject.mentions[0].sentence


class PairProposer(SparseLogistic):
    """Weights per feature, a bias and per-predicate thresholds on the probability of adding."""

    def proposed(
        self,
        document_id: str,
        entities: Sequence[Entity],
        relations: Sequence[Relation],
        text: str,
        sentences: Sequence[tuple[int, int]],
        version: str,
        section_of: Callable[[int], str | None] = lambda start: None,
    ) -> list[Relation]:
        """The relations to add to `relations`, each with its probability as confidence and
        the sentence naming the subject nearest the object as evidence."""
        facts = _DocumentFacts(entities, relations, text)
        weights = self.weights
        # The words around an entity weigh the same in every pair it is in: summed once.
        context: dict[tuple[str, str, str], float] = {}

        def context_score(entity: Entity, role: str, predicate: str) -> float:
            key = (entity.id, role, predicate)
            if key not in context:
                features = _context_part(entity, role, predicate, facts)
                context[key] = sum(weights.get(f, 0.0) for f in features)
            return context[key]

        out = []
        for s, predicate, o in _candidate_pairs(facts):
            threshold = self.thresholds.get(predicate)
            if threshold is None:
                continue
            z = self.bias + sum(weights.get(f, 0.0) for f in _pair_part(s, predicate, o, facts))
            z += context_score(s, "s", predicate) + context_score(o, "o", predicate)
            p = 1.0 / (1.0 + math.exp(-z))
            if p < threshold:
                continue
            index = _evidence_sentence(s, o)
            if index >= len(sentences):
                continue
            start, end = sentences[index]
            evidence = Evidence(document_id=document_id, text=text[start:end], start=start,
                                end=end, section=section_of(start), extractor=EXTRACTOR_NAME,
                                version=version, confidence=round(p, 4))  # fmt: skip
            out.append(Relation(subject=s.id, predicate=predicate, object=o.id,
                                confidence=round(p, 4), evidence=[evidence]))  # fmt: skip
        return out
