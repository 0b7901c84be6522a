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


def _tokens(text: str) -> list[tuple[str, bool | None]]:
    nlp = spacy.blank("en")
    return [(t.text, t.is_sent_start) for t in LineBreaks(nlp, "b")(nlp(text))]


def test_a_capital_ending_a_sentence_loses_its_stop() -> None:
    tokens = _tokens("Patients with hemophilia B. All were followed. Some had hepatitis C.")
    words = [w for w, _ in tokens]
    assert words[3:6] == ["B", ".", "All"] and words[-2:] == ["C", "."]
    assert tokens[5][1] is True  # "All" starts a sentence


def test_an_initial_keeps_its_stop() -> None:
    for text in (
        "It works, said J. Smith of Harlow University.",
        "The study was led by R. Jones and Jennifer R. Brown.",
        "Infection with E. coli was treated.",
    ):
        words = [w for w, _ in _tokens(text)]
        assert any(len(w) == 2 and w.endswith(".") for w in words), words


def test_a_disease_named_before_a_capital_and_stop_is_whole(extractor) -> None:
    text = "Patients with hemophilia B. All were followed for two years."
    ex = extractor.extract(Document(text=text, title=""))
    diseases = {e.name for e in ex.entities if e.type.value == "DISEASE"}
    assert diseases == {"hemophilia B"}
    (mention,) = next(e for e in ex.entities if e.type.value == "DISEASE").mentions
    assert text[mention.start : mention.end] == "hemophilia B"
