"""Document-level consistency rules on hand-built docs (no model involved)."""

from __future__ import annotations

import spacy
from biokg.nlp.training.consistency import make_consistent
from spacy.tokens import Doc, Span


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_abbreviation_after_an_entity_gets_its_label_and_repeats_follow() -> None:
    words = [
        "sodium",
        "nitroprusside",
        "(",
        "SNP",
        ")",
        "lowered",
        "pressure",
        ";",
        "SNP",
        "was",
        "stopped",
    ]
    doc = make_consistent(_doc(words, [(0, 2, "DRUG")]))
    assert _ents(doc) == [("sodium nitroprusside", "DRUG"), ("SNP", "DRUG"), ("SNP", "DRUG")]


def test_parenthesised_word_that_cannot_abbreviate_the_entity_is_left_alone() -> None:
    words = ["aspirin", "(", "Bayer", ")", "and", "aspirin"]
    doc = make_consistent(_doc(words, [(0, 1, "DRUG")]))
    assert _ents(doc) == [("aspirin", "DRUG"), ("aspirin", "DRUG")]


def test_surface_tagged_with_two_labels_is_not_propagated() -> None:
    words = ["lupus", "and", "lupus", "drugs", ";", "lupus", "again"]
    doc = make_consistent(_doc(words, [(0, 1, "DISEASE"), (2, 3, "DRUG")]))
    assert _ents(doc) == [("lupus", "DISEASE"), ("lupus", "DRUG")]


def test_short_surfaces_and_empty_docs_are_untouched() -> None:
    doc = make_consistent(_doc(["Na", "and", "Na"], [(0, 1, "DRUG")]))
    assert _ents(doc) == [("Na", "DRUG")]
    assert _ents(make_consistent(_doc([], []))) == []
