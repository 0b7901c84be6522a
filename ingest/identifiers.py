"""Find the identifiers an article cites (DOI, PMID, PMCID, NCT) with their character positions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from biokg.model import CitedId

# Crossref's advice for modern DOIs: "10." + 4-9 digit registrant + "/" + suffix without spaces.
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"'<>]+", re.IGNORECASE)
_PMID = re.compile(
    # "PubMed 2019" is prose, "PubMed: 123" / "PubMed ID 123" / "PMID123" are identifiers
    r"\b(?:PMID\s*:?|PubMed\s*(?:ID\s*:?|:))\s*(\d{1,9})\b"
    r"|pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})"
    r"|ncbi\.nlm\.nih\.gov/pubmed/(\d{1,9})",
    re.IGNORECASE,
)
_PMCID = re.compile(r"\bPMC\s?(\d{4,9})\b")
_NCT = re.compile(r"\bNCT\s?(\d{8})\b", re.IGNORECASE)
_TRAILING = ".,;:!?'\"»”’"


def clean_doi(raw: str) -> str | None:
    """Trim what prose glues onto a DOI: sentence punctuation and unbalanced closing brackets.

    >>> clean_doi("10.1016/S0140-6736(17)32154-2).")
    '10.1016/s0140-6736(17)32154-2'
    """
    doi = raw.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :]
    while doi:
        if (
            doi[-1] in _TRAILING
            or doi[-1] in ")]}"
            and doi.count(doi[-1]) > doi.count({")": "(", "]": "[", "}": "{"}[doi[-1]])
        ):
            doi = doi[:-1]
        else:
            break
    if not re.fullmatch(r"10\.\d{4,9}/\S+", doi, re.IGNORECASE):
        return None
    return doi.lower()


def find_identifiers(text: str) -> list[CitedId]:
    """Every DOI, PMID, PMCID and NCT number in `text`, in order of appearance.

    >>> [(c.kind, c.value) for c in find_identifiers("doi: 10.1038/nm.4441. See NCT02315612.")]
    [('doi', '10.1038/nm.4441'), ('nct', 'NCT02315612')]
    """
    found: list[CitedId] = []
    for match in _DOI.finditer(text):
        raw = match.group(0)
        doi = clean_doi(raw)
        if doi:
            start = match.start()
            # `clean_doi` only trims the end, so the DOI starts where the match does.
            found.append(CitedId(kind="doi", value=doi, start=start, end=start + len(doi)))
    for match in _PMID.finditer(text):
        group = next(i for i in (1, 2, 3) if match.group(i))
        found.append(
            CitedId(
                kind="pmid",
                value=match.group(group),
                start=match.start(group),
                end=match.end(group),
            )
        )
    for match in _PMCID.finditer(text):
        found.append(
            CitedId(
                kind="pmcid", value="PMC" + match.group(1), start=match.start(), end=match.end()
            )
        )
    for match in _NCT.finditer(text):
        found.append(
            CitedId(kind="nct", value="NCT" + match.group(1), start=match.start(), end=match.end())
        )
    found.sort(key=lambda c: (c.start or 0, c.kind))
    return found


def identifiers_in_links(hrefs: Iterable[str], known: Iterable[CitedId] = ()) -> list[CitedId]:
    """Identifiers found only in link targets (no position in the text), minus those `known`."""
    seen = {(c.kind, c.value) for c in known}
    extra: list[CitedId] = []
    for href in hrefs:
        for cited in find_identifiers(href):
            if (cited.kind, cited.value) not in seen:
                seen.add((cited.kind, cited.value))
                extra.append(CitedId(kind=cited.kind, value=cited.value))
    return extra
