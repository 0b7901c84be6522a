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
