"""`biokg_digest`: in worker processes, hand back a processed Doc's `ChunkDigest`, not the Doc.

With `n_process` > 1 spaCy's workers send each Doc as `Doc.to_bytes()` and the main process
rebuilds it with `Doc.from_bytes()`: every token, its lexeme, its parse, only for `assemble` to
read sentence and entity offsets and biokg's `doc._` values. This component, which `Extractor`
appends as the last one only while it runs worker processes, puts those as plain data
(`ChunkDigest`) into an empty Doc, with the chunk's text so the Extractor can tell which input
it answers.
"""

from __future__ import annotations

from biokg.nlp.assemble import ChunkDigest
from biokg.nlp.component import Component
from spacy.language import Language
from spacy.tokens import Doc

DIGEST_KEY = "biokg_digest"
SOURCE_TEXT_KEY = "biokg_source_text"


class Digest(Component):
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        small = Doc(doc.vocab)
        small.user_data[DIGEST_KEY] = ChunkDigest.of(doc).to_plain()
        small.user_data[SOURCE_TEXT_KEY] = doc.text
        return small


def digest_of(doc: Doc) -> Doc | ChunkDigest:
    """The digest a `biokg_digest` doc carries, else the doc itself (`assemble` takes both)."""
    plain = doc.user_data.get(DIGEST_KEY)
    return doc if plain is None else ChunkDigest.from_plain(plain)


def source_text(doc: Doc) -> str:
    """The text of the input `doc` answers: its own, or the one a digest doc carries."""
    return doc.user_data.get(SOURCE_TEXT_KEY) or doc.text
