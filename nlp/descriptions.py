"""`biokg_descriptions`: a description of a named drug is that drug, not a second one.

News and abstracts describe a named product by its class: "Zelbrix (zelcabtagene), a
CD19-directed CAR T-cell therapy developed by Acme Bio", "tisagenlecleucel is a CD19-directed
CAR T-cell therapy", "the BTK inhibitor ibrutinib". A recogniser rightly tags such a phrase as a
DRUG where nothing named stands beside it (an unnamed construct); where it describes a named
drug, what the sentence says of it (the target, the maker, the outcome) is said of that drug.
This component gives such a description the identity (`kb_id`) of the named drug, so both are
one entity and the description's relations are the drug's.

A DRUG span is a description when it names a class, not a product: it ends in a class word
("therapy", "inhibitor", "antibody", "cells"...) and no ontology identifies it. It describes a
named drug when the parse or the surface ties them: an apposition either way ("X, a ...", "a
..., X,"), a copula ("X is a ..."), or the named drug right after it ("the BTK inhibitor
ibrutinib"). A description tied to no named drug keeps its own identity.

The description also says what its subject is: in "ZX401B is a BCMA-directed CAR T-cell
therapy" or "AB-123, a PD-1 inhibitor, ...", a name no recogniser took (a development code, a
new product) is a drug. Such a name, tied to the description by copula or apposition, becomes
a DRUG entity and the description takes its identity.
"""

from __future__ import annotations

from biokg.nlp.component import Component
from biokg.nlp.sentences import is_headline
from biokg.nlp.study_products import study_products
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from biokg.identity import entity_key

CLASS_WORDS = frozenset({
    "therapy", "therapies", "treatment", "treatments", "inhibitor", "inhibitors", "antibody",
    "antibodies", "agent", "agents", "drug", "drugs", "medicine", "medication", "conjugate",
    "conjugates", "vaccine", "vaccines", "immunotherapy", "immunotherapies", "product",
    "products", "candidate", "cells", "cell", "construct", "molecule", "compound", "blocker",
    "blockers", "antagonist", "antagonists", "agonist", "agonists", "degrader", "bispecific",
    "engager", "regimen", "formulation", "infusion", "car",
})  # fmt: skip
_TIES = frozenset({"appos", "nmod", "amod", "compound"})
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "remains", "becomes", "became"})


def is_description(span: Span) -> bool:
    """A class phrase, not a product's name (see the module docstring)."""
    if span.label_ != "DRUG" or span[-1].lower_ not in CLASS_WORDS:
        return False
    return not span.kb_id_ or span.kb_id_.startswith("biokg:")


class Descriptions(Component):
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        drug_at = {i: e for e in ents if e.label_ == "DRUG" for i in range(e.start, e.end)}
        # A code no ontology knows that a model took for a gene ("ZX55B") may be what the
        # description says is a drug; every other entity keeps its tokens.
        recast = {i: e for e in ents if _unknown_code(e) for i in range(e.start, e.end)}
        taken = {i for e in ents for i in range(e.start, e.end) if i not in recast}
        renamed = False
        new_ents = []
        codes: dict[str, str] = {}  # kb_id of a recast code -> its drug's
        for ent in ents:
            named = None
            if is_description(ent):
                named = self._described(doc, ent, drug_at)
                if named is None:
                    named = _unrecognised_subject(doc, ent, taken)
                    if named is not None:
                        new_ents.append(named)
                        taken.update(range(named.start, named.end))
                        for i in range(named.start, named.end):
                            if i in recast:
                                codes[recast[i].kb_id_] = named.kb_id_
                        # The name's other mentions are the drug too ("ZX55B was given ...").
                        for token in doc:
                            if token.text == named.text and token.i not in taken:
                                if token.i in recast:
                                    codes[recast[token.i].kb_id_] = named.kb_id_
                                else:
                                    new_ents.append(Span(doc, token.i, token.i + 1, label="DRUG",
                                                         kb_id=named.kb_id_))  # fmt: skip
                                    taken.add(token.i)
            if named is not None:
                ent = Span(doc, ent.start, ent.end, label=ent.label_, kb_id=named.kb_id_)
                renamed = True
            new_ents.append(ent)
        if codes:
            kept = []
            for ent in new_ents:
                if ent.kb_id_ in codes and ent.label_ != "DRUG":
                    if any(k.start < ent.end and ent.start < k.end for k in new_ents if k is not ent
                           and k.label_ == "DRUG"):  # fmt: skip
                        continue  # the mention the description named
                    ent = Span(doc, ent.start, ent.end, label="DRUG", kb_id=codes[ent.kb_id_])
                kept.append(ent)
            new_ents = kept
        with_products = study_products(doc, new_ents)
        if with_products is not None:
            new_ents, renamed = with_products, True
        if renamed:
            doc.ents = sorted(new_ents, key=lambda e: e.start)
        return doc

    @staticmethod
    def _described(doc: Doc, ent: Span, drug_at: dict[int, Span]) -> Span | None:
        def named(token) -> Span | None:
            other = drug_at.get(token.i)
            if other is None or other.start == ent.start or is_description(other):
                return None
            if other[-1].lower_ in CLASS_WORDS:
                return None  # a class an ontology names ("a proteasome inhibitor, an ... agent")
            return other

        for token in _tied_tokens(doc, ent):
            other = named(token)
            if other is not None:
                return other
            # "Zelbrix (zelcabtagene), a ... therapy": the apposition hangs on a name no
            # recogniser took, whose parenthesis names the drug.
            for child in token.children:
                if child.dep_ in ("appos", "parataxis", "npadvmod", "dep"):
                    other = named(child)
                    if other is not None:
                        return other
        return None


def _tied_tokens(doc: Doc, ent: Span) -> list[Token]:
    """Tokens outside the description that the parse or the surface ties it to."""
    candidates = []
    # A token of the description hanging on the drug's name as apposition or modifier
    # (parsers attach "a CD19-directed therapy, zelcabtagene," either way), or the name
    # hanging on the description as its apposition; never a coordination ("X and a Y").
    for token in ent:
        if not ent.start <= token.head.i < ent.end and token.dep_ in _TIES:
            candidates.append(token.head)
    candidates += _named_as(ent)
    if ent.end < len(doc):
        candidates.append(doc[ent.end])
    # "talvemab (Talvora), a GPRC5D-directed T-cell engager from X": parsers often hang such an
    # apposition on the verb; the surface ties it to the name before the comma (and its
    # bracket).
    i = ent.start - 1
    if i >= 2 and doc[i].lower_ in ("a", "an") and doc[i - 1].text == ",":
        j = i - 2
        if doc[j].text == ")":
            while j > 0 and doc[j].text != "(":
                j -= 1
            j -= 1
        # A class before the comma is an item of a list ("a proteasome inhibitor, an
        # immunomodulatory agent and ..."), not a name the description is of.
        if j >= 0 and doc[j].lower_ not in CLASS_WORDS:
            candidates.append(doc[j])
    if not doc.has_annotation("DEP"):
        # Without a parse (the lean path for huge texts) the surface ties: "X, a <it>" and
        # "X is a <it>".
        i = ent.start - 1
        if (
            i >= 2
            and doc[i].lower_ in ("a", "an")
            and (doc[i - 1].text == "," or doc[i - 1].lower_ in _COPULAS)
        ):
            candidates.append(doc[i - 2])
    return candidates


def _named_as(ent: Span) -> list[Token]:
    """What the description is said of: its appositions and the subject of "<X> is a <it>"."""
    root = ent.root
    out = [c for c in root.children if c.dep_ == "appos"]
    # "Zentara, Orrin's anti-PD-1 therapy,": parsers hang the name before the comma on the
    # description as a modifier.
    doc = ent.doc
    out += [
        c for c in root.children
        if c.dep_ in ("nmod", "npadvmod", "compound") and c.i < ent.start - 1
        and doc[c.i + 1].text == ","
    ]  # fmt: skip
    if root.dep_ == "attr" and root.head.lower_ in _COPULAS:
        out += [c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return out


def _unrecognised_subject(doc: Doc, ent: Span, taken: set[int]) -> Span | None:
    """The name the description says is a drug, where no recogniser took it: the subject of
    "<name> is a <description>" or the apposition of "<name>, a <description>," (a name
    right after the description only when it carries a digit: "the KRAS inhibitor AB-1234")."""
    tied = _named_as(ent)
    if ent.root.dep_ == "appos":
        tied.append(ent.root.head)
    after = ent.end + 1 if ent.end < len(doc) and doc[ent.end].text == "(" else ent.end
    if after < len(doc) and any(ch.isdigit() for ch in doc[after].text):
        tied.append(doc[after])  # "the KRAS inhibitor AB-1234", "a CD19 CAR (AB-19)"
    headline = is_headline(ent.sent)
    for token in tied:
        if token.i in taken or not _name_like(token):
            continue
        if headline and not any(ch.isdigit() for ch in token.text):
            continue  # in a headline every word is capitalised: the parse ties words at random
        start = token.i
        while (
            start > 0
            and start - 1 not in taken
            and doc[start - 1].head.i == token.i
            and doc[start - 1].dep_ == "compound"
            and _name_like(doc[start - 1])
        ):
            start -= 1
        name = doc[start : token.i + 1]
        return Span(doc, name.start, name.end, label="DRUG", kb_id=entity_key("DRUG", name.text))
    return None


def _unknown_code(ent: Span) -> bool:
    """A one-token entity other than a drug that no ontology knows and that carries a digit,
    or that a model took for a company or a person: a new product's name ("Velqara, a CD19
    CAR T-cell therapy from Acme" read as an organisation)."""
    return (
        ent.label_ != "DRUG"
        and len(ent) == 1
        and ent.kb_id_.startswith("biokg:")
        and (any(ch.isdigit() for ch in ent.text) or ent.label_ in ("ORGANIZATION", "PERSON"))
    )


def _name_like(token: Token) -> bool:
    """A product's name or code: capitalised or carrying a digit, never a pronoun or a common
    word ("It", "This", "The drug")."""
    text = token.text
    # The pipeline tags (`tag_`) without mapping them to `pos_`.
    pronoun = token.pos_ in ("PRON", "DET") or token.tag_ in ("PRP", "PRP$", "DT", "WP", "WDT")
    if token.is_stop or pronoun or len(text) < 2 or not text[0].isalnum():
        return False
    has_digit = any(ch.isdigit() for ch in text)
    proper = token.pos_ == "PROPN" or token.tag_ in ("NNP", "NNPS")
    return has_digit or (text[0].isupper() and proper)
