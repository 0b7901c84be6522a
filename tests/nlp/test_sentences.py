"""Sentence boundaries: a line break ends a sentence; a clause is never cut before a lower-case
word, so a name opening a paragraph keeps its verb and its relations."""

from __future__ import annotations

import spacy
from biokg.nlp.sentences import LineBreaks

from biokg.model import Document


def _starts(text: str) -> list[bool | None]:
    nlp = spacy.blank("en")
    return [t.is_sent_start for t in LineBreaks(nlp, "b")(nlp(text))]


def test_lower_case_word_after_no_final_punctuation_cannot_start_a_sentence() -> None:
    # Rituximab / is / an / anti / - / CD20 / antibody / . / then / it / failed / . / mRNA / works
    starts = _starts("Rituximab is an anti-CD20 antibody. then it failed. mRNA works")
    assert starts[1] is False and starts[2] is False  # "is", "an"
    assert starts[8] is None  # "then" after a full stop: the parser decides
    assert starts[-2] is None  # "mRNA" is not lower case throughout


def test_line_breaks_still_start_sentences() -> None:
    starts = _starts("Imatinib in CML\ninhibits BCR-ABL")
    assert starts[4] is True  # a new line starts a sentence, even in lower case


def test_a_name_opening_a_paragraph_keeps_its_clause(extractor) -> None:
    text = (
        "Rituximab in CLL\n\n"
        "Rituximab is an anti-CD20 antibody that treats chronic lymphocytic leukemia.\n"
    )
    ex = extractor.extract(Document(text=text, title=""))
    names = {e.id: e.name.lower() for e in ex.entities}
    relations = {(names[r.subject], r.predicate.value, names[r.object]) for r in ex.relations}
    assert any(s == "rituximab" and p == "TREATS" and "leukemia" in o for s, p, o in relations)
    assert not any(s.startswith("anti-cd20") for s, _, _ in relations), relations
    (sentence,) = {
        ev.text.strip()
        for r in ex.relations
        if names[r.subject] == "rituximab"
        for ev in r.evidence
    }
    assert sentence.startswith("Rituximab is an anti-CD20 antibody")
