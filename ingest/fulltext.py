"""Open-access full text: PMC BioC JSON, Europe PMC search (cursorMark paging) and JATS XML."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from biokg.ingest.assemble import TextBuilder, clean_text, parse_date, unique
from biokg.ingest.bioc import bioc_json_documents, parse_bioc
from biokg.ingest.http_client import NCBI, FetchError, HttpClient
from biokg.ingest.identifiers import clean_doi
from biokg.ingest.jats import parse_jats
from biokg.ingest.xmlutil import XmlError

from biokg.config import Settings
from biokg.model import Document, SourceKind

log = logging.getLogger(__name__)
_TAG = re.compile(r"<[^>]+>")
_EPMC_PAGE = 100


class FullTextError(ValueError):
    """No usable full text for an article."""


def merge_metadata(full: Document, record: Document | None) -> Document:
    """Full text with the bibliographic fields (MeSH, affiliations, journal, ids) a PubMed or
    Europe PMC record adds; the full text's own values win where both have one."""
    if record is None:
        return full
    update: dict[str, Any] = {}
    for name in ("pmid", "pmcid", "doi", "journal", "published", "url"):
        if getattr(full, name) in (None, "") and getattr(record, name):
            update[name] = getattr(record, name)
    for name in ("authors", "affiliations", "mesh_terms"):
        if not getattr(full, name) and getattr(record, name):
            update[name] = list(getattr(record, name))
    if not update:
        return full
    data = full.model_dump()
    data.update(update)
    data["id"] = ""  # re-derive from the strongest identifier now known
    return Document(**data)


class PmcClient:
    def __init__(self, client: HttpClient, settings: Settings):
        self.client = client
        self.settings = settings

    def bioc(self, pmcid: str) -> Document:
        """PMC's BioC API; it answers unknown ids with HTTP 200 and a plain-text error."""
        url = f"{self.settings.pmc_bioc_base.rstrip('/')}/BioC_json/{pmcid}/unicode"
        fetched = self.client.get(url, pace_key=NCBI)
        try:
            documents = bioc_json_documents(fetched.content)
            docs = list(parse_bioc(documents, SourceKind.FULL_TEXT))
        except ValueError as exc:
            self.client.forget(url)
            snippet = clean_text(fetched.content[:120].decode("utf-8", "replace"))
            raise FullTextError(f"PMC BioC has no usable text for {pmcid} ({snippet!r})") from exc
        if not docs:
            raise FullTextError(f"PMC BioC returned no document for {pmcid}")
        doc = docs[0]
        if not doc.pmcid:
            doc = merge_metadata(doc, Document(text="-", pmcid=pmcid))
        return doc

    def europepmc_full_text(self, pmcid: str) -> Document:
        url = f"{self.settings.europepmc_base.rstrip('/')}/{pmcid}/fullTextXML"
        fetched = self.client.get(url)
        try:
            doc = parse_jats(fetched.content, SourceKind.FULL_TEXT)
        except (XmlError, ValueError) as exc:
            self.client.forget(url)
            raise FullTextError(f"Europe PMC full text for {pmcid}: {exc}") from exc
        if not doc.pmcid:
            doc = merge_metadata(doc, Document(text="-", pmcid=pmcid))
        return doc

    def full_text(self, pmcid: str) -> Document:
        """BioC first (NCBI), then Europe PMC's JATS; raises `FullTextError` with both reasons."""
        reasons = []
        for getter in (self.bioc, self.europepmc_full_text):
            try:
                return getter(pmcid)
            except (FetchError, FullTextError) as exc:
                reasons.append(getattr(exc, "reason", None) or str(exc))
        raise FullTextError("; ".join(reasons))

    # -- Europe PMC search ------------------------------------------------------------------
    def europepmc_search(
        self, query: str, max_results: int
    ) -> Iterator[Document | tuple[str, str]]:
        """Records matching `query`, full text for open-access ones, paged with `cursorMark`."""
        url = f"{self.settings.europepmc_base.rstrip('/')}/search"
        cursor, got = "*", 0
        while got < max_results:
            params = {
                "query": query,
                "format": "json",
                "resultType": "core",
                "pageSize": min(_EPMC_PAGE, max_results - got),
                "cursorMark": cursor,
            }
            fetched = self.client.get(url, params)
            try:
                payload = json.loads(fetched.content)
                results = payload["resultList"]["result"]
            except (ValueError, KeyError, TypeError) as exc:
                self.client.forget(url, params)
                raise FullTextError(f"Europe PMC search answer is not usable ({exc})") from exc
            if not results:
                if got == 0:
                    yield query, "Europe PMC search matched no records"
                return
            for result in results[: max_results - got]:
                got += 1
                yield self._result_document(result)
            next_cursor = payload.get("nextCursorMark")
            if not next_cursor or next_cursor == cursor:
                return
            cursor = next_cursor

    def _result_document(self, result: dict) -> Document | tuple[str, str]:
        label = str(result.get("pmid") or result.get("pmcid") or result.get("id") or "?")
        try:
            record = europepmc_record(result)
        except ValueError as exc:
            record = None
            reason = str(exc)
        pmcid = result.get("pmcid")
        if pmcid and result.get("isOpenAccess") == "Y":
            try:
                return merge_metadata(self.europepmc_full_text(pmcid), record)
            except (FetchError, FullTextError) as exc:
                log.info("no full text for %s, keeping the abstract: %s", pmcid, exc)
        return record if record is not None else (label, reason)


def europepmc_record(result: dict) -> Document:
    """A Europe PMC `resultType=core` record as an abstract `Document`."""
    title = clean_text(_TAG.sub(" ", str(result.get("title") or "")))
    abstract = clean_text(_TAG.sub(" ", str(result.get("abstractText") or "")))
    builder = TextBuilder()
    builder.add("title", title)
    builder.add("abstract", abstract)
    text, sections = builder.build()
    if not text:
        raise ValueError(f"Europe PMC record {result.get('id')!r} has neither title nor abstract")
    authors, affiliations = [], []
    for author in (result.get("authorList") or {}).get("author") or []:
        if isinstance(author, dict):
            authors.append(str(author.get("fullName") or author.get("collectiveName") or ""))
            affiliations.append(str(author.get("affiliation") or ""))
    mesh = [
        str(m.get("descriptorName") or "")
        for m in (result.get("meshHeadingList") or {}).get("meshHeading") or []
        if isinstance(m, dict)
    ]
    journal = ((result.get("journalInfo") or {}).get("journal") or {}).get("title")
    doi = result.get("doi")
    return Document(
        title=title,
        text=text,
        sections=sections,
        source_kind=SourceKind.ABSTRACT,
        pmid=str(result["pmid"]) if result.get("pmid") else None,
        pmcid=result.get("pmcid") or None,
        doi=clean_doi(doi) if doi else None,
        journal=journal or None,
        published=parse_date(result.get("firstPublicationDate") or result.get("pubYear")),
        authors=unique(authors),
        affiliations=unique(affiliations),
        mesh_terms=unique(mesh),
    )
