"""Processed spaCy Docs (one or more chunks of a Document) -> one `biokg.model.Extraction`.

Entities: mentions are grouped by their `kb_id` (a curie, or a `biokg:` key when no ontology has
the name), so abbreviations, plurals and spelling variants that resolved to one id are one entity.
A one-word PERSON equal to the surname of a fuller PERSON ("Mackall" / "Crystal Mackall") joins
it. The entity's name is its long form (never an abbreviation's short form); aliases are every
other surface form plus the ontology's preferred name.

Relations: the same (subject, predicate, object, negated) found in several sentences becomes one
`Relation` with one `Evidence` per sentence; its confidence is the highest evidence confidence,
its attributes those of the evidence that states the most numbers.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields

from biokg.nlp import patterns as P
from biokg.nlp.abbreviations import EXTENSION as ABBREVIATIONS
from biokg.nlp.coreference import Candidate, CoreferenceModel, acronym_or_code, clipped_form
from biokg.nlp.descriptions import CLASS_WORDS
from biokg.nlp.entity_filter import EntityFilter
from biokg.nlp.lexicon import Lexicon
from biokg.nlp.pair_proposer import PairProposer
from biokg.nlp.recognisers import BUILT_EXT, NAMES_EXT, TARGETS_EXT
from biokg.nlp.relation_filter import RelationFilter
from biokg.nlp.relation_model import SIGNATURES
from biokg.nlp.relations import EXTENSION as RELATIONS
from spacy.tokens import Doc

from biokg.identity import entity_key
from biokg.model import Document, Entity, Evidence, Extraction, Mention, Relation

EXTRACTOR_NAME = "biokg.nlp"


@dataclass
class _Group:
    labels: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    display: str | None = None
    long_forms: set[str] = field(default_factory=set)
    short_forms: set[str] = field(default_factory=set)


@dataclass
class ChunkDigest:
    """What `assemble` reads from one processed chunk, as plain data.

    With `n_process` > 1 the workers send this instead of the whole Doc (`biokg_digest`): the
    main process then rebuilds no tokens, which was most of its work per document.
    """

    sentences: list[tuple[int, int]]
    ents: list[tuple[str, str, int, int]]  # (group key, label, start char, end char)
    names: dict[str, str]
    abbreviations: list[tuple[int, int, int, int]]  # short start, end, long start, end
    targets: list[tuple[int, int, int, int, str]]
    relations: list[dict]
    built: list[tuple[int, int]] = field(default_factory=list)  # `BUILT_EXT`

    @classmethod
    def of(cls, doc: Doc) -> ChunkDigest:
        def ext(name: str) -> object:
            return doc._.get(name) if doc.has_extension(name) else None

        return cls(
            sentences=[(sent.start_char, sent.end_char) for sent in doc.sents],
            ents=[
                (
                    ent.kb_id_ or entity_key(ent.label_, ent.text),
                    ent.label_,
                    ent.start_char,
                    ent.end_char,
                )
                for ent in doc.ents
            ],
            names=dict(ext(NAMES_EXT) or {}),
            abbreviations=list(ext(ABBREVIATIONS) or []),
            targets=list(ext(TARGETS_EXT) or []),
            relations=list(ext(RELATIONS) or []),
            built=list(ext(BUILT_EXT) or []),
        )

    def to_plain(self) -> list:
        """msgpack-able (`Doc.user_data` travels through spaCy's `Doc.to_bytes`)."""
        return [getattr(self, f.name) for f in fields(self)]

    @classmethod
    def from_plain(cls, plain: list) -> ChunkDigest:
        return cls(*plain)


def assemble(
    document: Document,
    chunks: list[tuple[Doc | ChunkDigest, int]],
    lexicon: Lexicon,
    version: str,
    coreference: CoreferenceModel | None = None,
    entity_filter: EntityFilter | None = None,
    relation_filter: RelationFilter | None = None,
    pair_proposer: PairProposer | None = None,
) -> Extraction:
    """Build the Extraction of `document` from its processed chunks (doc or digest, offset);
    with a `coreference` model, entities it finds to name one thing become one; with an
    `entity_filter`, entities it finds the text does not name as their type are dropped with
    their relations; with a `relation_filter`, relations it finds the document does not state
    are dropped; with a `pair_proposer`, relations the document states across sentences that
    nothing found yet are added."""
    text = document.text
    groups: dict[str, _Group] = defaultdict(_Group)
    where: dict[tuple[int, int], str] = {}  # mention offsets -> group key
    sentences: list[tuple[int, int]] = []
    raw_relations: list[dict] = []
    short_of: dict[str, str] = {}  # a long form (folded) -> its abbreviation's
    # Names whose form says their type: built by a naming convention ("AB-CAR7", "ide-cel") or
    # on the gene they carry or are driven by ("GPRC5D CAR T cells", "RPE65 gene therapy",
    # "CD4+ T cells", "EGFR-mutant NSCLC").
    built: set[tuple[int, int]] = set()
    for chunk, offset in chunks:
        digest = chunk if isinstance(chunk, ChunkDigest) else ChunkDigest.of(chunk)
        first_sentence = len(sentences)
        starts = []
        for start, end in digest.sentences:
            starts.append(start + offset)
            sentences.append((start + offset, end + offset))

        def sentence_of(char: int, _starts=starts, _first=first_sentence) -> int:
            lo, hi = 0, len(_starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if _starts[mid] <= char:
                    lo = mid
                else:
                    hi = mid - 1
            return _first + max(lo, 0)

        names = digest.names
        shorts: set[tuple[int, int]] = set()
        longs: set[tuple[int, int]] = set()
        for s0, s1, l0, l1 in digest.abbreviations:
            shorts.add((s0 + offset, s1 + offset))
            longs.add((l0 + offset, l1 + offset))
            short_of[_fold_key(text[l0 + offset : l1 + offset])] = _fold_key(
                text[s0 + offset : s1 + offset]
            )

        def add(key, label, start, end, display, shorts=shorts, longs=longs) -> None:
            group = groups[key]
            group.labels[label] += 1
            mention_text = text[start:end]
            group.mentions.append(Mention(text=mention_text, start=start, end=end,
                                          sentence=sentence_of(start)))  # fmt: skip
            if display and not group.display:
                group.display = display
            if (start, end) in shorts:
                group.short_forms.add(mention_text)
            if (start, end) in longs:
                group.long_forms.add(mention_text)
            where[(start, end)] = key

        for key, label, start, end in digest.ents:
            add(key, label, start + offset, end + offset, names.get(key))
        for d0, d1, g0, g1, curie in digest.targets:
            add(curie, "GENE", g0 + offset, g1 + offset, None)
            built.add((d0 + offset, d1 + offset))
        built.update((start + offset, end + offset) for start, end in digest.built)
        for rel in digest.relations:
            shifted = dict(rel)
            for k in ("subject", "object", "sentence"):
                shifted[k] = (rel[k][0] + offset, rel[k][1] + offset)
            raw_relations.append(shifted)

    for old_key, new_key in _split_listed(groups, where, text, short_of):
        raw_relations += _said_of_the_split(raw_relations, where, groups[new_key], old_key)
    _merge_surnames(groups, where)
    _merge_company_names(groups, where)
    _surname_mentions(groups, where, text, sentences)
    _merge_constructs_into_codes(groups, where)
    _merge_generic_cell_therapy(groups, where)
    _fold_qualified(groups, where)
    _merge_acronyms(groups, where)
    if coreference is not None:
        _merge_coreferent(groups, where, text, coreference, raw_relations)
    entities: dict[str, Entity] = {}
    key_to_id: dict[str, str] = {}
    for key, group in groups.items():
        entity = _entity(key, group, lexicon)
        if entity.id in entities:  # two keys can name the same entity
            old = entities[entity.id]
            mentions = sorted(old.mentions + entity.mentions, key=lambda m: m.start)
            aliases = sorted(set(old.aliases) | set(entity.aliases) - {old.name})
            entity = old.model_copy(update={"mentions": mentions, "aliases": aliases})
        entities[entity.id] = entity
        key_to_id[key] = entity.id
    relations = _relations(document, raw_relations, where, key_to_id, text, version)
    # A merge can change an entity's type (a surname once tagged as a drug joins the person):
    # a relation whose ends no longer fit its predicate was read of something else.
    types = {e.id: str(e.type) for e in entities.values()}
    relations = [r for r in relations
                 if _fits(str(r.predicate), types[r.subject], types[r.object])]  # fmt: skip
    kept = _quantified_outcomes(entities, relations, text, sentences)
    relations = [r for r in relations if r.subject in kept and r.object in kept]
    if entity_filter is not None:
        # The filter learnt from abstracts that seldom name a construct (its weights read "T
        # cells" and a symbol's digits as no drug): it does not judge names whose form says
        # their type.
        by_form = {key_to_id[where[span]] for span in built if span in where} & kept
        judged = [e for e in entities.values() if e.id in kept and e.id not in by_form]
        kept = entity_filter.kept(judged, relations, text) | by_form
        relations = [r for r in relations if r.subject in kept and r.object in kept]
    kept_entities = [e for e in entities.values() if e.id in kept]
    if relation_filter is not None:
        relations = relation_filter.kept(relations, kept_entities)
    if pair_proposer is not None:
        relations = relations + pair_proposer.proposed(
            document.id, kept_entities, relations, text, sentences, version,
            section_of=lambda start: _section(document, start),
        )  # fmt: skip
    return Extraction(
        document=document,
        entities=kept_entities,
        relations=relations,
    )


_NUMBER = re.compile(r"\d")


def _quantified_outcomes(entities, relations, text, sentences) -> set[str]:
    """The ids of the entities to keep: every one but an OUTCOME the text gives no number for
    (GUIDE.md: an outcome is "a clinical result for which the text gives a number"; "the
    response rate" said in passing names no result). An outcome with a relation, or with a digit
    in a sentence that names it, stays."""
    related = {end for r in relations for end in (r.subject, r.object)}
    kept = set()
    for entity in entities.values():
        if entity.type != "OUTCOME" or entity.id in related:
            kept.add(entity.id)
            continue
        for mention in entity.mentions:
            if mention.sentence >= len(sentences):
                continue
            start, end = sentences[mention.sentence]
            if _NUMBER.search(text[start:end]):
                kept.add(entity.id)
                break
    return kept


# What follows a gene's name without naming another thing: "the CD22 gene", "HER2 protein",
# and a named variant, which folds into its gene (GUIDE.md: "KRAS G12C" is an alias of KRAS):
# "BRAF V600", "KRASG12C", "EGFR T790M mutation".
_GENE_SUFFIX = re.compile(
    r"(?:\s+[A-Z]\d{2,4}[A-Z]?|(?<=[A-Z])[A-Z]\d{2,4}[A-Z])?"
    r"(?i:\s+(?:gene|genes|protein|proteins|antigen|mrna|transcripts?|locus|expression|"
    r"mutations?|variants?|alterations?))?$"
)


def _fold_qualified(groups: dict[str, _Group], where: dict[tuple[int, int], str]) -> None:
    """A DISEASE or OUTCOME group whose name is another group's name behind qualifying words
    ("metastatic triple-negative breast cancer", "median progression-free survival"), or a
    GENE group named as another plus "gene"/"protein"/"mutation" ("CD22 antigen"), joins that
    group: one entity per disease, per measure and per gene."""
    folded = ("DISEASE", "OUTCOME", "GENE")
    names: dict[tuple[str, str], str] = {}
    for key, group in groups.items():
        label = group.labels.most_common(1)[0][0]
        if label in folded:
            for mention in group.mentions:
                names.setdefault((label, _fold_key(mention.text)), key)
    for key, group in list(groups.items()):
        label = group.labels.most_common(1)[0][0]
        if label not in folded:
            continue
        strip = _GENE_SUFFIX if label == "GENE" else P.QUALIFIER
        bases = {_fold_key(strip.sub("", m.text)) for m in group.mentions}
        own = {_fold_key(m.text) for m in group.mentions}
        targets = {names.get((label, b)) for b in bases - own} - {None, key}
        if len(targets) != 1:
            continue
        target_key = targets.pop()
        if target_key not in groups:
            continue
        target = groups[target_key]
        target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.start)
        target.labels.update(group.labels)
        target.long_forms |= group.long_forms
        target.short_forms |= group.short_forms
        for span, k in list(where.items()):
            if k == key:
                where[span] = target_key
        for name_key, k in list(names.items()):
            if k == key:
                names[name_key] = target_key
        del groups[key]


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_ACRONYM_LABELS = ("DISEASE", "OUTCOME")
_MINOR_WORDS = frozenset({"of", "and", "the", "with", "in", "to", "for", "or"})


def _initials(name: str) -> set[str]:
    """The acronyms a multi-word name can go by: its words' (and hyphenated parts') first
    letters, with and without the small words ("overall survival" OS; "graft-versus-host
    disease" GVHD; "duration of response" DOR, DR)."""
    words = [w for w in re.split(r"[\s\-‐–/]+", name) if w]
    if len(words) < 2:
        return set()
    every = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.casefold() not in _MINOR_WORDS).upper()
    return {every, content}


def _merge_acronyms(groups: dict[str, _Group], where: dict[tuple[int, int], str]) -> None:
    """A DISEASE or OUTCOME named only by an acronym ("CLL", "PFS") joins the one group of its
    type in the document whose full name those letters abbreviate ("chronic lymphocytic
    leukemia", "progression-free survival"), as an explicit "long form (SHORT)" would: a text
    that defines an abbreviation once, or in its title only, still means one entity. Two
    candidates, or none, leave it alone."""
    full: dict[tuple[str, str], set[str]] = {}
    for key, group in groups.items():
        label = group.labels.most_common(1)[0][0]
        if label in _ACRONYM_LABELS:
            for mention in group.mentions:
                for letters in _initials(mention.text):
                    full.setdefault((label, letters), set()).add(key)
    for key, group in list(groups.items()):
        label = group.labels.most_common(1)[0][0]
        texts = {m.text for m in group.mentions}
        if label not in _ACRONYM_LABELS or not all(_ACRONYM.fullmatch(t) for t in texts):
            continue
        targets = set().union(*(full.get((label, t), set()) for t in texts)) - {key}
        if len(targets) != 1:
            continue
        target_key = targets.pop()
        target = groups.get(target_key)
        if target is None:
            continue
        target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.start)
        target.labels.update(group.labels)
        target.short_forms |= texts | group.short_forms
        for span, k in list(where.items()):
            if k == key:
                where[span] = target_key
        del groups[key]


def _merge_coreferent(
    groups: dict[str, _Group],
    where: dict[tuple[int, int], str],
    text: str,
    model: CoreferenceModel,
    raw_relations: list[dict],
) -> None:
    """Groups the coreference model finds to name one thing join the one among them that names
    it best: linked to an ontology, then not a code or initials, then the fullest name ("CD22
    CAR T cells" over "CAR T cells", "Acme Bio, Inc." over "Acme"), then the most mentioned. The
    others' codes and initials become short forms, so the entity is not named by them. Two
    groups a relation connects (a brand and its generic) stay apart."""
    keys = list(groups)
    index = {key: i for i, key in enumerate(keys)}
    apart = set()
    for rel in raw_relations:
        ends = [index.get(where.get(rel[k])) for k in ("subject", "object")]
        if None not in ends and ends[0] != ends[1]:
            apart.add((min(ends), max(ends)))
    apart |= _listed_apart(groups, index, text)
    apart |= _distinct_concepts(groups, index)
    apart |= _distinct_endpoints(groups, index)
    apart |= _distinct_receptors(groups, index)
    apart |= _distinct_inns(groups, index)
    apart |= _foreign_initials(groups, index)
    candidates = [
        Candidate(
            key=key,
            type=groups[key].labels.most_common(1)[0][0],
            mentions=[(m.text, m.start, m.end, m.sentence) for m in groups[key].mentions],
            curie=None if key.startswith("biokg:") else key,
        )
        for key in keys
    ]
    for cluster in model.clusters(candidates, text, apart):
        members = [keys[i] for i in cluster]

        def rank(key: str) -> tuple:
            group = groups[key]
            texts = [m.text for m in group.mentions]
            names = [t for t in texts if not acronym_or_code(t)]
            name = group.display or (Counter(names).most_common(1)[0][0] if names else "")
            return (not key.startswith("biokg:"), bool(names), len(name.split()), len(texts))

        target_key = max(members, key=rank)
        target = groups[target_key]
        for key in members:
            if key == target_key:
                continue
            group = groups.pop(key)
            target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.start)
            target.labels.update(group.labels)
            target.long_forms |= group.long_forms
            target.short_forms |= group.short_forms | {
                m.text for m in group.mentions if acronym_or_code(m.text)
            }
            for span, k in list(where.items()):
                if k == key:
                    where[span] = target_key


# What stands between two things a sentence lists: a separator with at most two words before it
# (the noun the first one names: "trial") and four after ("the phase I/II"): "NAVIGATE trial,
# and the phase I/II SCOUT", "A or B"; never a clause ("Harwick plans to file ..., Harwick
# Biologics said").
_LISTED = re.compile(
    r"\s*(?:[\w/-]+(?:\s+|(?=,))){0,2}?(?:,|/|,?\s*\b(?:and|or|versus|vs\.?)\b)\s*"
    r"(?:[\w/-]+\s+){0,4}",
    re.IGNORECASE,
)


def _split_listed(
    groups: dict[str, _Group], where: dict[tuple[int, int], str], text: str, short_of: dict
) -> list[tuple[str, str]]:
    """Two names a sentence lists side by side ("chronic lymphocytic leukemia (CLL) and small
    lymphocytic lymphoma (SLL)", "CLL/SLL") are two things even where an ontology files them
    under one concept: the later name, with its abbreviation, becomes an entity of its own.
    Returns (concept key, new key) per split."""
    splits = []
    for key, group in list(groups.items()):
        if len(group.mentions) < 2 or key.startswith("biokg:"):
            continue
        mentions = sorted(group.mentions, key=lambda m: m.start)
        first = _fold_key(mentions[0].text)
        family = {first, short_of.get(first, "")} | {
            long for long, short in short_of.items() if short == first
        }
        moved: set[str] = set()
        for a, b in zip(mentions, mentions[1:], strict=False):
            other = _fold_key(b.text)
            if a.sentence != b.sentence or other in family or other in moved:
                continue
            if _fold_key(a.text) not in family:
                continue
            between = _PARENTHESES.sub("", text[a.end : b.start]).lstrip(")]")
            if _CONJOINED.fullmatch(between):
                moved |= {other, short_of.get(other, "")} - {""}
        if not moved:
            continue
        label = group.labels.most_common(1)[0][0]
        name = max((m.text for m in group.mentions if _fold_key(m.text) in moved), key=len)
        new_key = entity_key(label, name)
        if new_key in groups:
            continue
        new = groups[new_key]
        new.labels = Counter(group.labels)
        new.mentions = [m for m in group.mentions if _fold_key(m.text) in moved]
        group.mentions = [m for m in group.mentions if _fold_key(m.text) not in moved]
        new.short_forms = {f for f in group.short_forms if _fold_key(f) in moved}
        new.long_forms = {f for f in group.long_forms if _fold_key(f) in moved}
        group.short_forms -= new.short_forms
        group.long_forms -= new.long_forms
        for m in new.mentions:
            where[(m.start, m.end)] = new_key
        splits.append((key, new_key))
    return splits


def _said_of_the_split(
    raw_relations: list[dict], where: dict[tuple[int, int], str], new: _Group, old_key: str
) -> list[dict]:
    """The relations decided for a concept, for the name split off it, where the sentence
    stating them names it too: they were decided of the concept both names were filed under
    ("approved for adults with CLL or SLL")."""
    copies = []
    for rel in raw_relations:
        for end in ("subject", "object"):
            if where.get(tuple(rel[end])) != old_key:
                continue
            s0, s1 = rel["sentence"]
            there = [m for m in new.mentions if s0 <= m.start and m.end <= s1]
            if there:
                copies.append(dict(rel, **{end: (there[0].start, there[0].end)}))
    return copies


def _foreign_initials(groups: dict[str, _Group], index: dict[str, int]) -> set:
    """Pairs of a DISEASE or OUTCOME named only by letters and one of its type with a name of
    words the letters cannot stand for ("CRS" and "complete remission"): the letters are
    another name's initials."""
    letters_only, named = [], []
    for key, group in groups.items():
        if group.labels.most_common(1)[0][0] not in _ACRONYM_LABELS:
            continue
        texts = {m.text for m in group.mentions}
        if all(_ACRONYM.fullmatch(t) for t in texts):
            letters_only.append((key, texts))
        else:
            names = {t for t in texts if len(t.split()) > 1 or "-" in t}
            if names:
                named.append((key, names))
    pairs = set()
    for a, acronyms in letters_only:
        for b, names in named:
            if groups[a].labels.most_common(1)[0][0] != groups[b].labels.most_common(1)[0][0]:
                continue
            if not any(_could_abbreviate(x, n) for x in acronyms for n in names):
                pairs.add((min(index[a], index[b]), max(index[a], index[b])))
    return pairs


def _could_abbreviate(letters: str, name: str) -> bool:
    """Whether `letters` read in order among the name's word initials (every letter of a word
    in capitals: "CR with incomplete hematologic recovery" CRi), an "R" for a rate the name
    leaves out ("objective response" ORR) at the end."""
    pool = []
    for word in re.split(r"[\s\-‐–/]+", name):
        if word:
            pool += list(word) if word.isupper() else [word[0]]
    pool = [c.upper() for c in pool] + ["R"]
    it = iter(pool)
    return all(c in it for c in letters.upper() if c.isalpha())


def _distinct_concepts(groups: dict[str, _Group], index: dict[str, int]) -> set:
    """Pairs of groups that name two ontology concepts by full names ("chronic lymphocytic
    leukemia", "chronic myeloid leukemia"): the ontology has told them apart, and their names
    share words only as names of kindred things do. Short forms stay free to join a long one."""
    named = [
        (index[key], key)
        for key, group in groups.items()
        if not key.startswith("biokg:")
        and any(not acronym_or_code(m.text) and " " in m.text.strip() for m in group.mentions)
    ]
    return {
        (min(i, j), max(i, j))
        for n, (i, a) in enumerate(named)
        for j, b in named[n + 1 :]
        if a != b
    }


# Heads that name nothing alone: a qualifier before them is part of the name.
_BARE_HEADS = frozenset(
    {"disease", "diseases", "illness", "condition", "response", "responses", "survival",
     "event", "events"}
)  # fmt: skip


# A measure past a threshold: "HbA1c below 5.7%", "viral load of less than 50 copies", "<7%";
# not a grade ("grade ≥3 adverse events").
_THRESHOLD = re.compile(
    r"(?:\b(?:below|under|above|over|(?:less|more|greater|lower|higher) than)\s+"
    r"|(?<!grade)(?<!grade )[<≤>≥]\s*)"
    r"(\d+(?:[.,]\d+)?)",
    re.IGNORECASE,
)


def _distinct_endpoints(groups: dict[str, _Group], index: dict[str, int]) -> set:
    """Pairs of outcome groups named as two survival endpoints ("overall survival",
    "progression-free survival", or a cut in the risk of death and of progression): each
    counts a different event, however many words their names share. So do a measure past a
    threshold and the measure, or past another threshold ("HbA1c below 5.7%", "HbA1c"): one
    counts patients, the other a level."""
    endpoints = [
        (index[key], key)
        for key in groups
        if key.startswith("biokg:outcome:") and key.endswith("_survival")
    ]
    apart = {
        (min(i, j), max(i, j))
        for n, (i, a) in enumerate(endpoints)
        for j, b in endpoints[n + 1 :]
        if a != b
    }
    thresholds = [
        (index[key], {m.group(1) for m in _THRESHOLD.finditer(" ".join(
            mention.text for mention in group.mentions))})
        for key, group in groups.items()
        if key.startswith("biokg:outcome:")
    ]  # fmt: skip
    apart |= {
        (min(i, j), max(i, j))
        for n, (i, a) in enumerate(thresholds)
        for j, b in thresholds[n + 1 :]
        if a != b
    }
    return apart


def _distinct_inns(groups: dict[str, _Group], index: dict[str, int]) -> set:
    """Pairs of drug groups named by different nonproprietary names ("tazolitamab",
    "fenovalimab"): an INN names one substance, so two INNs are two drugs, however alike the
    sentences that name them. A name and one it begins with ("sacituzumab govitecan",
    "sacituzumab", "sacituzumabgovitecan") may be one drug, as news writes it."""
    names = []
    for key, group in groups.items():
        inns = {
            mention.text.casefold().replace(" ", "")
            for mention in group.mentions
            if P.INN_DRUG.fullmatch(mention.text) or P.INN_TWO_WORD.fullmatch(mention.text)
        }
        if inns and group.labels.most_common(1)[0][0] == "DRUG":
            names.append((index[key], inns))
    return {
        (min(i, j), max(i, j))
        for n, (i, a) in enumerate(names)
        for j, b in names[n + 1 :]
        if not any(x.startswith(y) or y.startswith(x) for x in a for y in b)
    }


_RECEPTOR_OF = re.compile(r"(.+?)\s+receptors?\b", re.IGNORECASE)


def _distinct_receptors(groups: dict[str, _Group], index: dict[str, int]) -> set:
    """Pairs of gene groups named as receptors of different ligands ("IL-6 receptor",
    "GM-CSF receptor alpha"): however many words their names share, two genes."""
    ligands = []
    for key, group in groups.items():
        of = {
            m.group(1).casefold()
            for mention in group.mentions
            if (m := _RECEPTOR_OF.match(mention.text))
        }
        if of and group.labels.most_common(1)[0][0] == "GENE":
            ligands.append((index[key], of))
    return {
        (min(i, j), max(i, j))
        for n, (i, a) in enumerate(ligands)
        for j, b in ligands[n + 1 :]
        if not a & b
    }


# Two names joined by a conjunction or a slash ("CLL and SLL", "CLL/SLL"); a bare comma may be
# an apposition ("the first CAR T product, tisagenlecleucel").
_CONJOINED = re.compile(r"\s*(?:/|,?\s*\b(?:and|or|versus|vs\.?)\b)\s*", re.IGNORECASE)
# A short parenthesis (an abbreviation) inside a list: "leukemia (CLL) and lymphoma".
_PARENTHESES = re.compile(r"\s*\([^()]{1,15}\)")


def _listed_apart(groups: dict[str, _Group], index: dict[str, int], text: str) -> set:
    """Pairs of groups of one type that a sentence lists side by side ("the NAVIGATE trial and
    the SCOUT trial", "Acme and Borva"): things a text lists are two, whatever their names
    share. A parenthesis between them ("ORION-2 (NCT0123)") or an alias phrase does not list."""
    apart = set()
    mentions = sorted(
        (m.sentence, m.start, m.end, key, groups[key].labels.most_common(1)[0][0])
        for key in groups
        for m in groups[key].mentions
    )
    for i, (sentence, first, end, key, label) in enumerate(mentions):
        for other_sentence, start, last, other, other_label in mentions[i + 1 :]:
            if other_sentence != sentence:
                break
            if other == key or other_label != label:
                continue
            between = text[end:start]
            # "rivocabtagene autoleucel, or rivo-cel,": a short form given as an alternative.
            if (
                _LISTED.fullmatch(between)
                and not _ALIAS_WORDS_BETWEEN.search(between)
                and not clipped_form(text[first:end], text[start:last])
            ):
                apart.add((min(index[key], index[other]), max(index[key], index[other])))
    return apart


_ALIAS_WORDS_BETWEEN = re.compile(r"\b(?:known|called|named|dubbed|formerly|previously|i\.e\.)",
                                  re.IGNORECASE)  # fmt: skip


def _fold_key(text: str) -> str:
    return " ".join(re.sub(r"[-‐–]", " ", text.casefold()).split())


def _merge_surnames(groups: dict[str, _Group], where: dict[tuple[int, int], str]) -> None:
    """A one-word entity of any type (a recogniser may take "Mackall said" for a company, or
    "Fry" for a drug) equal to the surname of exactly one fuller PERSON of the document is that
    person."""
    people = {k: g for k, g in groups.items() if g.labels.most_common(1)[0][0] == "PERSON"}
    full = {k: g for k, g in people.items() if " " in g.mentions[0].text.strip()}
    single = {k: g for k, g in groups.items() if k not in full}
    for key, group in list(single.items()):
        name = group.mentions[0].text.strip()
        if " " in name or not name[:1].isupper():
            continue
        owners = [k for k, g in full.items() if g.mentions[0].text.split()[-1] == name]
        if len(owners) == 1:
            target = groups[owners[0]]
            target.mentions += group.mentions
            target.labels.update({"PERSON": sum(group.labels.values())})
            for span, k in list(where.items()):
                if k == key:
                    where[span] = owners[0]
            del groups[key]


def _merge_company_names(groups: dict[str, _Group], where: dict[tuple[int, int], str]) -> None:
    """A one-name entity of any type (a model may take "Corran plans to ..." for a drug)
    equal to the leading words of a company or institution ("Corran Therapeutics", "Harwick
    Bio, Inc.", "Harwell Cancer Institute": `own_words`), the one organisation of the document
    named with those words, is that organisation: news names it in full once, then by its own
    words."""
    full: dict[str, list[str]] = {}
    leads: Counter = Counter()  # organisations by their leading words
    for key, group in groups.items():
        if group.labels.most_common(1)[0][0] != "ORGANIZATION":
            continue
        name = group.display or group.mentions[0].text
        for lead in P.leading_words(name):
            leads[lead] += 1
        for lead in P.own_words(name):
            full.setdefault(lead, []).append(key)
    for key, group in list(groups.items()):
        names = {m.text.strip() for m in group.mentions}
        if len(names) != 1:
            continue
        name = names.pop()
        owners = [k for k in full.get(name, []) if k != key]
        if len(owners) != 1 or leads[name] != 1:
            continue
        target = groups[owners[0]]
        # Named by its full name, however often the text shortens it.
        target.display = target.display or target.mentions[0].text.strip()
        target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.start)
        target.labels.update({"ORGANIZATION": sum(group.labels.values())})
        for span, k in list(where.items()):
            if k == key:
                where[span] = owners[0]
        del groups[key]


def _surname_mentions(groups, where, text: str, sentences: list[tuple[int, int]]) -> None:
    """Where the text names a person by surname alone ("Mackall said") and no recogniser took
    that word, it is a mention of the one person of the document with that surname."""
    surnames: dict[str, list[str]] = {}
    for key, group in groups.items():
        if group.labels.most_common(1)[0][0] != "PERSON":
            continue
        parts = group.mentions[0].text.split()
        if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) > 2:
            surnames.setdefault(parts[-1], []).append(key)
    taken = sorted(where)
    starts = [s for s, _ in sentences]
    for surname, keys in surnames.items():
        if len(keys) != 1:
            continue
        for match in re.finditer(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            sentence = max(0, bisect.bisect_right(starts, start) - 1)
            groups[keys[0]].mentions.append(
                Mention(text=surname, start=start, end=end, sentence=sentence)
            )
            where[(start, end)] = keys[0]


_CELL_THERAPY_NAME = re.compile(r"\b\w+(?:cel|leucel)\b", re.IGNORECASE)


def _merge_generic_cell_therapy(groups: dict[str, _Group], where) -> None:
    """A generic "CAR T cells" / "CAR T-cell therapy" in a document about one named cell
    therapy (INN stem -cel: tisagenlecleucel, ciltacabtagene autoleucel; a CAR code such as
    "AB-CAR7") refers to that product:
    its mentions (and so its relations) join it. With two named products (a target-named
    construct, "CD22 CAR T cells", counts as one), or none, it stays."""
    generic = [
        k for k, g in groups.items()
        if g.display and _GENERIC_CAR.fullmatch(g.display) and g.labels.get("DRUG")
    ]  # fmt: skip
    if not generic:
        return
    named = [
        k for k, g in groups.items()
        if k not in generic and g.labels.most_common(1)[0][0] == "DRUG"
        and (
            any(_CELL_THERAPY_NAME.search(m.text) or P.CAR_CODE.fullmatch(m.text)
                for m in g.mentions)
            or (g.display and _TARGETED_CAR.fullmatch(g.display))
        )
    ]  # fmt: skip
    if len(named) != 1:
        return
    for key in generic:
        _join_as_drug(groups, where, key, named[0])


def _join_as_drug(groups: dict[str, _Group], where, key: str, into: str) -> None:
    """Group `key`'s mentions become mentions of the drug `into`."""
    group = groups.pop(key)
    target = groups[into]
    target.mentions = sorted(target.mentions + group.mentions, key=lambda m: m.start)
    target.labels.update({"DRUG": sum(group.labels.values())})
    for span, k in list(where.items()):
        if k == key:
            where[span] = into


def _merge_constructs_into_codes(groups: dict[str, _Group], where) -> None:
    """A CAR product's code often spells its target: "CD171-CART02" and "AB-CART19" (CD19)
    name the CAR T cells "CD171 CAR T cells" and "CD19 CAR T cells" of the same text. Such a
    construct is that product (GUIDE.md: a construct entity only where nothing named is its
    referent); its mentions join the code's when exactly one code spells its target."""
    codes = [
        k for k, g in groups.items()
        if g.display and P.CAR_CODE.fullmatch(g.display) and g.labels.get("DRUG")
    ]  # fmt: skip
    for key, group in list(groups.items()):
        if not (group.display and _TARGETED_CAR.fullmatch(group.display)):
            continue
        target = group.display.split()[0]
        number = re.fullmatch(r"CD(\d+)", target)
        spelled = re.compile(
            rf"CART?[-‐‑–]?{number.group(1)}(?!\d)"
            if number
            else rf"(?<![A-Za-z0-9]){re.escape(target)}[-‐‑–]"
        )
        matching = [c for c in codes if spelled.search(groups[c].display)]
        if len(matching) != 1:
            continue
        _join_as_drug(groups, where, key, matching[0])


_GENERIC_CAR = re.compile(r"CAR \w+ cells")
_TARGETED_CAR = re.compile(r"\S+ CAR \w+ cells")


_LEGAL_FORM = re.compile(r",?\s+(?:Inc|Ltd|LLC|Corp|Co|plc|AG|SA|GmbH|NV|BV|SE)\.?$")


def _described(name: str) -> bool:
    """Whether a drug's name is a class phrase ("BCL2 inhibitor", "CAR T cells targeting
    GD2", "vaccine against HPV-16")."""
    return any(w.casefold() in CLASS_WORDS for w in re.split(r"[\s‐-]+", name))


# What names a product rather than describing it: a generic name ("venetoclax", "ide-cel") or a
# code ("KX-19", "DUN-CAR70"); not a capitalised word, which may be a brand or a trial taken
# into the entity ("ORLANDO").
_PRODUCT_NAME = re.compile(
    r"[a-z][a-z]+(?:[\s‐-][a-z]+)?|(?=\S*\d)[A-Za-z][A-Za-z0-9]*(?:[‐-][A-Za-z0-9.]+)*"
)


def _entity(key: str, group: _Group, lexicon: Lexicon) -> Entity:
    label = group.labels.most_common(1)[0][0]
    mentions = sorted(group.mentions, key=lambda m: m.start)
    surface = [m.text for m in mentions]
    counts = Counter(surface)

    # A disease or measure is named by its base form ("multiple myeloma", not "relapsed
    # multiple myeloma"; "overall survival", not "median overall survival").
    # ... unless the qualifier is part of the concept's own name ("chronic lymphocytic
    # leukemia" is not a chronic "lymphocytic leukemia").
    preferred = "" if key.startswith("biokg:") else (lexicon.name_of(key) or "").casefold()

    def qualified(s: str) -> bool:
        if s.casefold() == preferred:
            return False
        # "progressive disease", "stable disease": without the qualifier nothing is named.
        bare = P.QUALIFIER.sub("", s).strip().casefold() in _BARE_HEADS
        return label in ("DISEASE", "OUTCOME") and bool(P.QUALIFIER.match(s)) and not bare

    # A headline's Title Case words ("Large Bladder Cancer Trial Shows ...") name a biological
    # entity only if the text writes it no other way.
    cased = label in _BIOLOGICAL and any(not s.istitle() for s in surface)

    def suffixed(s: str) -> bool:
        """A gene named with its variant or "gene"/"protein" where the text names it bare."""
        return (
            label == "GENE" and _GENE_SUFFIX.sub("", s) != s and _GENE_SUFFIX.sub("", s) in counts
        )

    # A drug the text names and also describes by its class ("the BCL2 inhibitor venetoclax")
    # is named by its name (GUIDE.md); a construct named only by class phrases keeps one.
    named = label == "DRUG" and any(
        _PRODUCT_NAME.fullmatch(s) and not _described(s) for s in surface
    )

    def rank(s: str) -> tuple:
        headline = cased and " " in s and s.istitle()
        described = named and _described(s)
        # Of names written as often, the concept's own ("lupus nephritis", not the headline's
        # "lupus" the text said it of).
        own = not preferred or s.casefold() == preferred
        return (
            qualified(s),
            headline,
            described,
            suffixed(s),
            -counts[s],
            not own,
            surface.index(s),
        )

    if group.display and not (named and _described(group.display)):
        name = group.display
    elif group.long_forms:
        name = sorted(group.long_forms, key=rank)[0]
    else:
        candidates = [s for s in surface if s not in group.short_forms] or surface
        if named and all(_described(c) for c in candidates):
            # A code taken for the short form of its description ("the CAR T-cell product
            # KX-19") is the product's name.
            candidates = surface
        if label == "PERSON":
            name = max(candidates, key=len)
        else:
            name = sorted(set(candidates), key=rank)[0]
    if qualified(name) and P.QUALIFIER.sub("", name).strip():
        name = P.QUALIFIER.sub("", name).strip()  # every mention was qualified: name the base
    if label != "PERSON":
        # A name that another name of the entity extends ("leukemia" in "relapsed B-cell acute
        # lymphoblastic leukemia") is the less specific one: the graph node is named by the
        # fuller name, whose ontology id it carries anyway.
        bases = [P.QUALIFIER.sub("", s).strip() if qualified(s) else s
                 for s in surface if s not in group.short_forms]  # fmt: skip
        # Not a headline's Title Case run: its capitals say nothing of where the name starts.
        fuller = [
            b
            for b in bases
            if b.endswith(" " + name)
            or (b.casefold().endswith(" " + name.casefold()) and not (cased and b.istitle()))
        ]
        if fuller:
            name = max(fuller, key=lambda b: (bases.count(b), -bases.index(b)))
    lowered = name[:1].lower() + name[1:]
    if lowered != name and any(lowered in m for m in surface):
        name = lowered  # "Progression-free survival" opened a sentence; the text writes it lower
    if label == "OUTCOME" and P.outcome_base(name) != name:
        name = P.outcome_base(name)  # "complete response rate" is a finding of the response
    # The tokenizer keeps a sentence's full stop on a lone capital, as on an initial ("with
    # chronic hepatitis B."): the stop is no part of the name.
    if label != "PERSON":
        name = _LETTER_STOP.sub(r"\1", name)
        surface = [_LETTER_STOP.sub(r"\1", s) for s in surface]
    if label == "ORGANIZATION":
        # "Kestrel Pharma, Inc." of a press release's first line is "Kestrel Pharma" after it.
        bare = _LEGAL_FORM.sub("", name)
        if bare != name and bare in surface:
            name = bare
    aliases = {s for s in surface if s != name}
    curie = None if key.startswith("biokg:") else key
    if curie:
        preferred = lexicon.name_of(curie)
        if preferred and preferred.casefold() != name.casefold():
            aliases.add(preferred)
    return Entity(name=name, type=label, curie=curie, aliases=sorted(aliases), mentions=mentions)


_LETTER_STOP = re.compile(r"(\s[A-Z])\.$")
_BIOLOGICAL = frozenset({"GENE", "DISEASE", "DRUG", "CELL_TYPE"})


def _fits(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether the ends' types fit the predicate. Among the biological types the rules are
    looser than the classifier's signatures (a resistance variant, a GENE, is RESISTANT_TO a
    drug); a person, organisation, trial or outcome fits only where the predicate names it."""
    if predicate not in SIGNATURES:
        return True
    allowed = SIGNATURES[predicate]
    return all(
        t in types or (t in _BIOLOGICAL and types <= _BIOLOGICAL)
        for t, types in zip((subject_type, object_type), allowed, strict=True)
    )


def _relations(document, raw, where, key_to_id, text, version) -> list[Relation]:
    def ids(rel: dict) -> tuple[str, str] | None:
        s_key, o_key = where.get(tuple(rel["subject"])), where.get(tuple(rel["object"]))
        if s_key is None or o_key is None:
            return None
        return key_to_id[s_key], key_to_id[o_key]

    # A brand is another name of its generic product: what the text says of the brand's
    # pharmacology (targets, diseases, outcomes, trials) is recorded on the generic. A maker owns
    # both names, so DEVELOPED_BY is kept on the brand as well.
    generic_of = {
        pair[0]: pair[1]
        for rel in raw
        if rel["predicate"] == "BRAND_OF" and not rel["negated"] and (pair := ids(rel))
    }
    grouped: dict[tuple[str, str, str, bool], list[dict]] = defaultdict(list)
    for rel in raw:
        pair = ids(rel)
        if pair is None:
            continue
        subject, obj = pair
        if rel["predicate"] == "DEVELOPED_BY" and subject in generic_of:
            grouped[(subject, "DEVELOPED_BY", obj, rel["negated"])].append(rel)
        if rel["predicate"] != "BRAND_OF":
            subject, obj = generic_of.get(subject, subject), generic_of.get(obj, obj)
        if subject == obj:
            continue
        grouped[(subject, rel["predicate"], obj, rel["negated"])].append(rel)
    relations = []
    for (subject, predicate, obj, negated), rels in grouped.items():
        evidence: dict[tuple[int, int], Evidence] = {}
        for rel in rels:
            start, end = rel["sentence"]
            if (start, end) in evidence and evidence[(start, end)].confidence >= rel["confidence"]:
                continue
            evidence[(start, end)] = Evidence(
                document_id=document.id,
                text=text[start:end],
                start=start,
                end=end,
                section=_section(document, start),
                extractor=EXTRACTOR_NAME,
                version=version,
                confidence=rel["confidence"],
                negated=negated,
            )
        richest = max(rels, key=lambda r: len(r["attributes"]))
        relations.append(
            Relation(
                subject=subject,
                predicate=predicate,
                object=obj,
                confidence=max(r["confidence"] for r in rels),
                negated=negated,
                attributes=richest["attributes"],
                evidence=sorted(evidence.values(), key=lambda e: e.start),
            )
        )
    return relations


def _section(document: Document, start: int) -> str | None:
    for section in document.sections:
        if section.start <= start < section.end:
            return section.name
    return None
