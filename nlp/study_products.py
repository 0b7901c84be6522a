"""A product the text names only by its modality ("a novel gene therapy", "a synthetic
long-peptide vaccine", "the vaccine") is an entity where the text is about it.

News and abstracts on an unnamed investigational product call it by what it is: "A novel gene
therapy restored hearing in five children ... The gene therapy delivers ...". GUIDE.md names
such a product descriptively and keeps the generic phrase as its alias. Where the text names
no product of its own (no drug of that modality, none it names twice), the phrases are one
product, named by the most specific of them; where it is about a named drug, the phrases name
nothing of their own.
"""

from __future__ import annotations

import re
from collections import Counter

from biokg.nlp import patterns as P
from biokg.nlp.recognisers import BUILT_EXT, NAMES_EXT
from spacy.tokens import Doc, Span

from biokg.identity import entity_key

_ANY_HEAD = re.compile(r"vaccine|gene[- ]therapy", re.IGNORECASE)


# The WHO INN stems of gene therapies: "-gene" names the gene component ("onasemnogene"),
# "-vec" the viral vector ("abeparvovec").
_GENE_THERAPY_INN = re.compile(r"\b[a-z]+gene\b|[a-z]vec\b", re.IGNORECASE)


def _of_modality(name: str, head: str) -> bool:
    return name.lower().endswith(head) or (
        head == "gene therapy" and bool(_GENE_THERAPY_INN.search(name))
    )


# What a modality's name may modify and still name the product: "a gene therapy approach",
# "a vaccine candidate".
_PRODUCT_NOUNS = frozenset({
    "approach", "candidate", "product", "treatment", "strategy", "technique", "platform",
    "regimen", "construct",
})  # fmt: skip
# How a text speaks of the modality at all: "vaccinated", "vaccine-induced", "gene therapies".
_HEAD_WORDS = {
    "vaccine": re.compile(r"\bvaccin\w*", re.IGNORECASE),
    "gene therapy": re.compile(r"\bgene[- ]therap\w*", re.IGNORECASE),
}


def _head(text: str) -> str:
    return "gene therapy" if text.lower().startswith("gene") else "vaccine"


def study_products(doc: Doc, ents: list[Span]) -> list[Span] | None:
    """`ents` with the text's modality-only product phrases added, or None where they name
    nothing (see the module docstring)."""
    text = doc.text
    if not _ANY_HEAD.search(text):
        return None
    taken = {i for e in ents for i in range(e.start, e.end)}
    found: dict[str, list[tuple[re.Match, Span]]] = {}
    for m in P.STUDY_PRODUCT.finditer(text):
        start = m.start("mods") + P.EVALUATIVE_PREFIX.match(m.group("mods")).end()
        span = doc.char_span(start, m.end(), alignment_mode="contract")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        last = span[-1]
        modifier = last.head.i > last.i and last.dep_ in ("compound", "nmod", "amod")
        if modifier and last.head.lower_ not in _PRODUCT_NOUNS:
            continue  # a modifier of what the phrase is about: "a vaccine efficacy of 74%"
        found.setdefault(_head(m.group("head")), []).append((m, span))
    if not found:
        return None
    drugs = [e for e in ents if e.label_ == "DRUG"]
    if any(count >= 2 for count in Counter(e.kb_id_ for e in drugs).values()):
        return None  # a drug the text names twice is its subject
    added: list[Span] = []
    for head, phrases in found.items():
        # A named product of the modality ("HPV-16 synthetic long-peptide vaccine", a drug a
        # description of it was folded into, a gene therapy's INN) keeps its phrases as its
        # description's: joined to it, each quote around "the gene therapy" made its speaker
        # an investigator (the annotation corpus' news dev texts).
        if any(_of_modality(e.text, head) for e in drugs):
            continue
        if len(_HEAD_WORDS[head].findall(text)) < 2:
            continue  # said in passing
        if all(m.group("det").lower() == "the" for m, _span in phrases):
            continue  # never introduced ("a ...", "this ..."): a modality, not a product
        best = max(phrases, key=lambda item: len(item[1]))[1]
        name = re.sub(r"\s+", " ", best.text)
        name = name[0].lower() + name[1:] if name[1:2].islower() else name
        kb_id = entity_key("DRUG", name)
        doc._.get(NAMES_EXT)[kb_id] = name
        # Named by its form where the text is about it: the entity filter, which learnt such a
        # phrase as a modality, does not judge it.
        doc._.get(BUILT_EXT).extend((span.start_char, span.end_char) for _m, span in phrases)
        added += [
            Span(doc, span.start, span.end, label="DRUG", kb_id=kb_id) for _m, span in phrases
        ]
    if not added:
        return None
    return sorted([*ents, *added], key=lambda e: e.start)
