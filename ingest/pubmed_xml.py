"""PubMed XML (efetch `rettype=xml`, `PubmedArticleSet`) to `Document`s.

Structured abstracts keep their labels as section names ("background", "methods", …) so later
stages can weight a RESULTS sentence above a BACKGROUND one.
"""

from __future__ import annotations

from collections.abc import Iterator

from biokg.ingest.assemble import (
    TextBuilder,
    clean_text,
    date_from_parts,
    unique,
)
from biokg.ingest.identifiers import clean_doi
from biokg.ingest.xmlutil import parse_xml, text_of
from lxml import etree

from biokg.model import Document, SourceKind


class PubmedRecordError(ValueError):
    """One record of a PubMed XML set cannot be used; `pmid` names it when known."""

    def __init__(self, pmid: str | None, reason: str):
        super().__init__(reason)
        self.pmid = pmid
        self.reason = reason


def is_pubmed_xml(root: etree._Element) -> bool:
    return root.tag in ("PubmedArticleSet", "PubmedArticle", "PubmedBookArticle")


def parse_pubmed_xml(
    data: bytes | etree._Element, source_kind: SourceKind = SourceKind.ABSTRACT
) -> Iterator[Document | PubmedRecordError]:
    """Yield one `Document` per record, or a `PubmedRecordError` for a record that has no text.

    Raises `XmlError` if `data` is not XML and `ValueError` if it is not PubMed XML.
    """
    root = data if isinstance(data, etree._Element) else parse_xml(data)
    if root.tag == "eFetchResult" or root.find("ERROR") is not None:
        raise ValueError(f"E-utilities error: {clean_text(text_of(root.find('.//ERROR')))}")
    if not is_pubmed_xml(root):
        raise ValueError(f"not PubMed XML (root element <{root.tag}>)")
    records = [root] if root.tag != "PubmedArticleSet" else list(root)
    for record in records:
        if record.tag == "PubmedArticle":
            yield _article(record, source_kind)
        elif record.tag == "PubmedBookArticle":
            yield _book(record, source_kind)


def _ids(record: etree._Element) -> dict[str, str]:
    ids: dict[str, str] = {}
    for node in record.iterfind("PubmedData/ArticleIdList/ArticleId"):
        kind = (node.get("IdType") or "").lower()
        value = (node.text or "").strip()
        if kind in ("doi", "pmc", "pubmed") and value and kind not in ids:
            ids[kind] = value
    return ids


def _article(record: etree._Element, source_kind: SourceKind) -> Document | PubmedRecordError:
    citation = record.find("MedlineCitation")
    pmid = (citation.findtext("PMID") or "").strip() if citation is not None else ""
    article = citation.find("Article") if citation is not None else None
    if not pmid or article is None:
        return PubmedRecordError(pmid or None, "record without PMID or Article element")
    title = clean_text(text_of(article.find("ArticleTitle")))
    if not title:
        title = clean_text(text_of(article.find("VernacularTitle")))
    builder = TextBuilder()
    builder.add("title", title)
    _abstract(builder, article.find("Abstract"))
    text, sections = builder.build()
    if not text:
        return PubmedRecordError(pmid, f"PMID {pmid} has neither title nor abstract")

    ids = _ids(record)
    doi = ids.get("doi")
    if not doi:
        for loc in article.iterfind("ELocationID"):
            if loc.get("EIdType") == "doi" and loc.text:
                doi = loc.text
                break
    journal = article.find("Journal")
    authors, affiliations = _authors(article.find("AuthorList"))
    mesh = [
        clean_text(text_of(d))
        for d in citation.iterfind("MeshHeadingList/MeshHeading/DescriptorName")
    ]
    return Document(
        title=title,
        text=text,
        sections=sections,
        source_kind=source_kind,
        pmid=pmid,
        pmcid=ids.get("pmc"),
        doi=clean_doi(doi) if doi else None,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        journal=_journal(journal),
        published=_published(article),
        authors=authors,
        affiliations=affiliations,
        mesh_terms=unique(mesh),
    )


def _journal(journal: etree._Element | None) -> str | None:
    if journal is None:
        return None
    name = journal.findtext("Title") or journal.findtext("ISOAbbreviation") or ""
    return clean_text(name) or None


def _abstract(builder: TextBuilder, abstract: etree._Element | None) -> None:
    if abstract is None:
        return
    parts = list(abstract.iterfind("AbstractText"))
    for part in parts:
        # NLM maps every label to a small controlled set (BACKGROUND, OBJECTIVE, METHODS,
        # RESULTS, CONCLUSIONS); the raw label is kept only when NLM left it unassigned.
        category = (part.get("NlmCategory") or "").upper()
        label = part.get("Label") or ""
        if len(parts) == 1 or not (category or label):
            name = "abstract"
        elif category and category != "UNASSIGNED":
            name = category.lower()
        else:
            name = clean_text(label).lower().rstrip(":. ")
        builder.add(name, text_of(part))


def _authors(author_list: etree._Element | None) -> tuple[list[str], list[str]]:
    if author_list is None:
        return [], []
    names, affiliations = [], []
    for author in author_list.iterfind("Author"):
        if author.get("ValidYN", "Y") != "Y":
            continue
        collective = author.findtext("CollectiveName")
        if collective:
            names.append(clean_text(collective))
        else:
            last = author.findtext("LastName") or ""
            first = author.findtext("ForeName") or author.findtext("Initials") or ""
            name = f"{first} {last}".strip()
            if name:
                names.append(clean_text(name))
        affiliations.extend(
            clean_text(text_of(a)) for a in author.iterfind("AffiliationInfo/Affiliation")
        )
    return unique(names), unique(affiliations)


def _published(article: etree._Element):
    pub = article.find("Journal/JournalIssue/PubDate")
    if pub is not None:
        year = pub.findtext("Year")
        if year:
            return date_from_parts(year, pub.findtext("Month"), pub.findtext("Day"))
        medline = (pub.findtext("MedlineDate") or "").strip()
        if medline[:4].isdigit():
            month = medline[5:8] if len(medline) >= 8 else None
            return date_from_parts(medline[:4], month)
    electronic = article.find("ArticleDate")
    if electronic is not None:
        return date_from_parts(
            electronic.findtext("Year"), electronic.findtext("Month"), electronic.findtext("Day")
        )
    return None


def _book(record: etree._Element, source_kind: SourceKind) -> Document | PubmedRecordError:
    book = record.find("BookDocument")
    pmid = (book.findtext("PMID") or "").strip() if book is not None else ""
    if not pmid:
        return PubmedRecordError(None, "book record without PMID")
    title = clean_text(text_of(book.find("ArticleTitle")) or text_of(book.find("Book/BookTitle")))
    builder = TextBuilder()
    builder.add("title", title)
    _abstract(builder, book.find("Abstract"))
    text, sections = builder.build()
    if not text:
        return PubmedRecordError(pmid, f"PMID {pmid} has neither title nor abstract")
    authors, affiliations = _authors(book.find("AuthorList"))
    return Document(
        title=title,
        text=text,
        sections=sections,
        source_kind=source_kind,
        pmid=pmid,
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        authors=authors,
        affiliations=affiliations,
    )
