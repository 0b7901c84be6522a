"""Helpers for the NLP tests: find entities and relations by name, check offsets."""

from __future__ import annotations

from pathlib import Path

from biokg.model import Document, Extraction

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def by_name(extraction: Extraction, name: str, etype: str | None = None):
    """The entity whose name or an alias is `name` (case-insensitive), optionally of a type."""
    for entity in extraction.entities:
        names = {entity.name.casefold(), *(a.casefold() for a in entity.aliases)}
        if name.casefold() in names and (etype is None or entity.type == etype):
            return entity
    raise AssertionError(
        f"no entity {name!r} ({etype}); have {[(e.name, e.type) for e in extraction.entities]}"
    )


def names_of(extraction: Extraction, etype: str) -> set[str]:
    """The names of the entities of one type."""
    return {e.name for e in extraction.entities if e.type == etype}


def relations(extraction: Extraction, subject: str, predicate: str, obj: str):
    s = by_name(extraction, subject)
    o = by_name(extraction, obj)
    return [
        r
        for r in extraction.relations
        if r.subject == s.id and r.predicate == predicate and r.object == o.id
    ]


def triples(
    extraction: Extraction, predicate: str | None = None, *, casefold: bool = False
) -> set[tuple[str, str, str]]:
    """(subject name, predicate, object name) of every relation (of one predicate if given);
    names casefolded if asked."""
    names = {e.id: e.name.casefold() if casefold else e.name for e in extraction.entities}
    return {
        (names[r.subject], r.predicate.value, names[r.object])
        for r in extraction.relations
        if predicate is None or r.predicate == predicate
    }


def pairs(
    extraction: Extraction, predicate: str, *, casefold: bool = False
) -> set[tuple[str, str]]:
    """(subject name, object name) of every relation of `predicate`."""
    return {(s, o) for s, _p, o in triples(extraction, predicate, casefold=casefold)}


def assert_offsets(document: Document, extraction: Extraction) -> None:
    """Every mention and evidence span must slice the ORIGINAL text to its stated text."""
    for entity in extraction.entities:
        for m in entity.mentions:
            assert document.text[m.start : m.end] == m.text, (entity.name, m)
    for rel in extraction.relations:
        for ev in rel.evidence:
            assert document.text[ev.start : ev.end] == ev.text
