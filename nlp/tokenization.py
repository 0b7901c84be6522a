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
one ending in a digit, a lower-case letter or a hyphen and a capital: "KRAS G12C." and "received
CT103A." kept the stop inside the variant or drug code, so no recogniser or model saw the name,
and "at least 2 g/dL. Headache occurred" was one sentence, whose figures went to both measures.
A stop after those is a suffix here ("U.S." and "Ph.D." keep their stops: a stop before the
capital).

>>> [t.text for t in nlp("Patients received CT103A. Six had KRAS G12C.")]
['Patients', 'received', 'CT103A', '.', 'Six', 'had', 'KRAS', 'G12C', '.']
>>> [t.text for t in nlp("A rise of 2 g/dL. Two had CAR-T. Dr. T. Fry, Ph.D.")][3:]
['2', 'g', '/', 'dL', '.', 'Two', 'had', 'CAR', '-', 'T', '.', 'Dr.', 'T.', 'Fry', ',', 'Ph.D.']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_suffix_regex, registry

# A percent sign between a digit and a bracket or dash, and the bracket or dash after it.
_FIGURE_INFIXES = (r"(?<=[0-9])%(?=[(\[\-‐–—/])", r"(?<=%)[(\[\-‐–—/]")
# A full stop after a digit and a capital letter ("G12C.", "CT103A."), after a lower-case
# letter and a capital ("2 g/dL.", "IgG.") or after a hyphen and a capital ("CAR-T.").
_CODE_SUFFIXES = (r"(?<=[0-9][A-Z])\.", r"(?<=[a-z][A-Z])\.", r"(?<=[-‐][A-Z])\.")


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
