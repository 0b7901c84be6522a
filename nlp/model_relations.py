"""`biokg_model_relations`: relations from the trained relation model's scores.

`biokg_relation_model` scores every candidate pair of mentions in a sentence (see
`nlp/relation_model.py`). This component turns those scores into the relation records that
`biokg.nlp.assemble` groups into an Extraction (`doc._.biokg_relations`, the same plain-data
shape the rule-based `biokg_relations` writes): a candidate becomes a relation when its most
probable predicate is not "none" and reaches `threshold`; its probability is the confidence.
An outcome relation carries the numbers stated for that outcome (`outcome_numbers`); a
relation is negated when a negation word stands between or on the path between its ends.

`extras` names the rule-based passes of `biokg_relations` still run beside the model, each
kept because it measured better on the real-text dev set than the model alone:
"brands" (generic (Brand) -> BRAND_OF), "constructs" (a construct's target in its name:
"CD22 CAR T cells" TARGETS CD22), "named_targets" (any drug mention whose name states its
target by the naming convention of targeted agents, `nlp/named_targets.py`), "orphan_outcomes"
(figures in a sentence naming no drug belong to the drug the document is about), "anaphora"
(what "it" or "the drug" is said to target is the last-named drug's target), "authors" (an
author block's authors work where their affiliation numbers point, `nlp/author_lines.py`; a
person works at the organisations a parenthesis after the name holds; "X et al found that ..."
investigates the drugs reported).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path

import numpy
from biokg.nlp import patterns as P
from biokg.nlp.arms import a_later_arm, arm_duration, figure_arms
from biokg.nlp.component import Component, doc_text
from biokg.nlp.document_relations import (
    SENTENCE_PREDICATES,
    DocumentRelationModel,
    DocumentView,
    EntityGroup,
)
from biokg.nlp.named_targets import (
    ABSENT_AFTER_GENE,
    class_members,
    driver_relations,
    marker_relations,
    named_drivers,
    named_markers,
    named_targets,
    target_relations,
)
from biokg.nlp.number_roles import (
    POPULATION,
    NumberRoleModel,
    in_brackets,
    is_comparator,
    numbers_in,
    stated_cohorts,
)
from biokg.nlp.recognisers import GENERIC_CAR_KEYS, TARGETS_EXT
from biokg.nlp.relation_model import LABELS, SCORES_EXT
from biokg.nlp.relations import (
    EXTENSION,
    HARM,
    STRONG_TREAT,
    TRIGGERS,
    RelationExtractor,
    _altered,
    _coordinated,
    _main_drug,
    _path,
    _words,
    bracket_owner,
    coordinated_spans,
)
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

DEFAULT_EXTRAS = (
    "brands", "constructs", "named_targets", "orphan_outcomes", "anaphora", "authors",
)  # fmt: skip


class ModelRelations(Component):
    def __init__(
        self,
        nlp: Language,
        name: str,
        threshold: float = 0.5,
        extras: Iterable[str] = DEFAULT_EXTRAS,
        document_model: str | None = None,
        number_model: str | None = None,
        rule_predicates: Iterable[str] = (),
    ) -> None:
        self.name = name
        # Predicates whose relations come from the rule-based extractor instead of the model
        # (each kept where it measured better on the real-text dev set: see factories.py).
        self.rule_predicates = frozenset(rule_predicates)
        self.threshold = threshold
        self.extras = tuple(extras)
        self.document_model = (
            DocumentRelationModel.load(Path(document_model)) if document_model else None
        )
        self.number_model = NumberRoleModel.load(Path(number_model)) if number_model else None
        self.rules = RelationExtractor(nlp, "biokg_relations", "biokg.relations.v1")
        self.rule_run = RelationExtractor(
            nlp, "biokg_relations", "biokg.relations.v1", only=self.rule_predicates
        )
        Doc.set_extension(EXTENSION, default=[], force=True)
        if not Doc.has_extension(SCORES_EXT):
            Doc.set_extension(SCORES_EXT, default=None)

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if self.document_model is not None:
            found = self._document_level(doc, ents)
        else:
            found = self._sentence_level(doc, ents)
        found += self._extras(doc, ents, found)
        if "named_targets" in self.extras:
            found = _with_named_targets(doc, ents, found)
        if self.rule_predicates:
            found = [r for r in found if r["predicate"] not in self.rule_predicates]
            self.rule_run(doc)
            found += [r for r in doc._.get(EXTENSION) if r["predicate"] in self.rule_predicates]
        if "named_targets" in self.extras:
            # After the rule-based predicates: EXPRESSED_IN is one of them.
            found = _with_named_markers(doc, ents, found)
        found = _without_targets_as_causes(doc, ents, found)
        doc._.set(EXTENSION, found)
        return doc

    def _document_level(self, doc: Doc, ents: list[Span]) -> list[dict]:
        """Entity pairs decided by the document-level model (document_relations.py), each
        with the sentence that best states it: the mention pair the classifier scores highest,
        else the object's sentence nearest after a subject mention."""
        view, sentences, spans = document_view(doc, ents)
        starts = [s.start_char for s in sentences]
        model = self.document_model
        found = []
        # One predicate per ordered pair: where several pass their thresholds (a drug that
        # "TREATS" and is "ASSOCIATED_WITH" the same disease), the one passing by most.
        best: dict[tuple[str, str], tuple[float, float, EntityGroup, str, EntityGroup]] = {}
        for a, predicate, b in view.candidate_pairs():
            probability = model.probability(predicate, view.features(a, predicate, b))
            margin = probability - model.thresholds.get(predicate, 1.0)
            if margin >= 0 and margin > best.get((a.key, b.key), (-1.0,))[0]:
                best[(a.key, b.key)] = (margin, probability, a, predicate, b)
        for a, predicate, b, stated in _corroborated(view, best, spans):
            probability = model.probability(predicate, view.features(a, predicate, b))
            # A relation a clause states in so many words is as sure as the rules' readings.
            probability = max(probability, stated)
            best[(a.key, b.key)] = (0.0, probability, a, predicate, b)
        for key, item in _shared_by_conjuncts(view, best, spans).items():
            best[key] = item
        _outcomes_of_the_studied_drug(view, best, spans, model)
        # A brand and its generic are named each way round in "generic (Brand)": one BRAND_OF per
        # pair, the more certain direction.
        for (a_key, b_key), item in list(best.items()):
            other = best.get((b_key, a_key))
            both = item[3] == "BRAND_OF" and other is not None and other[3] == "BRAND_OF"
            if both and (item[1], a_key) < (other[1], b_key):
                del best[(a_key, b_key)]
        drug_tokens = {
            i
            for g in view.by_type.get("DRUG", ())
            for m in g.mentions
            for i in range(spans[(m[1], m[2])].start, spans[(m[1], m[2])].end)
        }
        for _margin, probability, a, predicate, b in best.values():
            index = LABELS.index(predicate)
            rows = view.pair_rows.get((a.key, b.key))
            together: list = []
            if predicate == "TREATS":
                together = _named_together(a, b, view.groups, spans)
                if not together and _no_indication(b, spans, drug_tokens):
                    continue
                if together and all(_conditioning(spans[d]) for d, _disease in together):
                    # "received lymphodepleting fludarabine and cyclophosphamide followed by
                    # X": what prepares the body for a cell therapy treats no disease.
                    continue
                if _only_harm_stated(together, spans):
                    # What the text states is harm: the drug is associated with the disease
                    # (GUIDE.md: a drug "associated with" a disease causes it). The model was
                    # sure the two are related, not of how: its probability stays.
                    predicate = "ASSOCIATED_WITH"
                    index = LABELS.index(predicate)
                    own = {(m[1], m[2]) for m in b.mentions}
                    stated = [pair for pair in together if pair[1] in own]
                    if not rows and stated:
                        rows = [(numpy.zeros(len(LABELS)), *stated[0])]
            elif _vetoed(a, predicate, b, view.groups, spans, drug_tokens):
                continue
            elif predicate == "ASSOCIATED_WITH" and {a.type, b.type} == {"DRUG", "DISEASE"}:
                drug, disease = (a, b) if a.type == "DRUG" else (b, a)
                together = _named_together(drug, disease, view.groups, spans)
                if _only_treatment_stated(together, spans):
                    # The text says the drug protects from what the model only related it to
                    # ("antioxidants significantly reducing the proteinuria").
                    a, b, predicate = drug, disease, "TREATS"
                    index = LABELS.index(predicate)
                    rows = view.pair_rows.get((a.key, b.key))
            if rows:
                _probs, s_span, o_span = max(rows, key=lambda row: row[0][index])
            else:
                s_span, o_span = _nearest(a, b)
            if predicate == "HAS_OUTCOME":
                s_span, o_span, attributes = self._stated_numbers(
                    a, b, (s_span, o_span), rows, index, sentences, spans, ents
                )
            else:
                attributes = {}
            sent = sentences[_index(starts, o_span[0])]
            subject, obj = spans[s_span], spans[o_span]
            found.append({
                "subject": s_span,
                "object": o_span,
                "predicate": predicate,
                "confidence": round(probability, 4),
                "negated": bool(rows) and _negated(doc, subject, obj),
                "attributes": attributes,
                "sentence": (sent.start_char, sent.end_char),
                "trigger": "model" if rows else "document",
                "distance": 0,
            })  # fmt: skip
            if predicate == "TREATS":
                found += _resistance(b, together, probability, spans, sentences, starts)
        return found

    def _stated_numbers(
        self,
        a: EntityGroup,
        b: EntityGroup,
        chosen: tuple[tuple[int, int], tuple[int, int]],
        rows: list | None,
        index: int,
        sentences: list[Span],
        spans: dict,
        ents: list[Span],
    ) -> tuple[tuple[int, int], tuple[int, int], dict]:
        """(subject span, outcome span, attributes) of a drug's outcome: the mention pair that
        states it best, unless the numbers are in another sentence naming the outcome -- one
        the classifier also scored for this pair, or one that names no other drug ("Eighty-eight
        (78%) of 113 patients achieved a complete MRD response" after the drug's sentence)."""
        candidates = [chosen]
        for _probs, s_span, o_span in sorted(rows or [], key=lambda row: -row[0][index]):
            candidates.append((s_span, o_span))
        a_spans = {(m[1], m[2]) for m in a.mentions}
        for sentence_index, b0, b1 in sorted(b.mentions, key=lambda m: m[1]):
            sent = sentences[sentence_index]
            rivals = [
                e for e in ents
                if e.label_ == "DRUG" and sent.start <= e.start and e.end <= sent.end
                and (e.start_char, e.end_char) not in a_spans
            ]  # fmt: skip
            if not rivals:
                before = [m for m in a.mentions if m[1] < b0] or a.mentions
                candidates.append(((before[-1][1], before[-1][2]), (b0, b1)))
        comparator = any(is_comparator(spans[(m[1], m[2])]) for m in a.mentions)
        fallback = None
        for s_span, o_span in candidates:
            obj = spans[o_span]
            attributes = self._numbers(obj.sent, spans[s_span], obj, ents, comparator)
            if fallback is None:
                fallback = (s_span, o_span, attributes)
            if {"rate", "n", "N"} & attributes.keys():
                return s_span, o_span, attributes
        return fallback

    def _numbers(
        self, sent: Span, drug: Span, outcome: Span, ents: list[Span], comparator: bool = False
    ) -> dict:
        """The outcome's numbers for this drug: rate, n and N from the learned number-role
        model when the therapy model ships one (number_roles.py), duration, dose and
        population from `outcome_numbers`' patterns. `comparator`: the text names the drug as
        what another is compared with."""
        sent_ents = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
        attributes = RelationExtractor._outcome_numbers(sent, outcome, sent_ents)
        in_sentence = drug if drug.sent.start == sent.start else None
        arms = figure_arms(sent, sent_ents)
        if arms:
            duration = arm_duration(sent, in_sentence, arms, attributes.pop("duration", None))
            if duration is not None:
                attributes["duration"] = duration
            comparator = comparator or a_later_arm(in_sentence, arms)
        if self.number_model is None or outcome.sent.start != sent.start:
            return attributes
        attributes = {k: v for k, v in attributes.items() if k not in ("rate", "n", "N")}
        cohorts = stated_cohorts(sent.doc, sent.end)
        attributes.update(
            self.number_model.attributes(outcome, in_sentence, sent_ents, cohorts, comparator, arms)
        )
        respective = _respective_rate(sent, outcome, sent_ents)
        if respective is not None:
            attributes["rate"] = respective
        # "reduced the risk of death by 26%": the figure is the cut, not a rate -- also where
        # the sentence names the measure too ("median overall survival of 15.1 months, while
        # reducing the risk of death by 64%").
        cuts = {
            id(e): _risk_cut(e)
            for e in sent_ents
            if e.label_ == "OUTCOME" and P.RISK_OUTCOME.fullmatch(e.text)
        }
        if P.RISK_OUTCOME.fullmatch(outcome.text) or attributes.get("rate") in cuts.values():
            attributes.pop("rate", None)
        own = [
            cuts[id(e)]
            for e in sent_ents
            if id(e) in cuts and e.kb_id_ == outcome.kb_id_ and cuts[id(e)] is not None
        ]
        if own and not comparator:
            attributes["risk_reduction"] = own[0]
        # A hazard ratio or a cut in risk is the compared drug's result, not its comparator's.
        ratio = None if comparator else _hazard_ratio(sent, outcome, sent_ents)
        if ratio is not None:
            attributes["HR"] = ratio
        # "an ORR of 80% (95% CI, 70%-88%) in the 90 patients who received it": the group the
        # rate is of, stated as the population, is its N where the model named none.
        counted = re.match(r"(\d+) ", str(attributes.get("population", "")))
        if counted and "rate" in attributes and "N" not in attributes:
            group = int(counted.group(1))
            if group >= int(attributes.get("n", 0)):
                attributes["N"] = group
        return attributes

    def _sentence_level(self, doc: Doc, ents: list[Span]) -> list[dict]:
        by_offsets = {(e.start_char, e.end_char): e for e in ents}
        found: list[dict] = []
        for s0, s1, o0, o1, probs in doc._.get(SCORES_EXT) or []:
            best = max(range(1, len(LABELS)), key=lambda k: probs[k])
            if probs[best] < self.threshold or probs[best] <= probs[0]:
                continue
            subject, obj = by_offsets.get((s0, s1)), by_offsets.get((o0, o1))
            if subject is None or obj is None:
                continue
            predicate = LABELS[best]
            sent = subject.sent
            attributes = {}
            if predicate == "HAS_OUTCOME":
                attributes = self._numbers(sent, subject, obj, ents, is_comparator(subject))
            found.append({
                "subject": (s0, s1),
                "object": (o0, o1),
                "predicate": predicate,
                "confidence": round(float(probs[best]), 4),
                "negated": _negated(doc, subject, obj),
                "attributes": attributes,
                "sentence": (sent.start_char, sent.end_char),
                "trigger": "model",
                "distance": 0,
            })  # fmt: skip
        return found

    def _extras(self, doc: Doc, ents: list[Span], found: list[dict]) -> list[dict]:
        out: list[dict] = []
        have = {(r["subject"], r["predicate"], r["object"]) for r in found}
        if "brands" in self.extras:
            out += self.rules._brands(doc, ents)
        if "authors" in self.extras:
            out += self.rules._author_affiliations(doc, ents)
            out += self.rules._bracketed_affiliations(doc, ents)
            out += self.rules._cited_authors(doc, ents)
        if "constructs" in self.extras:
            out += self.rules._construct_targets(doc, ents)
        if {"orphan_outcomes", "anaphora"} & set(self.extras):
            main = _main_drug(ents)
            last_drug = None
            for sent in doc.sents:
                sent_ents = [e for e in ents if sent.start <= e.start and e.end <= sent.end]
                drugs = [e for e in sent_ents if e.label_ == "DRUG"]
                stated = any(
                    r["predicate"] == "HAS_OUTCOME"
                    and sent.start_char <= r["object"][0] < sent.end_char
                    for r in found
                )
                orphan = "orphan_outcomes" in self.extras and not stated
                if not drugs and orphan and (main or last_drug) is not None:
                    out += self.rules._orphan_outcomes(sent, sent_ents, main or last_drug)
                if not drugs and "anaphora" in self.extras and last_drug is not None:
                    # Only what the document model cannot reach: it decides a pair across
                    # sentences, except those a sentence must state together (a target).
                    out += [
                        r
                        for r in self.rules._anaphoric(doc, sent, sent_ents, last_drug)
                        if self.document_model is None
                        or r["predicate"] in SENTENCE_PREDICATES
                        or (r["predicate"] == "TREATS" and not _relates(found, r))
                    ]
                if drugs:
                    last_drug = drugs[-1]
        # What the patterns say of a brand overrides the model's direction for that pair.
        brand_pairs = {frozenset((r["subject"], r["object"])) for r in out
                       if r["predicate"] == "BRAND_OF"}  # fmt: skip
        found[:] = [
            r
            for r in found
            if r["predicate"] != "BRAND_OF"
            or frozenset((r["subject"], r["object"])) not in brand_pairs
        ]
        have = {(r["subject"], r["predicate"], r["object"]) for r in found}
        return [r for r in out if (r["subject"], r["predicate"], r["object"]) not in have]


def _risk_cut(outcome: Span) -> float | None:
    """How much a risk was cut, as a fraction: "by 26%", "a 31% reduction in the risk of",
    "halved the risk of"."""
    text = doc_text(outcome.doc)
    before = text[max(outcome.sent.start_char, outcome.start_char - 60) : outcome.start_char]
    after = P.RISK_CUT_AFTER.match(text[outcome.end_char : outcome.sent.end_char])
    said_before = P.RISK_CUT_BEFORE.search(before)
    if said_before and said_before.group("rate"):
        return round(float(said_before.group("rate")) / 100, 4)
    if after:
        return round(float(after.group("rate")) / 100, 4) if after.group("rate") else 0.5
    if said_before and re.search(r"\bhalv", said_before.group(), re.IGNORECASE):
        return 0.5
    return None


_HAZARD_RATIO = re.compile(
    r"\b(?:hazard\s+ratio|HR)\b[\s,:=]*(?:(?:was|of|was\s+reported\s+as)\s+)?"
    r"(?P<value>[01]?\.\d+)\b"
)


def _hazard_ratio(sent: Span, outcome: Span, sent_ents: list[Span]) -> float | None:
    """The hazard ratio stated for the outcome: the first one after it in its sentence, with no
    other outcome named between ("overall survival (HR 0.74; 95% CI ...)")."""
    text = doc_text(sent.doc)
    m = _HAZARD_RATIO.search(text, outcome.end_char, sent.end_char)
    if m is None:
        return None
    if any(
        e.label_ == "OUTCOME" and outcome.end_char <= e.start_char < m.start() for e in sent_ents
    ):
        return None
    return float(m.group("value"))


def _respective_rate(sent: Span, outcome: Span, sent_ents: list[Span]) -> float | None:
    """ "Atrial fibrillation and major bleeding occurred in 7% and 5% of patients,
    respectively": the k-th outcome of a list has the k-th share after it, where the sentence
    says "respectively", names at most one drug and gives as many shares as it lists
    outcomes."""
    if not any(t.lower_ == "respectively" for t in sent):
        return None
    outcomes = sorted((e for e in sent_ents if e.label_ == "OUTCOME"), key=lambda e: e.start)
    if len(outcomes) < 2 or outcome.start not in [e.start for e in outcomes]:
        return None
    # The outcomes are one list, and the shares are theirs, not each of several drugs'.
    if sum(e.label_ == "DRUG" for e in sent_ents) > 1 or not all(
        _coordinated(outcomes[0].root, e.root) for e in outcomes[1:]
    ):
        return None
    shares = [n for n in numbers_in(sent) if n.kind == "percent" and n.i >= outcomes[-1].end]
    shares = [n for n in shares if not in_brackets(sent, n.i)]
    if len(shares) != len(outcomes):
        return None
    return shares[[e.start for e in outcomes].index(outcome.start)].rate


# Roles the text gives a person that are not a study's: those who comment on it, run a
# company, regulate, or take part as patients and families.
_OTHER_ROLES = {
    "analyst", "analysts", "spokesperson", "spokeswoman", "spokesman", "patient", "mother",
    "father", "parent", "daughter", "son", "wife", "husband", "commissioner", "ceo", "investor",
    "president", "chairman", "chairwoman", "journalist", "reporter", "editor",
}  # fmt: skip


# Degrees written after a name, each set off by commas.
_DEGREES = frozenset({
    "M.D", "MD", "Ph.D", "PhD", "D.Phil", "DPhil", "MBBS", "MBChB", "FRCP", "FRCPC", "MPH",
    "M.P.H", "MSc", "M.Sc", "MS", "M.S", "RN", "PharmD", "Pharm.D", "DO", "D.O", "MBA", "FACP",
})  # fmt: skip


def _vetoed(
    a: EntityGroup,
    predicate: str,
    b: EntityGroup,
    groups: list[EntityGroup],
    spans: dict,
    drug_tokens: set[int],
) -> bool:
    """Whether the text says the relation is not what the model took it for: a person whose
    role is no investigator's, a company named as another drug's owner or as a regulator, an
    organisation named as a study's sponsor beside a person."""
    if predicate == "INVESTIGATES" and a.type == "PERSON":
        return _role_elsewhere(a, spans)
    if predicate == "INVESTIGATES" and a.type == "TRIAL":
        # "The X trial compared A with placebo in patients who had received B, C and D": the
        # drugs the patients had before are no drug of the trial.
        pairs = _named_together(a, b, groups, spans)
        return bool(pairs) and all(_had_before(spans[o_span]) for _s, o_span in pairs)
    if predicate == "TARGETS":
        return _escape_mechanism(_named_together(a, b, groups, spans), spans)
    if predicate == "RESISTANT_TO":
        # "EGFR-mutant lung cancer was treated with an EGFR inhibitor": no word says the
        # disease got past the drug. "... had progressed on osimertinib, X plus chemotherapy
        # produced responses": the drug doing the clause's deed is the new treatment.
        # (A pair no sentence names together is the text's disease and a drug a sentence
        # without it says was got past: `_escaped_in_the_text_s_disease`.)
        together = _named_together(a, b, groups, spans)
        return bool(together) and not any(
            _words(spans[s_span].sent) & (_ESCAPE | _PRIOR_USE) and not _acting(spans[o_span])
            for s_span, o_span in together
        )
    if predicate == "AFFILIATED_WITH":
        # "led by Dr. X, ..., and sponsored by Y": who pays for a study employs nobody in it;
        # "Dr. X (Stanford) and Dr. Y (Mayo Clinic)": a parenthesis is its own person's.
        pairs = _named_together(a, b, groups, spans)
        return bool(pairs) and all(
            _sponsors_or_makes(spans[o_span]) or _bracketed_for_another(spans[s], spans[o_span])
            for s, o_span in pairs
        )
    if predicate == "DEVELOPED_BY":
        if _regulates(b, spans) or _only_an_affiliation(b, spans):
            return True
        pairs = _named_together(a, b, groups, spans)
        return (
            _owns_another(pairs, spans, drug_tokens)
            or _only_a_parent(pairs, spans)
            or _made_for_another(pairs, spans)
        )
    return False


# What a study's sponsor or a drug's maker does: "sponsored by X", "funded by X", "X supported
# the study", "developed by X", "made by X".
_SPONSORING = {
    "sponsor", "fund", "support", "finance", "underwrite", "develop", "make", "made",
    "manufacture", "market",
}  # fmt: skip


def _bracketed_for_another(person: Span, organization: Span) -> bool:
    owner = bracket_owner(organization)
    return owner is not None and not (owner.start < person.end and person.start < owner.end)


def _sponsors_or_makes(organization: Span) -> bool:
    """Whether the sentence names the organisation as the agent of funding or of making the
    drug ("It was developed by Z and tested ... in the study led by Dr. X")."""
    root = organization.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ == "by" and root.head.dep_ == "agent":
        verb = root.head.head
    elif root.dep_ == "nsubj":
        verb = root.head
    else:
        return False
    return bool(_words([verb]) & _SPONSORING)


def _escape_mechanism(pairs: list, spans: dict) -> bool:
    """Whether every sentence naming the drug and the gene names the gene as altered in what
    got past the drug ("Tumours that progressed on X often carry MET amplification", "the
    T790M mutation of EGFR confers resistance to X"): how the disease escapes, not the drug's
    target."""
    return bool(pairs) and all(
        _escaped_from(spans[drug]) and _altered(spans[gene], set()) for drug, gene in pairs
    )


def _only_an_affiliation(organization: EntityGroup, spans: dict) -> bool:
    """Whether the text names the organisation only as where people work ("said Dr. Anna
    Berg of Northfield University", "Kenji Watanabe, a professor at Riverside University",
    "investigators from Kestrel University", "Dr. Lena Marsh, who led the trial at Riverside
    Medical Center"): nothing then says it made the drug. Not where the organisation is said
    more of ("of Helix, which developed X") or the people made it ("developed by researchers
    at X")."""
    for _sentence, start, end in organization.mentions:
        if bracket_owner(spans[(start, end)]) is not None:
            continue  # "Dr Helen Park (Karolinska Institute)"
        root = spans[(start, end)].root
        prep = root.head
        if not (root.dep_ == "pobj" and prep.lower_ in ("of", "at", "from")):
            return False
        if any(c.dep_ in ("relcl", "acl") for c in root.children):
            return False
        person = prep.head
        if person.dep_ == "appos" and not _a_person(person):
            person = person.head  # "Kenji Watanabe, a professor at ..."
        if person.dep_ == "dobj" and not _a_person(person):
            person = person.head  # "who led the trial at X"
        if person.tag_.startswith("VB"):
            # "who led the trial at X": the verb is said of a person.
            subjects = [c for c in person.children if c.dep_ in ("nsubj", "nsubjpass")]
            said_of_one = person.dep_ == "relcl" and _a_person(person.head)
            if not any(_a_person(c) or (c.tag_ == "WP" and said_of_one) for c in subjects):
                return False
        elif not _a_person(person):
            return False
        if person.dep_ == "pobj" and person.head.dep_ == "agent":
            return False  # "developed by researchers at X"
        if person.dep_ == "nsubj" and _words([person.head]) & TRIGGERS["DEVELOPED_BY"]:
            return False  # "Researchers at X developed"
    return bool(organization.mentions)


# Words naming people at work: "researchers at X", "investigators from X".
_RESEARCHERS = {
    "researchers", "researcher", "investigators", "investigator", "scientists", "scientist",
    "physicians", "physician", "doctors", "doctor", "oncologists", "oncologist", "team",
    "authors", "professor", "colleagues", "clinicians", "experts",
}  # fmt: skip


def _a_person(token: Token) -> bool:
    return token.ent_type_ == "PERSON" or token.lower_ in _RESEARCHERS


# What a regulator does to a drug: "the FDA approved X", "approved by the EMA", "FDA approval",
# "the agency granted X breakthrough designation".
_REGULATING = {
    "approve", "clear", "authorize", "authorise", "grant", "accept", "designate", "reject",
    "approval", "clearance", "authorization", "authorisation", "designation", "license",
}  # fmt: skip
# How the regulator stands to the word: its subject, or its modifier ("FDA approval", "an FDA
# approved treatment", "the agency's clearance").
_REGULATOR_DEPS = {"nsubj", "compound", "poss", "nmod", "npadvmod", "amod"}


def _regulates(organization: EntityGroup, spans: dict) -> bool:
    """Whether the text names the organisation as the one approving a drug: its regulator,
    who does not develop it ("The FDA approved X", "approved by the EMA", "after FDA
    approval")."""
    for _sentence, start, end in organization.mentions:
        root = spans[(start, end)].root
        head = root.head
        if root.dep_ in _REGULATOR_DEPS and _words([head]) & _REGULATING:
            return True
        agent = root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent"
        if agent and _words([head.head]) & _REGULATING:
            return True
    return False


def _role_elsewhere(person: EntityGroup, spans: dict) -> bool:
    """Whether the text gives the person a role that is no investigator's: "Rowan Eckersley,
    an analyst at …", "analyst Rowan Eckersley", "Jane Doe, President and Chief Executive
    Officer"."""
    for _sentence, start, end in person.mentions:
        span = spans[(start, end)]
        doc = span.doc
        after = doc[span.end : min(span.end + 12, span.sent.end)]
        if len(after) and after[0].text == ",":
            for token in after[1:]:
                if token.text == "," and doc[token.i - 1].text.rstrip(".") in _DEGREES:
                    continue  # "Helen Park, M.D., Ph.D., Chief Medical Officer"
                if token.text in (",", ";", ".") or token.lower_ in ("who", "which", "said"):
                    break
                chief_executive = (
                    token.lower_ == "chief"
                    and token.i + 1 < len(doc)
                    and doc[token.i + 1].lower_ == "executive"
                )
                if token.lower_ in _OTHER_ROLES or chief_executive or token.lower_ == "officer":
                    return True
        if span.start > 0 and doc[span.start - 1].lower_ in _OTHER_ROLES:
            return True
        if _role_before(span):
            return True  # "Halden's chief medical officer, Dr. Lena Hartvig, said"
        if _uninvolved(doc[span.end : min(span.end + 20, span.sent.end)]):
            return True  # "Dr. X, a hematologist who was not involved in the study"
    return False


_TITLES = frozenset({"Dr", "Prof", "Professor", "Mr", "Mrs", "Ms", "Dame", "Sir"})


def _role_before(span: Span) -> bool:
    """A role given right before the name and its title, set off by a comma: "the company's
    chief medical officer, Dr. X", "Orvane's president, X"."""
    doc, k = span.doc, span.start - 1
    first = span.sent.start
    while k >= first and doc[k].text.rstrip(".") in _TITLES:
        k -= 1
    if k < first or doc[k].text != ",":
        return False
    words = [t.lower_ for t in doc[max(first, k - 4) : k]]
    return bool(
        words
        and (
            words[-1] in _OTHER_ROLES
            or words[-1] == "officer"
            or words[-2:] == ["chief", "executive"]
        )
    )


def _uninvolved(tokens) -> bool:
    """Whether the words say someone took no part ("was not involved in", "did not take part
    in", "not part of the study")."""
    words = []
    for t in tokens:
        if t.lower_ in ("said", "says", "told", ";", ")"):
            break  # what follows is what the person said
        words.append(t.lower_)
    return any(
        w in ("not", "n't", "never") and set(words[k + 1 : k + 4]) & _PART
        for k, w in enumerate(words)
    )


_PART = {"involved", "part", "participate", "participated"}


def _owns_another(pairs: list, spans: dict, drug_tokens: set[int]) -> bool:
    """Whether every sentence naming the drug and the company names the company as another
    drug's owner ("will compete with Pfizer's crizotinib"): the possessive says whose that drug
    is, nothing of this one."""
    if not pairs:
        return False
    for s_span, o_span in pairs:
        drug, company = spans[s_span], spans[o_span]
        root = company.root
        # "Harlow/Genvara's Zentrivo", "Harlow and Genvara's Zentrivo": owners listed together.
        for _ in range(3):
            if root.dep_ not in _CO_OWNER or root.head is root:
                break
            root = root.head
        owned = root.head
        if not (
            root.dep_ == "poss" and owned.i in drug_tokens and not drug.start <= owned.i < drug.end
        ):
            return False
    return True


# The maker named in a phrase set after a product: "Zorvia (fendocel), made by A and B,",
# "Belmora (torvacel), from C": the words before the maker, back to the product's comma.
_MAKER_PHRASE = re.compile(
    r"[,(]\s*(?:which\s+(?:is|was)\s+)?(?:(?:made|developed|manufactured|marketed|sold|"
    r"produced|co-developed)\s+by|from)\s+(?:[^,;()]{1,60}?(?:\s+and|,)\s+)?$"
)
_PRODUCT_BEFORE = re.compile(r"\s*(?:\([^()]*\)\s*)?$")


def _made_for_another(pairs: list, spans: dict) -> bool:
    """Whether every sentence naming the drug and the company names the company in a maker's
    phrase set after other products ("Zorvia (fendocel), made by Vertala, and Belmora
    (torvacel), from Harwell Bio": Harwell makes Belmora and torvacel, not Zorvia)."""
    if not pairs:
        return False
    for s_span, o_span in pairs:
        drug, company = spans[s_span], spans[o_span]
        owners = _products_before_maker(company, spans)
        if not owners or drug.kb_id_ in owners:
            return False
    return True


def _products_before_maker(company: Span, spans: dict) -> set[str]:
    """The ids of the products a maker's phrase before `company` follows, with their
    bracketed names ("Zorvia (fendocel), made by"); empty where no such phrase leads to it."""
    sent = company.sent
    text = doc_text(company.doc)
    m = _MAKER_PHRASE.search(text, sent.start_char, company.start_char)
    if m is None:
        return set()
    drugs = sorted(
        (e for (start, end), e in spans.items()
         if e.label_ == "DRUG" and sent.start_char <= start and end <= m.start() + 1),
        key=lambda e: -e.end_char,
    )  # fmt: skip
    edge = m.start()
    for e in drugs:
        if e.end_char > edge:
            continue
        if _PRODUCT_BEFORE.fullmatch(text, e.end_char, edge):
            # The product, and any named in the brackets after it.
            return {e.kb_id_} | {d.kb_id_ for d in drugs if e.end_char <= d.start_char < edge}
    return set()


def _only_a_parent(pairs: list, spans: dict) -> bool:
    """Whether every sentence naming the drug and the company names the company only as the
    parent of another ("developed by Pendral Therapeutics, a subsidiary of Ostrow Pharma",
    "Kite, a Gilead company"): the text says which company made the drug, the other owns it."""
    if not pairs:
        return False
    for _s_span, o_span in pairs:
        root = spans[o_span].root
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of":
            head = head.head
        elif root.dep_ not in ("compound", "nmod", "amod"):
            return False
        if not (
            head.lower_ in _PARENT_OF
            and head.dep_ == "appos"
            and head.head.ent_type_ == "ORGANIZATION"
        ):
            return False
    return True


_PARENT_OF = {"subsidiary", "unit", "division", "company", "affiliate", "spin-off", "spinout"}
_CO_OWNER = {"conj", "nmod", "compound", "appos"}


def _named_together(
    a: EntityGroup, b: EntityGroup, groups: list[EntityGroup], spans: dict
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Every (a span, b span) of one sentence: all the text says of the pair, not only the
    mention pairs the classifier scored (the pair proposer leaves some out). `b`'s name counts
    where another entity took it, alone or qualified ("a higher risk for delirium": an outcome
    there, the disease elsewhere; "to induce acute myocardial infarction")."""
    names = {spans[(m[1], m[2])].text.lower() for m in b.mentions}

    def names_b(text: str) -> bool:
        text = text.lower()
        return any(text == n or text.endswith(" " + n) for n in names)

    b_mentions = [
        m
        for g in groups
        if g is not a
        for m in g.mentions
        if g is b or names_b(spans[(m[1], m[2])].text)
    ]
    return [
        ((s0, s1), (o0, o1))
        for i, s0, s1 in a.mentions
        for j, o0, o1 in b_mentions
        if i == j
    ]  # fmt: skip


# The confidence of a relation a clause states ("X targets CD5"), as the rules give theirs.
_STATED = 0.8


def _corroborated(view: DocumentView, best: dict, spans: dict) -> list[tuple]:
    """(subject, predicate, object, least confidence) for pairs no predicate passed for, where
    the relation classifier found them related in a sentence (its most probable label there is
    a relation, not "none") and that sentence's wording says how: a drug and what a sentence
    names as its use or as the disease of the patients it was given to, no sentence saying the
    drug harms ("Sarapentin is approved for fibromyalgia": outside oncology the classifier
    spreads such a pair between TREATS and ASSOCIATED_WITH, so neither passes alone); a drug
    and a gene it is said to block, bind or inhibit, where the classifier took it for the
    target ("Tarvekimab binds to and neutralizes IL-23": the document model, fit on texts where
    the classifier is surer, stayed under its threshold). And a drug a clause aims at a gene
    however the classifier read it ("XE-CAR5 targets CD5"), and a disease a sentence says got
    past a drug (`_escaped_from`), as sure as the rules' readings."""
    found = []
    none, targets, treats = LABELS.index("NONE"), LABELS.index("TARGETS"), LABELS.index("TREATS")
    groups = {g.key: g for g in view.groups}
    for (a_key, b_key), rows in view.pair_rows.items():
        if (a_key, b_key) in best:
            continue
        if (groups[a_key].type, groups[b_key].type) == ("DISEASE", "DRUG"):
            # A sentence naming the disease that says it got past the drug states resistance,
            # whatever the classifier made of it ("Crohn's disease with an inadequate response
            # to TNF inhibitors", "refractory to ..., including X").
            if any(_escaped_from(spans[o]) and not _acting(spans[o]) for _p, _s, o in rows):
                found.append((groups[a_key], "RESISTANT_TO", groups[b_key], _STATED))
            continue
        related = [(s, o) for probs, s, o in rows if int(numpy.argmax(probs)) != none]
        if not related:
            # A clause whose verb aims the drug at the gene states it, whatever the classifier
            # made of the drug's name ("XE-CAR5 targets CD5": a code it never saw).
            stated = [(s, o) for _probs, s, o in rows if _aims_clause(spans[s], spans[o])]
            if stated and not _escape_mechanism(stated, spans):
                found.append((groups[a_key], "TARGETS", groups[b_key], _STATED))
            continue
        a, b = spans[related[0][0]], spans[related[0][1]]
        if (a.label_, b.label_) == ("DRUG", "DISEASE"):
            readings = _readings(related, spans, _PROTECTIVE)
            # Or where the classifier took it for treatment and the disease is the treated
            # patients' ("produced complete responses in 9 of 20 women with D").
            of_the_treated = any(
                int(numpy.argmax(probs)) == treats and _of_the_treated(spans[o])
                for probs, _s, o in rows
            )
            if not any(h for h, _t in readings) and (
                of_the_treated or any(_indicated(spans[s], spans[o]) for s, o in related)
            ):
                found.append((groups[a_key], "TREATS", groups[b_key], 0.0))
        elif (a.label_, b.label_) == ("DRUG", "GENE"):
            aimed = [
                (s, o) for probs, s, o in rows
                if (int(numpy.argmax(probs)) == targets and _aimed_at(spans[s], spans[o]))
                or _delivers(spans[s], spans[o])
            ]  # fmt: skip
            if aimed and not _escape_mechanism(aimed, spans):
                found.append((groups[a_key], "TARGETS", groups[b_key], 0.0))
    return found + _escaped_in_the_text_s_disease(view, best, spans)


def _escaped_in_the_text_s_disease(view: DocumentView, best: dict, spans: dict) -> list[tuple]:
    """ "Of the 60 patients, 21 had relapsed after imatinib": a sentence that names no disease
    says the patients' disease got past the drug -- the disease the text is about, where one
    is named more often than any other."""
    diseases = sorted(view.by_type.get("DISEASE", ()), key=lambda g: -len(g.mentions))
    if not diseases or (
        len(diseases) > 1 and len(diseases[1].mentions) >= len(diseases[0].mentions)
    ):
        return []
    disease = diseases[0]
    named = {m[0] for g in diseases for m in g.mentions}
    return [
        (disease, "RESISTANT_TO", drug, _STATED)
        for drug in view.by_type.get("DRUG", ())
        if (disease.key, drug.key) not in best
        and (disease.key, drug.key) not in view.pair_rows
        and any(
            m[0] not in named
            and _escaped_from(spans[(m[1], m[2])])
            and not _acting(spans[(m[1], m[2])])
            for m in drug.mentions
        )
    ]


# What a sentence says of one member of a list it says of each ("mutations of TP53, RB1, APC
# and VHL"; "approved for A, B and C lymphoma"); where the list is long, the classifier's
# probability fades with each member's distance from the other end.
_DISTRIBUTED = frozenset(
    {"TREATS", "TARGETS", "EXPRESSED_IN", "ASSOCIATED_WITH", "DEVELOPED_BY", "INVESTIGATES"}
)


# ... of people who led a study ("Drs A and B led the trial") and makers ("developed by A and
# B"); not of a study's other drugs ("after imatinib, sunitinib and regorafenib").
_LISTED_SIDE = {"INVESTIGATES": 0, "DEVELOPED_BY": 1}


def _outcomes_of_the_studied_drug(
    view: DocumentView, best: dict, spans: dict, model: DocumentRelationModel
) -> None:
    """Figures stated without a drug are a studied drug's, not those of a therapy the text
    names only as one the patients had ("22 had relapsed after X ... At day 28, 26 of 31
    patients were in complete remission"): such an outcome moves to the drug the model finds
    likeliest among the others, a named one before the generic "CAR T cells" (in `best`, in
    place)."""
    drugs = view.by_type.get("DRUG", [])
    past = {g.key for g in drugs if all(_had_before(spans[(m[1], m[2])]) for m in g.mentions)}
    studied = [g for g in drugs if g.key not in past]
    named = [g for g in studied if g.key not in GENERIC_CAR_KEYS]
    studied = named or studied
    if not past or not studied:
        return
    for (a_key, b_key), item in list(best.items()):
        _margin, probability, a, predicate, b = item
        if predicate != "HAS_OUTCOME" or a_key not in past or a.sentences & b.sentences:
            continue
        del best[(a_key, b_key)]
        main = max(
            studied, key=lambda g: model.probability(predicate, view.features(g, predicate, b))
        )
        if (main.key, b_key) not in best:
            best[(main.key, b_key)] = (0.0, probability, main, predicate, b)


def _shared_by_conjuncts(view: DocumentView, best: dict, spans: dict) -> dict:
    """Decisions for the entities coordinated with one end of a decided pair, in a sentence
    the classifier read as stating that pair: the same predicate, with the decided pair's
    probability, for pairs not decided otherwise. Not where both ends are lists (which goes
    with which is for "respectively" to say), nor where the other end sits inside the
    coordinated end ("ANCA-associated vasculitis and lupus"). A pair decided the same way less
    surely takes the decided pair's probability ("A and B co-developed X")."""
    group_of = {(m[1], m[2]): g for g in view.groups for m in g.mentions}
    ordered = sorted(spans)
    starts = [s for s, _e in ordered]
    shared: dict = {}
    for _margin, probability, a, predicate, b in list(best.values()):
        if predicate not in _DISTRIBUTED:
            continue
        index = LABELS.index(predicate)
        stated = [
            row
            for row in view.pair_rows.get((a.key, b.key), ())
            if int(numpy.argmax(row[0])) == index
        ]
        if not stated:
            continue
        _probs, s_span, o_span = max(stated, key=lambda row: row[0][index])
        subject, obj = spans[s_span], spans[o_span]
        sent = subject.sent
        in_sentence = [
            spans[o]
            for o in ordered[
                bisect_right(starts, sent.start_char - 1) : bisect_right(starts, sent.end_char)
            ]
        ]
        conjuncts = [
            [
                o
                for o in in_sentence
                if o.label_ == end.label_ and o.start != end.start and coordinated_spans(end, o)
            ]
            for end in (subject, obj)
        ]
        if all(conjuncts) or not any(conjuncts):
            continue
        if predicate in _LISTED_SIDE and not conjuncts[_LISTED_SIDE[predicate]]:
            continue
        end, other_end = (subject, obj) if conjuncts[0] else (obj, subject)
        if end.root.is_ancestor(other_end.root):
            continue
        for other in conjuncts[0] or conjuncts[1]:
            if other.start < other_end.end and other_end.start < other.end:
                continue
            g = group_of[(other.start_char, other.end_char)]
            pair = (g, b) if conjuncts[0] else (a, g)
            key = (pair[0].key, pair[1].key)
            if pair[0].key == pair[1].key or key[::-1] in best:
                continue
            if key in best:
                # Decided the same way, less surely: a list's member is as sure as the other.
                decided = best[key]
                if decided[3] != predicate or decided[1] >= probability:
                    continue
            shared.setdefault(key, (0.0, probability, pair[0], predicate, pair[1]))
    return shared


# Verbs by which a drug acts on its target: "blocks", "binds to", "inhibits", "neutralizes".
_AIMING = {
    "target", "inhibit", "block", "bind", "neutralize", "neutralise", "antagonize", "degrade",
    "recognize", "recognise", "direct", "against", "engage", "silence", "knock",
}  # fmt: skip


def _aimed_at(drug: Span, gene: Span) -> bool:
    """Whether the dependency path from the drug to the gene runs through a verb of aiming."""
    inner = [
        t for t in _path(drug.root, gene.root)
        if not (drug.start <= t.i < drug.end or gene.start <= t.i < gene.end)
    ]  # fmt: skip
    return bool(_words(inner) & _AIMING)


_AIMS_BETWEEN = re.compile(
    r"\s+(?:\w+ly\s+)?(?:targets|binds(?:\s+to)?|inhibits|blocks|recogni[sz]es|engages|"
    r"(?:is|are)\s+(?:directed|aimed)\s+(?:against|at))\s+(?:the\s+)?"
    r"(?:(?:protein|antigen|receptor|molecule|kinase)\s+)?",
    re.IGNORECASE,
)


def _aims_clause(drug: Span, gene: Span) -> bool:
    """Whether the drug is the subject of a verb of aiming whose object is the gene ("X
    targets CD5", "X selectively binds and blocks IL-23"), or its agent in the passive ("CD5
    is targeted by X")."""
    if drug.label_ != "DRUG" or gene.label_ != "GENE":
        return False
    if _delivers(drug, gene):
        return True
    if drug.end <= gene.start <= drug.end + 6:
        # The parse may read "X targets CD5" as one noun phrase.
        between = drug[-1].whitespace_ + drug.doc[drug.end : gene.start].text_with_ws
        if _AIMS_BETWEEN.fullmatch(between):
            return True
    subject, obj = drug.root, gene.root
    while obj.dep_ == "conj" and obj.head.i != obj.i:  # "targets CD19 and CD22"
        obj = obj.head
    if obj.dep_ == "dobj" and subject.dep_ == "nsubj":
        verb = obj.head
        while verb.dep_ == "conj" and verb.head.i != verb.i and verb not in subject.ancestors:
            verb = verb.head  # "binds and blocks X": the subject is the first verb's
        return subject.head.i == verb.i and bool(_words([obj.head, verb]) & _AIMING)
    if obj.dep_ == "nsubjpass" and subject.dep_ == "pobj" and subject.head.lower_ == "by":
        verb = obj.head
        return subject.head.head.i == verb.i and bool(_words([verb]) & _AIMING)
    return False


# What a gene therapy does with its gene (GUIDE.md: it targets the gene delivered).
_DELIVERING = frozenset({
    "deliver", "delivers", "delivering", "carry", "carries", "carrying", "encode", "encodes",
    "encoding", "introduce", "introduces", "insert", "inserts", "supply", "supplies", "provide",
    "provides", "restore", "restores", "replace", "replaces",
})  # fmt: skip
_COPY = frozenset({"copy", "copies", "version", "versions", "form", "gene", "genes"})


def _delivers(drug: Span, gene: Span) -> bool:
    """Whether the drug is the subject of a verb of delivering a copy of the gene ("X delivers
    a working copy of the AIPL1 gene", "X uses a virus to deliver a healthy copy of GJB2",
    "X carries a functional F9 gene")."""
    obj = gene.root
    for _ in range(3):  # "copy of the AIPL1 gene": AIPL1 -> gene -> of -> copy
        if obj.dep_ == "dobj":
            break
        if obj.head is obj or not (obj.head.lower_ in _COPY or obj.head.lower_ == "of"):
            return False
        obj = obj.head
    if obj.dep_ != "dobj" or obj.head.lower_ not in _DELIVERING:
        return False
    verb = obj.head
    for _ in range(2):  # "uses a harmless virus to deliver": the subject of the verb it serves
        if any(c.dep_ == "nsubj" and drug.start <= c.i < drug.end for c in verb.children):
            return True
        if verb.dep_ not in ("xcomp", "advcl", "conj") or verb.head is verb:
            return False
        verb = verb.head
    return False


def _only_harm_stated(pairs: list, spans: dict) -> bool:
    """Whether every sentence naming the drug and the disease together says the drug harms
    ("X-induced", "cause", "risk", "toxicity" between the two) and none says it treats: the
    sentence rules' test (`RelationExtractor._pair`), over the document's sentences."""
    readings = _readings(pairs, spans)
    return any(harm for harm, _treat in readings) and not any(t for _h, t in readings)


def _only_treatment_stated(pairs: list, spans: dict) -> bool:
    """Whether some sentence naming the drug and the disease together says the drug protects
    from it ("reduced", "prevents", "effective in patients with") and none says it harms."""
    # Where the model related the two, a disease the treated patients have is no harm the drug
    # brought on ("X induced responses in 12 of 20 patients with D"); where it did not, such a
    # disease may be another the patients had ("patients with renal disease given X").
    readings = _readings(pairs, spans, _PROTECTIVE, given=True)
    return any(treat for _harm, treat in readings) and not any(h for h, _t in readings)


# What a drug does to a disease it treats: narrower than `STRONG_TREAT`, whose "treat",
# "therapy" and "response" also fill sentences about harm ("rhabdomyolysis in a patient treated
# with X"), so it may overrule the model's ASSOCIATED_WITH only with these.
_PROTECTIVE = {
    "prevent", "protect", "reduce", "ameliorate", "alleviate", "relieve", "effective",
    "efficacy", "suppress", "attenuate", "improve", "remission", "cure", "regress", "eradicate",
    "respond", "responded", "responsive", "slow", "delay", "halt", "lower",
}  # fmt: skip


def _readings(
    pairs: list, spans: dict, treating=STRONG_TREAT, given: bool = False
) -> list[tuple[bool, bool]]:
    """Per (drug span, disease span) of one sentence: whether the sentence says the drug harms,
    and whether it says the drug treats. The noun that names the drug's use ("after treatment
    with X", "X therapy") says nothing of what it does to the disease; what the drug's phrase
    is of does ("the risk of X use in patients with Y", "the efficacy of X therapy").
    `given`: a drug given to patients who have the disease, with no harm said, treats it."""
    drug_tokens = {i for s_span, _o in pairs for i in range(spans[s_span].start, spans[s_span].end)}
    readings = []
    for s_span, o_span in pairs:
        drug, disease = spans[s_span], spans[o_span]
        cause = _brought_on(disease)
        # The sentence counts the disease as befalling the patients, as made, or names the
        # drug as its cause ("X-associated D", "adriamycin nephropathy").
        doc = disease.doc
        of = disease.start >= 2 and doc[disease.start - 1].lower_ == "of"
        event = doc[disease.start - 2] if of else None  # "the onset of D"
        harm = (
            # ... unless the event is what a protective verb acts on ("delayed the onset of D")
            (_befalls(disease) and not (event is not None and _words([event.head]) & _PROTECTIVE))
            or _made(disease)
            or (cause is not None and cause[1].i in drug_tokens)
            or _names_a_disease(drug)
        )
        path = _path(drug.root, disease.root)
        lo, hi = (
            sorted((drug.end, disease.start))
            if drug.start < disease.start
            else sorted((disease.end, drug.start))
        )
        own, governor = _drug_phrase(drug)
        inner = [
            t
            for t in path
            if not (drug.start <= t.i < drug.end or disease.start <= t.i < disease.end)
        ]
        between = drug.doc[lo:hi] if hi - lo <= 12 else []
        # A harm a protective verb acts on is not done ("reduced the risk of D", "lowered the
        # rate of D"): the word names what the drug kept from happening.
        kept_off = {t.i for t in (*inner, *between) if _words([t]) & HARM
                    and t.dep_ == "dobj" and _words([t.head]) & _PROTECTIVE}  # fmt: skip
        words = _words(t for t in inner if t.i not in own and t.i not in kept_off)
        words |= _words(t for t in between if t.i not in own and t.i not in kept_off)
        group = _treated_group(disease)
        if group is not None:
            # The disease is the patients' ("induced remission in adults with D", "caused rash
            # in patients with D"): the harm the words tell befell those patients.
            words -= HARM
        words |= {w for t in disease for w in _words([t]) if "-" in t.text}  # "X-induced Y"
        if governor is not None:
            words |= _words([governor])
        if disease.root.dep_ == "pobj" and disease.root.head.lower_ == "of":
            measure = disease.root.head.head
            if measure.i not in kept_off:
                words |= _words([measure])  # "the risk of D with X"
        # Patients told to keep off the drug are harmed by it, whatever they have ("patients
        # with D may benefit by avoiding X").
        harms = harm or bool(words & HARM) or bool(words & _SHUNNED)
        # Patients counted as a group were given the drug for their disease; the one patient
        # of a case report may have had it besides ("a patient with renal disease developed
        # anaemia while receiving X").
        treats = bool(words & treating) or _indicated(drug, disease)
        treats = treats or (given and group is not None and group.tag_ == "NNS" and not harms)
        readings.append((harms, treats))
    return readings


_SHUNNED = {"avoid", "avoidance", "abstain", "abstinence", "abstaining"}


# What states a drug's use for a disease: "approved for D", "indicated for D", "used for D",
# "the first-line treatment for D", "was given X for D", and the verb "treat" with the disease
# as its object ("approved to treat D"). Unlike the words of `_PROTECTIVE`, the construction
# names the disease as the use's purpose, so it also reads a sentence the model only related.
_USED_FOR = {
    "approve", "approval", "indicate", "indication", "use", "prescribe", "license", "recommend",
    "treatment", "therapy", "option", "drug", "medication", "medicine", "give", "given",
    "receive", "take", "taken", "administer",
}  # fmt: skip
_TREAT_VERBS = {"treat", "treats", "treating"}


def _indicated(drug: Span, disease: Span) -> bool:
    """Whether the sentence names the disease as what the drug is for: the construction's
    drug is the one named nearest to it, no other drug between ("on metoprolol for heart
    disease was prescribed terbinafine for onychomycosis") but for the words of a name or
    a description ("Famotidine is a histamine H2-receptor antagonist used for ...",
    "Gemfibrozil-lovastatin therapy for ...")."""
    anchor = _use_of(disease)
    if anchor is None:
        return False
    if anchor.head.ent_type_ == "DRUG":  # "taking amlodipine for D": that drug's use
        return drug.start <= anchor.head.i < drug.end
    lo, hi = (drug.end, anchor.i) if drug.start < anchor.i else (anchor.i + 1, drug.start)
    doc = drug.doc
    return not any(
        doc[i].ent_type_ == "DRUG"
        and doc[i].ent_iob_ == "B"
        and (e := _entity_at(doc, i)).end <= hi
        and e.kb_id_ != drug.kb_id_
        and e.root.dep_ not in _MODIFIERS
        for i in range(lo, hi)
    )


def _entity_at(doc: Doc, i: int) -> Span:
    """The entity that starts at token i."""
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, i, end, label=doc[i].ent_type_, kb_id=doc[i].ent_kb_id_)


_MODIFIERS = {"compound", "amod", "nmod", "npadvmod"}


def _use_of(disease: Span) -> Token | None:
    """The word that names the disease as a use ("for", "of" of "the treatment of", the verb
    "treat"), if the sentence does."""
    root = disease.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    head = root.head
    if root.dep_ == "dobj":
        return head if head.lower_ in _TREAT_VERBS else None
    if root.dep_ != "pobj":
        return None
    if head.lower_ == "of":  # "for the treatment of D", "the management of D"
        return head if head.head.lower_ in _CARE_OF else None
    if head.lower_ == "in":  # "being tested in D": an investigational use
        return head if head.head.lower_ in _TESTED else None
    if head.lower_ != "for":
        return None
    # "approved for D", "a treatment for D", "taking amlodipine for D"
    return head if _words([head.head]) & _USED_FOR or head.head.ent_type_ == "DRUG" else None


_CARE_OF = {"treatment", "treatments", "therapy", "management", "prevention"}
_TESTED = {
    "tested", "testing", "studied", "studying", "evaluated", "evaluating", "investigated",
    "investigating", "trialled", "trialed",
}  # fmt: skip


# Who a trial or a report treats: "adults with D", "a boy with D", "rats with D".
_GROUPS = POPULATION | {
    "adolescents", "patient", "child", "man", "woman", "boy", "girl", "rats", "mice", "animals",
    "dogs",
}  # fmt: skip


def _of_the_treated(disease: Span) -> bool:
    """Whether the disease is what a group of patients has ("adults with D", "patients with A
    and D")."""
    return _treated_group(disease) is not None


def _treated_group(disease: Span) -> Token | None:
    """The word naming the patients who have the disease ("adults" of "adults with D"; of
    "patients with A and D", "patients with D (DA)")."""
    root = disease.root
    doc = disease.doc
    while root.head.i != root.i and (
        root.dep_ == "conj" or (root.dep_ == "appos" and root.i > 0 and doc[root.i - 1].text == "(")
    ):
        root = root.head
    with_ = root.head
    if root.dep_ != "pobj" or with_.lower_ != "with":
        return None
    # The parse may hang "with" on the verb ("produced responses in 9 of 20 women with D").
    before = with_.doc[with_.i - 1] if with_.i > 0 else with_
    for word in (with_.head, before):
        if word.lower_ in _GROUPS:
            return word
    return None


# Around a disease, words that say what brought it on ("X-induced", "X-associated", "renal
# failure induced by X", "bradycardia due to X") or that count it as an event befalling the
# patients ("the occurrence of", "developed chorea", "AKI occurred in 36%").
_BROUGHT_ON = {("induced", "by"), ("caused", "by"), ("precipitated", "by"), ("due", "to"),
               ("secondary", "to"), ("provoked", "by"), ("triggered", "by")}  # fmt: skip
_BROUGHT_ON_BY = {"induced", "associated", "related", "mediated"}
_EVENT_OF = {"occurrence", "incidence", "development", "onset"}
_EVENT_VERBS = {"develop", "developed", "develops", "developing"}
_OCCURS = {"occur", "occurs", "occurred", "occurring"}


def _befalls(span: Span) -> bool:
    """Whether the sentence counts the disease as an event befalling the patients."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(span.start - 2, 0) : span.start]]
    after = doc[span.end : span.end + 1]
    return (
        (before[-1:] == ["of"] and before[0] in _EVENT_OF)
        or (before[-1:] != [] and before[-1] in _EVENT_VERBS)
        or (len(after) == 1 and after[0].lower_ in _OCCURS)
    )


# Words that say a disease got past a therapy: "relapsed after X", "progressed on X",
# "refractory to X", "resistance to X", "X-refractory melanoma".
_ESCAPE = TRIGGERS["RESISTANT_TO"] | {
    "relapsing", "progression", "progressing", "escape", "escaped", "failed", "failing",
    "outran", "recur", "recurred",
}  # fmt: skip


def _resistance(
    disease: EntityGroup,
    together: list,
    probability: float,
    spans: dict,
    sentences: list[Span],
    starts: list[int],
) -> list[dict]:
    """RESISTANT_TO (disease -> drug) where a sentence naming the pair says the disease got
    past the drug: the drug is what a word of escape governs ("had relapsed after X",
    "refractory to X", "progression on X") or what it is named with ("X-refractory D").
    `together`: the (drug span, disease span) pairs of the sentences naming both."""
    own = {(m[1], m[2]) for m in disease.mentions}
    for s_span, o_span in together:
        if o_span not in own:
            continue
        if not _escaped_from(spans[s_span]) or _acting(spans[s_span]):
            continue
        sent = sentences[_index(starts, o_span[0])]
        return [{
            "subject": o_span,
            "object": s_span,
            "predicate": "RESISTANT_TO",
            "confidence": round(probability, 4),
            "negated": False,
            "attributes": {},
            "sentence": (sent.start_char, sent.end_char),
            "trigger": "model",
            "distance": 0,
        }]  # fmt: skip
    return []


# Words that name a therapy as one the disease already had: GUIDE.md counts relapse after and
# escape from it, and annotators also a therapy the patients had before it failed them ("whose
# disease had not been controlled by X", "had previously been treated with X").
_PRIOR_USE = {
    "previously", "prior", "pretreated", "after", "despite", "controlled", "recurrence",
    "recurrent", "persistent", "unresponsive", "exposed", "inadequate", "insufficient",
    "incomplete", "suboptimal", "loss", "susceptibility", "sensitivity",
}  # fmt: skip


_HAD = frozenset({"received", "treated", "pretreated", "exposed", "failed", "taken", "had"})
_BEFORE = frozenset({"after", "following", "despite"})
_LISTING = frozenset({"including", "like"})
_EARLIER = frozenset({"had", "have", "has", "previously", "prior", "already", "before"})


def _had_before(drug: Span) -> bool:
    """Whether the text names the drug as one the patients had before: the object of "had
    received" / "previously treated with", or of "after" / "despite"."""
    t = drug.root
    while True:
        while t.dep_ == "conj" and t.head is not t:
            t = t.head
        if t.dep_ == "pobj" and t.head.lower_ in _LISTING and t.head.head is not t.head:
            t = t.head.head  # "had received three prior lines, including X": the lines
            continue
        break
    head = t.head
    if t.dep_ == "pobj" and head.lower_ in _BEFORE:
        return True
    if t.dep_ == "pobj" and head.lower_ in ("on", "to") and _words([head.head]) & _ESCAPE:
        return True  # "whose disease progressed on X", "refractory to X"
    verb = head.head if t.dep_ == "pobj" and head.lower_ == "with" else head
    if verb.lower_ in _HAD and any(c.lower_ in _EARLIER for c in verb.children):
        return True
    return _escaped_from(drug)  # "strains that have escaped X", "relapsed after X"


# Words that name a drug's use as preparation for a cell or gene therapy.
_CONDITIONING = frozenset({
    "lymphodepleting", "lymphodepletion", "lymphodepletive", "conditioning", "preconditioning",
    "myeloablative",
})  # fmt: skip


def _conditioning(drug: Span) -> bool:
    """Whether the drug is named as conditioning ("lymphodepleting fludarabine and
    cyclophosphamide", "conditioning with busulfan", "busulfan conditioning")."""
    t = drug.root
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    doc = t.doc
    first = min(t.left_edge.i, drug.start)
    return (
        any(c.lower_ in _CONDITIONING for c in t.children if c.dep_ in ("amod", "compound"))
        or (first > 0 and doc[first - 1].lower_ in _CONDITIONING)
        or (
            first > 1 and doc[first - 1].lower_ == "with" and doc[first - 2].lower_ in _CONDITIONING
        )
        or (t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.lower_ in _CONDITIONING)
        or (t.dep_ in ("compound", "amod", "nmod") and t.head.lower_ in _CONDITIONING)
    )


def _acting(drug: Span) -> bool:
    """Whether the drug is the subject of its clause's verb ("X plus chemotherapy produced
    responses", "X induced remission") and no word of escape is that verb ("X failed")."""
    root = drug.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "nsubj" and not (_words([root.head]) & _ESCAPE)


def _escaped_from(drug: Span) -> bool:
    """Whether the drug is what a word of escape governs ("had relapsed after X", "refractory
    to X", "progression on X") or is named with ("X-refractory")."""
    root = drug.root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in _LISTING and root.head.head.i != root.head.i:
        # "refractory to a median of four prior treatments, including X": the treatments,
        # counted ("a median of", "at least three of") or not, are what the disease got past.
        root = root.head.head
        while root.dep_ in ("conj", "appos") and root.head.i != root.i:
            root = root.head
        while root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i != root.i:
            root = root.head.head
    head = root.head
    if head.lower_ == "with" and head.head.lower_ in _USE_NOUNS and head.head.dep_ in _OBJECTS:
        # "relapsed after treatment with X", "escaped treatment with X": what the disease got
        # past is the use of X.
        root = head.head
        head = root.head
    return (
        (
            root.dep_ == "pobj"
            and head.lower_ in ("after", "on", "to", "despite")
            and bool(_words([head.head, head.head.head]) & _ESCAPE)
        )
        or (root.dep_ == "dobj" and bool(_words([head]) & _GOT_PAST))
        or (root.dep_ == "pobj" and head.lower_ == "to" and _failed_response(head.head))
        or (root.dep_ == "pobj" and head.lower_ in ("with", "by") and _uncontrolled(head.head))
        or (root.dep_ == "pobj" and head.lower_ == "to" and _stopped_responding(head.head))
        or (
            root.dep_ in ("compound", "npadvmod", "amod", "nmod") and bool(_words([head]) & _ESCAPE)
        )
        or any(
            t.lower_.endswith(("-refractory", "-resistant"))
            for t in drug.doc[drug.end : drug.end + 2]
        )
        or _escaped_before(drug)
    )


_OBJECTS = frozenset({"pobj", "dobj"})
# Verbs whose object is the therapy a disease got past: "the lymphoma escaped X", "patients who
# had failed X".
_GOT_PAST = frozenset({
    "escape", "evade", "outgrow", "outgrew", "outran", "overcome", "overcame", "fail",
})  # fmt: skip
# What a response to a therapy was when the disease got past it: "an inadequate response to X".
_FAILED_RESPONSE = frozenset({
    "inadequate", "insufficient", "incomplete", "suboptimal", "poor", "lost", "no",
})  # fmt: skip
_POORLY = frozenset({"not", "inadequately", "poorly", "insufficiently", "incompletely", "never"})


# ... and what a virus or tumour has left of its susceptibility: "reduced susceptibility to X".
_LESSENED = frozenset({"reduced", "decreased", "diminished", "lower", "low", "impaired"})


def _failed_response(noun: Token) -> bool:
    """ "an inadequate response to X", "no response to X", "loss of response to X", "reduced
    susceptibility to X"."""
    modifiers = {c.lower_ for c in noun.children if c.dep_ in ("amod", "det")}
    if noun.lower_ in ("susceptibility", "sensitivity"):
        return bool(modifiers & _LESSENED)
    if noun.lower_ not in ("response", "responses"):
        return False
    if modifiers & _FAILED_RESPONSE:
        return True
    return noun.head.lower_ == "of" and noun.head.head.lower_ == "loss"


def _uncontrolled(verb: Token) -> bool:
    """ "not controlled with X", "inadequately controlled by X"."""
    return verb.lower_ == "controlled" and any(c.lower_ in _POORLY for c in verb.children)


_RESPOND = frozenset({"respond", "responding", "responded", "responds"})
_STOP = frozenset({"stop", "stopped", "stops", "stopping", "cease", "ceased", "ceases", "ceasing"})


def _stopped_responding(verb: Token) -> bool:
    """ "stopped responding to X", "ceased to respond to X", "no longer responded to X": a
    response that ended, which GUIDE.md counts as escape from X."""
    if verb.lower_ not in _RESPOND:
        return False
    return verb.head.lower_ in _STOP or any(t.lower_ == "longer" for t in verb.children)


def _escaped_before(span: Span) -> bool:
    """The surface form, where the parse is lost: "refractory to X", "progression on the X",
    "reduced susceptibility to X", also for a later item of the list the word governs
    ("refractory to chemotherapy and X", "relapsed after three prior therapies, including A
    and X")."""
    doc = span.doc
    lo = max(span.sent.start, span.start - 12)
    for k in range(span.start - 1, lo, -1):
        word = doc[k].lower_
        if word in ("after", "on", "to", "despite", "of"):
            before = [t for t in doc[max(lo, k - 3) : k] if t.lower_ not in _DET]
            words = _words(before)
            lessened = bool(words & {"susceptibility", "sensitivity"} and words & _LESSENED)
            return bool(words & _ESCAPE) or (word == "to" and lessened)
        tag = doc[k].tag_
        clause = tag in ("VBD", "VBZ", "VBP", "VBN", "MD", "WDT", "WP", ".", ":") or (
            tag == "VBG" and word != "including"
        )
        other_phrase = tag in ("IN", "TO") and doc[k + 1].lower_ not in ("least", "most")
        if clause or other_phrase:
            return False  # the word no longer governs the drug ("... and treated with X")
    return False


_DET = {"the", "a", "an", "prior", "previous", "earlier"}


def _names_a_disease(drug: Span) -> bool:
    """Whether the drug's name modifies a disease's ("adriamycin nephropathy", "lithium
    toxicity"): the disease it brings on. Only a name right before the disease names it; a
    word between is what a misparse made a modifier ("Sumatriptan relieved migraine")."""
    head = drug.root.head
    if drug.root.dep_ not in ("compound", "nmod", "amod") or head.ent_type_ != "DISEASE":
        return False
    doc = drug.doc
    start = head.i
    while start > drug.end and doc[start - 1].ent_type_ == "DISEASE" and doc[start].ent_iob_ != "B":
        start -= 1
    return all(t.tag_ == "HYPH" for t in doc[drug.end : start])


def _made(span: Span) -> bool:
    """Whether the disease is what a verb of making makes ("produces hemolytic anemia",
    "resulting in milk-alkali syndrome"); "produced responses in patients with D" is not."""
    root, head = span.root, span.root.head
    if root.dep_ == "dobj":
        return bool(_words([head]) & _MAKING)
    return root.dep_ == "pobj" and head.lower_ == "in" and "result" in _words([head.head])


_MAKING = {"produce", "cause", "induce", "precipitate", "provoke", "trigger"}


def _brought_on(span: Span) -> tuple[str, Token] | None:
    """(the word, the token naming the cause) where the text names what brought the disease on:
    "X-induced D", "X (Y)-associated D", "D induced by X"."""
    doc = span.doc
    for word_at in (span.start - 1, *range(span.start, span.end)):
        if word_at < 0:
            continue
        word = doc[word_at].lower_
        if word in _BROUGHT_ON_BY and word_at >= 2 and doc[word_at - 1].text == "-":
            cause = doc[word_at - 2]
        elif "-" in word and word.rsplit("-", 1)[1] in _BROUGHT_ON_BY:
            cause = doc[word_at]  # one token, "X-induced", or "PTU)-associated"
            word = word.rsplit("-", 1)[1]
        else:
            continue
        if ")" in cause.text:
            # "propylthiouracil (PTU)-associated": the name before the brackets.
            opening = next((t for t in reversed(doc[: cause.i]) if t.text == "("), None)
            if opening is not None and opening.i > 0:
                cause = doc[opening.i - 1]
        return word, cause
    after = [t for t in doc[span.end : span.end + 4] if t.lower_ not in ("the", "a", "an")]
    if len(after) >= 3 and (after[0].lower_, after[1].lower_) in _BROUGHT_ON:
        return after[0].lower_, after[2]
    return None


def _no_indication(disease: EntityGroup, spans: dict, drug_tokens: set[int]) -> bool:
    """Whether the document names the disease as brought on (by anything; "associated" and
    "related" only with a drug named) or as befalling its patients, rather than as what they
    have. Its being central then says nothing of what treats it: a drug the text never names
    with it is not taken to treat it (BC5CDR's abstracts on "gentamicin-induced acute renal
    failure" had every chemical they measure "treat" the failure)."""
    for _sentence, start, end in disease.mentions:
        span = spans[(start, end)]
        if _befalls(span):
            return True
        cause = _brought_on(span)
        if cause is not None and (
            cause[0] not in ("associated", "related") or cause[1].i in drug_tokens
        ):
            return True
    return False


def _drug_phrase(drug: Span) -> tuple[set[int], Token | None]:
    """The indices of the noun naming the drug's administration ("treatment" in "treatment with
    X", "use" in "X use") and the noun the whole phrase is of ("risk" in "the risk of X use")."""
    root = drug.root
    while root.dep_ in ("conj", "appos") and root.head.i != root.i:  # "treatment with A/B"
        root = root.head
    head = root.head
    own: set[int] = set()
    # The nouns only (the pipeline has no tagger): "patients treated with X" says what X does.
    if root.dep_ in ("compound", "nmod", "amod") and head.lower_ in _USE_NOUNS:
        own, root = {head.i}, head
    elif root.dep_ == "pobj" and head.lower_ in ("with", "of") and head.head.lower_ in _USE_NOUNS:
        own, root = {head.i, head.head.i}, head.head
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.i != root.head.i:
        return own, root.head.head
    return own, None


_USE_NOUNS = {
    "treatment", "treatments", "therapy", "therapies", "use", "administration", "exposure",
    "intake",
}  # fmt: skip


def _with_named_markers(doc: Doc, ents: list[Span], found: list[dict]) -> list[dict]:
    """`found` with the markers cell types and diseases state in their names ("CD4+ T cells":
    CD4 EXPRESSED_IN them); each named gene is recorded for assembly as `_with_named_targets`
    records a drug's."""
    pairs = named_markers(doc, ents)
    drivers = named_drivers(doc, ents)
    lacking = named_markers(doc, ents, ABSENT_AFTER_GENE)
    _record_named_genes(doc, lacking)
    if not pairs and not drivers:
        return found
    have = {(r["subject"], r["predicate"], r["object"]) for r in found}
    found = found + [
        r
        for r in marker_relations(pairs) + driver_relations(drivers)
        if (r["subject"], r["predicate"], r["object"]) not in have
    ]
    _record_named_genes(doc, pairs + drivers)
    return found


def _with_named_targets(doc: Doc, ents: list[Span], found: list[dict]) -> list[dict]:
    """`found` with the targets drug mentions state in their names, in place of any other
    TARGETS the model proposed for those drugs; each named gene is recorded for assembly
    (`TARGETS_EXT`), which makes it a GENE entity of its own."""
    pairs = named_targets(doc, ents)
    if not pairs:
        return found
    by_offsets = {(e.start_char, e.end_char): e for e in ents}
    named: dict[str, set[str]] = {}
    for drug, gene in pairs:
        named.setdefault(drug.kb_id_, set()).add(gene.kb_id_)

    def key(offsets: tuple[int, int]) -> str:
        span = by_offsets.get(tuple(offsets))
        return span.kb_id_ if span is not None else ""

    kept = [
        r
        for r in found
        if r["predicate"] != "TARGETS"
        or key(r["subject"]) not in named
        or key(r["object"]) in named[key(r["subject"])]
    ]
    have = {(r["subject"], r["predicate"], r["object"]) for r in kept}
    # The members a sentence lists for a target-named class target what it names.
    members = class_members(doc, ents, pairs)
    kept += [
        r
        for r in target_relations(doc, pairs + members)
        if (r["subject"], r["predicate"], r["object"]) not in have
    ]
    _record_named_genes(doc, pairs)
    return kept


def _record_named_genes(doc: Doc, pairs: list[tuple[Span, Span]]) -> None:
    """Each gene named inside another entity's name, for assembly to make a GENE entity of
    (`TARGETS_EXT` holds them, a drug's targets and a cell's markers alike)."""
    if not Doc.has_extension(TARGETS_EXT):
        return
    recorded = list(doc._.get(TARGETS_EXT) or [])
    seen = {tuple(t[:4]) for t in recorded}
    for named, gene in pairs:
        item = (named.start_char, named.end_char, gene.start_char, gene.end_char)
        if item not in seen:
            seen.add(item)
            recorded.append((*item, gene.kb_id_))
    doc._.set(TARGETS_EXT, recorded)


def document_view(doc: Doc, ents: list[Span]) -> tuple[DocumentView, list[Span], dict]:
    """The document as the document-level model sees it: its entities grouped by identity
    (`kb_id`), each with its mentions, and the relation classifier's scores; also the
    sentences and the entity spans by offsets."""
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    groups: dict[str, EntityGroup] = {}
    spans: dict[tuple[int, int], Span] = {}
    for e in ents:
        key = e.kb_id_ or f"{e.label_}:{e.text.casefold()}"
        group = groups.setdefault(key, EntityGroup(key, e.label_))
        group.mentions.append((_index(starts, e.start_char), e.start_char, e.end_char))
        spans[(e.start_char, e.end_char)] = e
    scores = doc._.get(SCORES_EXT) or []
    text = doc_text(doc)
    texts = [text[s.start_char : s.end_char] for s in sentences]  # Span.text walks its tokens
    view = DocumentView(list(groups.values()), scores, texts)
    return view, sentences, spans


def _index(starts: list[int], char: int) -> int:
    return max(0, bisect_right(starts, char) - 1)


def _nearest(a: EntityGroup, b: EntityGroup) -> tuple[tuple[int, int], tuple[int, int]]:
    """(subject span, object span): the object mention with a subject mention nearest before
    it (else the object's first mention and the subject's first)."""
    best = None
    for _sb, b0, b1 in b.mentions:
        before = [m for m in a.mentions if m[1] < b0]
        if before:
            gap = b0 - before[-1][1]
            if best is None or gap < best[0]:
                best = (gap, (before[-1][1], before[-1][2]), (b0, b1))
    if best is not None:
        return best[1], best[2]
    first_a, first_b = min(a.mentions, key=lambda m: m[1]), min(b.mentions, key=lambda m: m[1])
    return (first_a[1], first_a[2]), (first_b[1], first_b[2])


_NEGATORS = frozenset({"not", "no", "never", "without", "neither", "nor", "n't", "lack"})


def _negated(doc: Doc, a: Span, b: Span) -> bool:
    """A negation between the two mentions, or a `neg` dependent on the path between them."""
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    between = list(doc[lo:hi]) if 0 <= hi - lo <= 12 else []
    path = _path(a.root, b.root)
    tokens = between + [c for t in path for c in t.children if c.dep_ == "neg"]
    if any(t.lower_.startswith("fail") and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to"
           for t in tokens):  # fmt: skip
        return True
    return any(t.lower_ in _NEGATORS or t.dep_ == "neg" for t in tokens)


def _relates(found: list[dict], rel: dict) -> bool:
    """Whether `found` relates the two ends of `rel` either way, by any predicate."""
    ends = {rel["subject"], rel["object"]}
    return any({r["subject"], r["object"]} == ends for r in found)


# Words by which a sentence links a gene to a disease beyond where the gene is found.
_LINKED = re.compile(r"\b(?:associat\w*|link\w*|risk|caus\w*|correlat\w*|predispos\w*)\b", re.I)


def _without_targets_as_causes(doc: Doc, ents: list[Span], found: list[dict]) -> list[dict]:
    """A gene some drug of the text targets is named with the disease the drug treats ("BCMA
    CAR T cells for multiple myeloma", "targeting BTK has improved survival in CLL"), and a gene
    the text says is expressed in a disease is named with it ("mesothelin is highly expressed in
    ovarian cancer"); neither is an association (GUIDE.md: a driver mutation), unless a sentence
    naming both tells of the gene's alteration ("tumours carrying KRAS G12C mutations", "SMA is
    caused by loss of the SMN1 gene") -- or, for an expressed gene, of a link ("linked to")."""
    keys = {(e.start_char, e.end_char): (e.kb_id_ or e.text, e.label_) for e in ents}
    text = doc_text(doc)
    # A target named inside its drug's name ("BCMA CAR T cells") is no entity of its own: the
    # gene it spells.
    genes = [e for e in ents if e.label_ == "GENE"]
    by_name = {e.text.casefold(): keys[(e.start_char, e.end_char)] for e in genes}
    targeted = {
        keys.get(r["object"]) or by_name.get(text[r["object"][0] : r["object"][1]].casefold())
        for r in found
        if r["predicate"] == "TARGETS"
    } - {None}
    expressed = {
        (keys.get(r["subject"]), keys.get(r["object"]))
        for r in found
        if r["predicate"] == "EXPRESSED_IN"
    }
    if not targeted and not expressed:
        return found
    # Sentences by the entities they name.
    named: dict[tuple, set[tuple[int, int]]] = {}
    for e in ents:
        named.setdefault(keys[(e.start_char, e.end_char)], set()).add(
            (e.sent.start_char, e.sent.end_char)
        )

    def told(gene: tuple, disease: tuple | None, expression_aside: bool = False) -> bool:
        together = named.get(gene, set()) & named.get(disease, set())
        for a, b in together:
            words = [m.group().lower() for m in P.ALTERATION.finditer(text[a:b])]
            if expression_aside:
                # Where it is found is what EXPRESSED_IN says ("overexpressed on AML blasts").
                words = [w for w in words if not w.startswith("overexpress")]
                words += [m.group() for m in _LINKED.finditer(text[a:b])]
            if words:
                return True
        return False

    def only_found_there(r: dict) -> bool:
        gene, disease = keys.get(r["subject"]), keys.get(r["object"])
        if gene is None or gene[1] != "GENE":
            return False
        if gene in targeted:
            return not told(gene, disease)
        return (gene, disease) in expressed and not told(gene, disease, expression_aside=True)

    return [r for r in found if not (r["predicate"] == "ASSOCIATED_WITH" and only_found_there(r))]
