"""`biokg_line_breaks`: a line break always ends a sentence, and a clause is never cut.

News pages and abstracts put titles, captions and list items on their own lines without final
punctuation; the parser would glue them to the next line. Sentence starts preset here are kept
by the parser, which runs after this component. Existing starts (from a `sentencizer` in the
lean mode for huge texts) are kept too.

The other way round, the small parser sometimes ends a sentence inside a clause, most often
after a name that opens a paragraph ("Rituximab | is an anti-CD20 antibody that ..."), and the
relations of the clause are then lost to both halves. A word in lower case that follows no
sentence-final punctuation cannot start a sentence; it is marked so (`is_sent_start = False`),
which spaCy's parser respects. Words such as "mRNA" or "p53" are not in lower case throughout and
keep their freedom.

spaCy's tokenizer keeps a full stop on a lone capital, as on an initial ("John F. Kennedy"), so
"patients with hemophilia B. All were followed" was one sentence and one name "hemophilia B. All",
and "chronic hepatitis C." lost its "C" to the stop. After a word in lower case the capital is no
initial where the text ends or a line breaks there, or where a capitalised word follows and the
word before is not one that introduces a person ("said J. Smith", "by J. Smith"): the stop is
split off and ends the sentence.
"""

from __future__ import annotations

import re

from biokg.nlp.component import Component, doc_text
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

# `SENT_START` -1 ("cannot start a sentence") in the unsigned array `Doc.to_array` gives.
_CANNOT_START = 2**64 - 1
_FINAL = frozenset(".!?;:…")
# Lower-case words a person's initial follows: "said J. Smith", "led by R. Jones and K. Lee".
_BEFORE_INITIAL = frozenset({
    "said", "says", "told", "by", "and", "or", "with", "to", "of", "from", "for", "including",
    "led", "wrote", "et", "at", "dr", "prof", "mr", "ms", "mrs", "professor", "author",
    "authors", "colleague", "colleagues", "coauthor", "investigator"
})  # fmt: skip


_LONE_CAPITAL_STOP = re.compile(r"(?<![\w.])[A-Z]\.")


def _letter_stop_ends(doc: Doc, i: int) -> bool:
    """Whether token `i`, a capital and a full stop ("B."), ends its sentence: see above."""
    prev = doc[i - 1]
    if not (prev.is_alpha and prev.text.islower()) or "\n" in prev.whitespace_:
        return False
    if i + 1 == len(doc) or "\n" in doc[i].whitespace_:
        return True
    after = doc[i + 1]
    if after.is_space:
        return "\n" in after.text
    return after.is_alpha and after.text[0].isupper() and prev.text not in _BEFORE_INITIAL


def split_letter_stops(doc: Doc) -> list[int]:
    """Split the full stop off every lone capital that ends a sentence; the indices of the
    tokens after the stops, which start sentences."""
    if not _LONE_CAPITAL_STOP.search(doc_text(doc)):
        return []  # most texts: no token to look at
    found = [
        i
        for i in range(1, len(doc))
        if len(doc[i].text) == 2 and doc[i].text[0].isupper() and doc[i].text[1] == "."
        and doc[i].text[0].isascii() and _letter_stop_ends(doc, i)
    ]  # fmt: skip
    if not found:
        return []
    with doc.retokenize() as retokenizer:
        for i in found:
            token = doc[i]
            retokenizer.split(token, [token.text[0], "."], heads=[(token, 0), (token, 0)])
    # Each split before index j moved it one to the right.
    return [i + k + 2 for k, i in enumerate(found) if i + k + 2 < len(doc)]


def _mid_clause(token, prev) -> bool:
    """A lower-case word after a token that does not end a sentence."""
    text = token.text
    return text.isalpha() and text.islower() and not prev.is_space and prev.text[-1] not in _FINAL


class LineBreaks(Component):
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        stops = set(split_letter_stops(doc))
        # One array write: setting `token.is_sent_start` one by one is quadratic in spaCy 3.8.
        starts = doc.to_array([SENT_START]).astype("uint64")
        changed = False
        for i in range(1, len(doc)):
            prev = doc[i - 1]
            if i in stops or "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                starts[i] = 1
                changed = True
            elif starts[i] != 1 and _mid_clause(doc[i], prev):
                starts[i] = _CANNOT_START
                changed = True
        if changed:
            doc.from_array([SENT_START], starts)
        return doc


def is_headline(sent: Span) -> bool:
    """Whether the sentence is a title written in Title Case ("Checkpoint Inhibitor Extends
    Survival"): every word capitalised, so capitals name nothing there and parses tie words at
    random."""
    words = [t.text for t in sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
