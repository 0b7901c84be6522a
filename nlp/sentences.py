"""`biokg_line_breaks`: a line break always ends a sentence.

News pages and abstracts put titles, captions and list items on their own lines without final
punctuation; the parser would glue them to the next line. Sentence starts preset here are kept
by the parser, which runs after this component.
"""

from __future__ import annotations

from biokg.nlp.component import Component
from spacy.language import Language
from spacy.tokens import Doc


class LineBreaks(Component):
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                doc[i].is_sent_start = True
        return doc
