"""Corpus-neutral annotated text: what every reader yields and every converter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    """One annotated mention: character offsets into `AnnotatedText.text` and the corpus label."""

    start: int
    end: int
    label: str
    text: str = ""


@dataclass
class AnnotatedText:
    """One document (or sentence, for IOB corpora) with its gold mentions in corpus labels.

    `doc_id` is the PMID for PubTator/BioC corpora and `<file>:<n>` for IOB corpora, which
    carry no document ids.
    """

    doc_id: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
