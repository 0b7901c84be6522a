"""News and web pages: bytes → text (with charset checks) → `Document`.

trafilatura finds the story among navigation, ads and cookie banners; the page's own
`<article>` element and schema.org JSON-LD are the fallback when it finds too little.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from typing import Any
from urllib.parse import urljoin

import lxml.html
import trafilatura
from biokg.ingest.assemble import TextBuilder, clean_text, parse_date, unique
from biokg.ingest.identifiers import clean_doi, find_identifiers, identifiers_in_links
from lxml import etree

from biokg.model import Document, SourceKind

log = logging.getLogger(__name__)

# Below this many characters trafilatura's result is checked against the page's own markup.
_SHORT_TEXT = 200
# More than this share of undecodable characters means the page is not text we can trust.
_MAX_BAD_CHARS = 0.01
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "scholarlyarticle",
    "medicalscholarlyarticle",
    "blogposting",
    "report",
    "reportagenewsarticle",
    "analysisnewsarticle",
}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.IGNORECASE)


class ContentError(ValueError):
    """The bytes are not a usable text document (binary, empty, undecodable)."""


def looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode with the declared (HTTP or `<meta>`) charset, else UTF-8, else cp1252.

    Raises `ContentError` for binary data, and when more than 1% of the characters cannot be
    decoded in the declared charset (a broken page, not a stray byte).
    """
    if not data.strip():
        raise ContentError("empty document")
    if looks_binary(data):
        raise ContentError("binary content, not text")
    if data.startswith(codecs.BOM_UTF8):
        declared = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = "utf-16"
    if not declared:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    encodings = [declared] if declared else ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            codecs.lookup(encoding)
        except LookupError:
            log.warning("unknown charset %r, reading as UTF-8", encoding)
            encoding = "utf-8"
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            text = data.decode(encoding, errors="replace")
            bad = text.count("\ufffd")
            if bad <= _MAX_BAD_CHARS * max(len(text), 1):
                return text
            if declared:
                raise ContentError(
                    f"broken encoding: {bad} of {len(text)} characters are not valid {encoding}"
                ) from None
    raise ContentError("broken encoding: not valid UTF-8 or cp1252")  # pragma: no cover


def parse_html(
    html: str, url: str | None = None, source_kind: SourceKind = SourceKind.NEWS
) -> Document:
    """Main text, title, authors, date, canonical URL and cited identifiers of one page.

    Raises `ContentError` when no article text can be found.
    """
    # lxml refuses str input that carries its own encoding declaration; the text is decoded.
    html = _XML_DECL.sub("", html, count=1)
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ContentError(f"not parseable HTML ({exc})") from exc
    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    meta = _meta(tree)
    ld = _json_ld_article(tree)

    title = clean_text(
        _get(extracted, "title")
        or str(ld.get("headline") or "")
        or meta.get("og:title", "")
        or meta.get("citation_title", "")
        or (tree.findtext(".//title") or "")
    )
    text = clean_text(_get(extracted, "text") or "")
    if len(text) < _SHORT_TEXT:
        fallback = max((clean_text(str(ld.get("articleBody") or "")), _article_text(tree)), key=len)
        if len(fallback) > len(text):
            text = fallback
    text = _drop_leading_title(text, title)
    if not text:
        raise ContentError("no article text found on the page")

    builder = TextBuilder()
    builder.add("title", title)
    builder.add("body", text)
    full_text, sections = builder.build()

    canonical = (
        _canonical(tree) or meta.get("og:url") or _ld_url(ld) or _get(extracted, "url") or url
    )
    if canonical and url:
        canonical = urljoin(url, canonical)  # a relative rel=canonical is legal HTML
    authors = [a.strip() for a in (_get(extracted, "author") or "").split(";")]
    if not any(authors):
        authors = _ld_authors(ld) or [meta.get("author", "") or meta.get("citation_author", "")]
    published = parse_date(_get(extracted, "date")) or parse_date(
        ld.get("datePublished") or meta.get("article:published_time") or meta.get("citation_date")
    )
    cited = find_identifiers(full_text)
    cited += identifiers_in_links(_story_links(tree), known=cited)
    doi = meta.get("citation_doi") or meta.get("dc.identifier") or meta.get("prism.doi")
    pmid = (meta.get("citation_pmid") or "").strip()
    return Document(
        title=title,
        text=full_text,
        sections=sections,
        source_kind=source_kind,
        url=canonical,
        doi=clean_doi(doi) if doi else None,
        pmid=pmid if pmid.isdigit() else None,
        journal=meta.get("citation_journal_title") or None,
        published=published,
        authors=unique(authors),
        cited_ids=cited,
    )


def _get(extracted: Any, name: str) -> str:
    if extracted is None:
        return ""
    value = extracted.get(name) if isinstance(extracted, dict) else getattr(extracted, name, None)
    return str(value) if value else ""


def _drop_leading_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    if title and first.strip().casefold() == title.strip().casefold():
        return rest.strip()
    return text


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or "").strip().lower()
        value = (node.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _canonical(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    return None


def _json_ld_article(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(str(t).lower() in _ARTICLE_TYPES for t in types):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _ld_url(ld: dict[str, Any]) -> str | None:
    value = ld.get("url") or ld.get("mainEntityOfPage")
    if isinstance(value, dict):
        value = value.get("@id")
    return value if isinstance(value, str) and value.startswith("http") else None


def _ld_authors(ld: dict[str, Any]) -> list[str]:
    value = ld.get("author")
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict):
            names.append(str(item.get("name") or ""))
        elif isinstance(item, str):
            names.append(item)
    return [n for n in names if n]


def _story_root(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for tag in ("article", "main"):
        found = tree.find(f".//{tag}")
        if found is not None:
            return found
    return tree


def _article_text(tree: lxml.html.HtmlElement) -> str:
    root = _story_root(tree)
    if root is tree:
        return ""
    paragraphs = [
        node.text_content()
        for node in root.iter("p", "h2", "h3", "li", "blockquote")
        if node.text_content().strip()
    ]
    return clean_text("\n".join(paragraphs))


def _story_links(tree: lxml.html.HtmlElement) -> list[str]:
    """Links inside the story (`<article>`/`<main>`), not in menus, ads or footers."""
    root = _story_root(tree)
    links = []
    for anchor in root.iter("a"):
        href = anchor.get("href") or ""
        if any(
            ancestor.tag in ("nav", "header", "footer", "aside")
            for ancestor in anchor.iterancestors()
        ):
            continue
        links.append(href)
    return links
