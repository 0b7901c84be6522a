"""Reader for IOB2 TSV corpora (BC2GM, BioNLP13CG, CRAFT, AnatEM, NCBI CoNLL, JNLPBA test).

One ``token<TAB>tag`` per line, a blank line between sentences; JNLPBA's original test file
also has ``###MEDLINE:`` document separators. These files have no offsets, so each sentence
becomes a text made by joining its tokens with single spaces; the converter then tokenises that
text with the model's own tokenizer, so training sees the tokenisation used at prediction time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from biokg.nlp.training.corpus import AnnotatedText, Mention
from biokg.nlp.training.pubtator import CorpusFormatError


def read_iob(path: str | Path) -> Iterator[AnnotatedText]:
    """Yield one `AnnotatedText` per sentence of an IOB2 TSV file, with corpus labels.

    An ``I-`` tag that does not continue a mention of the same type starts a new one, as the
    CoNLL evaluation script treats it.

    Example:
        >>> sents = list(read_iob("BC2GM-IOB/test.tsv"))  # doctest: +SKIP
    """
    path = Path(path)
    words: list[str] = []
    tags: list[str] = []
    count = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("###MEDLINE:"):
                if words:
                    count += 1
                    yield _sentence(f"{path.name}:{count}", words, tags)
                    words, tags = [], []
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise CorpusFormatError(f"{path}:{number}: expected token<TAB>tag, got {line!r}")
            words.append(cols[0])
            tags.append(cols[-1])
    if words:
        yield _sentence(f"{path.name}:{count + 1}", words, tags)


def _sentence(doc_id: str, words: list[str], tags: list[str]) -> AnnotatedText:
    starts = []
    offset = 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    mentions: list[Mention] = []
    current: tuple[int, int, str] | None = None  # (first token, last token, label)
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        continues = prefix == "I" and current is not None and current[2] == label
        if current is not None and not continues:
            first, last, cur_label = current
            start, end = starts[first], starts[last] + len(words[last])
            mentions.append(Mention(start, end, cur_label))
            current = None
        if prefix in ("B", "I") and not continues:
            current = (i, i, label)
        elif continues and current is not None:
            current = (current[0], i, label)
    text = " ".join(words)
    mentions = [Mention(m.start, m.end, m.label, text[m.start : m.end]) for m in mentions]
    return AnnotatedText(doc_id, text, mentions)
