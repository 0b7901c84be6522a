"""A targeted agent whose name states its target: "a BRAF inhibitor", "an anti-CD20 antibody",
"CD19-directed CAR T cells", "PD-1 blocking antibodies" each TARGETS the gene they name.

This is the naming convention of targeted agents, not something a sentence has to say, so the
relation model (which reads pairs of separate mentions) cannot see it: the gene is inside the
drug's own mention. A gene counts when the gene lexicon knows the words inside the drug
mention and they stand in one of the two positions the convention uses: before an agent class
("inhibitor", "antibody", "CAR", "blocker", optionally after "-directed"/"-targeted"), or after
"anti-". Vaccines and other antigen-named products are left to the model: naming an antigen
does not say the product binds it.

A drug that names its target is taken to target that and nothing else the model proposed for
it ("a BRAF inhibitor" does not also target the PD-1 named in its sentence).

Cells and diseases are named by their markers the same way: "CD4+ T cells", "HER2-positive
breast cancer", "CD19-expressing B-ALL" each name a gene EXPRESSED_IN them (GUIDE.md's
"CD19-positive B-cell ALL"), whatever else the sentence says (`named_markers`); a disease named
by its driver ("EGFR-mutant NSCLC") is ASSOCIATED_WITH that gene (`named_drivers`).
"""

from __future__ import annotations

import re

from biokg.nlp.component import doc_text
from biokg.nlp.descriptions import _COPULAS
from biokg.nlp.recognisers import LEXICON_GROUP
from spacy.tokens import Doc, Span

_QUALIFIER = r"(?:[\s-]*(?:directed|targeted|targeting|specific|blocking|binding|redirected))?"
_AGENT = (
    r"(?:CAR\b|chimeric antigen receptor|(?:small[- ]molecule\s+)?inhibitors?\b|"
    r"(?:monoclonal\s+)?antibod(?:y|ies)\b|mAbs?\b|blockers?\b|antagonists?\b|agonists?\b|"
    r"degraders?\b|antibody[- ]drug conjugates?\b|ADCs?\b|TKIs?\b|"
    r"(?:tyrosine\s+)?kinase inhibitors?\b|bispecific|T[- ]cell engagers?\b)"
)
# "KRAS G12C inhibitors": a variant may stand between the gene and the agent.
AFTER_GENE = re.compile(rf"^(?-i:\s+[A-Z]\d{{1,4}}[A-Z])?{_QUALIFIER}[\s-]+{_AGENT}", re.IGNORECASE)
BEFORE_GENE = re.compile(r"\banti[\s-]?$", re.IGNORECASE)

# After a gene inside a cell type's or disease's name: "+", "-positive", "-expressing", "-high".
MARKER_AFTER_GENE = re.compile(
    r"^(?:\+|[\s-]*(?:positive|expressing|overexpressing|high|low|bright)\b)", re.IGNORECASE
)
# A status that names a subtype by a gene it does not express ("CD19-negative leukemia"): the
# gene is named, nothing is expressed.
ABSENT_AFTER_GENE = re.compile(r"^[\s-]*(?:negative|null)\b", re.IGNORECASE)

# After a gene that names a disease by its driver: "EGFR-mutant NSCLC", "ALK-rearranged",
# "KRAS G12C-mutated", "FGFR2 fusion-positive", "MYC-amplified", "BRAF mutation-positive".
DRIVER_AFTER_GENE = re.compile(
    r"^[\s-]*(?:mutant|mutated|mutation[\s-]positive|rearranged|rearrangement[\s-]positive|"
    r"amplified|fusion[\s-]positive|fusion|translocated|altered|driven)\b[\s-]*",
    re.IGNORECASE,
)

CONFIDENCE = 0.9


def named_targets(doc: Doc, ents: list[Span]) -> list[tuple[Span, Span]]:
    """(drug entity, gene span inside it) for every drug mention whose name states a target."""
    genes = [s for s in doc.spans.get(LEXICON_GROUP, []) if s.label_ == "GENE" and s.kb_id_]
    if not genes:
        return []
    text = doc_text(doc)
    found = []
    for drug in ents:
        if drug.label_ != "DRUG":
            continue
        for gene in genes:
            inside = drug.start_char <= gene.start_char and gene.end_char <= drug.end_char
            if not inside or (gene.start_char, gene.end_char) == (drug.start_char, drug.end_char):
                continue
            after = text[gene.end_char : drug.end_char]
            before = text[drug.start_char : gene.start_char]
            if AFTER_GENE.match(after) or BEFORE_GENE.search(before):
                found.append((drug, gene))
    return found


def class_members(
    doc: Doc, ents: list[Span], pairs: list[tuple[Span, Span]]
) -> list[tuple[Span, Span]]:
    """(member drug, gene) for the drugs a sentence names as members of a class named by its
    target: "EGFR inhibitors such as erlotinib and gefitinib", "the calcineurin inhibitors
    cyclosporine and tacrolimus", "the anti-PD-1 antibody nivolumab or pembrolizumab". Members
    follow the class, after "such as", "including", "like", "e.g." or nothing, listed with
    commas, "and", "or"; or the class is said of them ("A and B are EGFR inhibitors")."""
    drugs = {e.start: e for e in ents if e.label_ == "DRUG"}
    drug_at = {i: e for e in drugs.values() for i in range(e.start, e.end)}
    classes = {drug.start for drug, _gene in pairs}
    found = []
    for drug, gene in pairs:
        # "Erlotinib and gefitinib are EGFR inhibitors", "A and B, two BTK inhibitors,": the
        # class describes every name conjoined with the one it is said of.
        root = drug.root
        said_of = None
        if root.dep_ == "attr" and root.head.lower_ in _COPULAS:
            said_of = next((t for t in root.head.children if t.dep_ == "nsubj"), None)
        elif root.dep_ == "appos":
            said_of = root.head
        if said_of is not None:
            for token in (said_of, *said_of.conjuncts):
                member = drug_at.get(token.i)
                if member is not None and member.start not in classes:
                    found.append((member, gene))
        i, end = drug.end, drug.sent.end
        if i < end and doc[i].text in (",", "("):
            i += 1
        if i + 1 < end and doc[i].lower_ == "such" and doc[i + 1].lower_ == "as":
            i += 2
        elif i < end and doc[i].lower_ in ("including", "like", "e.g.", "e.g.,"):
            i += 1
            if i < end and doc[i].text == ",":
                i += 1
        while i in drugs and i not in classes:
            member = drugs[i]
            found.append((member, gene))
            i = member.end
            while i < end and doc[i].lower_ in (",", "and", "or"):
                i += 1
    return found


def named_markers(
    doc: Doc, ents: list[Span], status: re.Pattern = MARKER_AFTER_GENE
) -> list[tuple[Span, Span]]:
    """(cell type or disease entity, gene span inside it) for every such mention whose name
    states a marker it expresses (or, with `status=ABSENT_AFTER_GENE`, one it lacks)."""
    genes = [s for s in doc.spans.get(LEXICON_GROUP, []) if s.label_ == "GENE" and s.kb_id_]
    text = doc_text(doc)
    found = []
    for ent in ents:
        if ent.label_ not in ("CELL_TYPE", "DISEASE"):
            continue
        for gene in genes:
            inside = ent.start_char <= gene.start_char and gene.end_char < ent.end_char
            if inside and status.match(text[gene.end_char : ent.end_char]):
                found.append((ent, gene))
    return found


def named_drivers(doc: Doc, ents: list[Span]) -> list[tuple[Span, Span]]:
    """(disease entity, gene span) for every disease named by a driver gene ("EGFR-mutant
    NSCLC", the gene inside the disease's mention or just before it): GUIDE.md's
    ASSOCIATED_WITH, "a driver mutation"."""
    text = doc_text(doc)
    genes = [e for e in ents if e.label_ == "GENE"]
    genes += [s for s in doc.spans.get(LEXICON_GROUP, []) if s.label_ == "GENE" and s.kb_id_]
    found = []
    for disease in (e for e in ents if e.label_ == "DISEASE"):
        for gene in genes:
            if disease.start_char <= gene.start_char and gene.end_char < disease.end_char:
                between = text[gene.end_char : disease.end_char]
                named = DRIVER_AFTER_GENE.match(between)
            else:
                between = text[gene.end_char : disease.start_char]
                named = gene.end_char <= disease.start_char and DRIVER_AFTER_GENE.fullmatch(between)
            if named and (disease, gene) not in found:
                found.append((disease, gene))
    return found


def target_relations(doc: Doc, pairs: list[tuple[Span, Span]]) -> list[dict]:
    """The TARGETS records (the plain-data shape of `doc._.biokg_relations`) for `pairs`."""
    return _records(pairs, "TARGETS", gene_first=False)


def marker_relations(pairs: list[tuple[Span, Span]]) -> list[dict]:
    """The EXPRESSED_IN records (gene -> the cell type or disease it names) for `pairs`."""
    return _records(pairs, "EXPRESSED_IN", gene_first=True)


def driver_relations(pairs: list[tuple[Span, Span]]) -> list[dict]:
    """The ASSOCIATED_WITH records (gene -> the disease it drives) for `pairs`."""
    return _records(pairs, "ASSOCIATED_WITH", gene_first=True)


def _records(pairs: list[tuple[Span, Span]], predicate: str, gene_first: bool) -> list[dict]:
    out = []
    for named, gene in pairs:
        sent = named.sent
        ends = [(named.start_char, named.end_char), (gene.start_char, gene.end_char)]
        subject, obj = ends[::-1] if gene_first else ends
        out.append(
            {
                "subject": subject,
                "object": obj,
                "predicate": predicate,
                "confidence": CONFIDENCE,
                "negated": False,
                "attributes": {},
                "sentence": (sent.start_char, sent.end_char),
                "trigger": "name",
            }
        )
    return out
