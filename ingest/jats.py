"""JATS XML (PMC / Europe PMC `fullTextXML`) to one `Document` with named sections."""

from __future__ import annotations

from biokg.ingest.assemble import (
    TextBuilder,
    canonical_section,
    clean_text,
    date_from_parts,
    unique,
)
from biokg.ingest.identifiers import clean_doi
from biokg.ingest.xmlutil import local, parse_xml, text_of
from lxml import etree

from biokg.model import Document, SourceKind

# Tables, figures and formulas are kept out of the running text: their cells read as noise.
_SKIP = frozenset({"table-wrap", "fig", "disp-formula", "inline-formula", "table", "graphic"})


def find_article(root: etree._Element) -> etree._Element | None:
    """The JATS `<article>`: the root itself, or inside an OAI-PMH or `pmc-articleset` wrapper."""
    if local(root.tag) == "article":
        return root
    for element in root.iter():
        if local(element.tag) == "article":
            return element
    return None


def _child(element: etree._Element | None, *path: str) -> etree._Element | None:
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if local(c.tag) == name), None)
    return element


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    return [] if element is None else [c for c in element if local(c.tag) == name]


def parse_jats(
    data: bytes | etree._Element, source_kind: SourceKind = SourceKind.FULL_TEXT
) -> Document:
    """Raises `XmlError` for malformed XML and `ValueError` when it is not a JATS article."""
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    article = find_article(root)
    if article is None:
        raise ValueError(f"not JATS XML (no <article>, root element <{local(root.tag)}>)")
    front = _child(article, "front")
    meta = _child(front, "article-meta")
    title = clean_text(text_of(_child(meta, "title-group", "article-title"), _SKIP))

    ids: dict[str, str] = {}
    for node in _children(meta, "article-id"):
        kind = (node.get("pub-id-type") or "").lower()
        kind = {"pmcid": "pmc", "pmc-uid": "pmc-uid"}.get(kind, kind)
        if node.text and kind not in ids:
            ids[kind] = node.text.strip()
    pmcid = ids.get("pmc")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = "PMC" + pmcid

    builder = TextBuilder()
    builder.add("title", title)
    for abstract in _children(meta, "abstract"):
        if abstract.get("abstract-type") in (None, "", "abstract", "structured"):
            builder.add("abstract", _block_text(abstract))
            break
    body = _child(article, "body")
    if body is not None:
        for part in body:
            name = local(part.tag)
            if name == "sec":
                heading = clean_text(text_of(_child(part, "title")))
                builder.add(canonical_section(heading) if heading else "body", _block_text(part))
            elif name == "p":
                builder.add("body", text_of(part, _SKIP))
    text, sections = builder.build()
    if not text.strip():
        raise ValueError("JATS article has no title, abstract or body text")

    journal_meta = _child(front, "journal-meta")
    journal = text_of(_child(journal_meta, "journal-title-group", "journal-title")) or text_of(
        _child(journal_meta, "journal-title")
    )
    authors: list[str] = []
    for group in _children(meta, "contrib-group"):
        for contrib in _children(group, "contrib"):
            if contrib.get("contrib-type", "author") != "author":
                continue
            name = _child(contrib, "name")
            if name is not None:
                given = text_of(_child(name, "given-names"))
                surname = text_of(_child(name, "surname"))
                authors.append(clean_text(f"{given} {surname}"))
            elif _child(contrib, "collab") is not None:
                authors.append(clean_text(text_of(_child(contrib, "collab"))))
    affiliations = [
        clean_text(text_of(aff, frozenset({"label", "sup"})))
        for aff in (meta.iter() if meta is not None else [])
        if local(aff.tag) == "aff"
    ]
    doi = ids.get("doi")
    return Document(
        title=title,
        text=text,
        sections=sections,
        source_kind=source_kind,
        pmid=ids.get("pmid"),
        pmcid=pmcid,
        doi=clean_doi(doi) if doi else None,
        journal=clean_text(journal) or None,
        published=_pub_date(meta),
        authors=unique(authors),
        affiliations=unique(affiliations),
    )


def _block_text(block: etree._Element) -> str:
    """Paragraphs and sub-headings of a section, one per line, in document order."""
    lines: list[str] = []

    def walk(node: etree._Element, depth: int) -> None:
        for child in node:
            name = local(child.tag)
            if name in _SKIP or name in ("ref-list", "label"):
                continue
            if name == "title":
                if depth > 0:  # the section's own title is its name, not its text
                    lines.append(text_of(child, _SKIP))
            elif name == "p":
                lines.append(text_of(child, _SKIP))
            elif name in ("sec", "list", "list-item", "boxed-text", "statement"):
                walk(child, depth + 1)

    walk(block, 0)
    return "\n\n".join(clean_text(line) for line in lines if line.strip())


def _pub_date(meta: etree._Element | None):
    if meta is None:
        return None
    dates = _children(meta, "pub-date")
    preferred = sorted(
        dates,
        key=lambda d: 0 if (d.get("pub-type") or d.get("date-type")) in ("epub", "pub") else 1,
    )
    for node in preferred:
        found = date_from_parts(
            text_of(_child(node, "year")),
            text_of(_child(node, "month")),
            text_of(_child(node, "day")),
        )
        if found:
            return found
    return None
