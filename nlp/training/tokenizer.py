"""A finer tokenizer for biomedical text, applied to a blank English pipeline before training.

Corpus mentions often sit inside what spaCy's English rules keep as one token:
"(PAN)-induced", "Na+/K+", "IL1B-31T/C", "GABA(A)", "AmB." at a sentence end. A mention that
does not start and end on token boundaries can neither be learned nor predicted, so the trained
pipelines split hyphens, slashes, plus signs, brackets and a few more symbols inside tokens
(as scispacy's tokenizer does) and a full stop after a capital. The rules are saved with the
model's tokenizer, so loading a model needs no code from here.
"""

from __future__ import annotations

from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex, compile_suffix_regex

# Split on these wherever they occur inside a token (between any two characters).
_EXTRA_INFIXES = [r"[-\u2010-\u2015/+()\[\]{}:;=<>~^|,*]", r"(?<=[0-9A-Za-z])'(?=[A-Za-z]{2,})"]
# A closing full stop after a capital letter or digit ("vitamin D.", "AmB.", "type 2.").
_EXTRA_SUFFIXES = [r"(?<=[A-Z0-9])\."]


def customise_tokenizer(nlp: Language) -> Language:
    """Add biokg's biomedical infix and suffix rules to `nlp`'s tokenizer, in place.

    Args:
        nlp: a pipeline whose tokenizer is spaCy's rule-based `Tokenizer`.

    Returns:
        The same `nlp`, so it can serve as a spaCy callback.

    Example:
        >>> nlp = customise_tokenizer(spacy.blank("en"))
        >>> [t.text for t in nlp.make_doc("(PAN)-induced Na+/K+ loss")]
        ['(', 'PAN', ')', '-', 'induced', 'Na', '+', '/', 'K', '+', 'loss']
    """
    infixes = list(nlp.Defaults.infixes or []) + _EXTRA_INFIXES
    suffixes = list(nlp.Defaults.suffixes or []) + _EXTRA_SUFFIXES
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


@spacy.registry.callbacks("biokg.bio_tokenizer.v1")
def make_bio_tokenizer_callback() -> Callable[[Language], Language]:
    """The spaCy callback (``[initialize.before_init]``) that installs `customise_tokenizer`."""
    return customise_tokenizer
