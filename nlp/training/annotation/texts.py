"""The texts of the annotation corpus, by document id, and their numbered sentences.

A document id names where its text lives; texts written by others stay in `../shared/corpora`
and are read from there, never copied into the repo:

- ``biored:PMID`` -- BioRED train (PubTator): ``title + " " + abstract``, the corpus' own offsets;
- ``bc5cdr:PMID`` -- BC5CDR train or development set (PubTator), the same;
- ``ebm:PMID`` -- an EBM-NLP trial abstract, its tokens joined by `detokenize` (the corpus has
  no original offsets, so annotation offsets index that text);
- ``news:SLUG`` -- a text written for biokg, `nlp/training/corpus/texts/SLUG.txt` (MIT).

Sentences (`sentences`) are what annotators cite as evidence: a deterministic punctuation
splitter, so an annotation's sentence numbers mean the same on every machine.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from biokg.nlp.training.pubtator import read_pubtator

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
NEWS_DIR = CORPUS_DIR / "texts"
_REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_CORPORA = _REPO_ROOT.parent / "shared" / "corpora"

PUBTATOR_FILES = {
    "biored": ("biored/Train.PubTator",),
    "bc5cdr": ("bc5cdr/CDR_TrainingSet.PubTator.txt", "bc5cdr/CDR_DevelopmentSet.PubTator.txt"),
}
EBM_DIR = "ebm-nlp-rct-abstracts/documents"


class UnknownText(KeyError):
    """A document id whose text cannot be found (unknown source or id, or no ../shared)."""


@dataclass(frozen=True)
class CorpusMention:
    """A mention the source corpus itself annotates (a hint for annotators, and gold for GENE,
    DISEASE and chemicals where the corpus has them)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class SourceText:
    doc_id: str
    text: str
    corpus_mentions: tuple[CorpusMention, ...] = field(default=())

    @property
    def sha1(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "%", "'s", "?", "!"})
_NO_SPACE_AFTER = frozenset({"(", "["})


def detokenize(tokens: list[str]) -> str:
    """EBM-NLP's tokens as readable text: spaces between tokens except before closing
    punctuation and after opening brackets. Deterministic, so offsets into it are stable."""
    out: list[str] = []
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(token)
    return "".join(out)


@cache
def _pubtator(corpora: Path, corpus: str) -> dict[str, SourceText]:
    texts: dict[str, SourceText] = {}
    for name in PUBTATOR_FILES[corpus]:
        for item in read_pubtator(corpora / name):
            mentions = tuple(CorpusMention(m.start, m.end, m.label) for m in item.mentions)
            doc_id = f"{corpus}:{item.doc_id}"
            texts.setdefault(doc_id, SourceText(doc_id, item.text, mentions))
    return texts


def load_text(doc_id: str, corpora: Path = DEFAULT_CORPORA) -> SourceText:
    """The text (and the source corpus' own mentions) of one annotation-corpus document."""
    source, _, key = doc_id.partition(":")
    if source in PUBTATOR_FILES:
        if not (corpora / PUBTATOR_FILES[source][0]).is_file():
            raise UnknownText(f"{doc_id}: no corpus at {corpora} (../shared/corpora)")
        try:
            return _pubtator(corpora, source)[doc_id]
        except KeyError:
            raise UnknownText(f"{doc_id}: no such document in {source}") from None
    if source == "ebm":
        path = corpora / EBM_DIR / f"{key}.tokens"
        if not path.is_file():
            raise UnknownText(f"{doc_id}: no file {path}")
        tokens = [t for t in path.read_text(encoding="utf-8").split("\n") if t]
        return SourceText(doc_id, detokenize(tokens))
    if source == "news":
        path = NEWS_DIR / f"{key}.txt"
        if not path.is_file():
            raise UnknownText(f"{doc_id}: no file {path}")
        return SourceText(doc_id, path.read_text(encoding="utf-8"))
    raise UnknownText(f"{doc_id}: unknown source {source!r} (biored, bc5cdr, ebm, news)")


def iter_ids(source: str, corpora: Path = DEFAULT_CORPORA) -> Iterator[str]:
    """Every document id a source offers, in corpus order."""
    if source in PUBTATOR_FILES:
        yield from _pubtator(corpora, source)
    elif source == "ebm":
        for path in sorted((corpora / EBM_DIR).glob("*.tokens")):
            yield f"ebm:{path.stem}"
    elif source == "news":
        for path in sorted(NEWS_DIR.glob("*.txt")):
            yield f"news:{path.stem}"
    else:
        raise UnknownText(f"unknown source {source!r}")


# A sentence ends at . ? ! followed by space and a capital, digit, bracket or quote, or at a
# line break; not after common abbreviations, initials or inside numbers.
_END = re.compile(r"[.?!](?=[\"')\]]?\s+[\"'(\[]?[A-Z0-9])|\n+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|al|Inc|Ltd|Co|Corp|No|Fig|Figs|approx|ca|e\.g|i\.e|"
    r"U\.S|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; together they cover every word."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _ABBREVIATION.search(
            text[max(0, match.start() - 8) : match.end()]
        ):
            continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed
