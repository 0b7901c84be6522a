"""Lexicon and rule entity recognisers. Each writes candidate spans to its own `doc.spans` group;
`biokg_entity_merger` later decides which candidates become `doc.ents`.

- `biokg_lexicon_ner` -> `doc.spans["biokg_lexicon"]`: longest exact match of the compiled
  lexicon (GENE, DISEASE, DRUG, CELL_TYPE with curies) plus the hand-written OUTCOME list.
- `biokg_rule_ner` -> `doc.spans["biokg_rules"]`: CAR-T constructs and target-named therapy
  classes, INN-stem drug names, brand names in parentheses, NCT ids and named trials, and people
  named with a degree or title. It also sets plain-data extensions:
  `doc._.biokg_targets = [(drug_start, drug_end, gene_start, gene_end, gene_curie), ...]` and
  `doc._.biokg_brands = [(brand_start, brand_end, generic_start, generic_end), ...]`.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from pathlib import Path

from biokg.nlp import patterns as P
from biokg.nlp.author_lines import author_lines
from biokg.nlp.component import Component, doc_text
from biokg.nlp.lexicon import DATA_DIR, Lexicon, ci_key, cs_key
from biokg.nlp.outcome_clauses import outcome_clauses
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from biokg.identity import entity_key

LEXICON_GROUP = "biokg_lexicon"
RULES_GROUP = "biokg_rules"
TARGETS_EXT = "biokg_targets"
BRANDS_EXT = "biokg_brands"
NAMES_EXT = "biokg_names"  # kb_id -> display name for entities that have no ontology concept
# (start, end) of the names built by a naming convention of their type ("GPRC5D CAR T cells",
# "RPE65 gene therapy", "AB-CAR7", "ide-cel"): their form says what they are.
BUILT_EXT = "biokg_built"
# The authors an author block lists, with where their affiliations stand (`author_lines.py`):
# [(name start, name end, ((affiliation start, end), ...)), ...] in character offsets.
AUTHORS_EXT = "biokg_authors"
# (start, end) of the names whose type the text states beside them: a code or new name set
# after a class word ("the oral drug TQR7", "the drug, bulevatide,"), a company by apposition
# ("MeiraGTx, a London-based company"). The merger lets them win their span over a model's type.
STATED_EXT = "biokg_stated"
# Parts of speech a new drug's name takes (an unknown word reads as a noun or an adjective).
_NAME_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "FW"})

_CD = re.compile(r"^CD\d{1,3}[A-Za-z]?$")
# Diseases sharing one noun: "ovarian and endometrial cancers", "breast, lung and colorectal
# cancer", "follicular or marginal zone lymphoma" (the last one is named whole).
_ELIDED_DISEASES = re.compile(
    r"\b(?P<list>(?:[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,3}(?:, |,? (?:and|or) )){1,5})"
    r"(?=[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,2} (?P<head>cancers?|tumou?rs|carcinomas?|"
    r"lymphomas?|leuka?emias?|sarcomas?|neoplasms?|malignancies|diseases)\b)"
)
# Genes are written in title case with a number ("Trop-2", "Nectin-4", mouse "Bach1", "Dll4"):
# such a form is the symbol it spells in capitals. Words of that shape are seldom anything else.
_TITLE_SYMBOL = re.compile(r"^[A-Z][a-z]{2,}\d{1,2}[a-z]?$")
_FUNCTION_WORDS = {
    "the", "this", "that", "these", "in", "on", "at", "of", "for", "with", "and", "but", "when",
    "after", "before", "during", "results", "methods", "background", "conclusions", "patients",
    "cancer", "medical", "national", "american", "european", "new", "york", "texas", "health",
    # A document's parts and an organisation's units are no one's name: "Plain Language
    # Summary of Clinical Study Results", "Director of the Retina Service at X".
    "summary", "service", "division", "unit", "section", "office", "program", "programme",
}  # fmt: skip


# An antigen's symbol no gene lexicon knows: capitals and a digit ("GD2", "B7-H3").
_ANTIGEN_SYMBOL = re.compile(r"(?=[A-Z0-9-]*\d)[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)?")


def _generic_car(kind: str) -> str:
    """The one name of the generic class, however it is worded ("the first CAR T product",
    "chimeric antigen receptor (CAR) T cells")."""
    return f"CAR {kind} cells"


def _cell_kind(kind: str) -> str:
    """The cells' kind in one spelling: "natural killer (NK)" is "NK"."""
    kind = re.sub(r"natural\s+killer(?:\s+\(NK\))?", "NK", kind, flags=re.IGNORECASE)
    return re.sub(r"[\s-]+", " ", kind)


def _cell_product_name(m: re.Match) -> str:
    """One name for cells given as a product, as cells or as their therapy: by their source
    where the text gives one ("cord blood-derived expanded allogeneic natural killer (NK)
    cell immunotherapy" is "cord blood-derived NK cells"), else by all its qualifiers."""
    qualifiers = m.group("qualifiers").split()
    sources = [q for q in qualifiers if P.CELL_SOURCE.search(q)]
    words = " ".join(sources or qualifiers)
    words = words[0].lower() + words[1:] if words[1:2].islower() else words
    return f"{words} {_cell_kind(m.group('kind'))} cells"


# Entity keys of the generic classes "CAR T cells" and "CAR NK cells".
GENERIC_CAR_KEYS = frozenset(entity_key("DRUG", _generic_car(kind)) for kind in ("T", "NK"))
# A name that only says what a class acts on ("the GLP-1 receptor agonist marketed ... as X"):
# no product a brand could be the name of.
_CLASS_AFTER = re.compile(
    r"\s*(?:receptors?\s+)?(?:agonists?|antagonists?|inhibitors?|blockers?|antibod(?:y|ies)|"
    r"receptors?|analogues?|analogs?)\b"
)
_AS_BRAND = re.compile(rf"\s+as\s+(?P<b>{P.BRAND_WORD})(?=[\s,.;)])")
_SELL_VERB = re.compile(r"\b(?:sold|sells?|market\w*|approv\w*|brand\w*|licens\w*)\b")


@lru_cache(maxsize=4)
def load_lexicon(data_dir: str | None = None) -> Lexicon:
    """The compiled lexicon plus the OUTCOME list, loaded once per process and path."""
    lex = Lexicon.load(Path(data_dir) if data_dir else DATA_DIR)
    # "complete response rate" is the complete response, measured: one outcome entity, so
    # that its findings from every article meet on one node.
    for term in P.OUTCOME_TERMS:
        key = entity_key("OUTCOME", P.outcome_base(term))
        lex.add(key, "OUTCOME", term, "ci", pref=1, force=True)
    for symbol, term in P.OUTCOME_SYMBOLS.items():
        key = entity_key("OUTCOME", P.outcome_base(term))
        lex.add(key, "OUTCOME", symbol, "cs", pref=1, force=True)
    return lex


def _a_drug_s_name(span: Span | None, hit) -> bool:
    """Whether a name the text gives a drug's class is one word that can be a drug's name: a
    noun or a name, no stop word, and no other type's lexicon term (`hit`)."""
    return (
        span is not None
        and len(span) == 1
        and span[0].tag_ in _NAME_TAGS
        and not span[0].is_stop
        and (hit is None or hit[1] == "DRUG")
    )


def _described_as(name: Token, noun: Token) -> bool:
    """Whether the parse has the class noun describe the name: its apposition ("Lorvacopan,
    an oral factor B inhibitor") or what a copula says it is ("Velmorant is an oral medicine")."""
    if noun.dep_ == "appos" and noun.head == name:
        return True
    return noun.dep_ == "attr" and name.dep_ == "nsubj" and name.head == noun.head


def _in_parenthesis_after(text: str, position: int, ends: set[int]) -> bool:
    """`position` lies in a parenthesis opened right after one of `ends` (a drug's end)."""
    opened = text.rfind("(", max(0, position - 60), position)
    if opened < 0 or ")" in text[opened:position]:
        return False
    return len(text[:opened].rstrip()) in ends


# Words that qualify a cell lineage inside a cancer's name, and the cancers named by one.
_LINEAGE_WORDS = frozenset({"precursor", "progenitor", "mature", "immature", "lineage", "derived"})
_CANCERS = frozenset({
    "lymphoma", "leukemia", "leukaemia", "myeloma", "neoplasm", "malignancy", "malignancie",
    "tumor", "tumour", "carcinoma", "sarcoma", "disorder", "proliferation",
})  # fmt: skip


# Parts of speech no gene's name takes: a protein named by a word ("Bright", "Hedgehog") is
# a gene only where the text writes the word as a name. Not verbs: the tagger takes unknown
# names for them ("binds claudin 18.2", claudin a past tense).
_WORD_TAGS = frozenset({"JJ", "JJR", "JJS", "RB", "RBR", "RBS", "IN", "DT"})


def _a_plain_word(token: Token) -> bool:
    """A lowercase word the tagger reads as no noun."""
    return token.text.islower() and token.is_alpha and token.tag_ in _WORD_TAGS


def _ensure_extensions() -> None:
    for name in (TARGETS_EXT, BRANDS_EXT, BUILT_EXT, AUTHORS_EXT, STATED_EXT):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=[])
    if not Doc.has_extension(NAMES_EXT):
        Doc.set_extension(NAMES_EXT, default={})


class LexiconRecogniser(Component):
    """Greedy left-to-right longest match of token sequences against the lexicon keys."""

    def __init__(self, nlp: Language, name: str, data_dir: str | None, max_tokens: int) -> None:
        self.name = name
        self.lexicon = load_lexicon(data_dir)
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[LEXICON_GROUP] = self.match(doc)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        lex = self.lexicon
        # One pass over the tokens: spaCy builds a Token object on every `doc[i]`.
        words, glued = [], []
        for t in doc:
            words.append(t.text)
            glued.append(not t.whitespace_)
        starts = doc.to_array(SENT_START).tolist()
        ci = [ci_key(w) for w in words]
        cs = [cs_key(w) for w in words]
        n = len(doc)

        def longest(i: int) -> tuple[int, tuple[str, str]] | None:
            """(end, (curie, type)) of the longest term starting at token i."""
            best: tuple[int, tuple[str, str]] | None = None
            first = ci[i]
            if first in lex.ci_first_words or (
                # A one-word term in the plural ("adipocytes", "lymphomas").
                len(first) > 4 and first.endswith("s") and first[:-1] in lex.ci_first_words
            ):
                parts: list[str] = []
                for j in range(i, min(n, i + self.max_tokens)):
                    if j > i and starts[j] == 1:
                        break
                    if not ci[j]:
                        continue
                    parts.append(ci[j])
                    key = " ".join(parts)
                    hit = lex.ci.get(key)
                    if hit is None and len(parts[-1]) > 3 and key.endswith("s"):
                        # Plurals: "T cells" -> "t cell", "leukemias" -> "leukemia".
                        hit = lex.ci.get(key[:-1]) or (
                            lex.ci.get(key[:-2]) if key.endswith("es") else None
                        )
                    if hit is not None:
                        best = (j + 1, hit)
                    if key not in lex.ci_prefixes:
                        break  # no longer term starts with these words
            key = ""
            for j in range(i, min(n, i + 4)):
                if j > i and not glued[j - 1]:
                    break
                key += cs[j]
                hit = lex.cs.get(key) if cs[j] else None
                if hit is None and cs[j] and _TITLE_SYMBOL.match(key):
                    hit = lex.cs.get(key.upper())  # "Trop-2", "Bach1": a gene symbol in title case
                    hit = hit if hit is not None and hit[1] == "GENE" else None
                if hit is not None and (best is None or j + 1 > best[0]):
                    # A symbol glued to more letters ("CD22xyz") is not that symbol.
                    best = (j + 1, hit)
            return best

        found: list[Span] = []
        i = 0
        while i < n:
            if not ci[i]:
                i += 1
                continue
            best = longest(i)
            if best is None:
                i += 1
                continue
            end, (curie, etype) = best
            if etype == "GENE" and end == i + 1 and _a_plain_word(doc[i]):
                i += 1  # "one of the bright spots": "Bright" names a protein, "bright" none
                continue
            if etype == "CELL_TYPE":
                # "mature B-cell lymphoma": a disease that starts inside the cell type and goes
                # on past it holds the phrase's head; the qualifier before it is part of it.
                for k in range(i + 1, end):
                    inner = longest(k) if ci[k] else None
                    if inner is not None and inner[0] > end and inner[1][1] == "DISEASE":
                        end, (curie, etype) = inner
                        break
            found.append(Span(doc, i, end, label=etype, kb_id=curie))
            i = end
        return self._with_lineages(doc, found)

    def _with_lineages(self, doc: Doc, found: list[Span]) -> list[Span]:
        """A cell lineage before a cancer names the cancer ("mature B-cell lymphoma", "B-cell
        precursor acute lymphoblastic leukemia", "T-cell lymphomas"): one disease, identified
        by its whole name or by the name without the lineage's qualifier."""
        out: list[Span] = []
        for span in found:
            cell = out[-1] if out else None
            between = doc[cell.end : span.start] if cell is not None else []
            if (
                cell is not None
                and cell.label_ == "CELL_TYPE"
                and span.label_ == "DISEASE"
                and len(between) <= 1
                and all(t.lower_ in _LINEAGE_WORDS for t in between)
                and span[-1].lower_.rstrip("s") in _CANCERS
            ):
                name = doc[cell.start : span.end]
                plain = " ".join(t.text for t in name if t.lower_ not in _LINEAGE_WORDS)
                hit = self.lexicon.ci.get(ci_key(name.text)) or self.lexicon.ci.get(ci_key(plain))
                kb = hit[0] if hit and hit[1] == "DISEASE" else entity_key("DISEASE", name.text)
                out[-1] = Span(doc, cell.start, span.end, label="DISEASE", kb_id=kb)
                continue
            out.append(span)
        return out


class RuleRecogniser(Component):
    """Pattern recognisers for names a lexicon cannot list (constructs, new drugs, trials)."""

    def __init__(self, nlp: Language, name: str, data_dir: str | None) -> None:
        self.name = name
        self.lexicon = load_lexicon(data_dir)
        _ensure_extensions()

    def _gene(self, symbol: str, framed: bool = False) -> str | None:
        """The gene `symbol` names. `framed`: the words around it are a gene's only ("MET
        inhibitor", "RET-directed"), so an official symbol counts though the lexicon leaves
        it out as a common word's spelling."""
        hit = self.lexicon.cs.get(cs_key(symbol))
        if hit and hit[1] == "GENE":
            return hit[0]
        if _CD.match(symbol):
            return entity_key("GENE", symbol)
        if framed and symbol.isupper():
            official = self._official_symbols.get(symbol)
            if official is not None:
                return official
            # A family named by its members' common stem ("a MEK inhibitor", "JAK inhibitors":
            # MEK1 and MEK2, JAK1 and JAK2 are genes): the family is the target.
            members = [self.lexicon.cs.get(cs_key(f"{symbol}{n}")) for n in (1, 2)]
            if all(hit and hit[1] == "GENE" for hit in members):
                return entity_key("GENE", symbol)
        return None

    @cached_property
    def _official_symbols(self) -> dict[str, str]:
        return {
            name: curie
            for curie, (etype, name, _xrefs) in self.lexicon.concepts.items()
            if etype == "GENE"
        }

    def _gene_or_fusion(self, name: str) -> bool:
        """A gene symbol, or a fusion of gene symbols ("BCR-ABL")."""
        return bool(self._gene(name) or all(self._gene(g) for g in re.split(r"[-‐]", name)))

    def _lone_variant(self, doc: Doc, m: re.Match) -> tuple[str, str] | None:
        """(key, "<GENE> <variant>") for a variant named apart from its gene, the gene being
        the nearest one its sentence names; None when the sentence names no gene."""
        var = m.group("var") or m.group("var2")
        if var is None:
            long = m.group("long")
            var = P.AMINO_ONE_LETTER[long[:3]] + long[3:-3] + P.AMINO_ONE_LETTER[long[-3:]]
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            return None
        sent = span.sent
        # The sentence's nearest gene, else the last one the sentence before names.
        gene = self._nearest_gene(sent, var, m.start())
        if gene is None and sent.start > 0:
            gene = self._nearest_gene(doc[sent.start - 1].sent, var, sent.start_char)
        if gene is None:
            return None
        display = f"{gene} {var}"
        return entity_key("GENE", display), display

    @staticmethod
    def _event_end(doc: Doc, m: re.Match) -> int | None:
        """Where the event after "free of" / "freedom from" ends: before the first word that
        is no part of its name, on a noun; None when no noun ends it."""
        words = list(re.finditer(r"\S+", m.group("event")))
        kept = []
        for w in words:
            if w.group().lower() in P.FREE_OF_EVENT_STOP:
                break
            kept.append(w)
        while kept:
            end = m.start("event") + kept[-1].end()
            token = doc.char_span(end - len(kept[-1].group()), end, alignment_mode="expand")
            if token is not None and token[-1].tag_ in ("NN", "NNS") and token.end_char == end:
                return end
            kept.pop()
        return None

    def _nearest_gene(self, sent: Span, var: str, position: int) -> str | None:
        genes = []
        for fused in re.finditer(r"[A-Z][A-Z0-9]{1,9}(?:[-‐][A-Z0-9]{2,6})?", sent.text):
            name = fused.group()
            if name == var or not self._gene_or_fusion(name):
                continue
            genes.append((abs(sent.start_char + fused.start() - position), name))
        return min(genes)[1] if genes else None

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        spans: list[Span] = []
        targets: list[tuple[int, int, int, int, str]] = []
        names: dict[str, str] = {}
        taken: list[tuple[int, int]] = []
        built: list[tuple[int, int]] = []
        stated: list[tuple[int, int]] = []

        def add(start: int, end: int, label: str, kb_id: str, display: str | None = None,
                conventional: bool = False):  # fmt: skip
            span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
            if span is None or any(s < span.end_char and span.start_char < e for s, e in taken):
                return None
            spans.append(span)
            taken.append((span.start_char, span.end_char))
            if conventional:
                built.append((span.start_char, span.end_char))
            if display:
                names.setdefault(kb_id, display)
            return span

        # The authors of an abstract's author block are people by where they stand.
        authors = []
        for author in author_lines(text):
            name = text[author.start : author.end]
            if add(author.start, author.end, "PERSON", entity_key("PERSON", name), name, True):
                authors.append((author.start, author.end, author.affiliations))
        # A bispecific named by both its targets, before a class would take the second alone.
        for m in P.BISPECIFIC.finditer(text):
            genes = [(g, self._gene(m.group(g), framed=True)) for g in ("a", "b")]
            if any(curie is None for _g, curie in genes):
                continue
            display = re.sub(r"\s+", " ", m.group())
            display = re.sub(r"antibodies$", "antibody", re.sub(r"engagers$", "engager", display))
            if add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display, True):
                for g, curie in genes:
                    targets.append((m.start(), m.end(), m.start(g), m.end(g), curie))
        # A radiopharmaceutical is a product whatever its carrier recalls ("177Lu-PSMA-617"),
        # and targets the gene its carrier is named for.
        for m in P.RADIOLABELLED.finditer(text):
            group = "carrier" if m.group("carrier") else "carrier2"
            display = re.sub(r"\s+", " ", m.group())
            if add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display, True):
                stated.append(m.span())
                first = re.split(r"[-‐]", m.group(group))[0]
                curie = self._gene(first, framed=True)
                if curie is not None:
                    at = m.start(group)
                    targets.append((m.start(), m.end(), at, at + len(first), curie))
        # A therapy class named by its target ("a PD-1 blocking antibody", "after a BTK
        # inhibitor", "KRAS G12C inhibitors") is a DRUG (GUIDE.md, the corpus conventions); one
        # that only describes a named drug becomes that drug (`descriptions.py`). Before the
        # variants, so "KRAS G12C inhibitor" stays one name.
        for m in P.TARGETED_CLASS.finditer(text):
            group = "target" if m.group("target") else "target2"
            curie = self._gene(m.group(group), framed=True)
            if curie is None:
                continue
            display = re.sub(r"\s+", " ", m.group())
            display = re.sub(r"ies$", "y", display) if display.endswith("ies") else display
            if display.endswith(("inhibitors", "agents", "drugs", "blockers", "antagonists")):
                display = display[:-1]
            if add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display):
                # The class names its target ("MET inhibitor"), a symbol the recognisers of
                # genes may not take alone.
                targets.append((m.start(), m.end(), m.start(group), m.end(group), curie))
        # "ovarian and endometrial cancers": each word before the shared noun names a disease.
        for m in _ELIDED_DISEASES.finditer(text):
            head = m.group("head").lower()
            head = head[:-1] if head.endswith("s") and not head.endswith("sis") else head
            for part in re.finditer(r"[^,]+?(?=,| and | or |$)", m.group("list")):
                found = self._elided_disease(part.group(), head)
                if found is not None:
                    offset, name, curie = found
                    at = m.start("list") + part.start() + offset
                    add(at, m.start("list") + part.end(), "DISEASE", curie, name, True)
        variants: dict[str, tuple[str, str]] = {}
        for m in P.GENE_VARIANT.finditer(text):
            gene = m.group("gene")
            if not self._gene_or_fusion(gene):
                continue
            display = f"{gene} {m.group('var')}"
            kb = entity_key("GENE", display)
            if add(m.start(), m.end(), "GENE", kb, display):
                variants[m.group("var")] = (kb, display)
        for m in P.BARE_VARIANT.finditer(text):
            if m.group("var") in variants:
                kb, display = variants[m.group("var")]
                add(m.start(), m.end(), "GENE", kb, display)
        for m in P.LONE_VARIANT.finditer(text):
            named = self._lone_variant(doc, m)
            if named:
                kb, display = named
                add(m.start(), m.end(), "GENE", kb, display)
                variants.setdefault(display.split()[-1], named)
        # A code names its product, whatever target its letters recall ("MB-CART19.1"), so
        # codes go before constructs named by their target.
        for m in P.CODE_AFTER_CLASS.finditer(text):
            code = m.group("code")
            if self._gene(code) or self.lexicon.knows(code) or P.VIRUS.match(code):
                continue
            if P.TRIAL_SHAPED.fullmatch(code):
                continue  # "Phase 3 trials of the drug (EMERALD-1 and EMERALD-2)"
            if add(m.start("code"), m.end("code"), "DRUG", entity_key("DRUG", code), code, True):
                stated.append(m.span("code"))
        named: dict[str, str] = {}  # drugs named by what the text says they are
        for m in P.NAME_AFTER_CLASS.finditer(text):
            group = "name" if m.group("name") else "name2"
            name = m.group(group)
            span = doc.char_span(m.start(group), m.end(group))
            hit = self.lexicon.ci.get(ci_key(name))
            if _a_drug_s_name(span, hit):
                kb = hit[0] if hit else entity_key("DRUG", name)
                if add(m.start(group), m.end(group), "DRUG", kb, name, True):
                    stated.append(m.span(group))
                    named.setdefault(name.casefold(), kb)
        for m in P.CAR_CODE.finditer(text):
            if self._gene(m.group()) is not None:  # "CAR2" is a gene
                continue
            if add(m.start(), m.end(), "DRUG", entity_key("DRUG", m.group()), m.group(), True):
                # A code led by a target's symbol names its target ("XY19-CART02" aside):
                # "CD171-CART02", "GD2-CART01".
                first = re.split(r"[-‐‑–]", m.group())[0]
                curie = self._gene(first) if len(first) >= 3 and first != m.group() else None
                if curie is not None:
                    targets.append((m.start(), m.end(), m.start(), m.start() + len(first), curie))
        for regex in (P.CAR_CONSTRUCT, P.CAR_BARE, P.CAR_TARGETING):
            for m in regex.finditer(text):
                target = m.group("target")
                curie = self._gene(target, framed=True)
                targeting = regex is P.CAR_TARGETING
                if curie is None and targeting and _ANTIGEN_SYMBOL.fullmatch(target):
                    # What "CAR T cells targeting X" target is an antigen, whatever else the
                    # symbol names ("GD2", a ganglioside): kept with the genes, as the model
                    # does. Only where the verb says so: read into "X CAR T cells", such a
                    # construct took over a coded product's name.
                    curie = entity_key("GENE", target)
                if curie is None:
                    continue
                kind = m.groupdict().get("kind") or "T"
                display = f"{target} CAR {kind} cells"
                if add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display, True):
                    targets.append((m.start(), m.end(), m.start("target"), m.end("target"), curie))
        for regex in (P.NAMED_MODALITY, P.MODALITY_FOR):
            for m in regex.finditer(text):
                name = m.group("name")
                known = self.lexicon.ci.get(ci_key(name))
                if name in P.MODALITY_NAME_STOP or (known and known[1] in ("DRUG", "ORGANIZATION")):
                    continue  # "DNA vaccine"; "the BNT162b2 mRNA vaccine" is BNT162b2
                # Named name first either way: "HPV-16 synthetic long-peptide vaccine".
                words = (
                    m.group()
                    if regex is P.NAMED_MODALITY
                    else f"{name} {m.group('mods')}{m.group('head')}"
                )
                display = re.sub(r"\s+", " ", words)
                display = re.sub(r"therapies$", "therapy", re.sub(r"vaccines$", "vaccine", display))
                span = add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display, True)
                # The gene a gene therapy delivers, the antigen a vaccine raises immunity against
                # ("MAGE-A4 peptide vaccine").
                curie = self._gene(name, framed=m.group("head").startswith("gene"))
                if span is not None and curie is not None:
                    targets.append((m.start(), m.end(), m.start("name"), m.end("name"), curie))
        for m in P.MARKED_CELLS.finditer(text):
            if self._gene(m.group("marker")) is None or P.MALIGNANT.search(m.group()):
                continue
            kind = f"{m.group('kind')} " if m.group("kind") else ""
            cells = "cells" if m.group("cells") == "cell" else m.group("cells")
            display = f"{m.group('marker')}+ {kind}{cells}"
            add(m.start(), m.end(), "CELL_TYPE", entity_key("CELL_TYPE", display), display)
        products = []
        for m in P.CELL_PRODUCT.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            sent = span.sent if span is not None else None
            given = sent is not None and P.ADMINISTERED.search(text, sent.start_char, sent.end_char)
            if m.group("therapy") or given:
                products.append(m)
        # A text names its cell product many ways ("off-the-shelf NK immunotherapy", "cord
        # blood-derived expanded allogeneic NK cells"): one product of each kind of cells, named
        # by where its cells come from where the text says so.
        product_names: dict[str, str] = {}
        for m in sorted(products, key=lambda m: (not P.CELL_SOURCE.search(m.group()), m.start())):
            product_names.setdefault(_cell_kind(m.group("kind")), _cell_product_name(m))
        for m in products:
            display = product_names[_cell_kind(m.group("kind"))]
            add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display, True)
        for m in P.CAR_GENERIC.finditer(text):
            display = _generic_car(m.group("kind"))
            add(m.start(), m.end(), "DRUG", entity_key("DRUG", display), display)
        drugs = []
        for regex in (P.INN_TWO_WORD, P.INN_DRUG, P.INN_SHORT):
            for m in regex.finditer(text):
                hit = self.lexicon.ci.get(ci_key(m.group()))
                kb = hit[0] if hit and hit[1] == "DRUG" else entity_key("DRUG", m.group().lower())
                # A one-word stem ("-cept", "-caine") also ends common words ("concept").
                conventional = regex is not P.INN_DRUG
                suffixed = regex is not P.INN_SHORT
                suffix = P.BIOLOGIC_SUFFIX.match(text, m.end()) if suffixed else None
                end = suffix.end() if suffix else m.end()
                span = add(m.start(), end, "DRUG", kb, m.group().lower(), conventional)
                if span is not None:
                    drugs.append((span.start_char, span.end_char))
        drugs += [
            (s.start_char, s.end_char)
            for s in doc.spans.get(LEXICON_GROUP, [])
            if s.label_ == "DRUG"
        ]
        brands = self._brands(text, drugs, add)
        brand_names = {text[b[0] : b[1]].casefold() for b in brands}
        for m in P.NAME_BEFORE_CLASS.finditer(text):
            name = m.group("name")
            span = doc.char_span(m.start("name"), m.end("name"))
            noun = doc.char_span(m.start("class"), m.end("class"), alignment_mode="expand")
            hit = self.lexicon.ci.get(ci_key(name))
            if (
                _a_drug_s_name(span, hit)
                and noun is not None
                and name.casefold() not in brand_names
                and _described_as(span[0], noun[-1])
                and not self._gene(name)
            ):
                # An INN is written in lower case where it is not a sentence's first word.
                lower = re.search(rf"\b{re.escape(name.lower())}\b", text)
                display = name.lower() if lower else name
                kb = hit[0] if hit else entity_key("DRUG", display)
                if add(m.start("name"), m.end("name"), "DRUG", kb, display, True):
                    stated.append(m.span("name"))
                    named.setdefault(name.casefold(), kb)
        # Such a drug is one wherever the text names it ("321 women took elgonarix").
        for name, kb in named.items():
            for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
                if add(m.start(), m.end(), "DRUG", kb, name, True):
                    stated.append(m.span())
        drug_ends = {end for _start, end in drugs}
        # A cut in the risk of an event reports the measure that event ends.
        for m in P.RISK_OUTCOME.finditer(text):
            before = text[max(0, m.start() - 60) : m.start()]
            if P.RISK_CUT_BEFORE.search(before) or P.RISK_CUT_AFTER.match(text[m.end() :]):
                measure = P.risk_measure(m.group("event"))
                add(m.start(), m.end(), "OUTCOME", entity_key("OUTCOME", measure), measure, True)
        for m in P.FREE_OF_OUTCOME.finditer(text):
            measure = P.risk_measure(m.group("event"))
            add(m.start(), m.end(), "OUTCOME", entity_key("OUTCOME", measure), measure, True)
        for m in P.FREE_OF_EVENT.finditer(text):
            end = self._event_end(doc, m)
            if end is not None:
                measure = "freedom from " + re.sub(r"\s+", " ", text[m.start("event") : end])
                add(m.start(), end, "OUTCOME", entity_key("OUTCOME", measure), measure, True)
        # A result told as what counted patients did: the count is in the clause, so the
        # entity filter need not judge the name ("22 responded").
        for span in outcome_clauses(doc):
            # The tokenizer leaves a sentence's stop on a unit ("55 mg/dL.").
            measure = re.sub(r"\s+", " ", span.text).removesuffix(".")
            end = span.start_char + len(span.text.removesuffix("."))
            add(span.start_char, end, "OUTCOME", entity_key("OUTCOME", measure), measure, True)
        for m in P.NCT_ID.finditer(text):
            add(m.start(), m.end(), "TRIAL", entity_key("TRIAL", m.group()), m.group())
        for m in P.REGISTRY_ID.finditer(text):
            add(m.start(), m.end(), "TRIAL", entity_key("TRIAL", m.group()), m.group(), True)
        for m in P.TRIAL_CUED.finditer(text):
            group = next(g for g in ("n1", "n2", "n3", "n4") if m.group(g))
            name = m.group(group)
            if (
                name.split("-")[0].split(" ")[0] in P.TRIAL_NAME_STOP
                or self.lexicon.knows(name)
                or self._gene(name)
                or P.VIRUS.match(name)
                or _in_parenthesis_after(text, m.start(group), drug_ends)
            ):
                continue
            add(m.start(group), m.end(group), "TRIAL", entity_key("TRIAL", name), name, True)
        for m in P.TRIAL_BEFORE_NCT.finditer(text):
            name = m.group("name")
            if not (P.VIRUS.match(name) or self.lexicon.knows(name)):
                add(m.start("name"), m.end("name"), "TRIAL", entity_key("TRIAL", name), name)
        for m in P.TRIAL_NAME.finditer(text):
            group = "name" if m.group("name") else "name2"
            name = m.group(group)
            if group == "name":
                # Said to be a trial ("the PEGASUS study"): only a gene's own symbol or another
                # type's name is something else; a word some gene has as an alias is not.
                hit = self.lexicon.ci.get(ci_key(name)) or self.lexicon.cs.get(cs_key(name))
                known = name in self._official_symbols or (hit is not None and hit[1] != "GENE")
            else:
                known = bool(self._gene(name)) or self.lexicon.knows(name)
            if (
                name.split("-")[0].split(" ")[0] in P.TRIAL_NAME_STOP
                or known
                or P.VIRUS.match(name)
                or re.fullmatch(r"[IVX]+[ab]?", name)  # "a phase III trial"
            ):
                continue
            if _in_parenthesis_after(text, m.start(group), drug_ends):
                continue  # a code name: "venetoclax (ABT-199, Venclexta)"
            # A name the text calls a trial is one by its form; a bare code shaped like one is not.
            said = group == "name"
            add(m.start(group), m.end(group), "TRIAL", entity_key("TRIAL", name), name, said)
        for m in P.ORG_UNIT_POSSESSIVE.finditer(text):
            org = P.LEADING_ARTICLE.sub("", m.group("org"))
            start = m.end("org") - len(org)
            display = f"{org} {m.group('unit')}"
            add(start, m.end(), "ORGANIZATION", entity_key("ORGANIZATION", display), display)
        for m in P.ORG_BY_MAKING.finditer(text):
            name = m.group("name")
            if self.lexicon.knows(name) or self._gene(name):
                continue
            key = entity_key("ORGANIZATION", name)
            if add(m.start("name"), m.end("name"), "ORGANIZATION", key):
                stated.append(m.span("name"))
        for m in P.ORG_BY_APPOSITION.finditer(text):
            name = m.group("name")
            key = entity_key("ORGANIZATION", name)
            if add(m.start("name"), m.end("name"), "ORGANIZATION", key):
                stated.append(m.span("name"))
        for m in P.ORG_NAME_HEAD_FIRST.finditer(text):
            name = m.group().rstrip(".")
            stop = P.FULL_STOP.search(name)
            if stop:  # the name ran past the end of its sentence
                name = name[: stop.start()]
            add(m.start(), m.start() + len(name), "ORGANIZATION",
                entity_key("ORGANIZATION", name), name)  # fmt: skip
        for m in P.ORG_NAME.finditer(text):
            name = P.LEADING_ARTICLE.sub("", m.group())
            if P.JOURNALS.match(name):
                continue  # a journal publishes results; it is no organisation in the graph
            cut = P.name_start(name)  # > 0: the name began in the sentence before
            # The people who open it are found below, by PERSON_IN_ROLE: "Dr. Maria Lopez of
            # Harbor University", "Ann Lee and Dr. Bo Chen of Stanford University".
            for person in P.PERSON_OF_ORG.finditer(name, cut):
                at_word = person.start() == cut or name[person.start() - 1].isspace()
                if at_word and self._person_like(person.group("name")):
                    cut = person.end()
            start = m.end() - len(name) + cut
            name = name[cut:]
            stop = P.FULL_STOP.search(name)
            if stop:  # the name ran past the end of its sentence
                name = name[: stop.start()]
            for offset, part in _org_names(name):
                at = start + offset
                add(at, at + len(part), "ORGANIZATION", entity_key("ORGANIZATION", part), part)
        for m in P.ROLE_BEFORE_NAME.finditer(text):
            self._employer_and_employee(text, m, add)
        for regex in (P.PERSON_WITH_DEGREE, P.PERSON_WITH_TITLE):
            for m in regex.finditer(text):
                name = m.group("name")
                add(m.start("name"), m.end("name"), "PERSON", entity_key("PERSON", name), name)
        for m in P.PERSON_ET_AL.finditer(text):
            name = m.group("name")
            if self._person_like(name):
                key = entity_key("PERSON", name)
                add(m.start("name"), m.end("name"), "PERSON", key, name, True)
        for m in P.PERSON_IN_ROLE.finditer(text):
            group = next(g for g in ("name", "name2", "name3") if m.group(g))
            name = m.group(group)
            if self._person_like(name):
                add(m.start(group), m.end(group), "PERSON", entity_key("PERSON", name), name)
        doc.spans[RULES_GROUP] = spans
        doc._.set(TARGETS_EXT, targets)
        doc._.set(BRANDS_EXT, brands)
        doc._.set(NAMES_EXT, names)
        doc._.set(BUILT_EXT, built)
        doc._.set(AUTHORS_EXT, authors)
        doc._.set(STATED_EXT, stated)
        return doc

    def _elided_disease(self, words: str, head: str) -> tuple[int, str, str] | None:
        """(offset in `words`, name, id) of the disease the words before a shared noun name
        with it ("ovarian" of "ovarian and endometrial cancers"): the longest run of their last
        words that the lexicon knows, with the noun, as a disease."""
        tokens = list(re.finditer(r"\S+", words.strip(" ,")))
        lead = len(words) - len(words.lstrip(" ,"))
        for k in range(min(4, len(tokens)), 0, -1):
            first = tokens[-k]
            name = f"{words.strip(' ,')[first.start() :]} {head}"
            hit = self.lexicon.ci.get(ci_key(name))
            if hit is not None and hit[1] == "DISEASE":
                return lead + first.start(), name, hit[0]
        return None

    def _employer_and_employee(self, text: str, m: re.Match, add) -> None:
        """ "Harlow Kessler oncologist Jane Roe": the person, and the capitalised words before
        the job as the organisation, less the words that open a sentence or rank a role."""
        name = m.group("name")
        if not self._person_like(name):
            return
        before = text[max(0, m.start() - 120) : m.start()]
        found = P.ORG_BEFORE_ROLE.search(before)
        if found:
            words = found.group("org").split()
            while words and words[0].casefold() in P.ROLE_OPENERS:
                words.pop(0)
            org = " ".join(words)
            known = org and (self.lexicon.knows(org) or self._gene(org))
            if org and not known and org.casefold() not in _FUNCTION_WORDS:
                start = m.start() - len(before) + found.end("org") - len(org)
                if text[start : start + len(org)] == org:
                    add(start, start + len(org), "ORGANIZATION",
                        entity_key("ORGANIZATION", org), org)  # fmt: skip
        add(m.start("name"), m.end("name"), "PERSON", entity_key("PERSON", name), name)

    def _person_like(self, name: str) -> bool:
        """Two capitalised words that are not a known term, an org word or a function word."""
        for word in name.split():
            folded = word.casefold().strip(".")
            if folded in P.NOT_BRANDS or folded in _FUNCTION_WORDS or P.ORG_KEYWORDS.match(word):
                return False
            if self.lexicon.knows(word):
                return False
        return True

    def _brand_like(self, word: str) -> bool:
        hit = self.lexicon.ci.get(ci_key(word))
        if hit and hit[1] != "DRUG":
            return False
        if word.upper() == word and len(word) <= 4:  # an acronym, not a brand
            return False
        return word.casefold() not in P.NOT_BRANDS and not any(c.isdigit() for c in word)

    def _brands(self, text: str, drugs: list[tuple[int, int]], add) -> list[tuple[int, ...]]:
        """ "tisagenlecleucel (Kymriah)" and "Kymriah (tisagenlecleucel)": the capitalised one is
        the brand. Every later mention of a found brand is tagged too."""
        pairs = []
        found: dict[str, str] = {}
        # "pembrolizumab (Keytruda)", "venetoclax (ABT-199, Venclexta)", "osimertinib (Tagrisso,
        # AZD9291)", "imatinib (Gleevec in the US, Glivec in Europe)": items in parentheses.
        parenthesis = re.compile(r"\s*\((?P<items>[^()]{1,80})\)")
        item_brand = re.compile(rf"\s*(?P<b>{P.BRAND_WORD})(?=\s*$|\s+in\s)")
        before = re.compile(rf"(?P<b>{P.BRAND_WORD})\s*\(\s*$")
        drugs = sorted(set(drugs))
        candidates: list[tuple[int, int, int, int]] = []
        for start, end in drugs:
            generic = text[start:end]
            m = parenthesis.match(text, end)
            items = []
            if m:
                at = m.start("items")
                for item in re.split(r"([;,])", m.group("items")):
                    found_item = item_brand.match(item)
                    if found_item and self._brand_like(found_item.group("b").rstrip("®™ ")):
                        items.append((at + found_item.start("b"), at + found_item.end("b")))
                    at += len(item)
            if items:
                candidates += [(b0, b1, start, end) for b0, b1 in items]
                continue
            # "approved ciltacabtagene autoleucel as Carvykti", "sells ipilimumab as Yervoy".
            m = _AS_BRAND.match(text, end)
            if m and _SELL_VERB.search(text, max(0, start - 80), start):
                candidates.append((m.start("b"), m.end("b"), start, end))
                continue
            # "Kymriah (tisagenlecleucel)": the generic in parentheses is lowercase; it may come
            # with its maker ("Zentiva (torvamab, Harwell Bio)"), not with other drugs (a
            # regimen's parts).
            m = before.search(text, max(0, start - 40), start)
            rest = text[end : text.find(")", end) if ")" in text[end:] else end]
            if (
                generic[:1].islower()
                and m
                and text[end:].lstrip()[:1] in (")", ",", ";")
                and not any(end < d0 < end + len(rest) for d0, _d1 in drugs)
            ):
                candidates.append((m.start("b"), m.end("b"), start, end))
        # "sold as Yescarta", "marketed by Merck as Keytruda", "approved ... as Carvykti",
        # "under the brand name Lumakras": the generic is the drug named last before it.
        for m in P.BRAND_PHRASE.finditer(text):
            group = "b" if m.group("b") else "b2"
            b0 = m.start(group)
            previous = [
                d for d in drugs
                if d[1] <= b0 and b0 - d[1] <= 300 and not _CLASS_AFTER.match(text, d[1])
            ]  # fmt: skip
            if previous:
                candidates.append((b0, m.end(group), *previous[-1]))
            else:
                # "Acme's CAR T-cell therapy, marketed as Velqara": a product sold under the
                # name though no generic name stands before it.
                brand = text[b0 : m.end(group)].rstrip("®™ ")
                if self._brand_like(brand) and add(b0, b0 + len(brand), "DRUG",
                                                   entity_key("DRUG", brand), brand):  # fmt: skip
                    found[brand] = entity_key("DRUG", brand)
                    # Its generic may be a name no recogniser here knows ("Sarapentin, sold as
                    # Nurovio"): the relation stage looks for it among the entities.
                    pairs.append((b0, b0 + len(brand), -1, -1))
        for b0, b1, start, end in candidates:
            brand = text[b0:b1].rstrip("®™ ")
            if not self._brand_like(brand):
                continue
            kb = entity_key("DRUG", brand)
            if add(b0, b0 + len(brand), "DRUG", kb, brand) is not None or brand in found:
                pairs.append((b0, b0 + len(brand), start, end))
                found[brand] = kb
        for brand, kb in found.items():
            for m in re.finditer(rf"\b{re.escape(brand)}\b", text):
                add(m.start(), m.end(), "DRUG", kb, brand)
        return pairs


def _org_names(name: str) -> list[tuple[int, str]]:
    """(offset, name) of the organisations one `ORG_NAME` match names: "University of
    Pennsylvania and Dana-Farber Cancer Institute" is two, where what follows "and" is an
    organisation's name of its own; "National Institute for Health and Care Excellence" stays
    one."""
    k = name.find(" and ")
    if k > 0 and P.ORG_KEYWORDS.search(name[:k]) and P.ORG_NAME.fullmatch(name[k + 5 :]):
        return [(0, name[:k]), (k + 5, name[k + 5 :])]
    # A unit of an institution named in full: "Department of Hematology of Peking University"
    # is the department and the university. Not an institution of a place or of another
    # ("University of Pennsylvania", "Children's Hospital of Fudan University").
    k = name.rfind(" of ")
    head, tail = name[:k], name[k + 4 :]
    if (
        k > 0
        and " " in head
        and " " in tail
        and not _INSTITUTION_END.search(head)
        and _INSTITUTION_END.search(tail)
        and P.ORG_NAME.fullmatch(tail)
    ):
        return [(0, head), (k + 4, tail)]
    return [(0, name)]


_INSTITUTION_END = re.compile(
    r"\b(?:University|Hospital|Institute|Cent(?:er|re)|Clinic|College|School|Foundation)$"
)
