"""Reader for PubTator files (BC5CDR, BioRED) and the original NCBI-disease release.

Both formats put ``PMID|t|title`` and ``PMID|a|abstract`` lines first, then tab-separated
mention lines ``PMID start end text type [id ...]`` whose offsets index
``title + " " + abstract``; relation lines (``PMID CID ...``, ``PMID Association ...``) are
skipped. Documents are separated by blank lines (the last may lack one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from biokg.nlp.training.corpus import AnnotatedText, Mention


class CorpusFormatError(ValueError):
    """A corpus file does not follow the format its reader expects."""


def read_pubtator(path: str | Path) -> Iterator[AnnotatedText]:
    """Yield one `AnnotatedText` per document of a PubTator file, with corpus labels.

    Args:
        path: a PubTator (or NCBI-disease original) file.

    Returns:
        An iterator of documents; each mention's text is checked against the document text.

    Example:
        >>> docs = list(read_pubtator("CDR_TestSet.PubTator.txt"))  # doctest: +SKIP
    """
    path = Path(path)
    with path.open(encoding="utf-8") as handle:
        block: list[tuple[int, str]] = []
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if line.strip():
                block.append((number, line))
            elif block:
                yield _parse_block(path, block)
                block = []
        if block:
            yield _parse_block(path, block)


def _parse_block(path: Path, block: list[tuple[int, str]]) -> AnnotatedText:
    title = abstract = None
    pmid = ""
    rows: list[tuple[int, list[str]]] = []
    for number, line in block:
        if "|t|" in line[:30] and title is None:
            pmid, _, title = line.partition("|t|")
        elif "|a|" in line[:30] and abstract is None:
            _, _, abstract = line.partition("|a|")
        else:
            rows.append((number, line.split("\t")))
    if title is None or abstract is None:
        raise CorpusFormatError(f"{path}:{block[0][0]}: document without |t| and |a| lines")
    text = f"{title} {abstract}"
    mentions = []
    for number, cols in rows:
        if len(cols) < 5 or not (cols[1].isdigit() and cols[2].isdigit()):
            continue  # a relation line
        start, end = int(cols[1]), int(cols[2])
        # NCBI-disease's original release pads some mention texts with spaces.
        if text[start:end].strip() != cols[3].strip():
            raise CorpusFormatError(
                f"{path}:{number}: PMID {pmid} mention {cols[3]!r} does not match text "
                f"{text[start:end]!r} at {start}-{end}"
            )
        mentions.append(Mention(start, end, cols[4], text[start:end]))
    return AnnotatedText(pmid, text, mentions)
