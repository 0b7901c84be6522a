"""What every biokg component shares: spaCy's per-component error-handler protocol.

`Language.pipe` asks each component for `get_error_handler()`; the Extractor sets one that marks
a failing doc instead of raising, so one bad article becomes a `Failure` and the batch goes on.
"""

from __future__ import annotations

from spacy.util import raise_error


class Component:
    name = "biokg_component"

    def set_error_handler(self, error_handler) -> None:
        self._error_handler = error_handler

    def get_error_handler(self):
        return getattr(self, "_error_handler", raise_error)


TEXT_KEY = "biokg_text"


def doc_text(doc) -> str:
    """`doc.text`, built once per doc: spaCy joins every token's text on each access, and
    several components need it. `biokg_compact` drops the copy before the doc leaves."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
