"""Document-level consistency for NER output: one name, one type, everywhere in a document.

A CNN tagger sees a window of a few tokens, so it often tags a drug or disease at its first
mention and misses a later bare repeat, or misses the abbreviation defined right after it.
Two rules, applied after the statistical NER (the classic post-processing of BC5CDR systems,
e.g. TaggerOne's abbreviation and consistency handling):

1. Abbreviation: ``<entity> ( ABBR )`` where ABBR is an untagged single token of 2-10
   characters whose letters could abbreviate the entity, gets the entity's label.
2. Propagation: every other untagged occurrence (same token sequence, case-sensitive) of a
   tagged surface form gets that label, when the document tags that surface with one label only.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

_MIN_CHARS = 3  # shorter surfaces ("Na", "K") are too ambiguous to propagate


def _could_abbreviate(abbr: str, span: Span) -> bool:
    letters = [c.lower() for c in abbr if c.isalpha()]
    if not letters or not (2 <= len(abbr) <= 10) or not any(c.isupper() for c in abbr):
        return False
    return letters[0] == span.text[0].lower()


def make_consistent(doc: Doc) -> Doc:
    """Add abbreviation and repeated-mention entities to `doc.ents`, in place; returns `doc`."""
    ents = list(doc.ents)
    tagged = {i for e in ents for i in range(e.start, e.end)}
    added: list[Span] = []
    for ent in ents:
        i = ent.end
        in_parentheses = i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")"
        if in_parentheses and i + 1 not in tagged and _could_abbreviate(doc[i + 1].text, ent):
            added.append(Span(doc, i + 1, i + 2, label=ent.label_))
    labels_by_surface: dict[tuple[str, ...], set[str]] = {}
    for ent in ents + added:
        key = tuple(t.text for t in ent)
        labels_by_surface.setdefault(key, set()).add(ent.label_)
    tagged |= {i for s in added for i in range(s.start, s.end)}
    for key, labels in labels_by_surface.items():
        if len(labels) != 1 or len(" ".join(key)) < _MIN_CHARS:
            continue
        label = next(iter(labels))
        n = len(key)
        for start in range(len(doc) - n + 1):
            if doc[start].text != key[0] or any(j in tagged for j in range(start, start + n)):
                continue
            if tuple(t.text for t in doc[start : start + n]) == key:
                added.append(Span(doc, start, start + n, label=label))
                tagged.update(range(start, start + n))
    if added:
        doc.ents = filter_spans(ents + added)
    return doc


@Language.component("biokg_ner_consistency", assigns=["doc.ents"], requires=["doc.ents"])
def ner_consistency(doc: Doc) -> Doc:
    """spaCy component wrapping `make_consistent`; add it after a trained `ner`."""
    return make_consistent(doc)
