"""Synthetic extractions shaped like real nlp output, for the load benchmark and fault tests.

Deterministic for a seed. Each article mentions a few entities drawn from a fixed pool (Zipf-like,
so popular entities recur across articles and statements gather evidence), states relations
between them with one evidence sentence each, and some outcome statements carry numbers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from biokg.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Predicate,
    Relation,
    SourceKind,
)

_TYPES = list(EntityType)
_PREDICATES = [p for p in Predicate if p != Predicate.HAS_OUTCOME]


def synthetic_extractions(
    articles: int,
    entities: int,
    relations: int,
    *,
    seed: int = 7,
    entity_types: list[EntityType] | None = None,
    predicates: list[Predicate] | None = None,
) -> Iterator[Extraction]:
    """`articles` extractions over a pool of `entities`, with about `relations` relations in all.

    `entity_types` / `predicates` narrow the labels and relationship types used (default: all).

    Example:
        >>> [e.document.id for e in synthetic_extractions(2, 10, 4)]
        ['pmid:10000000', 'pmid:10000001']
    """
    rng = random.Random(seed)
    types = entity_types or _TYPES
    plain = [p for p in (predicates or _PREDICATES) if p != Predicate.HAS_OUTCOME]
    outcomes = predicates is None or Predicate.HAS_OUTCOME in predicates
    per_article = max(1, relations // max(1, articles))
    weights = [1.0 / (i + 1) ** 0.8 for i in range(entities)]
    for index in range(articles):
        pmid = str(10_000_000 + index)
        picked = sorted(set(rng.choices(range(entities), weights=weights, k=per_article + 2)))
        if len(picked) < 2:
            picked = [0, 1]
        names = {i: f"entity {i}" for i in picked}
        sentences = [
            f"Sentence {k} of article {pmid} about {names[i]}." for k, i in enumerate(picked)
        ]
        text = " ".join(sentences)
        doc = Document(
            title=f"Synthetic article {index}",
            text=text,
            pmid=pmid,
            source_kind=SourceKind.ABSTRACT,
            cites=[f"pmid:{10_000_000 + rng.randrange(index)}"]
            if index and rng.random() < 0.3
            else [],
        )
        ents = []
        offset = 0
        for k, i in enumerate(picked):
            sentence = sentences[k]
            start = offset + sentence.index(names[i])
            ents.append(
                Entity(
                    id=f"SYN:{i}",
                    name=names[i],
                    type=types[i % len(types)],
                    curie=f"SYN:{i}",
                    mentions=[
                        Mention(text=names[i], start=start, end=start + len(names[i]), sentence=k)
                    ],
                )
            )
            offset += len(sentence) + 1
        rels = []
        seen = set()
        for r in range(per_article):
            a, b = rng.sample(picked, 2)
            outcome = outcomes and (r % 10 == 0 or not plain)
            predicate = Predicate.HAS_OUTCOME if outcome else rng.choice(plain)
            if (a, predicate, b) in seen:
                continue
            seen.add((a, predicate, b))
            k = picked.index(a)
            start = sum(len(s) + 1 for s in sentences[:k])
            total = rng.randint(10, 200)
            rels.append(
                Relation(
                    subject=f"SYN:{a}",
                    predicate=predicate,
                    object=f"SYN:{b}",
                    confidence=round(rng.uniform(0.5, 1.0), 3),
                    attributes={"n": rng.randint(1, total), "N": total} if outcome else {},
                    evidence=[
                        Evidence(
                            document_id=doc.id,
                            text=sentences[k],
                            start=start,
                            end=start + len(sentences[k]),
                            extractor="synthetic",
                            version="1",
                            confidence=round(rng.uniform(0.5, 1.0), 3),
                        )
                    ],
                )
            )
        yield Extraction(document=doc, entities=ents, relations=rels)
