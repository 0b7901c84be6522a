"""Readers against the real corpora in ../shared: counts match the published statistics."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from biokg.nlp.training.bioc import read_bioc_xml
from biokg.nlp.training.iob import read_iob
from biokg.nlp.training.labels import map_label
from biokg.nlp.training.pubtator import read_pubtator

pytestmark = pytest.mark.shared


def _mapped(docs, corpus: str) -> Counter[str]:
    return Counter(map_label(corpus, m.label) for d in docs for m in d.mentions)


def test_bc5cdr_test_split_counts(shared_dir: Path) -> None:
    docs = list(read_pubtator(shared_dir / "corpora/bc5cdr/CDR_TestSet.PubTator.txt"))
    assert len(docs) == 500
    assert _mapped(docs, "bc5cdr") == {"DRUG": 5385, "DISEASE": 4424}


def test_ncbi_disease_test_split_counts(shared_dir: Path) -> None:
    docs = list(read_pubtator(shared_dir / "corpora/ncbi_disease/NCBItestset_corpus.txt"))
    assert len(docs) == 100
    assert _mapped(docs, "ncbi_disease") == {"DISEASE": 960}


def test_biored_dev_pubtator_and_bioc_xml_agree(shared_dir: Path) -> None:
    pubtator = list(read_pubtator(shared_dir / "corpora/biored/Dev.PubTator"))
    xml = list(read_bioc_xml(shared_dir / "corpora/biored/Dev.BioC.XML"))
    assert len(pubtator) == 100
    assert sum(len(d.mentions) for d in pubtator) == 3533
    assert [(d.doc_id, d.text) for d in xml] == [(d.doc_id, d.text) for d in pubtator]
    assert [sorted(d.mentions, key=repr) for d in xml] == [
        sorted(d.mentions, key=repr) for d in pubtator
    ]


def test_bc2gm_test_split_counts(shared_dir: Path) -> None:
    sentences = list(read_iob(shared_dir / "corpora/BC2GM-IOB/test.tsv"))
    assert len(sentences) == 5038
    assert _mapped(sentences, "bc2gm") == {"GENE": 6325}


def test_vector_text_comes_from_training_splits_only(shared_dir: Path) -> None:
    from biokg.nlp.training import vectors

    names = vectors._PUBTATOR + vectors._IOB
    assert not any("test" in name.lower() or name.startswith("biored/Dev") for name in names)
    first = next(vectors.raw_texts(shared_dir / "corpora"))
    assert first.startswith("Naloxone reverses the antihypertensive effect of clonidine.")
