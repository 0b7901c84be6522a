"""What a source string means: `pmid:1,2`, `doi:10.x/y`, `pmc:PMC1`, `pubmed:"query"`,
`europepmc:"query"`, an http(s) URL, or a local file/folder/glob."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from biokg.ingest.identifiers import clean_doi

from biokg.errors import IngestError

Kind = Literal["url", "path", "pmid", "doi", "pmc", "pubmed", "europepmc"]

_PREFIX = re.compile(
    r"^(pmid|doi|pmc|pmcid|pubmed|europepmc|epmc)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL
)
_PUBMED_URL = re.compile(
    r"^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov|www\.ncbi\.nlm\.nih\.gov/pubmed)/(\d+)/?$"
)
_PMC_URL = re.compile(
    r"^https?://(?:www\.)?(?:ncbi\.nlm\.nih\.gov/pmc/articles|pmc\.ncbi\.nlm\.nih\.gov/articles)/(PMC\d+)/?$",
    re.IGNORECASE,
)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\..+)$", re.IGNORECASE)


@dataclass(frozen=True)
class SourceSpec:
    """A parsed source. `values` holds ids (pmid), or the one DOI/PMCID/query/URL/path."""

    raw: str
    kind: Kind
    values: tuple[str, ...]

    @property
    def value(self) -> str:
        return self.values[0]


def parse_source(raw: str) -> SourceSpec:
    """Parse one source string; raises `IngestError` naming it when it cannot be understood.

    >>> parse_source('pubmed:"CD22 CAR T"').values
    ('CD22 CAR T',)
    >>> parse_source("pmid:29155426, 1").values
    ('29155426', '1')
    """
    text = (raw or "").strip()
    if not text:
        raise IngestError(repr(raw), "empty source")
    match = _PREFIX.match(text)
    if match:
        prefix, rest = match.group(1).lower(), _unquote(match.group(2))
        if not rest:
            raise IngestError(raw, f"nothing after '{prefix}:'")
        if prefix == "pmid":
            ids = tuple(i for i in re.split(r"[\s,;]+", rest) if i)
            bad = [i for i in ids if not i.isdigit()]
            if bad:
                raise IngestError(raw, f"not a PMID: {', '.join(bad)}")
            return SourceSpec(raw, "pmid", ids)
        if prefix == "doi":
            doi = clean_doi(rest)
            if not doi:
                raise IngestError(raw, f"not a DOI: {rest!r}")
            return SourceSpec(raw, "doi", (doi,))
        if prefix in ("pmc", "pmcid"):
            pmcid = rest.upper().replace(" ", "")
            pmcid = pmcid if pmcid.startswith("PMC") else "PMC" + pmcid
            if not pmcid[3:].isdigit():
                raise IngestError(raw, f"not a PMC id: {rest!r}")
            return SourceSpec(raw, "pmc", (pmcid,))
        if prefix == "pubmed":
            return SourceSpec(raw, "pubmed", (rest,))
        return SourceSpec(raw, "europepmc", (rest,))
    if re.match(r"^https?://", text, re.IGNORECASE):
        for pattern, kind in ((_PUBMED_URL, "pmid"), (_PMC_URL, "pmc"), (_DOI_URL, "doi")):
            found = pattern.match(text)
            if found:
                value = found.group(1)
                if kind == "doi":
                    value = clean_doi(value) or value
                return SourceSpec(raw, kind, (value.upper() if kind == "pmc" else value,))
        return SourceSpec(raw, "url", (text,))
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) and not text.lower().startswith(
        "file://"
    ):
        raise IngestError(raw, "unsupported URL scheme (only http and https)")
    if text.lower().startswith("file://"):
        text = text[len("file://") :]
    return SourceSpec(raw, "path", (text,))


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    return text
