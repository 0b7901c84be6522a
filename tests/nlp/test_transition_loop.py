"""`biokg.nlp.transition_loop` and `biokg_parser`: the greedy loop stepped from Python gives
spaCy's own parses and entities, and a doc the parser fails on is dropped alone."""

from __future__ import annotations

import pytest
from biokg.nlp import transition_loop

from biokg.model import Document, Extraction, Failure

TEXTS = [
    "Tisagenlecleucel, a CD19-directed CAR T-cell therapy developed by Novartis, induced "
    "complete remission in 52 of 63 children with relapsed acute lymphoblastic leukemia.",
    "The trial was led by Dr. Amelia Restrepo of the University of Northern Ohio, who said "
    "that the responses were durable.",
    "",
    "No.",
    "Patients received 3 mg/kg every two weeks; grade 3 cytokine release syndrome occurred in "
    "four of them, and two died of infections unrelated to the treatment.\n"
    "Title line without a stop\nAnother line that follows it",
    "Wir danken allen Patienten. 患者は回復した。",
]


def _tokens_and_tensors(extractor, texts):
    """Docs as the base parser and ner see them: tokenised, tagged, tok2vec's tensor set."""
    nlp = extractor.nlp
    with nlp.select_pipes(enable=["biokg_line_breaks", "tok2vec", "tagger"]):
        return list(nlp.pipe(texts))


def _parse(doc):
    return [(t.head.i, t.dep_, t.is_sent_start) for t in doc]


@pytest.mark.parametrize("component", ["parser", "ner"])
def test_stepping_from_python_gives_spacys_own_annotations(extractor, component):
    proc = extractor.nlp.get_pipe(component)
    native = _tokens_and_tensors(extractor, TEXTS)
    stepped = _tokens_and_tensors(extractor, TEXTS)
    proc.set_annotations(native, proc.predict(native))  # spaCy's nogil loop
    proc.set_annotations(stepped, transition_loop.predict(proc, stepped, from_python=True))
    if component == "parser":
        assert [_parse(d) for d in stepped] == [_parse(d) for d in native]
        assert any(t.dep_ == "nsubj" for t in stepped[0])  # a real parse, not an empty one
    else:
        ents = [[(e.start, e.end, e.label_) for e in d.ents] for d in stepped]
        assert ents == [[(e.start, e.end, e.label_) for e in d.ents] for d in native]
        assert ("Novartis", "ORG") in [(e.text, e.label_) for e in stepped[0].ents]


def test_pipe_keeps_the_order_of_a_batch_it_sorts_by_length(extractor):
    parser = extractor.nlp.get_pipe("parser")
    docs = _tokens_and_tensors(extractor, TEXTS)
    out = list(transition_loop.pipe(parser, docs, batch_size=4, from_python=True))
    assert [d.text for d in out] == TEXTS
    expected = _tokens_and_tensors(extractor, TEXTS)
    parser.set_annotations(expected, parser.predict(expected))
    assert [_parse(d) for d in out] == [_parse(d) for d in expected]


def test_a_batch_of_empty_docs_is_left_empty(extractor):
    parser = extractor.nlp.get_pipe("parser")
    docs = _tokens_and_tensors(extractor, ["", ""])
    assert list(transition_loop.pipe(parser, docs, batch_size=8, from_python=True)) == docs


def test_the_pipeline_parses_through_biokg_parser(extractor):
    nlp = extractor.nlp
    assert "parser" in nlp.disabled and "biokg_parser" in nlp.pipe_names
    doc = nlp(TEXTS[0])
    assert any(t.dep_ == "nsubj" for t in doc) and len(list(doc.sents)) == 1


def test_a_doc_the_parser_fails_on_is_a_failure_and_its_batch_goes_on(extractor, monkeypatch):
    real = transition_loop.pipe

    def fails_on_marker(parser, docs, batch_size, from_python=None):
        if any("EXPLODE" in d.text for d in docs):
            raise RuntimeError("the parser failed")
        return real(parser, docs, batch_size, from_python)

    monkeypatch.setattr(transition_loop, "pipe", fails_on_marker)
    docs = [
        Document(text="Imatinib inhibits ABL1 in leukemia.", url="u:p1"),
        Document(text="This one will EXPLODE in the parser.", url="u:p2"),
        Document(text="Nivolumab blocks PD-1 in melanoma.", url="u:p3"),
    ]
    results = list(extractor.pipe(docs))
    assert [type(r) for r in results] == [Extraction, Failure, Extraction]
    assert results[1].source == docs[1].id and results[1].stage == "nlp"
    assert {"ABL1", "leukemia"} <= {e.name for e in results[0].entities}
    assert results[2].relations  # parsed: the relation step found its link
    # One doc through `nlp(...)`: it goes on unparsed, the error recorded by the handler.
    doc = extractor.nlp("This one will EXPLODE in the parser too.")
    assert "biokg_parser: RuntimeError" in doc.user_data["biokg_error"]
