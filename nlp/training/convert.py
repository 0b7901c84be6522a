"""AnnotatedText → spaCy `Doc`/`DocBin`, with labels mapped onto biokg's (see `labels.py`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from biokg.nlp.training.corpus import AnnotatedText, Mention
from biokg.nlp.training.labels import map_label
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span


@dataclass
class ConversionStats:
    """What a conversion kept and lost, so a bad tokenizer or label map shows up in numbers."""

    docs: int = 0
    kept: Counter[str] = field(default_factory=Counter)
    dropped_label: Counter[str] = field(default_factory=Counter)
    misaligned: int = 0
    overlapping: int = 0

    def summary(self) -> str:
        kept = ", ".join(f"{k} {v}" for k, v in sorted(self.kept.items()))
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(self.dropped_label.items())) or "none"
        return (
            f"{self.docs} docs; kept {kept}; dropped labels: {dropped}; "
            f"misaligned {self.misaligned}; overlapping {self.overlapping}"
        )


def to_doc(
    nlp: Language,
    item: AnnotatedText,
    corpus: str,
    stats: ConversionStats | None = None,
    keep: Collection[str] | None = None,
) -> Doc:
    """Tokenise `item.text` with `nlp`'s tokenizer and set its mapped gold entities.

    Mentions whose label maps to None are dropped. Of overlapping mentions (BioRED has a few
    nested ones) the longest is kept. A mention that does not fall on token boundaries is not
    forced onto wrong tokens: its tokens are marked *missing*, so training neither rewards nor
    penalises anything there.

    Args:
        nlp: the pipeline whose tokenizer the trained model will use.
        item: one document or sentence with corpus labels.
        corpus: a key of `labels.LABEL_MAPS`.
        stats: counters to update, optional.
        keep: biokg labels to keep (None = all); others are dropped like unmapped labels.

    Returns:
        A `Doc` with `doc.ents` set (tokens outside mentions are "O").
    """
    stats = stats if stats is not None else ConversionStats()
    stats.docs += 1
    doc = nlp.make_doc(item.text)
    mapped: list[tuple[Mention, str]] = []
    for mention in item.mentions:
        label = map_label(corpus, mention.label)
        if label is None or (keep is not None and label not in keep):
            stats.dropped_label[mention.label] += 1
        else:
            mapped.append((mention, label))
    mapped.sort(key=lambda pair: (-(pair[0].end - pair[0].start), pair[0].start))
    taken = [False] * len(item.text)
    entities: list[Span] = []
    missing: list[Span] = []
    for mention, label in mapped:
        if any(taken[mention.start : mention.end]):
            stats.overlapping += 1
            continue
        span = doc.char_span(mention.start, mention.end, label=label)
        if span is None:
            stats.misaligned += 1
            expanded = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if expanded is not None and len(expanded):
                missing.append(expanded)
        else:
            entities.append(span)
            stats.kept[label] += 1
        for i in range(mention.start, mention.end):
            taken[i] = True
    entity_tokens = {i for span in entities for i in range(span.start, span.end)}
    missing = [s for s in missing if not any(i in entity_tokens for i in range(s.start, s.end))]
    doc.set_ents(entities, missing=_disjoint(missing), default="outside")
    return doc


def _disjoint(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    used: set[int] = set()
    for span in sorted(spans, key=lambda s: s.start):
        if not used.intersection(range(span.start, span.end)):
            kept.append(span)
            used.update(range(span.start, span.end))
    return kept


def write_docbin(
    nlp: Language,
    items: Iterable[AnnotatedText],
    corpus: str,
    path: str | Path,
    keep: Collection[str] | None = None,
) -> ConversionStats:
    """Convert `items` and save them as one `.spacy` file at `path`.

    Example:
        >>> stats = write_docbin(nlp, read_pubtator(src), "bc5cdr", "train.spacy")  # doctest: +SKIP
    """
    stats = ConversionStats()
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for item in items:
        docbin.add(to_doc(nlp, item, corpus, stats, keep))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return stats
