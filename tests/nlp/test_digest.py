"""`biokg_digest`: what a worker sends instead of the Doc gives the same Extraction."""

from __future__ import annotations

from biokg.nlp.assemble import assemble
from biokg.nlp.digest import DIGEST_KEY, Digest, digest_of, source_text
from nlp_helpers import fixture_text
from spacy.tokens import Doc

from biokg.model import Document

STORY = (
    "Tisagenlecleucel (Kymriah), developed by Novartis, targets CD19. In the trial, 11 of 15 "
    "patients (73%) with B-cell acute lymphoblastic leukemia (B-ALL) had a complete remission, "
    "said Crystal Mackall of Stanford University. B-ALL relapsed in two patients."
)


def _through_bytes(doc: Doc) -> Doc:
    """What spaCy's main process gets from a worker: the Doc rebuilt from its bytes."""
    return Doc(doc.vocab).from_bytes(doc.to_bytes())


def test_the_digest_doc_is_empty_and_assembles_to_the_same_extraction(extractor) -> None:
    for text in (STORY, fixture_text("pembrolizumab-melanoma-news.txt"), ""):
        document = Document(text=text, url="u:digest")
        doc = extractor.nlp(text)
        digest_doc = _through_bytes(Digest(extractor.nlp, "biokg_digest")(doc))
        assert len(digest_doc) == 0
        assert DIGEST_KEY in digest_doc.user_data
        assert source_text(digest_doc) == text
        from_doc = assemble(document, [(doc, 0)], extractor.lexicon, extractor.version)
        from_digest = assemble(
            document, [(digest_of(digest_doc), 0)], extractor.lexicon, extractor.version
        )
        assert from_digest.model_dump() == from_doc.model_dump()


def test_digests_of_chunks_keep_their_offsets(extractor) -> None:
    # Two chunks of one document, the second at an offset: relations, mentions and sentences
    # must index the whole text whether assembled from Docs or from digests.
    first, second = STORY, " Kymriah is given once."
    document = Document(text=first + second, url="u:digest-chunks")
    docs = [extractor.nlp(first), extractor.nlp(second)]
    digests = [digest_of(_through_bytes(Digest(extractor.nlp, "d")(d))) for d in docs]
    offsets = [0, len(first)]
    from_docs = assemble(document, list(zip(docs, offsets, strict=True)), extractor.lexicon, "v")
    from_digests = assemble(
        document, list(zip(digests, offsets, strict=True)), extractor.lexicon, "v"
    )
    assert from_digests.model_dump() == from_docs.model_dump()
    mentions = [m for e in from_digests.entities for m in e.mentions]
    assert all(document.text[m.start : m.end] == m.text for m in mentions)
    assert any(m.start > len(first) for m in mentions)
    assert from_digests.relations and all(
        document.text[ev.start : ev.end] == ev.text
        for r in from_digests.relations
        for ev in r.evidence
    )


def test_an_ordinary_doc_is_its_own_digest_source(extractor) -> None:
    doc = extractor.nlp("Nivolumab blocks PD-1.")
    assert digest_of(doc) is doc
    assert source_text(doc) == "Nivolumab blocks PD-1."


def test_the_extractor_adds_the_digest_only_while_workers_run(extractor) -> None:
    texts = ["Nivolumab blocks PD-1 in melanoma."] * 3
    tasks = [(t, i) for i, t in enumerate(texts)]
    extractor.batch_size = 1
    try:
        out = list(extractor._pipe_tasks(tasks, 2))
    finally:
        extractor.batch_size = 64
    assert [context for _, context in out] == [0, 1, 2]
    assert all(len(doc) == 0 and DIGEST_KEY in doc.user_data for doc, _ in out)
    assert "biokg_digest" not in extractor.nlp.component_names
    assert len(extractor.nlp("Nivolumab blocks PD-1.")) > 0
