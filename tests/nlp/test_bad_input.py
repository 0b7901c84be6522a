"""Input that must never break the stage: empty, entity-free, huge, foreign, odd Unicode, HTML."""

from __future__ import annotations

import pytest
from nlp_helpers import assert_offsets, by_name
from spacy.language import Language

from biokg.errors import ExtractionError
from biokg.model import Document, Extraction, Failure


def test_empty_text(extractor):
    ex = extractor.extract(Document(text="", url="https://example.org/empty"))
    assert ex.entities == [] and ex.relations == []


def test_text_without_entities(extractor):
    doc = Document(text="The weather was mild and the train left on time.\n", url="u:1")
    ex = extractor.extract(doc)
    assert ex.relations == []
    assert all(e.type in ("ORGANIZATION", "PERSON") for e in ex.entities)


def test_everyday_words_the_trained_model_misreads_do_not_become_entities(extractor):
    # The BioRED model alone tags "sunny" here as DRUG (tests/nlp_training/test_models.py);
    # the merge policy keeps such lone model spans out of the Extraction.
    for text in (
        "The committee met on a sunny Tuesday and adjourned at noon.",
        "A sunny afternoon in the park.",
    ):
        ex = extractor.extract(Document(text=text, url="u:sunny"))
        assert [e for e in ex.entities if e.type not in ("ORGANIZATION", "PERSON")] == [], text


def test_non_english_text(extractor):
    text = "Die Studie untersuchte neue Therapien. 研究者はCD19を標的とする治療を評価した。"
    doc = Document(text=text, url="u:2")
    ex = extractor.extract(doc)
    assert isinstance(ex, Extraction)
    assert_offsets(doc, ex)


def test_odd_unicode_and_html_remnants_keep_offsets(extractor):
    text = (
        "<p>&nbsp;Pembrolizumab\u00a0(Keytruda) treats\u200b melanoma.</p>\n"
        "The e\u0301tude of ﬁrst-line ni\u00advolumab in melanoma &amp; "
        "CD19\u2011directed CAR\u2011T cells was led by Jane Doe, MD, at the Mayo Clinic."
        "<br/>\ufeff"
    )
    doc = Document(text=text, url="u:3")
    ex = extractor.extract(doc)
    assert_offsets(doc, ex)
    assert by_name(ex, "Keytruda", "DRUG")
    melanoma = by_name(ex, "melanoma", "DISEASE")
    assert len(melanoma.mentions) == 2
    assert by_name(ex, "CD19", "GENE").curie == "HGNC:1633"
    by_name(ex, "Mayo Clinic", "ORGANIZATION")


def test_one_megabyte_text_is_chunked_with_correct_offsets(extractor):
    # Over LEAN_CHARS: processed in chunks by the lean pipeline (no parser), still with relations.
    sentence = "Imatinib inhibits ABL1 in chronic myeloid leukemia, said the investigators. "
    filler = "Nothing in this line names anything of interest to anybody at all.\n" * 40
    block = sentence + "\n" + filler
    text = block * (1_000_000 // len(block) + 1)
    assert len(text) >= 1_000_000
    doc = Document(text=text, url="u:4")
    ex = extractor.extract(doc)
    imatinib = by_name(ex, "imatinib", "DRUG")
    assert len(imatinib.mentions) == text.count("Imatinib")
    assert imatinib.mentions[-1].start == text.rfind("Imatinib")
    (rel,) = [r for r in ex.relations if r.predicate == "TARGETS" and r.subject == imatinib.id]
    assert len(rel.evidence) == text.count("Imatinib")
    assert_offsets(doc, ex)


@Language.component("test_explode_on_marker")
def _explode(doc):
    if "EXPLODE" in doc.text:
        raise ValueError("marker found")
    return doc


def test_one_bad_document_is_a_failure_and_the_batch_goes_on(extractor):
    nlp = extractor.nlp
    nlp.add_pipe("test_explode_on_marker", last=True)
    try:
        docs = [
            Document(text="Imatinib inhibits ABL1.", url="u:a"),
            Document(text="This one will EXPLODE.", url="u:b"),
            Document(text="Nivolumab blocks PD-1.", url="u:c"),
        ]
        results = list(extractor.pipe(docs))
    finally:
        nlp.remove_pipe("test_explode_on_marker")
    assert [type(r) for r in results] == [Extraction, Failure, Extraction]
    assert results[1].stage == "nlp" and results[1].source == docs[1].id
    assert "failed" in results[1].reason
    with pytest.raises(ExtractionError, match="failed"):
        nlp.add_pipe("test_explode_on_marker")
        try:
            extractor.extract(docs[1])
        finally:
            nlp.remove_pipe("test_explode_on_marker")


def test_two_processes_give_the_same_extractions(extractor):
    texts = [
        "Imatinib (Gleevec) inhibits ABL1 in chronic myeloid leukemia (CML). CML is rare.",
        "Nothing to see here.",
        "Pembrolizumab treats melanoma, said Jane Doe, MD, of the Mayo Clinic.",
        "Nothing to see here.",  # the same text twice: each keeps its own document
        "Nivolumab blocks PD-1 in melanoma.",
        "Imatinib (Gleevec) inhibits ABL1 in chronic myeloid leukemia (CML). CML is rare.",
    ]
    docs = [Document(text=t, url=f"u:mp{i}") for i, t in enumerate(texts)]
    single = list(extractor.pipe(docs))
    # Small batches, so that six documents are enough to start two worker processes.
    extractor.n_process, extractor.batch_size = 2, 1
    try:
        double = list(extractor.pipe(docs))
    finally:
        extractor.n_process, extractor.batch_size = 1, 64
    assert [type(r) for r in double] == [Extraction] * len(texts)
    assert [r.model_dump() for r in double] == [r.model_dump() for r in single]
    assert [r.document.id for r in double] == [d.id for d in docs]
    assert by_name(double[0], "Gleevec", "DRUG")


def test_a_document_a_worker_fails_on_is_a_failure_and_the_rest_keep_their_place(extractor):
    nlp = extractor.nlp
    nlp.add_pipe("test_explode_on_marker", last=True)
    texts = ["Imatinib inhibits ABL1.", "This one will EXPLODE.", "Nivolumab blocks PD-1."] * 2
    docs = [Document(text=t, url=f"u:mpf{i}") for i, t in enumerate(texts)]
    extractor.n_process, extractor.batch_size = 2, 1
    try:
        results = list(extractor.pipe(docs))
    finally:
        extractor.n_process, extractor.batch_size = 1, 64
        nlp.remove_pipe("test_explode_on_marker")
    assert [type(r).__name__ for r in results] == ["Extraction", "Failure", "Extraction"] * 2
    assert [r.document.id if isinstance(r, Extraction) else r.source for r in results] == [
        d.id for d in docs
    ]
    assert by_name(results[5], "nivolumab", "DRUG")


def test_trailing_whitespace_changes_nothing(default_extractor):
    # The trained models read the tokens around each word: a newline after the last sentence
    # once took "velcabtagene" away and made "B-cell" a cell type.
    text = "Patients with B-cell precursor acute lymphoblastic leukemia received velcabtagene."

    def read(suffix: str):
        extraction = default_extractor.extract(Document(text=text + suffix))
        ents = sorted((e.name, str(e.type)) for e in extraction.entities)
        return ents, sorted(str(r.predicate) for r in extraction.relations)

    assert read("") == read("\n") == read("\n\n  \n")
    assert ("velcabtagene", "DRUG") in read("\n")[0]
