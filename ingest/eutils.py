"""NCBI E-utilities: efetch by PMID in batches, esearch with history paging, DOI → PMID.

NCBI's rules are kept in one place: `tool`/`email`/`api_key` on every call and one shared rate
limit bucket (`NCBI`: 3 requests/s, 10 with a key) for every E-utilities and ID-converter call.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator

from biokg.ingest.assemble import clean_text
from biokg.ingest.http_client import NCBI, FetchError, HttpClient
from biokg.ingest.pubmed_xml import PubmedRecordError, parse_pubmed_xml
from biokg.ingest.xmlutil import XmlError, parse_xml, text_of
from lxml import etree

from biokg.config import Settings
from biokg.model import Document, SourceKind

log = logging.getLogger(__name__)

# NCBI: "up to 500 UIDs" per efetch GET is safe; more needs POST.
_MAX_BATCH = 500


class EutilsError(ValueError):
    """E-utilities answered with an error payload or something that is not what we asked for."""


class EUtils:
    def __init__(self, client: HttpClient, settings: Settings):
        self.client = client
        self.settings = settings
        self.batch = max(1, min(settings.eutils_batch, _MAX_BATCH))

    def _params(self, **params: object) -> dict[str, object]:
        params["tool"] = self.settings.eutils_tool
        if self.settings.ncbi_email:
            params["email"] = self.settings.ncbi_email
        if self.settings.ncbi_api_key:
            params["api_key"] = self.settings.ncbi_api_key
        return params

    def _get_xml(self, endpoint: str, params: dict, cache_key: str | None = None) -> etree._Element:
        url = f"{self.settings.eutils_base.rstrip('/')}/{endpoint}"
        params = self._params(**params)
        fetched = self.client.get(url, params, pace_key=NCBI, cache_key=cache_key)
        try:
            root = parse_xml(fetched.content)
            error = root.find("ERROR") if root.tag != "PubmedArticleSet" else None
            if error is not None:
                raise EutilsError(f"E-utilities error: {clean_text(text_of(error))}")
        except (XmlError, EutilsError):
            # An error answer must not be served from the cache on the next run.
            self.client.forget(url, params, cache_key=cache_key)
            raise
        return root

    # -- efetch ---------------------------------------------------------------------------
    def fetch_pmids(self, pmids: Iterable[str]) -> Iterator[Document | tuple[str, str]]:
        """Documents for `pmids`, or `(pmid, reason)` for each one that could not be had."""
        ids = list(dict.fromkeys(p.strip() for p in pmids if p.strip()))
        for start in range(0, len(ids), self.batch):
            chunk = ids[start : start + self.batch]
            try:
                root = self._get_xml(
                    "efetch.fcgi", {"db": "pubmed", "id": ",".join(chunk), "retmode": "xml"}
                )
                records = list(parse_pubmed_xml(root, SourceKind.ABSTRACT))
            except (FetchError, XmlError, EutilsError, ValueError) as exc:
                reason = getattr(exc, "reason", None) or str(exc)
                for pmid in chunk:
                    yield pmid, f"efetch failed: {reason}"
                continue
            seen: set[str] = set()
            for record in records:
                if isinstance(record, PubmedRecordError):
                    if record.pmid:
                        seen.add(record.pmid)
                        yield record.pmid, record.reason
                    continue
                seen.add(record.pmid or "")
                yield record
            for pmid in chunk:
                if pmid not in seen:
                    yield pmid, f"unknown PMID {pmid} (PubMed returned no record)"

    # -- esearch --------------------------------------------------------------------------
    def search_ids(self, term: str, retmax: int = 20) -> list[str]:
        root = self._get_xml("esearch.fcgi", {"db": "pubmed", "term": term, "retmax": retmax})
        return [i.text.strip() for i in root.iterfind("IdList/Id") if i.text]

    def search(self, query: str, max_results: int) -> Iterator[Document | tuple[str, str]]:
        """Records matching `query` (at most `max_results`), paged by WebEnv/query_key.

        Each page is cached under the query and its offset, not under the WebEnv (which NCBI
        expires after a few hours), so an interrupted run resumes where it stopped.
        """
        history = self._esearch(query, fresh=False)
        count = min(history[0], max_results)
        if count == 0:
            yield query, "PubMed search matched no records"
            return
        retstart = 0
        while retstart < count:
            retmax = min(self.batch, count - retstart)
            page_key = f"pubmed-search:{query}|{retstart}|{retmax}"
            params = {
                "db": "pubmed",
                "query_key": history[2],
                "WebEnv": history[1],
                "retstart": retstart,
                "retmax": retmax,
                "retmode": "xml",
            }
            try:
                root = self._get_xml("efetch.fcgi", params, cache_key=page_key)
            except EutilsError:
                # Most often an expired WebEnv from a cached esearch: search again, once.
                history = self._esearch(query, fresh=True)
                params.update(query_key=history[2], WebEnv=history[1])
                root = self._get_xml("efetch.fcgi", params, cache_key=page_key)
            for record in parse_pubmed_xml(root, SourceKind.ABSTRACT):
                if isinstance(record, PubmedRecordError):
                    yield (record.pmid or query), record.reason
                else:
                    yield record
            retstart += retmax

    def _esearch(self, query: str, fresh: bool) -> tuple[int, str, str]:
        params = {"db": "pubmed", "term": query, "usehistory": "y", "retmax": 0}
        if fresh:
            url = f"{self.settings.eutils_base.rstrip('/')}/esearch.fcgi"
            self.client.forget(url, self._params(**params))
        root = self._get_xml("esearch.fcgi", params)
        if root.tag != "eSearchResult":
            raise EutilsError(f"unexpected esearch answer <{root.tag}>")
        count = int((root.findtext("Count") or "0").strip() or 0)
        webenv, query_key = root.findtext("WebEnv"), root.findtext("QueryKey")
        if count and not (webenv and query_key):
            raise EutilsError("esearch answered without WebEnv/QueryKey")
        return count, webenv or "", query_key or ""

    # -- ID conversion --------------------------------------------------------------------
    def convert_id(self, article_id: str) -> dict[str, str]:
        """PMC's ID converter: any of DOI/PMID/PMCID → the others it knows ({} when none)."""
        url = self.settings.idconv_base.rstrip("/") + "/"
        params = self._params(ids=article_id, format="json")
        try:
            fetched = self.client.get(url, params, pace_key=NCBI)
            payload = json.loads(fetched.content)
        except (FetchError, ValueError) as exc:
            log.info("idconv failed for %s: %s", article_id, exc)
            return {}
        records = payload.get("records") if isinstance(payload, dict) else None
        if not records or not isinstance(records[0], dict) or records[0].get("status") == "error":
            return {}
        return {k: str(v) for k, v in records[0].items() if k in ("pmid", "pmcid", "doi") and v}

    def doi_to_pmid(self, doi: str) -> str | None:
        """idconv covers PMC articles only; other DOIs are found by esearch on the [doi] field."""
        pmid = self.convert_id(doi).get("pmid")
        if pmid:
            return pmid
        try:
            ids = self.search_ids(f"{doi}[doi]", retmax=2)
        except (FetchError, XmlError, EutilsError):
            return None
        return ids[0] if len(ids) == 1 else None
