"""Join named text parts into one `Document.text` with `Section` offsets, and other small
helpers every source uses to build a complete `Document`."""

from __future__ import annotations

import re
from datetime import date, datetime

from biokg.model import Section

# "2.", "2.1", "IV." or "3)" before a section title
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*|[IVXivx]+)[.)]?\s+")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

# Section titles as articles write them, folded to the names later stages weight.
_CANONICAL = (
    ("abstract", ("abstract", "summary")),
    ("introduction", ("introduction", "background")),
    ("methods", ("method", "materials", "patients and", "study design", "experimental")),
    ("results", ("result", "findings")),
    ("discussion", ("discussion",)),
    ("conclusions", ("conclusion", "interpretation")),
)


def canonical_section(title: str) -> str:
    """Fold a section title to a common name when it is one, else keep it (lowercased).

    >>> canonical_section("2. Materials and Methods"), canonical_section("Case report")
    ('methods', 'case report')
    """
    folded = _NUMBERING.sub("", title.strip()).strip().lower()
    folded = folded.rstrip(":. ")
    for name, starts in _CANONICAL:
        if any(folded.startswith(s) for s in starts):
            return name
    return folded or "body"


def clean_text(text: str) -> str:
    """Collapse runs of spaces within lines and blank-line runs between paragraphs."""
    lines = [_SPACE.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class TextBuilder:
    """Accumulates (section name, text) parts; adjacent parts of one section share a span.

    Example:
        >>> b = TextBuilder(); b.add("title", "CD22 CAR T"); b.add("abstract", "Remission.")
        >>> text, sections = b.build()
        >>> text[sections[1].start:sections[1].end]
        'Remission.'
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._sections: list[Section] = []
        self._length = 0

    def add(self, name: str, text: str) -> None:
        text = clean_text(text)
        if not text:
            return
        separator = "\n\n" if self._parts else ""
        start = self._length + len(separator)
        self._parts.append(separator + text)
        self._length = start + len(text)
        last = self._sections[-1] if self._sections else None
        if last is not None and last.name == name:
            last.end = self._length
        else:
            self._sections.append(Section(name=name, start=start, end=self._length))

    def build(self) -> tuple[str, list[Section]]:
        return "".join(self._parts), list(self._sections)


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def parse_date(value: object) -> date | None:
    """Best-effort date from ISO strings, 'YYYY', 'YYYY-MM', RFC 2822 or (y, m, d) parts."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    match = re.match(r"(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", text)
    if match:
        year, month, day = match.group(1), match.group(2) or "1", match.group(3) or "1"
        return date_from_parts(year, month, day)
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def date_from_parts(year: str | None, month: str | None = None, day: str | None = None):
    """A date from PubMed/JATS-style parts; month may be 'Nov' or '11'; missing parts are 1."""
    if not year or not year.strip().isdigit():
        return None
    m = 1
    if month:
        month = month.strip()
        m = int(month) if month.isdigit() else _MONTHS.get(month[:3].lower(), 1)
    d = int(day) if day and day.strip().isdigit() else 1
    try:
        return date(int(year), m, d)
    except ValueError:
        try:
            return date(int(year), m, 1)
        except ValueError:
            return date(int(year), 1, 1)


def unique(items) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        item = (item or "").strip()
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out
