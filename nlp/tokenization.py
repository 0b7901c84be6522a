"""biokg's tokenizer: spaCy's English rules, plus figures written without spaces and codes at the
end of a sentence.

Trial reports write "60%(95% CI, 49%-70%)": spaCy's rules keep "60%(95" and "49%-70" as one
token each, so neither the rate nor the interval is a number the relation step can read. A
percent sign followed by a bracket or a dash ends the figure here.

>>> import spacy
>>> nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "biokg.Tokenizer.v1"}}})
>>> [t.text for t in nlp("60%(95% CI, 49%-70%)")]
['60', '%', '(', '95', '%', 'CI', ',', '49', '%', '-', '70', '%', ')']

spaCy splits a full stop off a word ending in a lower-case letter or in two capitals, but not off
one ending in a digit and a capital: "KRAS G12C." and "received CT103A." kept the stop inside
the variant or drug code, so no recogniser or model saw the name. A stop after a digit and a
capital is a suffix here ("U.S." keeps its stops: no digit).

>>> [t.text for t in nlp("Patients received CT103A. Six had KRAS G12C.")]
['Patients', 'received', 'CT103A', '.', 'Six', 'had', 'KRAS', 'G12C', '.']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

# A percent sign between a digit and a bracket or dash, and the bracket or dash after it.
_FIGURE_INFIXES = (r"(?<=[0-9])%(?=[(\[\-‐–—/])", r"(?<=%)[(\[\-‐–—/]")
# A full stop after a digit and a capital letter ("G12C.", "CT103A.").
_CODE_SUFFIXES = (r"(?<=[0-9][A-Z])\.",)


@registry.tokenizers("biokg.Tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def make(nlp: Language) -> Tokenizer:
        tokenizer = default(nlp)
        infixes = list(nlp.Defaults.infixes or ()) + list(_FIGURE_INFIXES)
        tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
        suffixes = list(nlp.Defaults.suffixes or ()) + list(_CODE_SUFFIXES)
        tokenizer.suffix_search = compile_suffix_regex(suffixes).search
        return tokenizer

    return make
