"""Local files: .txt (header block or title line), .html, .xml, .json, .pdf, folders, globs."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from biokg.ingest import iter_documents, read_source
from ingest_services import FIXTURES

from biokg.errors import IngestError
from biokg.model import Document, SourceKind


def test_shared_cd22_news_story_title_and_cited_doi(shared_dir, tmp_path):
    path = shared_dir / "examples" / "cd22-car-t-b-all-news.txt"
    settings = _settings(tmp_path)
    [doc] = read_source(str(path), settings)
    assert (
        doc.title == "A New Target for CAR T Cells Achieves Remission in Resistant Pediatric B-ALL"
    )
    assert doc.source_kind is SourceKind.LOCAL
    dois = [c for c in doc.cited_ids if c.kind == "doi"]
    assert [c.value for c in dois] == ["10.1038/nm.4441"]
    assert doc.text[dois[0].start : dois[0].end] == "10.1038/nm.4441"
    assert doc.url == path.resolve().as_uri()


def _settings(tmp_path):
    from biokg.config import Settings

    return Settings(cache_dir=tmp_path / "cache")


def test_txt_header_block(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text(
        "Title: CD22 CAR T cells in B-ALL\nSource: https://news.example.org/cd22\n"
        "Date: 2017-11-20\nDOI: 10.1038/NM.4441\nPMID: 29155426\n\n"
        "Eleven of fifteen patients reached remission.\nThe trial is NCT02315612.\n",
        encoding="utf-8",
    )
    [doc] = read_source(str(story), _settings(tmp_path))
    assert doc.title == "CD22 CAR T cells in B-ALL"
    assert doc.text == (
        "CD22 CAR T cells in B-ALL\n\nEleven of fifteen patients reached remission.\n"
        "The trial is NCT02315612."
    )
    assert doc.url == "https://news.example.org/cd22"
    assert (doc.doi, doc.pmid, doc.id) == ("10.1038/nm.4441", "29155426", "pmid:29155426")
    assert doc.published == date(2017, 11, 20)
    assert [(c.kind, c.value) for c in doc.cited_ids] == [("nct", "NCT02315612")]


def test_txt_without_header_long_first_line_is_not_a_title(tmp_path):
    story = tmp_path / "plain.txt"
    story.write_text(
        "Remission was seen in most patients given CD22 CAR T cells at the higher doses.\n"
        "Relapse came with lower CD22 density.\n",
        encoding="utf-8",
    )
    [doc] = read_source(str(story), _settings(tmp_path))
    assert doc.title == ""
    assert doc.text.startswith("Remission was seen")
    assert doc.id.startswith("url:")


def test_folder_recursive_and_glob_with_every_format(tmp_path):
    folder = tmp_path / "articles"
    (folder / "nested").mkdir(parents=True)
    shutil.copy(FIXTURES / "news_story.html", folder / "story.html")
    shutil.copy(FIXTURES / "pubmed_efetch.xml", folder / "nested" / "pubmed.xml")
    shutil.copy(FIXTURES / "jats_article.xml", folder / "nested" / "article.nxml")
    shutil.copy(FIXTURES / "pmc_bioc.json", folder / "nested" / "bioc.json")
    ours = Document(title="Own JSON", text="A document saved by biokg.", doi="10.1/own")
    (folder / "own.json").write_text(ours.model_dump_json(), encoding="utf-8")
    (folder / "notes.csv").write_text("ignored,file\n", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "skip.txt").write_text("Hidden\n\nnot read", encoding="utf-8")

    docs = read_source(str(folder), _settings(tmp_path))
    ids = [d.id for d in docs]
    # pubmed.xml and bioc.json both hold PMID 29155426: one Document
    assert ids == [
        "pmid:30000001",
        "pmid:29155426",
        "pmid:25317870",
        "doi:10.1/own",
        "url:" + docs[4].id[4:],
    ]
    assert all(d.source_kind is SourceKind.LOCAL for d in docs[:3])
    assert docs[3] == ours
    assert docs[4].title.startswith("Second CAR T target")

    globbed = read_source(str(folder / "**" / "*.xml"), _settings(tmp_path))
    assert [d.pmid for d in globbed] == ["29155426", "25317870"]


def test_bad_local_files_are_failures(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.xml").write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    (folder / "other.xml").write_bytes(b"<catalog><item/></catalog>")
    (folder / "broken.json").write_bytes(b"{not json")
    (folder / "wrong.json").write_text(json.dumps([{"title": "no text"}]), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "good.txt").write_text("Good story\n\nCAR T cells worked.", encoding="utf-8")
    items = list(iter_documents([str(folder), str(tmp_path / "*.nothing")], _settings(tmp_path)))
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.title for d in docs] == ["Good story"]
    reasons = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if not isinstance(i, Document)}
    assert reasons["binary.txt"] == "binary content, not text"
    assert reasons["broken.json"].startswith("malformed JSON")
    assert reasons["broken.xml"].startswith("malformed XML")
    assert reasons["empty.txt"] == "empty file"
    assert reasons["other.xml"] == "XML is not PubMed, JATS or BioC (root element <catalog>)"
    assert reasons["wrong.json [item 0]"].startswith("not a biokg Document or BioC JSON (text:")
    assert reasons["*.nothing"] == "glob pattern matches no files"


def test_read_source_raises_naming_the_source(tmp_path):
    missing = str(tmp_path / "missing.txt")
    with pytest.raises(IngestError) as info:
        read_source(missing, _settings(tmp_path))
    assert info.value.source == missing
    assert "no such file or folder" in str(info.value)


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, xref offsets computed so readers accept it."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_pdf_text_is_extracted(tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(_minimal_pdf("CD22 CAR T cells induced remission, see doi 10.1038/nm.4441"))
    [doc] = read_source(str(pdf), _settings(tmp_path))
    assert "CD22 CAR T cells induced remission" in doc.text
    assert [c.value for c in doc.cited_ids] == ["10.1038/nm.4441"]


def test_pdf_served_over_http_is_full_text(services, tmp_path):
    pdf = _minimal_pdf("Tandem CD19 CD22 CAR T cells kept nine of ten patients in remission")
    services.static("/paper.pdf", pdf, "application/pdf")
    [doc] = read_source(services.url("/paper.pdf"), services.settings(tmp_path))
    assert doc.source_kind is SourceKind.FULL_TEXT
    assert doc.url == services.url("/paper.pdf")
    assert "kept nine of ten patients in remission" in doc.text


def test_broken_pdf_is_a_failure(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(IngestError) as info:
        read_source(str(tmp_path / "broken.pdf"), _settings(tmp_path))
    assert "PDF" in info.value.reason
