"""Static subword vectors (floret) trained on the raw text of the corpora's training splits.

The published scispacy models start from word vectors trained on PubMed; those cannot be
downloaded here, so biokg trains small floret vectors (hashed subword buckets, so unseen drug
and gene names still get a vector from their character n-grams) on the unlabelled text of
every corpus *training/development* split in `../shared/corpora/` — never a test split, and not
BioRED dev, which is an evaluation set. spaCy reads floret tables natively (`mode="floret"`), so
the `floret` package is needed only to rebuild them.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import spacy
from biokg.nlp.training.iob import read_iob
from biokg.nlp.training.pubtator import read_pubtator
from biokg.nlp.training.tokenizer import customise_tokenizer

_PUBTATOR = [
    "bc5cdr/CDR_TrainingSet.PubTator.txt",
    "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
    "ncbi_disease/NCBItrainset_corpus.txt",
    "ncbi_disease/NCBIdevelopset_corpus.txt",
    "biored/Train.PubTator",
]
_IOB = [
    f"{corpus}/{split}.tsv"
    for corpus in ("BC2GM-IOB", "BioNLP13CG-IOB", "CRAFT-cell-IOB", "AnatEM-IOB")
    for split in ("train", "devel")
]
# Sizes chosen for a small shipped table: 20k buckets x 64 dims = 5 MB per model.
FLORET_PARAMS = {
    "model": "cbow",
    "mode": "floret",
    "hashCount": 2,
    "bucket": 20000,
    "minn": 4,
    "maxn": 5,
    "dim": 64,
    "epoch": 10,
    "minCount": 3,
    "thread": 1,  # one thread: deterministic (floret has no seed option)
    "verbose": 0,
}


def raw_texts(corpora_dir: Path) -> Iterator[str]:
    """The unlabelled texts of the training/development splits, one document or sentence each."""
    for name in _PUBTATOR:
        for doc in read_pubtator(corpora_dir / name):
            yield doc.text
    for name in _IOB:
        for sentence in read_iob(corpora_dir / name):
            yield sentence.text
    with tarfile.open(corpora_dir / "jnlpba" / "standoff_train_test.tar.gz") as tar:
        for member in tar:
            if member.isfile() and "/train/" in member.name and member.name.endswith(".txt"):
                handle = tar.extractfile(member)
                if handle is not None:
                    yield handle.read().decode("utf-8")


def build_vectors(corpora_dir: Path, work_dir: Path) -> Path:
    """Train floret vectors and convert them into a spaCy vectors pipeline; returns its path."""
    import floret  # training-only dependency (the `train` extra)

    work_dir.mkdir(parents=True, exist_ok=True)
    tokenizer = customise_tokenizer(spacy.blank("en")).tokenizer
    text_path = work_dir / "raw_text.txt"
    with text_path.open("w", encoding="utf-8") as out:
        for doc in tokenizer.pipe(raw_texts(corpora_dir), batch_size=256):
            words = [t.text for t in doc if not t.is_space]
            if words:
                out.write(" ".join(words) + "\n")
    model = floret.train_unsupervised(str(text_path), **FLORET_PARAMS)
    floret_path = work_dir / "vectors.floret"
    model.save_floret_vectors(str(floret_path))
    output = work_dir / "vectors_model"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "init",
            "vectors",
            "en",
            str(floret_path),
            str(output),
            "--mode",
            "floret",
        ],
        check=True,
    )
    return output
