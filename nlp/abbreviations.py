"""`biokg_abbreviations`: abbreviation definitions, as plain data.

scispacy's `AbbreviationDetector` (Schwartz & Hearst 2003) finds "National Cancer Institute
(NCI)", but only single-token short forms, so "(B-ALL)" -- three spaCy tokens -- is missed. This
component runs it, adds the same Schwartz & Hearst long-form search over the text for
parenthesised short forms it skipped, and stores every occurrence of each short form as char
offsets: `doc._.biokg_abbreviations = [(short_start, short_end, long_start, long_end), ...]`.

scispacy keeps `Span`s in `doc._.abbreviations`, which cannot be pickled between processes
(`nlp.pipe(n_process=2)` fails), so that extension is emptied here.
"""

from __future__ import annotations

import re
import warnings

from biokg.nlp import patterns as P
from biokg.nlp.component import Component, doc_text
from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.tokens import Doc

EXTENSION = "biokg_abbreviations"
_PAREN = re.compile(r"\(\s*(?P<short>[A-Za-z0-9][\w./+-]{0,10}?)\s*[);,:]")


def long_form(short: str, before: str) -> str | None:
    """Schwartz & Hearst's backward character match of `short` against the text `before` it.

    >>> long_form("B-ALL", "with relapsed B-cell acute lymphoblastic leukemia")
    'B-cell acute lymphoblastic leukemia'
    """
    letters = sum(c.isalpha() for c in short)
    if letters < 2 or not short[0].isalnum():
        return None
    if sum(c.isupper() for c in short) < 1 and not _cell_short_name(short):
        return None
    words = before.rstrip().split()
    window = " ".join(words[-min(len(short) + 5, 2 * len(short)) :])
    s, i = len(short) - 1, len(window) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (window[i].lower() != c or (s == 0 and i > 0 and window[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = window.rfind(" ", 0, i + 1) + 1
    candidate = window[start:]
    if len(candidate) <= len(short) or candidate.count(" ") < 1 and "-" not in candidate:
        return None
    return candidate


def _cell_short_name(short: str) -> bool:
    """The lower-case short name a cell therapy's INN goes by ("feno-cel" for "fenocabtagene
    autoleucel", "cilta-cel"): defined like an acronym though it has no capital."""
    return P.INN_SHORT.fullmatch(short) is not None


class Abbreviations(Component):
    def __init__(self, nlp: Language, name: str, make_serializable: bool = True) -> None:
        self.name = name
        self.detector = AbbreviationDetector(nlp, make_serializable=False)
        Doc.set_extension(EXTENSION, default=[], force=True)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        definitions: dict[str, tuple[int, int]] = {}
        with warnings.catch_warnings():
            # W036: scispacy's global matcher has no patterns when nothing was defined.
            warnings.filterwarnings("ignore", message=r"\[W036\]")
            doc = self.detector(doc)
        for short in doc._.abbreviations:
            long = short._.long_form
            if long is not None:
                definitions.setdefault(short.text, (long.start_char, long.end_char))
            short._.long_form = None  # kept in doc.user_data; a Span there cannot be pickled
        doc._.abbreviations = []
        for m in _PAREN.finditer(text):
            short = m.group("short")
            if short in definitions:
                continue
            line_start = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start())) + 1
            found = long_form(short, text[line_start : m.start()])
            if found:
                end = text.rfind(found, line_start, m.start()) + len(found)
                definitions[short] = (end - len(found), end)
        pairs = []
        for short, (l0, l1) in definitions.items():
            # "Feno-cel" opens a sentence that "feno-cel" was defined in.
            flags = re.IGNORECASE if _cell_short_name(short) else 0
            for m in re.finditer(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text, flags):
                pairs.append((m.start(), m.end(), l0, l1))
        doc._.set(EXTENSION, sorted(set(pairs)))
        return doc
