"""`biokg_relations`: typed relations between the entities of one sentence.

A pair of entities in one sentence becomes a relation only when (1) their types fit a predicate's
signature and (2) a trigger word for that predicate lies on the dependency path between them
(confidence 0.8) or, failing that, between them in a short surface window with no other entity of
the subject's type in between (0.6). Mere co-occurrence is never enough, except for two marked
fallbacks: HAS_OUTCOME between a drug and an outcome linked by a short dependency path (0.5), and
an outcome sentence with numbers but no drug, attached to the drug named last before it (0.4).
Construct names give TARGETS directly ("CD22 CAR T cells" targets CD22, 0.95), and
"generic (Brand)" gives BRAND_OF (0.95).

Negation: a `neg` dependent or "no/not/never/without/failed to" on the path or in the window.

Output, plain data for multiprocessing: `doc._.biokg_relations` = list of dicts with `subject`
and `object` as (start_char, end_char), `predicate`, `confidence`, `negated`, `attributes`,
`sentence` (start_char, end_char) and `trigger`.
"""

from __future__ import annotations

import re

from biokg.nlp.component import Component, doc_text
from biokg.nlp.outcome_numbers import parse_outcome_numbers, stated_duration
from biokg.nlp.patterns import INVESTIGATOR_CUE as P_INVESTIGATOR_CUE
from biokg.nlp.patterns import VARIANT_IN_NAME
from biokg.nlp.recognisers import AUTHORS_EXT, BRANDS_EXT, GENERIC_CAR_KEYS, TARGETS_EXT
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

EXTENSION = "biokg_relations"

TRIGGERS: dict[str, set[str]] = {
    "TARGETS": {
        "target", "targeting", "targeted", "direct", "directed", "against", "bind", "binding",
        "inhibit", "inhibitor", "inhibition", "block", "blocker", "blockade", "antagonist",
        "agonist", "specific", "recognize", "recognise", "anti", "redirect", "engage",
        "degrade", "modulate", "selective",
    },
    "TREATS": {
        "treat", "treatment", "therapy", "therapies", "for", "patient", "approve", "approval",
        "indicate", "indication", "cure", "remission", "respond", "response", "manage",
        "benefit", "efficacy", "effective", "administer", "option", "control", "achieve",
        "reduce", "improve", "eradicate", "regress", "regression", "fight", "combat",
        "treated", "receive", "trial", "study", "activity", "against",
        # Administration is treatment: "X was given to / infused into adults with Y".
        "give", "given", "infuse", "infusion", "dose", "children", "adult", "people",
    },
    "HAS_OUTCOME": {
        "achieve", "observe", "induce", "lead", "result", "show", "produce", "rate", "follow",
        "receive", "after", "with", "in", "experience", "report", "demonstrate", "yield",
        "attain", "associate", "develop", "reach", "see", "occur", "remain", "have", "seen",
        "shown", "given", "had",
    },
    "DEVELOPED_BY": {
        "develop", "manufacture", "make", "market", "produce", "sponsor", "by", "from",
        "maker", "developer", "manufacturer", "company", "license", "own", "commercialize",
        "made", "sold", "licensed",
        "discover", "create", "design", "'s", "’s",
    },
    "AFFILIATED_WITH": {
        "of", "at", "from", "with", "director", "professor", "chief", "investigator", "author",
        "researcher", "oncologist", "hematologist", "physician", "scientist", "chair", "head",
        "member", "fellow", "president", "officer", "founder", "lead", "leader", "dean",
        "'s", "’s",
    },
    "INVESTIGATES": {
        "evaluate", "test", "investigate", "study", "assess", "examine", "compare", "of",
        "explore", "enroll", "randomize", "receive", "with",
    },
    "EXPRESSED_IN": {
        "express", "expression", "expressed", "overexpress", "overexpression", "overexpressed",
        "coexpress", "positive", "on", "surface", "+",
        # Said of a gene's product where it is: "present in 38% of", "found on", "detected in".
        "present", "presence", "found", "detect", "detectable", "upregulate", "upregulation",
        # Said of the cells that have it: "macrophages carry the receptor X", "cells bearing X".
        "carry", "carries", "carrying", "bear", "bears", "bearing", "display", "displays",
        # Said of the cells that make it: "made by hepatocytes", "secreted by", "sits on".
        "made", "produced", "secreted", "sits",
    },
    "RESISTANT_TO": {
        "resistant", "resistance", "refractory", "fail", "failure", "insensitive",
        "relapse", "relapsed", "progress", "progressed",
    },
    "ASSOCIATED_WITH": {
        "associate", "association", "link", "correlate", "correlation", "cause", "risk",
        "predict", "due", "contribute", "mutation", "role", "involve", "implicate", "increase",
        "decrease", "induce", "induced", "trigger", "mediate", "underlie", "susceptibility",
        "factor", "marker", "elevated", "reduced", "loss", "deficiency", "develop",
        "toxicity", "side", "adverse",
    },
}  # fmt: skip

# (subject type, object type) -> predicates tried, in order of preference.
SIGNATURES: dict[tuple[str, str], tuple[str, ...]] = {
    ("DRUG", "GENE"): ("TARGETS",),
    ("DRUG", "DISEASE"): ("TREATS", "ASSOCIATED_WITH"),
    ("DISEASE", "DRUG"): ("RESISTANT_TO",),
    ("DRUG", "OUTCOME"): ("HAS_OUTCOME",),
    ("DRUG", "ORGANIZATION"): ("DEVELOPED_BY",),
    ("PERSON", "ORGANIZATION"): ("AFFILIATED_WITH",),
    ("TRIAL", "DRUG"): ("INVESTIGATES",),
    ("PERSON", "TRIAL"): ("INVESTIGATES",),
    ("PERSON", "DRUG"): ("INVESTIGATES",),
    ("TRIAL", "DISEASE"): ("INVESTIGATES",),
    ("GENE", "CELL_TYPE"): ("EXPRESSED_IN",),
    ("GENE", "DISEASE"): ("EXPRESSED_IN", "ASSOCIATED_WITH"),
    ("GENE", "DRUG"): ("RESISTANT_TO",),
    ("CELL_TYPE", "DRUG"): ("RESISTANT_TO",),
    ("OUTCOME", "GENE"): ("ASSOCIATED_WITH",),
    ("GENE", "OUTCOME"): ("ASSOCIATED_WITH",),
    ("DISEASE", "GENE"): ("ASSOCIATED_WITH",),
}
# Trigger words that make a drug-disease sentence about harm, not treatment, unless a strong
# treatment word is there too ("induce remission in B-ALL").
HARM = {
    "induce", "induced", "cause", "risk", "toxicity", "adverse", "side", "associate", "impair",
    "worsen", "exacerbate", "aggravate", "precipitate", "provoke", "complication", "association",
    "related", "due",
}  # fmt: skip
STRONG_TREAT = {
    "treat", "treatment", "therapy", "remission", "response", "respond", "cure", "approve",
    "approval", "indicate", "indication", "efficacy", "effective", "benefit", "regress",
    "eradicate", "control", "activity", "prevent", "protect", "reduce", "ameliorate",
    "alleviate", "relieve",
}  # fmt: skip
NEGATORS = {"not", "no", "never", "without", "neither", "nor", "n't", "lack"}
# Predicates whose direction the text does not fix: the first-mentioned entity is the subject.
SYMMETRIC = {"ASSOCIATED_WITH"}
MAX_PATH = 8
MAX_WINDOW = 12
# Where a sentence passes from one outcome's statement to the next one's.
_CLAUSE_BREAK = re.compile(r"(?:[;—–]|,?\s+(?:and|but|while|whereas|with|including)\b)\s*")


def _path(a: Token, b: Token) -> list[Token]:
    """Tokens on the dependency path from a to b, both included."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in index_b:
            return up_a[: k + 1] + list(reversed(up_b[: index_b[t.i]]))
    return []


def _words(tokens) -> set[str]:
    out = set()
    for t in tokens:
        word = t.lower_
        out.add(word)
        # The pipeline has no lemmatizer (it cost ~15% of the time): strip the commonest
        # inflections instead; every variant is kept, so "manufactured" gives "manufacture".
        for suffix in ("ing", "ed", "es", "s", "d"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                out.add(word[: -len(suffix)])
    return out


# What a sentence without a drug may still say of the drug before it, through "it"/"the therapy".
ANAPHORIC_PREDICATES = frozenset({"DEVELOPED_BY", "TARGETS", "TREATS"})
_DRUG_NOUNS = frozenset({
    "therapy", "drug", "product", "treatment", "antibody", "inhibitor", "agent", "medicine",
    "medication", "compound", "molecule", "vaccine", "construct", "pill", "tablet", "capsule",
    "injection", "infusion",
})  # fmt: skip


def _refers_to_a_drug(token: Token) -> bool:
    """ "It", or "the/this therapy" (a definite drug noun without a name of its own)."""
    if token.lower_ == "it":
        return True
    if token.lower_ not in _DRUG_NOUNS or token.ent_type_:
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children)


# "the PD-1 antibody nivolumab", "the BCL-2 inhibitor venetoclax": a class noun between a gene
# and the drug it names says the drug is aimed at that gene.
_CLASS_NOUNS = frozenset({
    "antibody", "antibodies", "monoclonal", "inhibitor", "inhibitors", "blocker", "antagonist",
    "agonist", "bispecific", "-", "directed", "targeted", "targeting",
})  # fmt: skip


def _named_by_its_target(window, drug: Span, gene: Span) -> bool:
    return (
        window is not None
        and gene.end <= drug.start
        and len(window) > 0
        and all(t.lower_ in _CLASS_NOUNS for t in window)
    )


def _main_drug(ents: list[Span]) -> Span | None:
    """The drug a document is about: the one it names most (at least three times, ties to the
    first named). Outcome figures stated without a drug are its, not those of the last drug
    named (often a conditioning or prior therapy: "after fludarabine, 101 patients received...")."""
    counts: dict[str, list[Span]] = {}
    for e in ents:
        if e.label_ == "DRUG":
            counts.setdefault(e.kb_id_ or e.text.lower(), []).append(e)
    if not counts:
        return None
    best = max(counts.values(), key=lambda spans: (len(spans), -spans[0].start))
    return best[0] if len(best) >= 3 else None


def _specific_over_generic(rels: list[dict], sent_ents: list[Span]) -> list[dict]:
    """What a sentence says of a named therapy it says of that therapy, not of the class it is
    described by: in "the first CAR T product, tisagenlecleucel (Kymriah), manufactured by
    Novartis", Novartis made tisagenlecleucel, not CAR T cells in general. A relation of the
    generic class goes when a specific drug of the sentence has the same one."""
    generic = {(e.start_char, e.end_char) for e in sent_ents if e.kb_id_ in GENERIC_CAR_KEYS}
    if not generic:
        return rels
    specific = {
        (r["predicate"], tuple(r["object"])) for r in rels if tuple(r["subject"]) not in generic
    }
    return [
        r for r in rels
        if tuple(r["subject"]) not in generic
        or (r["predicate"], tuple(r["object"])) not in specific
    ]  # fmt: skip


def _same_entity(x: Token, y: Token) -> bool:
    lo, hi = sorted((x.i, y.i))
    return x.ent_type_ == y.ent_type_ != "" and all(
        x.doc[i].ent_iob_ == "I" for i in range(lo + 1, hi + 1)
    )


def _coordinated_ends(rels: list[dict], sent_ents: list[Span]) -> list[dict]:
    """What a sentence says of one object it says of the objects coordinated with it: "confers
    resistance to imatinib and to the inhibitors dasatinib and nilotinib" (the surface window
    to the later ones holds another drug, and their parse path holds no trigger word); and of
    one subject, of the subjects coordinated with it ("CD19, CD20 and CD22 are expressed on B
    cells": the path from the later ones runs through another gene)."""
    by_offsets = {(e.start_char, e.end_char): e for e in sent_ents}
    have = {(tuple(r["subject"]), r["predicate"], tuple(r["object"])) for r in rels}
    out = []
    for rel in rels:
        if rel["predicate"] == "HAS_OUTCOME":
            continue
        for role, fixed in (("object", "subject"), ("subject", "object")):
            end = by_offsets.get(tuple(rel[role]))
            if end is None:
                continue
            for other in sent_ents:
                offsets = (other.start_char, other.end_char)
                key = {role: offsets, fixed: tuple(rel[fixed])}
                key = (key["subject"], rel["predicate"], key["object"])
                if other is end or other.label_ != end.label_ or key in have:
                    continue
                if tuple(rel[fixed]) == offsets or not coordinated_spans(end, other):
                    continue
                have.add(key)
                copy = dict(rel, trigger="coordination")
                copy[role] = offsets
                copy["confidence"] = round(rel["confidence"] * 0.9, 3)
                out.append(copy)
    return out


# Prepositions that place an expressed gene: "on T cells", "in myeloma", "by tumour cells".
_EXPRESSING_PREPOSITIONS = frozenset({"on", "in", "by", "of", "at", "among", "within", "across"})


def _expressing_place(span: Span) -> bool:
    """Whether a cell type or disease can be where a gene is expressed: anything but the object
    of another preposition ("from macrophages", "against T cells", "with leukemia")."""
    root = span.root
    while root.dep_ in ("conj", "appos") and root.head is not root:
        root = root.head
    if root.dep_ != "pobj":
        return True
    return root.head.lower_ in _EXPRESSING_PREPOSITIONS


def _place_of_another(gene: Span, place: Span) -> bool:
    """Whether the place is where another gene is said to be ("CD3 on T cells ... BCMA on
    myeloma cells": the myeloma cells are BCMA's)."""
    root = place.root
    while root.dep_ in ("conj", "appos", "compound") and root.head is not root:
        root = root.head  # "myeloma cells"
    if root.dep_ != "pobj":
        return False
    holder = root.head.head
    # The preposition hangs on the gene, or on the verb whose object or subject the gene is
    # ("binds BCMA on myeloma cells").
    holders = [holder, *(c for c in holder.children if c.dep_ in ("dobj", "nsubj", "nsubjpass"))]
    genes = [t for t in holders if t.ent_type_ == "GENE"]
    return bool(genes) and not any(gene.start <= t.i < gene.end for t in genes)


def coordinated_spans(a: Span, b: Span) -> bool:
    """Two entity mentions listed together: their heads are coordinated (`_coordinated`), or
    one is a word conjoined inside the other's name ("pancreatic and triple-negative breast
    cancer": "pancreatic" names pancreatic cancer)."""
    if _coordinated(a.root, b.root):
        return True
    for x, y in ((a, b), (b, a)):
        t = x.root
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
            if y.start <= t.i < y.end:
                return True
        # The elided word modifies the other's head, a word of the other conjoined to it.
        inside = y.start <= x.root.head.i < y.end
        if inside and any(w.dep_ == "conj" and w.head.i == x.root.i for w in y):
            return True
    return False


def _coordinated(a: Token, b: Token) -> bool:
    """a and b are conjuncts ("dasatinib and nilotinib"), or objects of conjoined prepositions
    ("to imatinib and to dasatinib"), in either order and through a chain of conjuncts."""

    def first_conjunct(t: Token) -> Token:
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        return t

    if first_conjunct(a) == first_conjunct(b):
        return True
    ha, hb = a.head, b.head
    return (
        (
            a.dep_ == b.dep_ == "pobj"
            and ha.tag_ == hb.tag_ == "IN"
            and ha.lower_ == hb.lower_
            and first_conjunct(ha) == first_conjunct(hb)
        )
        or (a.dep_ == "conj" and b.dep_ == "pobj" and _coordinated(first_conjunct(a), b))
        or (b.dep_ == "conj" and a.dep_ == "pobj" and _coordinated(a, first_conjunct(b)))
    )


def _variant(span: Span) -> bool:
    return bool(VARIANT_IN_NAME.search(span.text))


_ALTERATIONS = frozenset({
    "mutation", "mutations", "mutant", "mutated", "amplification", "amplified", "fusion",
    "fusions", "deletion", "deletions", "rearrangement", "rearranged", "variant", "variants",
    "alteration", "alterations", "translocation", "loss", "polymorphism", "polymorphisms",
})  # fmt: skip


def _altered(gene: Span, between: set[str]) -> bool:
    """Whether the gene is named as altered: by its variant ("KRAS G12C"), by the words between
    it and the other entity ("KRAS mutations are found in"), or by the noun it is said of ("a
    mutation of the EGFR gene, which is found in")."""
    if _variant(gene) or between & _ALTERATIONS:
        return True
    doc = gene.doc
    near = {t.lower_ for t in doc[max(gene.sent.start, gene.start - 3) : gene.start]}
    # "BRAF V600 mutation-positive", "EGFR-mutant": the words after it, also hyphenated.
    for t in doc[gene.end : min(gene.sent.end, gene.end + 2)]:
        near.update(t.lower_.split("-"))
    near.update(part for t in gene for part in t.lower_.split("-")[1:])
    head = gene.root
    while head.dep_ == "conj" and head.head is not head:
        head = head.head  # a list's members share its first member's context
    near.update(t.lower_ for t in doc[max(gene.sent.start, head.i - 3) : head.i])
    for _ in range(3):
        if head.head is head:
            break
        head = head.head
        near.add(head.lower_)
    return bool(near & _ALTERATIONS)


# What a parenthesis of affiliations holds besides their names: "(UCLA)", "(GOSH and UCL)",
# "(Stanford University, Palo Alto)".
_BRACKET_GLUE = frozenset({",", ";", "and", "&", "/"})


# Verbs by which cited authors report their study: "Moreno et al found that ...".
_REPORTING = frozenset({
    "found", "find", "reported", "report", "showed", "show", "shown", "demonstrated",
    "described", "observed", "treated", "tested", "studied", "evaluated", "conducted",
})  # fmt: skip


def bracket_owner(org: Span) -> Span | None:
    """The person whose name a parenthesis of organisations follows ("Dr Helen Park
    (Karolinska Institute)"): that person's affiliations. None for any other parenthesis."""
    doc, sent = org.doc, org.sent
    i = org.start - 1
    while i >= sent.start and doc[i].text != "(":
        if not (doc[i].ent_type_ == "ORGANIZATION" or doc[i].lower_ in _BRACKET_GLUE):
            return None
        i -= 1
    if i <= sent.start or doc[i - 1].ent_type_ != "PERSON":
        return None
    j = org.end
    while j < sent.end and doc[j].text != ")":
        if not (doc[j].ent_type_ == "ORGANIZATION" or doc[j].lower_ in _BRACKET_GLUE):
            return None
        j += 1
    if j >= sent.end:
        return None
    end = i - 1
    start = end
    while (
        start > sent.start and doc[start - 1].ent_type_ == "PERSON" and doc[start].ent_iob_ != "B"
    ):
        start -= 1
    return doc[start : end + 1]


_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "remains", "remain"})


_LASTING = re.compile(r"(?:median\s+)?duration\s+of\b", re.IGNORECASE)


class RelationExtractor(Component):
    """The rule-based relations. `only` (None: every predicate) limits them to some predicates,
    skipping the pairs and passes that could give no other; what it finds of those predicates
    is what the full run finds."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        extractor_version: str,
        only: frozenset[str] | None = None,
    ) -> None:
        self.name = name
        self.version = extractor_version
        self.only = only
        Doc.set_extension(EXTENSION, default=[], force=True)

    def _wanted(self, *predicates: str) -> bool:
        return self.only is None or any(p in self.only for p in predicates)

    def __call__(self, doc: Doc) -> Doc:
        found: list[dict] = []
        # `doc.ents` and `doc.sents` build new Span objects on every access: read them once.
        ents = list(doc.ents)
        sents = list(doc.sents)
        last_drug: Span | None = None
        main_drug = _main_drug(ents)
        pairs = {
            types for types, predicates in SIGNATURES.items() if self._wanted(*predicates)
        }  # fmt: skip
        for sent in sents:
            sent_ents = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
            before = len(found)
            for a in sent_ents:
                for b in sent_ents:
                    if a is b or a.kb_id_ == b.kb_id_ or (a.label_, b.label_) not in pairs:
                        continue
                    rel = self._pair(doc, sent, a, b, sent_ents)
                    if rel:
                        found.append(rel)
            found[before:] = self._nearest_drug_only(found[before:])
            found[before:] = _specific_over_generic(found[before:], sent_ents)
            found += _coordinated_ends(found[before:], sent_ents)
            has_outcome = any(r["predicate"] == "HAS_OUTCOME" for r in found[before:])
            drugs = [e for e in sent_ents if e.label_ == "DRUG"]
            if not drugs and last_drug is not None and self._wanted(*ANAPHORIC_PREDICATES):
                found += self._anaphoric(doc, sent, sent_ents, last_drug)
            if (not drugs and not has_outcome and last_drug is not None
                    and self._wanted("HAS_OUTCOME")):  # fmt: skip
                found += self._orphan_outcomes(sent, sent_ents, main_drug or last_drug)
            if drugs:
                last_drug = drugs[-1]
        if self._wanted("INVESTIGATES"):
            found += self._investigators(ents, sents)
        if self._wanted("TARGETS"):
            found += self._construct_targets(doc, ents)
        if self._wanted("BRAND_OF"):
            found += self._brands(doc, ents)
        if self._wanted("AFFILIATED_WITH"):
            found += self._author_affiliations(doc, ents)
        if self._wanted("TARGETS", "DEVELOPED_BY", "TREATS", "HAS_OUTCOME"):
            found += self._through_appositions(doc, ents, found)
        doc._.set(EXTENSION, found)
        return doc

    def _investigators(self, ents: list[Span], sents: list[Span]) -> list[dict]:
        """ "The study was led by X", "X ... was the first author": X investigates the trial the
        document is about (its most-named TRIAL), else its most-named drug (0.5)."""
        counts: dict[str, list[Span]] = {}
        for e in ents:
            counts.setdefault(e.label_ + "|" + e.kb_id_, []).append(e)
        main = None
        for label in ("TRIAL", "DRUG"):
            ranked = sorted(
                (v for k, v in counts.items() if k.startswith(label + "|")), key=len, reverse=True
            )
            if ranked:
                main = ranked[0][0]
                break
        if main is None:
            return []
        out = []
        for sent in sents:
            if not P_INVESTIGATOR_CUE.search(sent.text):
                continue
            for e in sent.ents:
                if e.label_ == "PERSON":
                    out.append(
                        self._relation(sent, e, main, "INVESTIGATES", 0.5, False, {}, "role")
                    )
        return out

    @staticmethod
    def _through_appositions(doc: Doc, ents: list[Span], found: list[dict]) -> list[dict]:
        """What a describing apposition or copula says holds for the named drug too: in
        "axicabtagene ciloleucel (Yescarta), a CD19-directed CAR T-cell therapy from Kite", the
        construct's TARGETS and DEVELOPED_BY are the named drug's (and its generic's, if it is a
        brand)."""
        by_token = {i: e for e in ents for i in range(e.start, e.end)}
        generic_of = {
            (b0, b1): (g0, g1)
            for b0, b1, g0, g1 in (doc._.get(BRANDS_EXT) if doc.has_extension(BRANDS_EXT) else [])
            if g0 >= 0
        }
        named: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for e in ents:
            root = e.root
            if e.label_ != "DRUG":
                continue
            if root.dep_ == "appos":
                head = by_token.get(root.head.i)
            elif root.dep_ == "attr" and root.head.lower_ in _COPULAS:
                # A copula describes its subject as an apposition does: "tisagenlecleucel is a
                # CD19-directed CAR T-cell therapy developed by Novartis".
                subjects = [t for t in root.head.children if t.dep_ in ("nsubj", "nsubjpass")]
                head = by_token.get(subjects[0].i) if subjects else None
            else:
                continue
            if head is None or head.label_ != "DRUG" or head.start == e.start:
                continue
            if head.kb_id_ in GENERIC_CAR_KEYS:  # "the first CAR T product, tisagenlecleucel"
                continue
            key = (head.start_char, head.end_char)
            named[(e.start_char, e.end_char)] = [key] + (
                [generic_of[key]] if key in generic_of else []
            )
        extra = []
        for rel in found:
            if rel["predicate"] not in ("TARGETS", "DEVELOPED_BY", "TREATS", "HAS_OUTCOME"):
                continue
            for subject in named.get(tuple(rel["subject"]), []):
                copy = dict(rel, subject=subject, trigger="apposition")
                copy["confidence"] = round(rel["confidence"] * 0.9, 3)
                extra.append(copy)
        return extra

    def _pair(self, doc: Doc, sent: Span, a: Span, b: Span, sent_ents: list[Span]):
        predicates = SIGNATURES.get((a.label_, b.label_))
        if not predicates:
            return None
        path = _path(a.root, b.root)
        inner = [t for t in path if not (a.start <= t.i < a.end or b.start <= t.i < b.end)]
        lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
        window = doc[lo:hi] if 0 <= hi - lo <= MAX_WINDOW else None
        between_same = window is not None and any(
            e.label_ in (a.label_, b.label_) and lo <= e.start and e.end <= hi for e in sent_ents
        )
        if any(self._blocks(t, a, b) for t in inner):
            # The path runs through another drug/gene/...: that one is the related entity
            # ("X, an antibody against PD-1, beat Y": Y does not target PD-1).
            path = []
            inner = []
        path_words = _words(inner) if path and len(path) - 1 <= MAX_PATH else set()
        # A possessive org right before the other entity: "Novartis's Kymriah".
        if b.end < len(doc) - 1 and doc[b.end].tag_ == "POS" and 0 <= a.start - b.end - 1 <= 2:
            path_words.add("'s")
        window_words = _words(window) if window is not None and not between_same else set()
        for predicate in predicates:
            if predicate in SYMMETRIC and a.start > b.start:
                continue
            if predicate == "RESISTANT_TO" and a.label_ == "GENE" and not _variant(a):
                continue  # a variant resists a drug, not the gene that carries it
            if predicate == "EXPRESSED_IN" and (
                not _expressing_place(b)
                or _place_of_another(a, b)
                or _altered(a, path_words | window_words)
            ):
                # "protects them from macrophages": the cells are not where it is; "KRAS
                # mutations are found in": an alteration's place is an association.
                continue
            triggers = TRIGGERS[predicate]
            all_words = path_words | window_words
            if predicate == "TREATS" and all_words & HARM and not all_words & STRONG_TREAT:
                continue
            if predicate == "ASSOCIATED_WITH" and a.label_ == "DRUG":
                triggers = HARM  # a drug is "associated with" a disease only by causing it
            if path_words & triggers:
                confidence, trigger = 0.8, sorted(path_words & triggers)[0]
            elif window_words & triggers and (predicate != "RESISTANT_TO" or a.start < b.start):
                confidence, trigger = 0.6, sorted(window_words & triggers)[0]
            elif predicate == "TARGETS" and _named_by_its_target(window, a, b):
                confidence, trigger = 0.8, "class"
            elif predicate == "HAS_OUTCOME" and path and len(path) - 1 <= MAX_PATH:
                confidence, trigger = 0.5, ""
            else:
                continue
            if predicate == "AFFILIATED_WITH" and not self._appositive(doc, a, b):
                continue
            negated = self._negated(inner, window)
            subj, obj = (a, b)
            attributes = {}
            if predicate == "HAS_OUTCOME":
                attributes = self._outcome_numbers(sent, b, sent_ents)
            rel = self._relation(
                sent, subj, obj, predicate, confidence, negated, attributes, trigger
            )
            rel["distance"] = len(path) if path else 99
            return rel
        return None

    @staticmethod
    def _blocks(t: Token, a: Span, b: Span) -> bool:
        """Whether path token `t` belongs to a third entity of a's or b's type, other than an
        apposition/parenthesis next to a ("tisagenlecleucel (Kymriah), made by") or a
        coordination with b ("by Bristol Myers Squibb and 2seventy bio")."""
        if t.ent_type_ not in (a.label_, b.label_):
            return False
        head = t.head
        if head.lower_ in ("with", "to", "versus", "vs", "than") and (
            head.lower_ in ("versus", "vs") or head.head.lower_.startswith("compar")
        ):
            return False  # a comparator ("improved survival compared with ipilimumab in ...")
        if min(abs(t.i - a.start), abs(t.i - a.end)) <= 3:
            return False
        # "director of the Parker Institute for Cancer Immunotherapy at Stanford": the
        # organisation the other one is at is no third party; the person belongs to both.
        prep = b.root.head
        nested = b.label_ == "ORGANIZATION" and prep.lower_ in ("at", "of")
        if nested and _same_entity(prep.head, t):
            return False
        for end in (a, b):
            root = end.root
            if root.dep_ == "conj" and root.head.ent_type_ == t.ent_type_:
                return False
            if any(c.dep_ == "conj" and c.i == t.i for c in root.children):
                return False
        return True

    @staticmethod
    def _nearest_drug_only(rels: list[dict]) -> list[dict]:
        """An outcome belongs to the drug closest to it in the parse, not to every drug."""
        best: dict[tuple[int, int], int] = {}
        for r in rels:
            if r["predicate"] == "HAS_OUTCOME":
                best[r["object"]] = min(best.get(r["object"], 99), r["distance"])
        return [
            r for r in rels if r["predicate"] != "HAS_OUTCOME" or r["distance"] <= best[r["object"]]
        ]

    @staticmethod
    def _appositive(doc: Doc, person: Span, org: Span) -> bool:
        """A person is affiliated with an org named after them in their own appositive clause."""
        if org.start < person.end:
            # "Stanford's Crystal Mackall": the org must directly precede, possessive.
            return org.end < len(doc) and doc[org.end].tag_ == "POS" and org.end + 1 == person.start
        between = doc[person.end : org.start]
        if len(between) > 25:
            return False
        for t in between:
            if t.ent_type_ == "PERSON":
                return False
            # A finite verb ("said", "leads") ends the appositive clause; participles do not.
            if t.tag_ in ("VB", "VBD", "VBP", "VBZ") and t.lower_ not in ("leads", "led"):
                return False
        return True

    @staticmethod
    def _negated(inner: list[Token], window) -> bool:
        tokens = list(inner) + (list(window) if window is not None else [])
        for t in inner:
            tokens += [c for c in t.children if c.dep_ == "neg"]
        if any(
            t.lower_.startswith("fail") and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to"
            for t in tokens
        ):
            return True  # "failed to respond"
        return any(t.lower_ in NEGATORS or t.dep_ == "neg" for t in tokens)

    def _relation(self, sent, subj, obj, predicate, confidence, negated, attributes, trigger):
        return {
            "subject": (subj.start_char, subj.end_char),
            "object": (obj.start_char, obj.end_char),
            "predicate": predicate,
            "confidence": confidence,
            "negated": negated,
            "attributes": attributes,
            "sentence": (sent.start_char, sent.end_char),
            "trigger": trigger,
            "distance": 0,
        }

    @staticmethod
    def _outcome_numbers(sent: Span, outcome: Span, sent_ents: list[Span]) -> dict:
        """Numbers of this outcome: those stated after it, up to the next outcome, else those
        before it in its own clause ("ORR was 72%, and CR was seen in 36 of 128 (28%)" keeps
        them apart)."""
        outcomes = [e for e in sent_ents if e.label_ == "OUTCOME"]
        later = [e.start_char for e in outcomes if e.start > outcome.start]
        earlier = [e.end_char for e in outcomes if e.end <= outcome.start]
        text = doc_text(sent.doc)
        end = min(later, default=sent.end_char)
        attributes = parse_outcome_numbers(text[outcome.start_char : end])
        if not {"rate", "n"} & set(attributes):
            # Numbers before it ("In 11 of 15 patients (73%), complete remission ..."); after an
            # earlier outcome, only those of its own clause: in "ORR was 93%, and 67% had a
            # complete response" the 93% is the ORR's.
            before = text[max(earlier, default=sent.start_char) : outcome.start_char]
            if earlier:
                breaks = list(_CLAUSE_BREAK.finditer(before))
                before = before[breaks[-1].end() :] if breaks else ""
            attributes = {**parse_outcome_numbers(before), **attributes}
        whole = parse_outcome_numbers(sent.text)
        for key in ("dose", "population"):
            if key in whole and key not in attributes:
                attributes[key] = whole[key]
        # A time is the outcome's whose stretch states it ("The response rate was 61%, and
        # median progression-free survival was 11.2 months"), or every one's where it comes
        # before them all ("At 12 months, overall survival was 80% and ...").
        if "duration" not in attributes:
            # Up to the next other measure ("relapse-free survival (RFS) at 18 months"); how
            # long a response lasted is the response's time too ("complete remission in 11 of
            # 15 patients -- the median duration of remission was 6 months").
            stop = min((e.start_char for e in outcomes if e.start > outcome.start
                        and e.kb_id_ != outcome.kb_id_ and not _LASTING.match(e.text)),
                       default=sent.end_char)  # fmt: skip
            own = text[max(earlier, default=sent.start_char) : stop]
            first = min(e.start_char for e in outcomes)
            duration = stated_duration(own) or stated_duration(text[sent.start_char : first])
            if duration:
                attributes["duration"] = duration
        # The cohort a sentence names ("Among 256 evaluable patients, ...") is every one of
        # its outcomes' denominator.
        if "N" in whole and "N" not in attributes and whole["N"] >= attributes.get("n", 0):
            attributes["N"] = whole["N"]
        return attributes

    def _anaphoric(self, doc: Doc, sent: Span, sent_ents: list[Span], drug: Span) -> list[dict]:
        """A sentence that names no drug but whose subject refers back to one ("It was developed
        by Juno Therapeutics", "The therapy targets CD19"): the relations its subject has are
        the last-named drug's, at lower confidence."""
        out = []
        for token in sent:
            if token.dep_ not in ("nsubj", "nsubjpass") or not _refers_to_a_drug(token):
                continue
            stand_in = Span(doc, token.i, token.i + 1, label="DRUG")
            for b in sent_ents:
                rel = self._pair(doc, sent, stand_in, b, sent_ents)
                if rel and rel["predicate"] in ANAPHORIC_PREDICATES:
                    rel["subject"] = (drug.start_char, drug.end_char)
                    rel["confidence"] = round(rel["confidence"] * 0.8, 3)
                    rel["trigger"] = "anaphora"
                    out.append(rel)
        return out

    def _orphan_outcomes(self, sent: Span, sent_ents: list[Span], drug: Span) -> list[dict]:
        out = []
        for e in sent_ents:
            if e.label_ != "OUTCOME":
                continue
            attributes = self._outcome_numbers(sent, e, sent_ents)
            if {"rate", "n"} & set(attributes):
                out.append(self._relation(sent, drug, e, "HAS_OUTCOME", 0.4, False, attributes, ""))
        return out

    def _construct_targets(self, doc: Doc, ents: list[Span]) -> list[dict]:
        out = []
        by_offsets = {(e.start_char, e.end_char): e for e in ents}
        for d0, d1, g0, g1, _curie in (
            doc._.get(TARGETS_EXT) if doc.has_extension(TARGETS_EXT) else []
        ):
            drug = by_offsets.get((d0, d1))
            if drug is None:
                continue
            sent = drug.sent
            out.append(
                {
                    "subject": (d0, d1),
                    "object": (g0, g1),
                    "predicate": "TARGETS",
                    "confidence": 0.95,
                    "negated": False,
                    "attributes": {},
                    "sentence": (sent.start_char, sent.end_char),
                    "trigger": "construct",
                }
            )
        return out

    def _author_affiliations(self, doc: Doc, ents: list[Span]) -> list[dict]:
        """An author block's author works at each organisation named in the affiliations its
        numbers point to; the evidence runs from the name to the affiliation."""
        out = []
        people = {(e.start_char, e.end_char): e for e in ents if e.label_ == "PERSON"}
        organisations = [e for e in ents if e.label_ == "ORGANIZATION"]
        for a0, a1, affiliations in (
            doc._.get(AUTHORS_EXT) if doc.has_extension(AUTHORS_EXT) else []
        ):
            person = people.get((a0, a1))
            if person is None:
                continue
            for f0, f1 in affiliations:
                for org in organisations:
                    if f0 <= org.start_char and org.end_char <= f1:
                        relation = self._relation(
                            person.sent, person, org, "AFFILIATED_WITH", 0.95, False, {},
                            "author line",
                        )  # fmt: skip
                        relation["sentence"] = (min(a0, f0), max(a1, f1))
                        out.append(relation)
        return out

    def _bracketed_affiliations(self, doc: Doc, ents: list[Span]) -> list[dict]:
        """A person works at the organisations a parenthesis right after the name holds
        ("co-lead authors Professor Martin Kessler (UCLA) and Dr Helen Park (Karolinska
        Institute)")."""
        people = {(e.start, e.end): e for e in ents if e.label_ == "PERSON"}
        out = []
        for org in (e for e in ents if e.label_ == "ORGANIZATION"):
            owner = bracket_owner(org)
            person = people.get((owner.start, owner.end)) if owner is not None else None
            if person is not None:
                out.append(
                    self._relation(
                        org.sent, person, org, "AFFILIATED_WITH", 0.9, False, {}, "parenthesis"
                    )
                )
        return out

    def _cited_authors(self, doc: Doc, ents: list[Span]) -> list[dict]:
        """A study cited by its first author ("Moreno et al found that X induced ...") was
        run by that author: the person investigates the drugs the sentence reports on."""
        out = []
        for person in (e for e in ents if e.label_ == "PERSON"):
            after = doc[person.end : person.end + 2]
            if len(after) < 2 or (after[0].lower_, after[1].lower_.rstrip(".")) != ("et", "al"):
                continue
            sent = person.sent
            verbs = [t for t in sent if t.lower_ in _REPORTING and t.i > person.start]
            if not verbs:
                continue
            for drug in (e for e in ents if e.label_ == "DRUG"):
                if sent.start <= drug.start and drug.end <= sent.end and drug.start > verbs[0].i:
                    out.append(
                        self._relation(sent, person, drug, "INVESTIGATES", 0.8, False, {}, "et al")
                    )
        return out

    def _brands(self, doc: Doc, ents: list[Span]) -> list[dict]:
        out = []
        by_offsets = {(e.start_char, e.end_char): e for e in ents}
        brands = doc._.get(BRANDS_EXT) if doc.has_extension(BRANDS_EXT) else []
        named_brands = {(b0, b1) for b0, b1, _g0, _g1 in brands}
        for b0, b1, g0, g1 in brands:
            brand, generic = by_offsets.get((b0, b1)), by_offsets.get((g0, g1))
            if brand is not None and g0 < 0:
                # "Sarapentin, sold as Nurovio by Calder": the drug named last before the brand
                # in its sentence, itself no brand.
                before = [
                    e for e in ents
                    if e.label_ == "DRUG" and e.end_char <= b0 and e.sent.start == brand.sent.start
                    and (e.start_char, e.end_char) not in named_brands
                ]  # fmt: skip
                generic = before[-1] if before else None
            if brand is None or generic is None or brand.label_ != "DRUG":
                continue
            sent = brand.sent
            out.append(
                self._relation(sent, brand, generic, "BRAND_OF", 0.95, False, {}, "parenthesis")
            )
        return out
