"""Local files and folders: `.txt` (optional header block), `.html`, `.xml` (PubMed/JATS/BioC),
`.json` (BioC or our own `Document` JSON) and `.pdf` (when `pypdf` is installed)."""

from __future__ import annotations

import errno
import glob
import io
import json
import os
import re
import stat
from pathlib import Path

from biokg.ingest.assemble import TextBuilder, clean_text, parse_date
from biokg.ingest.bioc import bioc_json_documents, bioc_xml_documents, is_bioc_json, parse_bioc
from biokg.ingest.html import ContentError, decode_text, parse_html
from biokg.ingest.identifiers import clean_doi, find_identifiers
from biokg.ingest.jats import find_article, parse_jats
from biokg.ingest.pubmed_xml import PubmedRecordError, is_pubmed_xml, parse_pubmed_xml
from biokg.ingest.xmlutil import local, parse_xml
from pydantic import ValidationError

from biokg.model import Document, SourceKind

SUPPORTED = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".xml", ".nxml", ".json", ".pdf")
_HEADER = re.compile(r"^(title|source|url|date|doi|pmid|pmcid)\s*:\s*(.*)$", re.IGNORECASE)
# A first line this short and without a final full stop reads as a headline.
_TITLE_MAX = 200


class LocalFileError(ValueError):
    """A local file cannot be read as an article."""


def expand_path(pattern: str) -> list[Path]:
    """A file, every supported file under a folder (recursively), or a glob's matches, sorted.

    Raises `LocalFileError` when nothing matches. `scan_path` also says what it skipped.
    """
    return scan_path(pattern)[0]


def scan_path(pattern: str) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files `pattern` names (a file, a folder read recursively, or a glob), sorted, and
    `(path, reason)` for everything under it that is skipped, so nothing is dropped unsaid.

    A folder skips hidden entries, unsupported types, broken links, symbolic link loops and
    what is not a regular file (a FIFO would block the reader forever). Links to folders are
    followed once each. Raises `LocalFileError` when nothing readable matches; the skipped
    entries are then in its `skipped` attribute.

    Example:
        >>> files, skipped = scan_path("articles/")  # doctest: +SKIP
        >>> skipped  # doctest: +SKIP
        [(PosixPath('articles/figure.png'), 'unsupported file type .png')]
    """
    path = Path(pattern).expanduser()
    if path.is_dir():
        files: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        _walk(path, (_real(path),), {_real(path)}, files, skipped)
        if not files:
            error = LocalFileError(f"no supported files ({', '.join(SUPPORTED)}) in folder")
            error.skipped = skipped  # type: ignore[attr-defined]
            raise error
        return files, skipped
    if path.is_file() or path.is_symlink() or path.exists():
        reason = _unreadable(path)
        if reason:
            raise LocalFileError(reason)
        return [path], []
    if glob.has_magic(pattern):
        files, skipped = [], []
        for match in sorted(Path(p) for p in glob.glob(str(path), recursive=True)):
            if match.is_dir():
                skipped.append((match, "a folder matched by the glob (give the folder to read it)"))
            elif reason := _unreadable(match):
                skipped.append((match, reason))
            else:
                files.append(match)
        if not files:
            error = LocalFileError("glob pattern matches no files")
            error.skipped = skipped  # type: ignore[attr-defined]
            raise error
        return files, skipped
    raise LocalFileError("no such file or folder, and not a known source (pmid:, doi:, URL…)")


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _unreadable(path: Path) -> str | None:
    """Why `path` cannot be read as a file, or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return f"broken symbolic link (to {os.readlink(path)})"
        return f"cannot read: {exc.strerror or exc}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device)"
    return None


def _walk(
    folder: Path,
    ancestors: tuple[str, ...],
    visited: set[str],
    files: list[Path],
    skipped: list[tuple[Path, str]],
) -> None:
    """Files under `folder` in name order; links to folders are followed unless they lead back
    to a folder above (a loop) or to one already read."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        skipped.append((folder, f"cannot list folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            skipped.append((path, "hidden"))
            continue
        try:
            is_dir = entry.is_dir()  # follows links
        except OSError:
            is_dir = False
        if is_dir:
            real = _real(path)
            if real in ancestors:
                skipped.append((path, f"symbolic link loop (back to {real})"))
            elif real in visited:
                skipped.append((path, f"a link to a folder already read ({real})"))
            else:
                visited.add(real)
                _walk(path, (*ancestors, real), visited, files, skipped)
            continue
        reason = _unreadable(path)
        if reason:
            skipped.append((path, reason))
        elif path.suffix.lower() not in SUPPORTED:
            skipped.append((path, f"unsupported file type {path.suffix or '(none)'}"))
        else:
            files.append(path)


def read_file(path: Path) -> list[Document | tuple[str, str]]:
    """Documents in one file (a PubMed XML set holds many), or `(label, reason)` per bad record.

    Raises `LocalFileError` (or `ContentError`) when the file as a whole is unusable.
    """
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LocalFileError(f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise LocalFileError("empty file")
    uri = path.resolve().as_uri()
    if suffix in (".txt", ".text", ".md"):
        return [parse_text_file(decode_text(data, _declared_utf8(data)), uri)]
    if suffix in (".html", ".htm", ".xhtml"):
        return [parse_html(decode_text(data), url=None, source_kind=SourceKind.LOCAL)]
    if suffix in (".xml", ".nxml"):
        return _read_xml(data)
    if suffix == ".json":
        return _read_json(data)
    if suffix == ".pdf":
        return [read_pdf(data, uri)]
    raise LocalFileError(f"unsupported file type {suffix or '(none)'}")


def _declared_utf8(data: bytes) -> str | None:
    # Plain text has no charset declaration; UTF-8 is the only sane default, cp1252 the fallback.
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return None


def parse_text_file(text: str, uri: str | None = None) -> Document:
    """A `.txt` article: an optional `Title:/Source:/Date:/DOI:/PMID:` header block then a blank
    line; without one, a short first line is the title.
    """
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    header: dict[str, str] = {}
    body_start = 0
    for i, line in enumerate(lines):
        match = _HEADER.match(line.strip())
        if match:
            header[match.group(1).lower()] = match.group(2).strip()
            continue
        if header and not line.strip():
            body_start = i + 1
        elif header:  # a "Key: value" line followed by prose is not a header block
            header, body_start = {}, 0
        break
    body_lines = lines[body_start:]
    title = header.get("title", "")
    if not header:
        while body_lines and not body_lines[0].strip():
            body_lines.pop(0)
        first = body_lines[0].strip() if body_lines else ""
        if first and len(first) <= _TITLE_MAX and not first.endswith((".", ":", ";", ",")):
            title = first
            body_lines = body_lines[1:]
    builder = TextBuilder()
    builder.add("title", title)
    builder.add("body", "\n".join(body_lines))
    full, sections = builder.build()
    if not full:
        raise LocalFileError("no text")
    source = header.get("source") or header.get("url") or ""
    doi = clean_doi(header["doi"]) if header.get("doi") else None
    return Document(
        title=clean_text(title),
        text=full,
        sections=sections,
        source_kind=SourceKind.LOCAL,
        url=source if source.startswith(("http://", "https://")) else uri,
        doi=doi,
        pmid=header.get("pmid") or None,
        pmcid=header.get("pmcid") or None,
        published=parse_date(header.get("date")),
        cited_ids=[c for c in find_identifiers(full) if c.value not in (doi, header.get("pmid"))],
    )


def _read_xml(data: bytes) -> list[Document | tuple[str, str]]:
    return read_xml(data, SourceKind.LOCAL, SourceKind.LOCAL)


def read_xml(
    data: bytes, abstract_kind: SourceKind, full_text_kind: SourceKind
) -> list[Document | tuple[str, str]]:
    """PubMed, BioC or JATS XML, told apart by the root element."""
    root = parse_xml(data)
    if is_pubmed_xml(root):
        out: list[Document | tuple[str, str]] = []
        for record in parse_pubmed_xml(root, abstract_kind):
            if isinstance(record, PubmedRecordError):
                out.append((f"PMID {record.pmid or '?'}", record.reason))
            else:
                out.append(record)
        return out
    if local(root.tag) == "collection":
        return list(parse_bioc(bioc_xml_documents(root), full_text_kind))
    if find_article(root) is not None:
        return [parse_jats(root, full_text_kind)]
    raise LocalFileError(f"XML is not PubMed, JATS or BioC (root element <{local(root.tag)}>)")


def _read_json(data: bytes) -> list[Document | tuple[str, str]]:
    try:
        payload = json.loads(data)
    except ValueError as exc:
        raise LocalFileError(f"malformed JSON ({exc})") from exc
    except RecursionError as exc:  # `[[[[…` thousands deep: the decoder recurses per level
        raise LocalFileError("JSON nested too deeply") from exc
    if is_bioc_json(payload):
        return list(parse_bioc(bioc_json_documents(payload), SourceKind.LOCAL))
    items = payload if isinstance(payload, list) else [payload]
    out: list[Document | tuple[str, str]] = []
    for i, item in enumerate(items):
        try:
            out.append(Document.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            out.append(
                (f"item {i}", f"not a biokg Document or BioC JSON ({where}: {first['msg']})")
            )
    return out


def read_pdf(data: bytes, url: str | None, source_kind: SourceKind = SourceKind.LOCAL) -> Document:
    """Text of a PDF's pages (pypdf); its metadata title, else a short first line, is the title."""
    try:
        import pypdf
    except ImportError as exc:  # optional: `pip install biokg[pdf]`
        raise LocalFileError("PDF support needs the optional 'pypdf' package") from exc
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info_title = (reader.metadata.title if reader.metadata else None) or ""
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on broken files
        raise LocalFileError(f"unreadable PDF ({type(exc).__name__}: {exc})") from exc
    text = clean_text("\n\n".join(pages))
    if not text:
        raise ContentError("PDF has no extractable text (scanned images?)")
    if not info_title.strip():
        return parse_text_file(text, url).model_copy(update={"source_kind": source_kind})
    builder = TextBuilder()
    builder.add("title", info_title)
    builder.add("body", text)
    full, sections = builder.build()
    return Document(
        title=clean_text(info_title),
        text=full,
        sections=sections,
        source_kind=source_kind,
        url=url,
        cited_ids=find_identifiers(full),
    )
