"""biokg's tokenizer: spaCy's English rules, plus figures written without spaces.

Trial reports write "60%(95% CI, 49%-70%)": spaCy's rules keep "60%(95" and "49%-70" as one
token each, so neither the rate nor the interval is a number the relation step can read. A
percent sign followed by a bracket or a dash ends the figure here.

>>> import spacy
>>> nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "biokg.Tokenizer.v1"}}})
>>> [t.text for t in nlp("60%(95% CI, 49%-70%)")]
['60', '%', '(', '95', '%', 'CI', ',', '49', '%', '-', '70', '%', ')']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, registry

# A percent sign between a digit and a bracket or dash, and the bracket or dash after it.
_FIGURE_INFIXES = (r"(?<=[0-9])%(?=[(\[\-‐–—/])", r"(?<=%)[(\[\-‐–—/]")


@registry.tokenizers("biokg.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = default(nlp)
        infixes = list(nlp.Defaults.infixes or ()) + list(_FIGURE_INFIXES)
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        return tokenizer

    return make
