"""Author lines of abstracts and papers: who works where, by the numbers they carry.

Conference abstracts and papers name their authors on one line, each with the numbers of the
affiliations listed below, and the affiliations on the next line(s), each opened by its number:

    Qiaoyun Lin 1, Haoran Zhou 2, Meixiu Deng 1, Jianguo Tao 3*
    1 Hangzhou Xixi Oncology Hospital, Hangzhou, China; 2 Nanhu University Cancer Center, ...

No sentence states these affiliations, so neither the relation model nor a parse reads them;
the layout does. `author_lines` finds such blocks in plain text: every author's name and the
character ranges of the affiliations its numbers point to. Nothing is returned unless the
numbers agree (every author's numbers are among the listed affiliations, which count 1, 2, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One affiliation: its number at the start of a line or after "; ", then its text.
# One affiliation: its number at the start of a line or after the "; " (". ", ", ") closing
# the one before, then its text up to the next numbered one.
_AFFILIATION = re.compile(
    r"(?:^|(?<=[;.,])\s*)(?P<number>\d{1,2})\s+(?P<text>[^\W\d_].{2,300}?)"
    r"(?=[;.,]?\s*\d{1,2}\s+[^\W\d_]|\s*$|;)",
    re.M,
)
# Degrees written after a name: "Hugo Castleton, MBBS, PhD 3".
_DEGREES = r"(?:MD|PhD|MBBS|MBChB|MB|BCh|ChB|MSc|MS|MA|MPH|DPhil|DO|BSc|RN|PharmD|FRCP|FRCPC|FRACP)"
# One author: a name of two to six words (initials "A." or "S. J." allowed, lower-case particles
# "van", "de"), degrees, then the affiliation numbers and any footnote marks.
_WORD = r"[^\W\d_][\w'’.\-]*"
_PARTICLE = r"(?:van|von|de|der|den|da|del|della|di|du|la|le|ten|ter|bin|al|dos|das)"
_AUTHOR = re.compile(
    rf"(?P<name>{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{1,5}}?)"
    rf"(?:\s*,\s*{_DEGREES}(?=[\s\d,;]|$))*"
    r"(?:\s*[#*†‡§])*"
    r"\s*(?P<numbers>\d{1,2}(?:(?:\s*,\s*|\s+)\d{1,2})*)(?:\s*,?\s*[*†‡§])*"
    r"\s*(?:,|\band\b|;|$)"
)
# What may open an author line ("Authors: ...") and close it ("; TALISMAN-MM3 Investigators").
_OPENING = re.compile(r"\s*(?:Authors?|By)\s*:\s*", re.IGNORECASE)
_GROUP_AUTHOR = re.compile(
    r"\s*;?\s*(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}\s+(?:Investigators|Study Group|Group|"
    r"Consortium|Collaborators)\.?\s*$"
)
# A heading between the authors and their affiliations.
_HEADING = re.compile(r"\s*(?:Affiliations?|Author information)\s*:?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Author:
    """An author's name and the affiliations its numbers point to, as character ranges."""

    start: int
    end: int
    affiliations: tuple[tuple[int, int], ...]


def author_lines(text: str) -> list[Author]:
    """The authors of every author block in `text` (see the module docstring)."""
    found: list[Author] = []
    lines = _lines(text)
    for i in range(len(lines)):
        listed = _affiliations(text, lines, i)
        if not listed:
            continue
        # The authors' line is the one before the affiliations (a blank line or a heading may
        # part them).
        for j in range(i - 1, max(-1, i - 5), -1):
            a0, a1 = lines[j]
            if text[a0:a1].strip() and not _HEADING.match(text, a0, a1):
                found += _authors(text, a0, a1, listed)
                break
    return found


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _affiliations(text: str, lines, i: int) -> dict[int, tuple[int, int]]:
    """Numbered affiliations starting at line i (on it, "; "-separated, and on the lines after
    it while they go on counting), numbered 1, 2, ... in order; else nothing."""
    l0, _ = lines[i]
    if not re.match(r"1\s+[^\W\d_]", text[l0 : l0 + 40]):
        return {}
    listed: dict[int, tuple[int, int]] = {}
    for a0, a1 in lines[i:]:
        before = len(listed)
        for m in _AFFILIATION.finditer(text, a0, a1):
            number = int(m.group("number"))
            if number != len(listed) + 1:
                break
            listed[number] = (m.start("text"), m.end("text"))
        if len(listed) == before:
            break
    return listed if len(listed) >= 1 else {}


def _authors(text: str, l0: int, l1: int, listed: dict[int, tuple[int, int]]) -> list[Author]:
    authors = []
    opening = _OPENING.match(text, l0, l1)
    position = opening.end() if opening else l0
    line = text[l0:l1]
    for m in _AUTHOR.finditer(text, position, l1):
        if text[position : m.start()].strip(" ,;") and authors:
            return []  # something between two authors: not an author line
        numbers = [int(n) for n in re.findall(r"\d+", m.group("numbers"))]
        name = m.group("name")
        words = name.split()
        if not all(w[0].isupper() or re.fullmatch(_PARTICLE, w) for w in words):
            return []
        if any(n not in listed for n in numbers):
            return []
        authors.append(Author(m.start("name"), m.end("name"), tuple(listed[n] for n in numbers)))
        position = m.end()
    rest = line[position - l0 :]
    if len(authors) < 2 or (rest.strip(" ,;*†‡") and not _GROUP_AUTHOR.fullmatch(rest)):
        return []
    return authors
