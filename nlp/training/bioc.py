"""Reader for BioC XML collections (BC5CDR and BioRED ship them beside PubTator).

Passages carry their own ``<offset>``; annotation ``<location offset length>`` values are
collection-level offsets, so passages are laid into one document text at their offsets (gaps
padded with spaces), which reproduces PubTator's ``title + " " + abstract`` text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from biokg.nlp.training.corpus import AnnotatedText, Mention
from biokg.nlp.training.pubtator import CorpusFormatError
from lxml import etree


def read_bioc_xml(path: str | Path) -> Iterator[AnnotatedText]:
    """Yield one `AnnotatedText` per ``<document>`` of a BioC XML file, with corpus labels.

    Discontinuous annotations (several ``<location>``s) are dropped: a span-based NER model
    cannot predict them, and PubTator copies of these corpora leave them out as well.

    Example:
        >>> docs = list(read_bioc_xml("Dev.BioC.XML"))  # doctest: +SKIP
    """
    path = Path(path)
    for _, document in etree.iterparse(str(path), tag="document", load_dtd=False, no_network=True):
        yield _document(path, document)
        document.clear()


def _document(path: Path, document: etree._Element) -> AnnotatedText:
    doc_id = document.findtext("id") or ""
    text = ""
    mentions: list[Mention] = []
    for passage in document.iter("passage"):
        offset = int(passage.findtext("offset") or 0)
        passage_text = passage.findtext("text") or ""
        text = text.ljust(offset) + passage_text
        for annotation in passage.iter("annotation"):
            locations = annotation.findall("location")
            if len(locations) != 1:
                continue
            start = int(locations[0].get("offset"))
            end = start + int(locations[0].get("length"))
            label = annotation.findtext("infon[@key='type']") or ""
            surface = annotation.findtext("text") or ""
            mentions.append(Mention(start, end, label, surface))
    for mention in mentions:
        if text[mention.start : mention.end] != mention.text:
            raise CorpusFormatError(
                f"{path}: document {doc_id} annotation {mention.text!r} does not match text "
                f"{text[mention.start : mention.end]!r}"
            )
    return AnnotatedText(doc_id, text, mentions)
