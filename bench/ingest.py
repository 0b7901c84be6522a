"""Ingest throughput on the test fixtures: HTML extraction and PubMed XML parsing, one core.

    python bench/ingest.py [--records 2000] [--pages 200]

Prints documents/s for each, and the ratio to a baseline measured in the same process (bare
`lxml` parsing for PubMed XML, bare `trafilatura.extract` for HTML) so a slow machine does not
read as a regression. Target: >= 200 PubMed records/s.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import trafilatura
from biokg.ingest.html import parse_html
from biokg.ingest.pubmed_xml import parse_pubmed_xml
from lxml import etree

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "ingest" / "fixtures"


def pubmed_set(n: int) -> bytes:
    """`n` records made from the fixture's articles, each with its own PMID."""
    text = (FIXTURES / "pubmed_efetch.xml").read_text(encoding="utf-8")
    articles = re.findall(r"<PubmedArticle>.*?</PubmedArticle>", text, re.DOTALL)
    out = []
    for i in range(n):
        article = articles[i % len(articles)]
        pmid = str(40000000 + i)
        article = re.sub(
            r"<PMID Version=\"1\">\d+</PMID>", f'<PMID Version="1">{pmid}</PMID>', article
        )
        article = re.sub(
            r'<ArticleId IdType="pubmed">\d+</ArticleId>',
            f'<ArticleId IdType="pubmed">{pmid}</ArticleId>',
            article,
        )
        out.append(article)
    return (
        "<?xml version='1.0'?><PubmedArticleSet>" + "".join(out) + "</PubmedArticleSet>"
    ).encode()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()

    data = pubmed_set(args.records)
    base = timed(lambda: etree.fromstring(data))
    full_time = timed(lambda: list(parse_pubmed_xml(data)))
    docs = list(parse_pubmed_xml(data))
    assert len(docs) == args.records and docs[-1].pmid == str(40000000 + args.records - 1)
    print(
        f"pubmed xml: {args.records / full_time:,.0f} records/s "
        f"({args.records} records, {len(data) / 1e6:.1f} MB, {full_time:.2f}s; "
        f"lxml parse alone {args.records / base:,.0f} records/s, ratio {full_time / base:.1f}x; "
        f"target >= 200 records/s: {'ok' if args.records / full_time >= 200 else 'MISSED'})"
    )

    pages = [
        (FIXTURES / name).read_text(encoding="utf-8")
        for name in ("news_story.html", "app_shell.html")
    ]
    parse_html(pages[0], url="https://news.example.org/warmup")  # imports, lazy tables
    n = args.pages
    base = timed(lambda: [trafilatura.extract(pages[i % 2]) for i in range(n)])
    full_time = timed(
        lambda: [parse_html(pages[i % 2], url=f"https://news.example.org/{i}") for i in range(n)]
    )
    print(
        f"html extraction: {n / full_time:,.0f} pages/s ({n} pages, {full_time:.2f}s; "
        f"trafilatura.extract alone {n / base:,.0f} pages/s, ratio {full_time / base:.1f}x)"
    )


if __name__ == "__main__":
    main()
