"""BioC (JSON as PMC's BioC API serves it, or XML) to `Document`s with named sections."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from biokg.ingest.assemble import TextBuilder, clean_text, date_from_parts, parse_date, unique
from biokg.ingest.identifiers import clean_doi
from biokg.ingest.xmlutil import parse_xml
from lxml import etree

from biokg.model import Document, SourceKind

# PMC BioC `section_type` infons → our section names; None drops the passage (reference lists,
# author contributions and funding statements carry no claims worth extracting).
_SECTIONS: dict[str, str | None] = {
    "TITLE": "title",
    "ABSTRACT": "abstract",
    "INTRO": "introduction",
    "METHODS": "methods",
    "RESULTS": "results",
    "DISCUSS": "discussion",
    "CONCL": "conclusions",
    "CASE": "case report",
    "FIG": "figure",
    "TABLE": "table",
    "SUPPL": "supplementary",
    "APPENDIX": "appendix",
    "REF": None,
    "ACK_FUND": None,
    "AUTH_CONT": None,
    "COMP_INT": None,
    "ABBR": None,
    "REVIEW_INFO": None,
    "KEYWORD": None,
}


def bioc_json_documents(data: bytes | str | Any) -> list[dict]:
    """The BioC documents in a JSON payload (a collection, a list of collections, or raises)."""
    payload = json.loads(data) if isinstance(data, bytes | str) else data
    collections = payload if isinstance(payload, list) else [payload]
    documents: list[dict] = []
    for collection in collections:
        if not isinstance(collection, dict) or not isinstance(collection.get("documents"), list):
            raise ValueError("not BioC JSON (no 'documents' list)")
        documents.extend(d for d in collection["documents"] if isinstance(d, dict))
    return documents


def is_bioc_json(payload: Any) -> bool:
    first = payload[0] if isinstance(payload, list) and payload else payload
    return isinstance(first, dict) and "documents" in first and "text" not in first


def bioc_xml_documents(data: bytes | etree._Element) -> list[dict]:
    """BioC XML `<collection>` to the same dict shape the JSON API returns."""
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    if root.tag != "collection":
        raise ValueError(f"not BioC XML (root element <{root.tag}>)")
    documents = []
    for doc in root.iterfind("document"):
        passages = []
        for passage in doc.iterfind("passage"):
            infons = {i.get("key", ""): (i.text or "") for i in passage.iterfind("infon")}
            passages.append(
                {
                    "infons": infons,
                    "offset": int(passage.findtext("offset") or 0),
                    "text": passage.findtext("text") or "",
                }
            )
        documents.append({"id": doc.findtext("id") or "", "passages": passages})
    return documents


def parse_bioc(
    documents: list[dict], source_kind: SourceKind = SourceKind.FULL_TEXT
) -> Iterator[Document]:
    """One `Document` per BioC document; raises `ValueError` for one without text."""
    for bioc in documents:
        yield _document(bioc, source_kind)


def _document(bioc: dict, source_kind: SourceKind) -> Document:
    passages = [p for p in bioc.get("passages") or [] if isinstance(p, dict)]
    front: dict[str, str] = {}
    for passage in passages:
        infons = passage.get("infons") or {}
        if infons.get("section_type") == "TITLE" or infons.get("type") == "front":
            front = {str(k): str(v) for k, v in infons.items()}
            break
    builder = TextBuilder()
    title = ""
    for passage in passages:
        infons = passage.get("infons") or {}
        kind = str(infons.get("section_type") or infons.get("type") or "").upper()
        name = _SECTIONS.get(kind, kind.lower() or "body")
        if name is None or str(infons.get("type", "")).lower() in ("ref", "table"):
            continue
        text = str(passage.get("text") or "")
        if name == "title" and not title:
            title = clean_text(text)
        builder.add(name, text)
    text, sections = builder.build()
    if not text:
        raise ValueError(f"BioC document {bioc.get('id')!r} has no text")
    authors = [
        _author(v) for k, v in sorted(front.items(), key=_name_order) if k.startswith("name_")
    ]
    pmcid = front.get("article-id_pmc") or None
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = "PMC" + pmcid
    doc_id = str(bioc.get("id") or "")
    if not pmcid and doc_id.upper().startswith("PMC"):
        pmcid = doc_id.upper()
    doi = front.get("article-id_doi")
    return Document(
        title=title,
        text=text,
        sections=sections,
        source_kind=source_kind,
        pmid=front.get("article-id_pmid") or None,
        pmcid=pmcid,
        doi=clean_doi(doi) if doi else None,
        journal=front.get("journal") or front.get("source") or None,
        published=parse_date(front.get("date")) or date_from_parts(front.get("year")),
        authors=unique(a for a in authors if a),
    )


def _name_order(item: tuple[str, str]) -> tuple[int, str]:
    suffix = item[0].rsplit("_", 1)[-1]
    return (int(suffix) if suffix.isdigit() else 10**6, item[0])


def _author(value: str) -> str:
    """'surname:Fry;given-names:Terry J' → 'Terry J Fry'."""
    fields = dict(p.split(":", 1) for p in value.split(";") if ":" in p)
    return clean_text(f"{fields.get('given-names', '')} {fields.get('surname', '')}")
