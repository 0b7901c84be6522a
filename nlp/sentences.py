"""`biokg_line_breaks`: a line break always ends a sentence.

News pages and abstracts put titles, captions and list items on their own lines without final
punctuation; the parser would glue them to the next line. Sentence starts preset here are kept
by the parser, which runs after this component. Existing starts (from a `sentencizer` in the
lean mode for huge texts) are kept too.
"""

from __future__ import annotations

from biokg.nlp.component import Component
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc


class LineBreaks(Component):
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        # One array write: setting `token.is_sent_start` one by one is quadratic in spaCy 3.8.
        starts = doc.to_array([SENT_START]).astype("uint64")
        changed = False
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                starts[i] = 1
                changed = True
        if changed:
            doc.from_array([SENT_START], starts)
        return doc
