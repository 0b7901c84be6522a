"""`biokg_parser`: run the base model's dependency parser through `biokg.nlp.transition_loop`.

The sourced `parser` stays in the pipeline, disabled, as the model; this component decodes with
it (stepped from Python where spaCy's wheels are profiled) and, unlike spaCy 3.8's
`DependencyParser`, takes the pipeline's error handler, so a doc the parser fails on becomes a
`Failure` instead of ending the batch.
"""

from __future__ import annotations

from biokg.nlp import transition_loop
from biokg.nlp.component import BatchComponent
from spacy.language import Language
from spacy.tokens import Doc


class ParserRunner(BatchComponent):
    def __init__(
        self,
        nlp: Language,
        name: str,
        parser: str,
        batch_size: int,
        from_python: bool | None = None,
    ) -> None:
        self.name = name
        self.parser_name = parser
        self.batch_size = batch_size
        self.from_python = from_python
        self.nlp = nlp

    @property
    def parser(self):
        # Looked up on use: the sourced `parser` is created after this component's factory may run.
        return self.nlp.get_pipe(self.parser_name)

    def annotate(self, docs: list[Doc]) -> list[Doc]:
        return list(transition_loop.pipe(self.parser, docs, len(docs), self.from_python))
