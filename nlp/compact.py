"""`biokg_compact`: the last component; drops what only the pipeline itself needed.

With `n_process` > 1, spaCy's workers send every Doc back as `Doc.to_bytes()` and the main
process rebuilds it with `Doc.from_bytes()`. A processed abstract carried ~150 kB: the tok2vec
tensor (96 floats a token), the candidate span groups the merger has already resolved and
scispacy's Span-valued abbreviation attributes. `assemble` needs none of them (it reads the
tokens, sentences, `doc.ents` and biokg's own `doc._` values), so they go before the Doc leaves
the worker: ~40 kB and ~10 ms less (de)serialisation per abstract (bench/nlp_speed.py). To see
what each recogniser proposed, run the pipeline with `disable=["biokg_compact"]`.
"""

from __future__ import annotations

import numpy
from biokg.nlp.component import TEXT_KEY, Component
from spacy.language import Language
from spacy.tokens import Doc

# scispacy's AbbreviationDetector attributes (`doc._.abbreviations`, `span._.long_form`);
# biokg_abbreviations keeps what biokg uses as plain offsets in `doc._.biokg_abbreviations`.
SCISPACY_ATTRIBUTES = frozenset({"abbreviations", "long_form"})


class Compact(Component):
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.tensor = numpy.zeros((0,), dtype="float32")
        doc.spans.clear()
        doc.user_data.pop(TEXT_KEY, None)
        for key in [k for k in doc.user_data if _is_scispacy_attribute(k)]:
            del doc.user_data[key]
        return doc


def _is_scispacy_attribute(key: object) -> bool:
    return (
        isinstance(key, tuple)
        and len(key) == 4
        and key[0] == "._."
        and key[1] in SCISPACY_ATTRIBUTES
    )
