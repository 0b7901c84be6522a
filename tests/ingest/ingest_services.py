"""Helpers of the ingest tests: a local stand-in for the web, NCBI and Europe PMC on 127.0.0.1.

Each request is logged with its arrival time (monotonic clock of this process), so tests can
measure pacing, retries and cache hits on the server side.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from biokg.config import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Hit:
    path: str
    query: dict[str, str]
    at: float
    headers: dict[str, str]
    host: str
    status: int = 0


Route = Callable[[Hit], Reply]


def page(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Footer text</footer></body></html>"
    ).encode()


def pubmed_record(pmid: str, title: str, abstract: str) -> str:
    return (
        f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article>"
        f"<Journal><JournalIssue><PubDate><Year>2020</Year><Month>05</Month></PubDate>"
        f"</JournalIssue><Title>Test Journal</Title></Journal>"
        f"<ArticleTitle>{title}</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText>"
        f"</Abstract></Article></MedlineCitation><PubmedData><ArticleIdList>"
        f"<ArticleId IdType='pubmed'>{pmid}</ArticleId></ArticleIdList></PubmedData>"
        f"</PubmedArticle>"
    )


class Services:
    """Routes by path; `hits` records every request. Tests may add or replace routes."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.base = ""
        self.alt_base = ""  # same server under another host name: a second "host" for pacing
        self.records: dict[str, str] = {}
        self.searches: dict[str, list[str]] = {}
        self.webenvs: dict[str, list[str]] = {}
        # The stand-in serves on 127.0.0.1, which biokg refuses unless told otherwise (SSRF);
        # the ingest tests' fixture opts in, tests of the refusal leave it off.
        self.allow_private_hosts = False

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def count(self, path: str, status: int | None = None) -> int:
        return sum(
            1 for h in self.hits if h.path == path and (status is None or h.status == status)
        )

    def times(self, prefix: str) -> list[float]:
        return [h.at for h in self.hits if h.path.startswith(prefix)]

    def url(self, path: str) -> str:
        return self.base + path

    def static(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        **headers: str,
    ) -> None:
        self.routes[path] = lambda hit: Reply(status, body, content_type, dict(headers))

    def settings(self, tmp_path: Path, **overrides) -> Settings:
        values = dict(
            cache_dir=tmp_path / "cache",
            eutils_base=self.url("/eutils"),
            idconv_base=self.url("/idconv"),
            pmc_bioc_base=self.url("/bioc"),
            europepmc_base=self.url("/epmc"),
            per_host_rate=0.0,  # unlimited unless a test measures pacing
            ncbi_rate=1000.0,
            http_backoff=0.0,
            http_retries=2,
            http_timeout=2.0,
            ncbi_email="tests@example.org",
            ingest_workers=4,
            allow_private_hosts=self.allow_private_hosts,
        )
        values.update(overrides)
        return Settings(**values)


def make_handler(services: Services) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            hit = Hit(
                parts.path,
                query,
                time.monotonic(),
                dict(self.headers),
                self.headers.get("Host", ""),
            )
            route = services.routes.get(parts.path)
            reply = route(hit) if route else Reply(404, b"<html><body>Not found</body></html>")
            hit.status = reply.status
            services.record(hit)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args) -> None:  # keep test output clean
            pass

    return Handler


def install_eutils(services: Services) -> None:
    root = etree.parse(str(FIXTURES / "pubmed_efetch.xml")).getroot()
    for article in root:
        pmid = article.findtext("MedlineCitation/PMID")
        services.records[pmid] = etree.tostring(article, encoding="unicode")
    for i in range(1001, 1006):
        services.records[str(i)] = pubmed_record(
            str(i),
            f"CAR T cell study number {i}",
            f"Record {i} reports remission after CAR T cells.",
        )
    services.searches = {
        "car t remission": [str(i) for i in range(1001, 1006)],
        "NCT02315612[si]": ["29155426"],
        "10.1038/nm.4441[doi]": ["29155426"],
        "10.1056/nejmoa1407222[doi]": ["25317870"],
    }

    def xml(text: str) -> Reply:
        return Reply(200, text.encode(), "text/xml; charset=UTF-8")

    def esearch(hit: Hit) -> Reply:
        term = hit.query.get("term", "")
        if "[[" in term:
            return xml(
                "<eSearchResult><ERROR>Invalid query: unbalanced brackets</ERROR></eSearchResult>"
            )
        ids = services.searches.get(term, [])
        extra = ""
        if hit.query.get("usehistory") == "y":
            webenv = f"MCID_{len(services.webenvs) + 1}"
            services.webenvs[webenv] = ids
            extra = f"<QueryKey>1</QueryKey><WebEnv>{webenv}</WebEnv>"
        retmax = int(hit.query.get("retmax", 20))
        id_list = "".join(f"<Id>{i}</Id>" for i in ids[:retmax])
        missing = "" if ids else f"<ErrorList><PhraseNotFound>{term}</PhraseNotFound></ErrorList>"
        shown = min(retmax, len(ids))
        return xml(
            f"<?xml version='1.0'?><eSearchResult><Count>{len(ids)}</Count><RetMax>{shown}"
            f"</RetMax><RetStart>0</RetStart>{extra}<IdList>{id_list}</IdList>{missing}</eSearchResult>"
        )

    def efetch(hit: Hit) -> Reply:
        if "WebEnv" in hit.query:
            ids = services.webenvs.get(hit.query["WebEnv"])
            if ids is None:
                return xml("<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>")
            start, size = int(hit.query.get("retstart", 0)), int(hit.query.get("retmax", 20))
            ids = ids[start : start + size]
        else:
            ids = hit.query.get("id", "").split(",")
        if "666" in ids:
            return xml("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>666</PMID>")
        body = "".join(services.records[i] for i in ids if i in services.records)
        return xml(f"<?xml version='1.0'?><PubmedArticleSet>{body}</PubmedArticleSet>")

    def idconv(hit: Hit) -> Reply:
        known = {
            "10.1038/nm.4441": {"pmcid": "PMC5774768", "pmid": 29155426, "doi": "10.1038/nm.4441"},
            "PMC5774768": {"pmcid": "PMC5774768", "pmid": 29155426, "doi": "10.1038/nm.4441"},
        }
        article = hit.query.get("ids", "")
        record = known.get(article.lower() if article.startswith("10.") else article)
        if record is None:
            record = {"requested-id": article, "status": "error", "errmsg": "invalid article id"}
        payload = {"status": "ok", "responseDate": "2026-11-25 10:00:00", "records": [record]}
        return Reply(200, json.dumps(payload).encode(), "application/json")

    services.routes["/eutils/esearch.fcgi"] = esearch
    services.routes["/eutils/efetch.fcgi"] = efetch
    services.routes["/idconv/"] = idconv


def install_fulltext(services: Services) -> None:
    bioc = (FIXTURES / "pmc_bioc.json").read_bytes()
    services.static("/bioc/BioC_json/PMC5774768/unicode", bioc, "application/json")
    not_found = b"[Error] : No result can be found. <BR><HR><B> - Fail to get the BioC-JSON file"
    services.static("/bioc/BioC_json/PMC404/unicode", not_found, "text/html")
    jats = (FIXTURES / "jats_article.xml").read_bytes()
    services.static("/epmc/PMC6000001/fullTextXML", jats, "application/xml")

    results = [
        {
            "id": "30000001",
            "source": "MED",
            "pmid": "30000001",
            "pmcid": "PMC6000001",
            "doi": "10.1182/bloodadvances.2018000001",
            "isOpenAccess": "Y",
            "title": "Dual CD19 and CD22 targeting in relapsed B-ALL",
            "abstractText": "Targeting two antigens at once may prevent antigen-negative relapse.",
            "meshHeadingList": {"meshHeading": [{"descriptorName": "Antigens, CD19"}]},
            "firstPublicationDate": "2018-06-15",
        },
        {
            "id": "30000002",
            "source": "MED",
            "pmid": "30000002",
            "isOpenAccess": "N",
            "title": "Tandem <i>CAR</i> constructs in leukemia",
            "abstractText": "<h4>Background</h4>Tandem CAR constructs recognise CD19 and CD22.",
            "authorList": {"author": [{"fullName": "Chen W", "affiliation": "Example Institute"}]},
            "journalInfo": {"journal": {"title": "Leukemia"}},
            "firstPublicationDate": "2019-02-01",
        },
        {
            "id": "30000003",
            "source": "MED",
            "pmid": "30000003",
            "isOpenAccess": "N",
            "title": "Bicistronic CAR T cells",
            "abstractText": "Bicistronic vectors express two CARs.",
            "firstPublicationDate": "2020-01-10",
        },
    ]
    pages = {"*": (results[:2], "AoE1"), "AoE1": (results[2:], "AoE2"), "AoE2": ([], "AoE2")}

    def search(hit: Hit) -> Reply:
        if hit.query.get("query") != "dual targeting":
            found, cursor = [], hit.query.get("cursorMark", "*")
        else:
            found, cursor = pages[hit.query.get("cursorMark", "*")]
        size = int(hit.query.get("pageSize", 25))
        payload = {"hitCount": 3, "nextCursorMark": cursor, "resultList": {"result": found[:size]}}
        return Reply(200, json.dumps(payload).encode(), "application/json")

    services.routes["/epmc/search"] = search


def install_web(services: Services) -> None:
    services.static("/robots.txt", (FIXTURES / "robots.txt").read_bytes(), "text/plain")
    services.static("/news/cd22", (FIXTURES / "news_story.html").read_bytes())
    services.static("/news/app", (FIXTURES / "app_shell.html").read_bytes())
    services.static("/private/secret", page("Secret", "This page must never be fetched."))
    services.static("/missing", b"<html><body>Not here</body></html>", status=404)
    services.static("/gone", b"<html><body>Removed</body></html>", status=410)
    services.static("/always-500", b"oops", status=500)
    services.static("/image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "image/png")
    services.static("/binary", b"<html>\x00\x01\x02\x00\xff" * 50, "text/html")
    services.static("/empty", b"", "text/html")
    broken = (
        b"<html><body><article><p>"
        + bytes(range(0x80, 0x100)) * 8
        + b"</p></article></body></html>"
    )
    services.static("/broken-encoding", broken, "text/html; charset=utf-8")
    services.static("/broken.xml", b"<article><front><article-meta>", "application/xml")
    services.routes["/slow"] = lambda hit: Reply(200, page("Slow", "Too late."), delay=3.0)

    counters: dict[str, int] = {}

    def flaky(first: Reply, then: Reply) -> Route:
        def route(hit: Hit) -> Reply:
            counters[hit.path] = counters.get(hit.path, 0) + 1
            return first if counters[hit.path] == 1 else then

        return route

    services.routes["/flaky"] = flaky(
        Reply(500, b"temporary"), Reply(200, page("Recovered", "Trial results were confirmed."))
    )
    services.routes["/busy"] = flaky(
        Reply(429, b"slow down", headers={"Retry-After": "1"}),
        Reply(200, page("Patient", "The server answered on the second try.")),
    )

    def etag_page(hit: Hit) -> Reply:
        if hit.headers.get("If-None-Match") == '"v1"':
            return Reply(304, b"", headers={"ETag": '"v1"'})
        body = page("Versioned story", "CAR T cells were given to twelve patients.")
        return Reply(
            200, body, headers={"ETag": '"v1"', "Last-Modified": "Mon, 04 Dec 2017 09:30:00 GMT"}
        )

    services.routes["/etag"] = etag_page
    for i in range(1, 9):
        services.static(
            f"/news/item-{i}",
            page(
                f"Story number {i}",
                f"Story {i} says CAR T therapy number {i} was tested in {i + 10} patients.",
            ),
        )


def set_feed(services: Services, items: list[int]) -> None:
    entries = "".join(
        f"<item><title>Story number {i}</title><link>{services.url(f'/news/item-{i}')}</link>"
        f"<guid>item-{i}</guid><description>Summary {i}</description></item>"
        for i in items
    )
    template = (FIXTURES / "feed.xml").read_text(encoding="utf-8")
    body = template.replace("ENTRIES", entries).replace("http://HOST", services.base).encode()
    services.static("/feed.xml", body, "application/rss+xml")


def split_items(items):
    from biokg.model import Document, Failure

    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, Failure)]
    return docs, failures
