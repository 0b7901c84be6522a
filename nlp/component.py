"""What every biokg component shares: spaCy's per-component error-handler protocol.

`Language.pipe` asks each component for `get_error_handler()`; the Extractor sets one that marks
a failing doc instead of raising, so one bad article becomes a `Failure` and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch, raise_error


class Component:
    name = "biokg_component"

    def set_error_handler(self, error_handler) -> None:
        self._error_handler = error_handler

    def get_error_handler(self):
        return getattr(self, "_error_handler", raise_error)


class BatchComponent(Component):
    """A component that annotates a batch of docs at once (`annotate`), in order."""

    batch_size = 64

    def annotate(self, docs: list[Doc]) -> list[Doc]:
        raise NotImplementedError

    def _batch_or_each(self, docs: list[Doc]) -> list[Doc]:
        """`annotate(docs)`; should it raise, each doc on its own, so that only a doc that fails
        goes to the error handler and out of the stream (spaCy's own pipes drop the batch)."""
        try:
            return self.annotate(docs)
        except Exception as exc:
            if len(docs) == 1:
                self.get_error_handler()(self.name, self, docs, exc)
                return []
        return [done for doc in docs for done in self._batch_or_each([doc])]

    def __call__(self, doc: Doc) -> Doc:
        # A doc that failed went to the error handler; it goes on unannotated, as spaCy's own.
        return next(iter(self.pipe([doc])), doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            yield from self._batch_or_each(list(batch))


TEXT_KEY = "biokg_text"


def doc_text(doc) -> str:
    """`doc.text`, built once per doc: spaCy joins every token's text on each access, and
    several components need it. `biokg_compact` drops the copy before the doc leaves."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
