"""The lexicon build's precision filter for gene names (scripts/build_lexicons.py), on corpora
written for the test: a gene's name that gene-annotating corpora read mostly outside any gene
mention is no gene name."""

from __future__ import annotations

import importlib.util
import io
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_lexicons", REPO / "scripts/build_lexicons.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _iob(rows: list[list[tuple[str, str]]]) -> str:
    return "".join("".join(f"{t}\t{g}\n" for t, g in sentence) + "\n" for sentence in rows)


def _corpora(tmp_path: Path) -> Path:
    killer_cells = [
        ("Natural", "O"),
        ("killer", "O"),
        ("cells", "O"),
        ("lysed", "O"),
        ("targets", "O"),
    ]
    a_gene = [("The", "O"), ("insulin", "B-GENE"), ("receptor", "I-GENE"), ("binds", "O")]
    within = [("human", "B-GENE"), ("insulin", "I-GENE"), ("receptor", "I-GENE"), ("is", "O")]
    (tmp_path / "BC2GM-IOB").mkdir()
    (tmp_path / "BC2GM-IOB/train.tsv").write_text(
        _iob([killer_cells] * 3 + [a_gene] * 2 + [within] * 3)
    )
    (tmp_path / "BioNLP13CG-IOB").mkdir()
    (tmp_path / "BioNLP13CG-IOB/train.tsv").write_text(_iob([killer_cells]))
    (tmp_path / "jnlpba").mkdir()
    text = "Natural killer cells express the insulin receptor."
    ann = "T1\tcell_type 0 20\tNatural killer cells\nT2\tprotein 33 49\tinsulin receptor\n"
    with tarfile.open(tmp_path / "jnlpba/standoff_train_test.tar.gz", "w:gz") as tar:
        for name, data in (("standoff/train/1.txt", text), ("standoff/train/1.ann", ann)):
            payload = data.encode()
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return tmp_path


def test_a_gene_name_read_outside_genes_is_dropped_one_read_within_them_kept(tmp_path):
    build = _build_module()
    tables = build.Tables()
    tables.concept("HGNC:1", "GENE", "TNFRSF10B")
    tables.term("HGNC:1", "GENE", "KILLER")
    tables.concept("HGNC:2", "GENE", "INSR")
    tables.term("HGNC:2", "GENE", "insulin receptor")
    dropped = build.gene_context_filter(tables, _corpora(tmp_path))
    # "killer" occurs five times, never inside a gene mention; "insulin receptor" six times,
    # each inside one, three of them in a longer name.
    assert dropped == {"killer"}


def test_symbols_are_matched_by_case_and_never_filtered_as_words():
    build = _build_module()
    assert build.is_symbol("CD22") and build.is_symbol("TP53")
    assert not build.is_symbol("KILLER") and not build.is_symbol("insulin receptor")


def _pubtator(docs: list[tuple[str, list[tuple[int, int, str, str]]]]) -> str:
    out = []
    for n, (text, mentions) in enumerate(docs, start=1):
        out.append(f"{n}|t|{text}\n{n}|a|\n")
        out += [f"{n}\t{s}\t{e}\t{text[s:e]}\t{t}\t{i}\n" for s, e, t, i in mentions]
        out.append("\n")
    return "".join(out)


def test_a_symbol_opening_a_longer_mention_of_its_gene_is_a_marked_use(tmp_path):
    build = _build_module()
    tables = build.Tables()
    tables.concept("HGNC:11892", "GENE", "TNF", {"NCBIGene:7124"})
    tables.term("HGNC:11892", "GENE", "TNF")
    tables.concept("HGNC:9", "GENE", "NOISE1", {"NCBIGene:9"})
    tables.term("HGNC:9", "GENE", "ago")
    # "TNF" is marked only inside "TNF-alpha" mentions of its own gene; "ago" never.
    text = "TNF-alpha rose two weeks ago."
    docs = [(text, [(0, 9, "GeneOrGeneProduct", "7124")])] * 4
    for name, path in (
        ("bc5cdr", "CDR_TrainingSet.PubTator.txt"),
        ("ncbi_disease", "NCBItrainset_corpus.txt"),
        ("biored", "Train.PubTator"),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / path).write_text(_pubtator(docs if name == "biored" else []))
    noisy, _annotated = build.annotation_ratio_filter(tables, tmp_path)
    assert noisy == {"ago"}
