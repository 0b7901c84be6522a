"""What spaCy sees: the document text with markup blanked out, at the SAME length.

HTML tags and entities left over from scraping ("melanoma.</p>", "&amp;") glue onto words and
hide them from the tokenizer. They are replaced by spaces of equal length, and exotic spaces
(NBSP, thin spaces...) by plain spaces, so every char offset into the masked text is the same
offset into the original `Document.text`; mentions and evidence are always sliced from the
original.

>>> mask_markup("<p>CD19&nbsp;CAR</p>")
'   CD19      CAR    '
"""

from __future__ import annotations

import re

_MARKUP = re.compile(
    r"<[/!?]?[A-Za-z][^<>]{0,300}>|<!--.*?-->|&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,5});"
)
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def mask_markup(text: str) -> str:
    """`text` with tags, character entities and exotic spaces replaced by spaces (same length)."""
    masked = _MARKUP.sub(lambda m: " " * len(m.group()), text)
    return _ODD_SPACES.sub(" ", masked)
