"""The annotation corpus (`nlp/training/corpus/annotations/`) as spaCy training documents.

Each record becomes one `Doc`, tokenised, tagged and parsed by biokg's own pipeline (the same
tokenizer, sentences and dependency parse the trained components see at run time), with:

- `doc.ents`: the record's entity mentions under the eight biokg types. A mention that does
  not fall on token boundaries leaves its tokens *missing* (neither rewarded nor penalised), and
  so does a mention the source corpus marks (BioRED/BC5CDR gene, chemical, disease, variant...)
  that the annotators did not take: GUIDE.md leaves some of those out on purpose (a chemical
  that is only measured, an adverse event), and training them as "outside" would teach the
  model that "hypotension" is never a disease.
- `doc.user_data["biokg_gold"]`: what the relation model learns from -- every mention's
  character span and entity id, the entity types, the relations (subject id, predicate, object
  id, cited sentence spans) and the brand -> generic map (GUIDE.md attaches clinical relations
  to the generic even where a sentence names the brand).

Documents are split by a hash of their id into train and dev (`DEV_SHARE`); a document
annotated twice trains from its first annotation (batch order). An abstract that is also in a
set biokg is benchmarked on (`HELD_OUT`: BC5CDR test, NCBI-disease test, BioRED dev) is never
trained on, whichever corpus it was annotated from: BioRED train holds some BC5CDR test
abstracts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from biokg.nlp.training.annotation.records import read_records
from biokg.nlp.training.annotation.texts import DEFAULT_CORPORA, load_text
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import registry

ANNOTATIONS_DIR = Path(__file__).resolve().parent / "corpus" / "annotations"
GOLD_KEY = "biokg_gold"
DEV_SHARE = 0.15
# The components that give a training doc what biokg's pipeline gives a text at run time before
# the therapy model: tokens, tags, sentences, the parse and every other recogniser's candidate
# spans (doc.spans), which the therapy model reads as features (nlp/architectures.py).
PARSE_PIPES = (
    "biokg_line_breaks", "tok2vec", "tagger", "biokg_parser", "biokg_name_gate",
    "biokg_stash_base", "ner_biored", "biokg_stash_biored", "biokg_abbreviations",
    "biokg_lexicon_ner", "biokg_rule_ner",
)  # fmt: skip


# The benchmark sets of bench/eval_nlp.py and bench/treats_vs_cid.py, by PMID.
HELD_OUT = (
    "bc5cdr/CDR_TestSet.PubTator.txt", "ncbi_disease/NCBItestset_corpus.txt", "biored/Dev.PubTator",
)  # fmt: skip


def held_out_pmids(corpora: Path = DEFAULT_CORPORA) -> frozenset[str]:
    """PMIDs of the abstracts biokg is benchmarked on (PubTator files: "PMID|t|title" lines;
    NCBI-disease: tab-separated lines starting with the PMID)."""
    pmids = set()
    for name in HELD_OUT:
        path = corpora / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            head = line.split("|", 1)[0].split("\t", 1)[0]
            if head.isdigit():
                pmids.add(head)
    return frozenset(pmids)


def split_of(doc_id: str) -> str:
    """'dev' for about `DEV_SHARE` of the documents, by a stable hash of the id; else 'train'."""
    digest = int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16)
    return "dev" if digest % 1000 < DEV_SHARE * 1000 else "train"


@dataclass(frozen=True)
class CorpusRecord:
    record: dict
    text: str
    corpus_spans: tuple[tuple[int, int], ...]


def records(
    paths: Iterable[Path] | None = None, corpora: Path = DEFAULT_CORPORA, skip_stale: bool = False
) -> Iterator[CorpusRecord]:
    """Every annotated document once (its first annotation), with its text, but those of the
    benchmark sets (`held_out_pmids`). A record whose text changed since it was annotated
    raises, or with `skip_stale` is left out (a file being written while a model trains)."""
    seen: set[str] = set()
    held_out = held_out_pmids(corpora)
    for path in sorted(paths or ANNOTATIONS_DIR.glob("*.jsonl")):
        for record in read_records(path):
            if record["doc"] in seen or record["doc"].partition(":")[2] in held_out:
                continue
            seen.add(record["doc"])
            source = load_text(record["doc"], corpora)
            if record.get("sha1") != source.sha1:
                if skip_stale:
                    continue
                raise ValueError(f"{path.name}: {record['doc']}: the text changed (sha1)")
            spans = tuple((m.start, m.end) for m in source.corpus_mentions)
            yield CorpusRecord(record, source.text, spans)


def to_doc(nlp: Language, item: CorpusRecord) -> Doc:
    """One record as a parsed `Doc` with its entities and relation gold (module docstring)."""
    from biokg.nlp.text_prep import mask_markup

    doc = nlp(mask_markup(item.text))
    record = item.record
    spans: list[Span] = []
    missing: list[Span] = []
    mentions = []
    types = {}
    for entity in record["entities"]:
        types[entity["id"]] = entity["type"]
        for start, end in entity.get("mentions", []):
            mentions.append([start, end, entity["id"]])
            span = doc.char_span(start, end, label=entity["type"])
            if span is None:
                loose = doc.char_span(start, end, alignment_mode="expand")
                if loose is not None:
                    missing.append(loose)
            else:
                spans.append(span)
    covered = {i for span in spans for i in range(span.start, span.end)}
    for start, end in item.corpus_spans:
        loose = doc.char_span(start, end, alignment_mode="expand")
        if loose is not None and not covered.intersection(range(loose.start, loose.end)):
            missing.append(loose)
    spans = _non_overlapping(spans)
    taken = {i for span in spans for i in range(span.start, span.end)}
    missing = [
        s for s in _non_overlapping(missing) if not taken.intersection(range(s.start, s.end))
    ]
    doc.set_ents(spans, missing=missing, default="outside")
    brands = {
        rel["subject"]: rel["object"]
        for rel in record.get("relations", [])
        if rel["predicate"] == "BRAND_OF"
    }
    doc.user_data[GOLD_KEY] = {
        "doc": record["doc"],
        "mentions": mentions,
        "types": types,
        "relations": [
            [rel["subject"], rel["predicate"], rel["object"], rel.get("evidence", [])]
            for rel in record.get("relations", [])
        ],
        "attributes": [rel.get("attributes", {}) for rel in record.get("relations", [])],
        "brands": brands,
    }
    return doc


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    used: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if used.intersection(range(span.start, span.end)):
            continue
        used.update(range(span.start, span.end))
        out.append(span)
    return sorted(out, key=lambda s: s.start)


def parsing_pipeline() -> Language:
    """biokg's default pipeline cut down to what runs before the therapy model (PARSE_PIPES)."""
    from biokg.nlp.extractor import MODELS_DIR, build_pipeline

    nlp = build_pipeline([MODELS_DIR / "biored"])
    for name in list(nlp.pipe_names):
        if name not in PARSE_PIPES:
            nlp.remove_pipe(name)
    return nlp


@registry.readers("biokg.TherapyCorpus.v1")
def therapy_corpus_reader(path: Path) -> Callable[[Language], Iterator[Example]]:
    """spaCy's corpus reader, except that each example's predicted doc starts with what the
    running pipeline has before the therapy model: the reference's tags, parse, sentences and
    candidate spans (not its entities)."""

    def read(nlp: Language) -> Iterator[Example]:
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            predicted = Doc(
                nlp.vocab,
                words=[t.text for t in reference],
                spaces=[bool(t.whitespace_) for t in reference],
                tags=[t.tag_ for t in reference],
                heads=[t.head.i for t in reference],
                deps=[t.dep_ for t in reference],
                sent_starts=[bool(t.is_sent_start) for t in reference],
            )
            for key, group in reference.spans.items():
                predicted.spans[key] = [
                    Span(predicted, s.start, s.end, label=s.label_) for s in group
                ]
            yield Example(predicted, reference)

    return read


# Corpora whose relation labels correspond to biokg's predicates, used to train the relation
# classifier only (their entity conventions differ from GUIDE.md's, so their documents train no
# entities): BioRED train (every relation of an abstract annotated, so unrelated pairs are
# "none") and BC5CDR train + development (only chemical-induced diseases annotated). Mapping,
# corpus relation -> biokg predicate (chemical = DRUG):
#   BioRED chemical-disease Negative_Correlation -> DRUG TREATS DISEASE
#   BioRED chemical-disease Positive_Correlation -> DRUG ASSOCIATED_WITH DISEASE (causes)
#   BioRED chemical-gene Bind                    -> DRUG TARGETS GENE
#   BC5CDR CID (chemical-induced disease)        -> DRUG ASSOCIATED_WITH DISEASE, never TREATS
# Any other corpus relation leaves its pair untrained (biokg's predicates split it otherwise:
# a gene-disease "Association" may be EXPRESSED_IN or ASSOCIATED_WITH). Documents the project
# annotated itself, and BioRED dev (an evaluation set), are left out.
_DISTANT_TYPES = {
    "GeneOrGeneProduct": "GENE", "DiseaseOrPhenotypicFeature": "DISEASE",
    "ChemicalEntity": "DRUG", "Chemical": "DRUG", "Disease": "DISEASE",
}  # fmt: skip
_DISTANT_RELATIONS = {
    ("Negative_Correlation", "DRUG", "DISEASE"): "TREATS",
    ("Positive_Correlation", "DRUG", "DISEASE"): "ASSOCIATED_WITH",
    ("Bind", "DRUG", "GENE"): "TARGETS",
    ("CID", "DRUG", "DISEASE"): "ASSOCIATED_WITH",
}


@dataclass(frozen=True)
class DistantRecord:
    doc_id: str
    text: str
    mentions: tuple[tuple[int, int, str, str], ...]  # start, end, biokg type, concept id
    relations: tuple[tuple[str, str, str], ...]  # subject concept, predicate, object concept
    unknown: tuple[tuple[str, str], ...]
    exhaustive: bool


def distant_records(corpora: Path = DEFAULT_CORPORA, exclude: set[str] = frozenset()):
    """BioRED train and BC5CDR train/dev abstracts as relation-only training documents."""
    seen_pmids = {doc_id.split(":")[1] for doc_id in exclude} | held_out_pmids(corpora)
    biored_pmids = set()
    for name in ("biored/Train.PubTator", "biored/Dev.PubTator"):
        for line in (corpora / name).read_text(encoding="utf-8").splitlines():
            if "|t|" in line[:30]:
                biored_pmids.add(line.split("|")[0])
    sources = [
        ("biored", corpora / "biored/Train.PubTator", True),
        ("bc5cdr", corpora / "bc5cdr/CDR_TrainingSet.PubTator.txt", False),
        ("bc5cdr", corpora / "bc5cdr/CDR_DevelopmentSet.PubTator.txt", False),
    ]
    for corpus, path, exhaustive in sources:
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            lines = [line for line in block.splitlines() if line.strip()]
            if not lines or "|t|" not in lines[0][:30]:
                continue
            pmid = lines[0].split("|")[0]
            if pmid in seen_pmids or (corpus == "bc5cdr" and pmid in biored_pmids):
                continue
            seen_pmids.add(pmid)
            yield _distant(corpus, pmid, lines, exhaustive)


def _distant(corpus: str, pmid: str, lines: list[str], exhaustive: bool) -> DistantRecord:
    title = lines[0].split("|t|", 1)[1]
    abstract = next(line.split("|a|", 1)[1] for line in lines if "|a|" in line[:30])
    mentions, kinds, relations, unknown = [], {}, [], []
    for line in lines[2:]:
        cols = line.split("\t")
        if len(cols) >= 6 and cols[1].isdigit() and cols[4] in _DISTANT_TYPES:
            concept = cols[5].split("|")[0].split(",")[0].split(";")[0]
            if concept in ("-1", ""):
                concept = f"mention:{cols[1]}"
            kind = _DISTANT_TYPES[cols[4]]
            kinds[concept] = kind
            mentions.append((int(cols[1]), int(cols[2]), kind, concept))
        elif len(cols) >= 4 and not cols[1].isdigit():
            kind, a, b = cols[1], cols[2], cols[3]
            for x, y in ((a, b), (b, a)):
                predicate = _DISTANT_RELATIONS.get((kind, kinds.get(x), kinds.get(y)))
                if predicate:
                    relations.append((x, predicate, y))
                    break
            else:
                unknown.append((a, b))
    return DistantRecord(f"{corpus}:{pmid}", f"{title} {abstract}", tuple(mentions),
                         tuple(relations), tuple(unknown), exhaustive)  # fmt: skip


def to_distant_doc(nlp: Language, item: DistantRecord) -> Doc:
    """A relation-only training doc: no entity annotation (every token missing), the corpus'
    mentions as relation candidates (`RELATION_ENTS_KEY`), its relations as gold."""
    from biokg.nlp.relation_model import RELATION_ENTS_KEY
    from biokg.nlp.text_prep import mask_markup

    doc = nlp(mask_markup(item.text))
    spans = [doc.char_span(s, e, label=kind) for s, e, kind, _ in item.mentions]
    doc.spans[RELATION_ENTS_KEY] = _non_overlapping([span for span in spans if span is not None])
    doc.set_ents([], missing=[doc[:]] if len(doc) else [], default="unmodified")
    doc.user_data[GOLD_KEY] = {
        "doc": item.doc_id,
        "mentions": [[s, e, concept] for s, e, _kind, concept in item.mentions],
        "types": {concept: kind for _s, _e, kind, concept in item.mentions},
        "relations": [[a, p, b, []] for a, p, b in item.relations],
        "attributes": [{} for _ in item.relations],
        "brands": {},
        "exhaustive": item.exhaustive,
        "unknown": [list(pair) for pair in item.unknown],
    }
    return doc


def write_docbins(
    out_dir: Path, corpora: Path = DEFAULT_CORPORA, skip_stale: bool = False, distant: bool = True
) -> dict[str, int]:
    """train.spacy and dev.spacy under `out_dir`; returns the number of documents in each."""
    nlp = parsing_pipeline()
    bins = {"train": DocBin(store_user_data=True), "dev": DocBin(store_user_data=True)}
    annotated = set()
    for item in records(corpora=corpora, skip_stale=skip_stale):
        doc = to_doc(nlp, item)
        bins[split_of(item.record["doc"])].add(doc)
        annotated.add(item.record["doc"])
    if distant:
        for distant_item in distant_records(corpora, exclude=annotated):
            bins["train"].add(to_distant_doc(nlp, distant_item))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, docbin in bins.items():
        docbin.to_disk(out_dir / f"{name}.spacy")
    return {name: len(docbin) for name, docbin in bins.items()}
