"""Rebuild biokg's compiled lexicon tables (`nlp/data/`) from `../shared/lexicons` and corpora.

Usage:
    python scripts/build_lexicons.py [--shared ../shared] [--out nlp/data]

Writes two gzip'd TSV tables:
- `concepts.tsv.gz`: curie, type, preferred name, cross-references (`|`-joined, e.g. MESH:D015451,
  NCBIGene:933) used to bridge to corpus ids during evaluation.
- `terms.tsv.gz`: curie, type, term, mode, pref (1 when the term is the preferred name),
  key (the normalised form the matcher looks up, precomputed so loading stays fast). `mode` is
  `ci` (matched case-insensitively on the normalised name) or `cs` (a short symbol, matched
  case-sensitively with punctuation removed).

Sources: HGNC (GENE), Human Disease Ontology + MeSH descriptors mapped to DOID/HP (DISEASE),
Cell Ontology (CELL_TYPE), DrugBank names, ChEBI names and MeSH descriptors mapped to ChEBI
(DRUG), plus mention strings of the *training* splits of BC5CDR, NCBI-disease and BioRED (never
dev/test), which add the spellings authors really use.

Precision filter: a term is dropped when it is an English stop word, in `BLOCKLIST`, or when the
training corpora show it mostly unannotated (it occurs >= 4 times as a token sequence but is
annotated in < 25% of those occurrences; a gene's symbol opening a longer mention of that gene,
"TNF" of "TNF-alpha", counts as annotated) -- e.g. the HGNC aliases "CAR", "ALL" or "MAP", though
not a disease ontology's or DrugBank's own name for its concept that the corpora annotate on its
own at least twice ("lymphoma", "fluorouracil": mostly annotated inside longer names) -- or,
for a gene's name matched case-insensitively, when corpora that mark every gene mention (BC2GM,
BioNLP-ST 2013 CG and JNLPBA training splits) read it mostly outside one ("killer" of "natural
killer cells", "promyelocytic leukemia").
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
import tarfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from nlp.lexicon import ci_key, cs_key  # noqa: E402

csv.field_size_limit(10**8)

# Common abbreviations and words in biomedical news that collide with lexicon entries.
BLOCKLIST = {
    "car",
    "all",
    "md",
    "phd",
    "nci",
    "fda",
    "crs",
    "cr",
    "pr",
    "os",
    "pfs",
    "orr",
    "us",
    "uk",
    "eu",
    "nih",
    "who",
    "can",
    "was",
    "has",
    "had",
    "per",
    "for",
    "and",
    "set",
    "act",
    "map",
    "impact",
    "cell",
    "cells",
    "gene",
    "genes",
    "protein",
    "proteins",
    "drug",
    "drugs",
    "agent",
    "agents",
    "compound",
    "patient",
    "patients",
    "disease",
    "diseases",
    "syndrome",
    "disorder",
    "water",
    "salt",
    "ion",
    "ions",
    "acid",
    "base",
    "group",
    "lead",
    "iron",
    "light",
    "sleep",
    "function",
    "growth",
    "development",
    "control",
    "type",
    "factor",
    "receptor",
    "antigen",
    "antibody",
    "antibodies",
    "vaccine",
    "therapy",
    "treatment",
    "study",
    "trial",
    "ratio",
    "rate",
    "role",
    "age",
    "aged",
    "large",
    "small",
    "low",
    "high",
    "may",
    "not",
    "via",
    "met",
    "ret",
    "kit",
    "mice",
    "rat",
    "rats",
    "dog",
    "man",
    "men",
    "women",
    "human",
    "humans",
    "t",
    "b",
    "a",
    "i",
    "ii",
    "iii",
    "iv",
    "hr",
    "ci",
    "sd",
    "or",
    "vs",
    "pd",
    "tumor",
    "tumour",
    "cancer",
    "cancers",
    "carcinoma",
    "lesion",
    "lesions",
    "pain",
    "death",
    "injury",
    "damage",
    "response",
    "remission",
    "relapse",
    "toxicity",
    "survival",
    "infection",
    "dose",
    "doses",
    "blood",
    "serum",
    "plasma",
    "oxygen",
    "glucose",
    "sodium",
    "calcium",
    "potassium",
    "tyrosine",
    "tumours",
    "tumors",
    "neoplasm",
    "neoplasms",
    "malignancy",
    "malignancies",
    "solid tumor",
    "solid tumour",
    "chemotherapy",
    "immunotherapy",
    "aggressive disease",
    "kinase",
    "serine",
    "threonine",
    "cd",
    "car t",
    "medicine",
    "institute",
    "center",
    "university",
    "school",
    "company",
    "news",
    "data",
    "result",
    "results",
    "the",
    "peptide",
    "peptides",
    "hormone",
    "enzyme",
    "chemical",
    "chemicals",
    "solution",
    "metal",
    "mutation",
    "mutations",
    "variant",
    "variants",
    "syndromes",
    "normal",
    "healthy",
    "abnormal",
    "chronic",
    "acute",
    "severe",
    "mild",
    "model",
    "models",
    "week",
    "weeks",
    "day",
}

PRIORITY = {"GENE": 0, "DISEASE": 1, "DRUG": 2, "CELL_TYPE": 3}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.strip().strip('"').split("|") if v.strip()]


class Tables:
    def __init__(self) -> None:
        self.concepts: dict[str, tuple[str, str, set[str]]] = {}
        self.terms: dict[tuple[str, str], set[str]] = defaultdict(set)  # (curie, type) -> terms
        self.corpus_counts: Counter[tuple[str, str]] = Counter()  # (curie, ci key) -> mentions
        self.outdated: set[tuple[str, str]] = set()  # (curie, term) of previous HGNC symbols

    def concept(self, curie: str, etype: str, name: str, xrefs: set[str] | None = None) -> None:
        if curie not in self.concepts:
            self.concepts[curie] = (etype, name, set(xrefs or ()))
        elif xrefs:
            self.concepts[curie][2].update(xrefs)
        self.term(curie, etype, name)

    def term(self, curie: str, etype: str, term: str) -> None:
        term = term.strip()
        if 2 <= len(term) <= 120:
            self.terms[(curie, etype)].add(term)


def load_hgnc(t: Tables, path: Path) -> dict[str, str]:
    entrez_to_hgnc: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["status"] != "Approved":
                continue
            curie = row["hgnc_id"]
            xrefs = {f"NCBIGene:{row['entrez_id']}"} if row["entrez_id"] else set()
            if row["entrez_id"]:
                entrez_to_hgnc[row["entrez_id"]] = curie
            t.concept(curie, "GENE", row["symbol"], xrefs)
            if row["locus_group"] == "protein-coding gene":
                t.term(curie, "GENE", row["name"])
            for alias in _split(row["alias_symbol"]):
                t.term(curie, "GENE", alias)
            for alias in _split(row["prev_symbol"]):
                t.term(curie, "GENE", alias)
                t.outdated.add((curie, alias))
            for field in ("alias_name",):
                for alias in _split(row[field]):
                    t.term(curie, "GENE", alias)
    return entrez_to_hgnc


def load_doid(t: Tables, path: Path) -> dict[str, str]:
    mesh_to_doid: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    for stanza in text.split("\n[Term]\n")[1:]:
        stanza = stanza.split("\n[Typedef]")[0]
        if "\nis_obsolete: true" in stanza:
            continue
        lines = stanza.splitlines()
        curie = next((ln[4:] for ln in lines if ln.startswith("id: ")), "")
        name = next((ln[6:] for ln in lines if ln.startswith("name: ")), "")
        if not curie.startswith("DOID:") or not name:
            continue
        xrefs = {ln[6:].strip() for ln in lines if ln.startswith("xref: MESH:")}
        t.concept(curie, "DISEASE", name, xrefs)
        for ln in lines:
            m = re.match(r'synonym: "(.*)" (EXACT|RELATED)', ln)
            if m:
                t.term(curie, "DISEASE", m.group(1))
        for x in xrefs:
            mesh_to_doid.setdefault(x, curie)
    return mesh_to_doid


def load_cl(t: Tables, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for stanza in text.split("\n[Term]\n")[1:]:
        stanza = stanza.split("\n[Typedef]")[0]
        if "\nis_obsolete: true" in stanza:
            continue
        lines = stanza.splitlines()
        curie = next((ln[4:] for ln in lines if ln.startswith("id: ")), "")
        name = next((ln[6:] for ln in lines if ln.startswith("name: ")), "")
        if not curie.startswith("CL:") or not name or curie == "CL:0000000":
            continue
        t.concept(curie, "CELL_TYPE", name)
        for ln in lines:
            m = re.match(r'synonym: "(.*)" EXACT', ln)
            if m:
                t.term(curie, "CELL_TYPE", m.group(1))


def load_drugs(t: Tables, mesh_dir: Path, mesh_to_doid: dict[str, str]) -> dict[str, str]:
    """DrugBank + ChEBI names, MeSH descriptors mapped to ChEBI (DRUG) or DOID/HP (DISEASE)."""
    mesh_labels: dict[str, tuple[str, list[str]]] = {}
    with open(mesh_dir / "mesh_id_label_mappings.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 2:
                mesh_labels[row[0]] = (row[1], _split(row[2]) if len(row) > 2 else [])
    mesh_kind: dict[str, tuple[str, str]] = {}  # mesh id -> (type, target curie)
    mesh_names: dict[str, str] = {}
    with open(mesh_dir / "mesh_mappings.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 6:
                continue
            mesh_id, mesh_name, ns, target = row[1], row[2], row[3], row[4]
            mesh_names[mesh_id] = mesh_name
            if ns == "CHEBI":
                mesh_kind.setdefault(mesh_id, ("DRUG", target))
            elif ns in ("DOID", "HP"):
                mesh_kind.setdefault(mesh_id, ("DISEASE", target if ns == "DOID" else ""))
    for mesh_id in mesh_to_doid:
        mesh_kind.setdefault(mesh_id.split(":", 1)[1], ("DISEASE", mesh_to_doid[mesh_id]))
    mesh_to_curie: dict[str, str] = {}
    for mesh_id, (etype, target) in mesh_kind.items():
        label, entries = mesh_labels.get(mesh_id, (mesh_names.get(mesh_id, ""), []))
        if not label:
            continue
        # A DOID-mapped disease keeps its DOID curie; everything else is named by MeSH.
        curie = target if etype == "DISEASE" and target.startswith("DOID:") else f"MESH:{mesh_id}"
        mesh_to_curie[f"MESH:{mesh_id}"] = curie
        t.concept(curie, etype, label, {f"MESH:{mesh_id}"})
        for entry in entries:
            if "," not in entry:  # "House, Slaughter"-style permuted entry terms never occur
                t.term(curie, etype, entry)
    chebi_curie: dict[str, str] = {}
    with open(mesh_dir / "drugbank_mappings.tsv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    for row in rows:
        if len(row) >= 3 and row[1] == "CHEBI":
            chebi_curie[f"CHEBI:{row[2]}"] = f"DRUGBANK:{row[0]}"
    for row in rows:
        if len(row) >= 3 and row[1] == "NAME":
            t.concept(f"DRUGBANK:{row[0]}", "DRUG", row[2])
    for curie, drugbank in chebi_curie.items():
        if drugbank in t.concepts:
            t.concepts[drugbank][2].add(curie)
    with open(mesh_dir / "chebi_names.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            curie = f"CHEBI:{row['COMPOUND_ID']}"
            name = row["NAME"]
            if chebi_curie.get(curie) in t.concepts:
                t.term(chebi_curie[curie], "DRUG", name)
            elif len(name) <= 40:  # long IUPAC-style names never occur verbatim in prose
                t.concept(curie, "DRUG", name)
    return mesh_to_curie


def read_pubtator(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(text, [(mention, corpus type, corpus id)]) per document of a PubTator file."""
    docs = []
    title, abstract, mentions = "", "", []
    for line in list(path.read_text(encoding="utf-8").splitlines()) + [""]:
        if "|t|" in line[:20]:
            title = line.split("|t|", 1)[1]
        elif "|a|" in line[:20]:
            abstract = line.split("|a|", 1)[1]
        elif line.strip():
            cols = line.split("\t")
            if len(cols) >= 6 and cols[1].isdigit():
                mentions.append((cols[3], cols[4], cols[5]))
        elif title or abstract:
            docs.append((title + " " + abstract, mentions))
            title, abstract, mentions = "", "", []
    return docs


CORPUS_TYPES = {
    "Chemical": "DRUG",
    "ChemicalEntity": "DRUG",
    "Disease": "DISEASE",
    "DiseaseOrPhenotypicFeature": "DISEASE",
    "SpecificDisease": "DISEASE",
    "DiseaseClass": "DISEASE",
    "Modifier": "DISEASE",
    "CompositeMention": None,
    "GeneOrGeneProduct": "GENE",
}


def load_corpora(
    t: Tables, corpora: Path, entrez_to_hgnc: dict[str, str], mesh_to_curie: dict[str, str]
) -> list[str]:
    texts = []
    files = [
        corpora / "bc5cdr" / "CDR_TrainingSet.PubTator.txt",
        corpora / "ncbi_disease" / "NCBItrainset_corpus.txt",
        corpora / "biored" / "Train.PubTator",
    ]
    for path in files:
        for text, mentions in read_pubtator(path):
            texts.append(text)
            for mention, ctype, cid in mentions:
                etype = CORPUS_TYPES.get(ctype)
                if not etype or "|" in cid or "," in cid or cid in ("-1", "-"):
                    continue
                if etype == "GENE":
                    curie = entrez_to_hgnc.get(cid.split(";")[0])
                else:
                    mesh = cid if cid.startswith(("MESH:", "OMIM:")) else f"MESH:{cid}"
                    curie = mesh_to_curie.get(mesh)
                    if curie is None and mesh.startswith("MESH:"):
                        curie = mesh
                        t.concept(curie, etype, mention, {mesh})
                if curie and curie in t.concepts and t.concepts[curie][0] == etype:
                    t.term(curie, etype, mention)
                    t.corpus_counts[(curie, ci_key(mention))] += 1
    return texts


def annotation_ratio_filter(t: Tables, corpora: Path) -> tuple[set[str], Counter[tuple[str, str]]]:
    """Normalised keys that the training corpora mostly leave unannotated, and how often the
    corpora annotate each (type, key) as a mention of its own."""
    annotated: Counter[str] = Counter()
    annotated_as: Counter[tuple[str, str]] = Counter()
    occurring: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    files = [
        corpora / "bc5cdr" / "CDR_TrainingSet.PubTator.txt",
        corpora / "ncbi_disease" / "NCBItrainset_corpus.txt",
        corpora / "biored" / "Train.PubTator",
    ]
    keys = {ci_key(term) for terms in t.terms.values() for term in terms}
    # A gene's symbol that opens a longer mention of the same gene ("TNF" of "TNF-alpha") is a
    # marked use of it, not an unmarked one.
    gene_of = {
        xref.removeprefix("NCBIGene:"): curie
        for curie, (etype, _name, xrefs) in t.concepts.items()
        if etype == "GENE"
        for xref in xrefs
        if xref.startswith("NCBIGene:")
    }
    gene_keys = {
        (curie, ci_key(term))
        for (curie, etype), terms in t.terms.items()
        if etype == "GENE"
        for term in terms
    }
    for path in files:
        for text, mentions in read_pubtator(path):
            for mention, ctype, ids in mentions:
                annotated[ci_key(mention)] += 1
                annotated_as[(CORPUS_TYPES.get(ctype) or ctype, ci_key(mention))] += 1
                if CORPUS_TYPES.get(ctype) != "GENE":
                    continue
                words = ci_key(mention).split()
                genes = {gene_of.get(i) for i in re.split(r"[;,]", ids)}
                for n in range(1, len(words)):
                    opening = " ".join(words[:n])
                    if any((g, opening) in gene_keys for g in genes):
                        inside[opening] += 1
            words = ci_key(text).split()
            for n in range(1, 5):
                for i in range(len(words) - n + 1):
                    gram = " ".join(words[i : i + n])
                    if gram in keys:
                        occurring[gram] += 1
    noisy = {k for k, c in occurring.items() if c >= 4 and max(annotated[k], inside[k]) < 0.25 * c}
    return noisy, annotated_as


def is_symbol(term: str) -> bool:
    """Short or digit-bearing symbols are matched case-sensitively: "CD22" yes, "cd22" no."""
    key = ci_key(term)
    return len(key) <= 5 or (any(c.isdigit() for c in term) and " " not in key)


# Corpora that mark every gene mention, with the tags that mean a gene or its product.
GENE_CORPORA = (
    ("BC2GM-IOB/train.tsv", {"GENE"}),
    ("BioNLP13CG-IOB/train.tsv", {"Gene_or_gene_product"}),
)
JNLPBA_GENE_TAGS = {"protein", "DNA", "RNA"}
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _iob_sentences(path: Path, gene_tags: set[str]) -> Iterator[list[tuple[str, bool]]]:
    """(token, inside a gene mention) per sentence of an IOB2 file."""
    sentence: list[tuple[str, bool]] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if sentence:
                yield sentence
            sentence = []
            continue
        token, tag = line.split("\t")[:2]
        sentence.append((token, tag[2:] in gene_tags))


def _brat_documents(
    archive: Path, split: str, gene_tags: set[str]
) -> Iterator[list[tuple[str, bool]]]:
    """(token, inside a gene mention) per document of a brat standoff archive's split."""
    texts: dict[str, str] = {}
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if len(parts) != 3 or parts[1] != split or not member.isfile():
                continue
            stem, ext = parts[2].rsplit(".", 1)
            data = tar.extractfile(member).read().decode("utf-8")
            if ext == "txt":
                texts[stem] = data
            elif ext == "ann":
                for line in data.splitlines():
                    cols = line.split("\t")
                    if len(cols) >= 2 and cols[0].startswith("T"):
                        label, *offsets = cols[1].replace(";", " ").split()
                        if label in gene_tags:
                            spans[stem].append((int(offsets[0]), int(offsets[-1])))
    for stem in sorted(texts):
        yield [
            (m.group(), any(a <= m.start() and m.end() <= b for a, b in spans[stem]))
            for m in _TOKEN.finditer(texts[stem])
        ]


def gene_context_filter(t: Tables, corpora: Path) -> set[str]:
    """Gene keys that gene-annotating corpora mostly read outside any gene mention.

    A word sequence counts as a gene where all its tokens lie inside a marked gene mention, so a
    key within a longer name ("human insulin receptor") still counts for it, while the HGNC
    alias "KILLER" read case-insensitively in "natural killer cells", or "promyelocytic
    leukemia" (PML) in "acute promyelocytic leukemia", counts against. Training splits only.
    """
    keys = {
        ci_key(term)
        for (_, etype), terms in t.terms.items()
        if etype == "GENE"
        for term in terms
        if not is_symbol(term)
    }
    occurring: Counter[str] = Counter()
    as_gene: Counter[str] = Counter()
    documents = [
        sentence for name, tags in GENE_CORPORA for sentence in _iob_sentences(corpora / name, tags)
    ]
    documents += _brat_documents(
        corpora / "jnlpba" / "standoff_train_test.tar.gz", "train", JNLPBA_GENE_TAGS
    )
    for tokens in documents:
        words = [(ci_key(token), inside) for token, inside in tokens]
        words = [(w, inside) for w, inside in words if w]
        for n in range(1, 5):
            for i in range(len(words) - n + 1):
                gram = " ".join(w for w, _ in words[i : i + n])
                if gram in keys:
                    occurring[gram] += 1
                    as_gene[gram] += all(inside for _, inside in words[i : i + n])
    return {k for k, c in occurring.items() if c >= 4 and as_gene[k] < 0.25 * c}


def _gzip_text(path: Path) -> io.TextIOWrapper:
    """A gzip text writer with a fixed header time, so a rebuild is byte-identical."""
    raw = gzip.GzipFile(filename=str(path), mode="wb", compresslevel=9, mtime=0)
    return io.TextIOWrapper(raw, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "nlp" / "data")
    args = ap.parse_args()
    lex = args.shared / "lexicons"
    t = Tables()
    entrez_to_hgnc = load_hgnc(t, lex / "hgnc" / "hgnc_complete_set.txt.gz")
    mesh_to_doid = load_doid(t, lex / "doid" / "doid.obo.gz")
    load_cl(t, lex / "cell_ontology" / "cl-basic.obo")
    mesh_to_curie = load_drugs(t, lex / "mesh_chem_drug", mesh_to_doid)
    load_corpora(t, args.shared / "corpora", entrez_to_hgnc, mesh_to_curie)
    noisy, annotated = annotation_ratio_filter(t, args.shared / "corpora")
    not_genes = gene_context_filter(t, args.shared / "corpora")
    from spacy.lang.en.stop_words import STOP_WORDS

    args.out.mkdir(parents=True, exist_ok=True)
    with _gzip_text(args.out / "concepts.tsv.gz") as fh:
        for curie in sorted(t.concepts):
            etype, name, xrefs = t.concepts[curie]
            fh.write(f"{curie}\t{etype}\t{name}\t{'|'.join(sorted(xrefs))}\n")
    order = {"DISEASE": 0, "DRUG": 1, "GENE": 2, "CELL_TYPE": 3}
    best: dict[tuple[str, str], tuple[tuple[int, int], tuple[str, ...]]] = {}
    for (curie, etype), terms in sorted(t.terms.items()):
        name = t.concepts[curie][1]
        for term in sorted(terms):
            key = ci_key(term)
            # The corpora annotate no cell types, so their silence says nothing about those.
            # A disease ontology's or DrugBank's own name for its concept that the corpora
            # annotate on its own stays ("fluorouracil", "lymphoma", "meningitis"): the corpora
            # leave it unannotated where it is part of a longer name ("5-fluorouracil",
            # "Hodgkin lymphoma"), not where it names the concept.
            own_name = (
                key == ci_key(name)
                and not is_symbol(term)
                and annotated[(etype, key)] >= 2
                and (etype == "DISEASE" or curie.startswith("DRUGBANK:"))
            )
            noisy_here = (key in noisy and etype != "CELL_TYPE" and not own_name) or (
                etype == "GENE" and key in not_genes and not is_symbol(term)
            )
            if not key or key in STOP_WORDS or key in BLOCKLIST or noisy_here:
                continue
            if key.replace(" ", "").isdigit():
                continue
            mode = "cs" if is_symbol(term) else "ci"
            norm = cs_key(term) if mode == "cs" else key
            if len(norm) < 2:
                continue
            # A key shared by two concepts goes to a preferred name or symbol over another
            # concept's synonym, then to the concept the training corpora use it for most
            # ("PD-1" is PDCD1, not SNCA), then to a current over an outdated HGNC symbol, then
            # by type order (diseases and drugs are named more often than genes by one word).
            rank = (
                0 if term == name else 1,
                -t.corpus_counts[(curie, key)],
                int((curie, term) in t.outdated),
                order[etype],
            )
            if (mode, norm) not in best or rank < best[(mode, norm)][0]:
                best[(mode, norm)] = (
                    rank,
                    (curie, etype, term, mode, str(int(term == name)), norm),
                )
    with _gzip_text(args.out / "terms.tsv.gz") as fh:
        for (_mode, _norm), (_rank, row) in sorted(best.items()):
            fh.write("\t".join(row) + "\n")
    n_terms = len(best)
    print(
        f"{len(t.concepts)} concepts, {n_terms} terms, {len(noisy)} noisy keys dropped, "
        f"{len(not_genes)} gene keys read outside genes dropped: {', '.join(sorted(not_genes))}"
    )


if __name__ == "__main__":
    main()
