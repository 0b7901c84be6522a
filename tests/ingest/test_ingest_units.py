"""Small pieces: identifier finding, source strings, charset handling, sections, dates, BioC XML."""

from __future__ import annotations

from datetime import date

import pytest
from biokg.ingest.assemble import TextBuilder, canonical_section, parse_date
from biokg.ingest.bioc import bioc_xml_documents, parse_bioc
from biokg.ingest.html import ContentError, decode_text
from biokg.ingest.identifiers import clean_doi, find_identifiers
from biokg.ingest.spec import parse_source

from biokg.errors import IngestError


def test_identifiers_with_positions_and_trimmed_punctuation():
    text = (
        "See (doi: 10.1016/S0140-6736(17)32154-2), PMID: 29155426; PMCID PMC5774768 and "
        "trial NCT02315612. Also https://pubmed.ncbi.nlm.nih.gov/25317870/ and "
        "https://doi.org/10.1038/nm.4441."
    )
    found = [(c.kind, c.value, text[c.start : c.end]) for c in find_identifiers(text)]
    assert found == [
        ("doi", "10.1016/s0140-6736(17)32154-2", "10.1016/S0140-6736(17)32154-2"),
        ("pmid", "29155426", "29155426"),
        ("pmcid", "PMC5774768", "PMC5774768"),
        ("nct", "NCT02315612", "NCT02315612"),
        ("pmid", "25317870", "25317870"),
        ("doi", "10.1038/nm.4441", "10.1038/nm.4441"),
    ]
    assert find_identifiers("") == []
    assert find_identifiers("In 2017, 10.5 percent of patients relapsed.") == []


def test_clean_doi():
    assert clean_doi("https://doi.org/10.1038/NM.4441") == "10.1038/nm.4441"
    assert clean_doi("10.1038/nm.4441).") == "10.1038/nm.4441"
    assert clean_doi("not a doi") is None


@pytest.mark.parametrize(
    ("raw", "kind", "values"),
    [
        ("pmid:29155426", "pmid", ("29155426",)),
        ("PMID: 1, 2 3", "pmid", ("1", "2", "3")),
        ("doi:10.1038/NM.4441", "doi", ("10.1038/nm.4441",)),
        ("pmc:5774768", "pmc", ("PMC5774768",)),
        ("pmcid:PMC5774768", "pmc", ("PMC5774768",)),
        ('pubmed:"CD22 CAR T"', "pubmed", ("CD22 CAR T",)),
        ("europepmc:'dual targeting'", "europepmc", ("dual targeting",)),
        ("https://pubmed.ncbi.nlm.nih.gov/29155426/", "pmid", ("29155426",)),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/pmc5774768/", "pmc", ("PMC5774768",)),
        ("https://doi.org/10.1038/nm.4441", "doi", ("10.1038/nm.4441",)),
        ("https://news.example.org/a?b=1", "url", ("https://news.example.org/a?b=1",)),
        ("articles/*.txt", "path", ("articles/*.txt",)),
        ("file:///tmp/story.txt", "path", ("/tmp/story.txt",)),
    ],
)
def test_source_strings(raw, kind, values):
    spec = parse_source(raw)
    assert (spec.kind, spec.values) == (kind, values)


@pytest.mark.parametrize("raw", ["", "pubmed:", "pmc:abc", "mailto://x"])
def test_bad_source_strings_raise_naming_the_source(raw):
    with pytest.raises(IngestError):
        parse_source(raw)


def test_decode_text_charset_rules():
    assert decode_text("Süß".encode("cp1252")) == "Süß"  # no declaration: UTF-8, then cp1252
    assert decode_text(b"<meta charset='iso-8859-1'>caf\xe9") == "<meta charset='iso-8859-1'>café"
    one_stray = ("a" * 200).encode() + b"\xff"
    assert decode_text(one_stray, "utf-8").endswith("\ufffd")  # one bad byte is tolerated
    with pytest.raises(ContentError, match="broken encoding"):
        decode_text(b"ok " + bytes(range(0x80, 0xC0)) * 4, "utf-8")
    with pytest.raises(ContentError, match="empty"):
        decode_text(b"  \n ")
    with pytest.raises(ContentError, match="binary"):
        decode_text(b"GIF89a\x00\x01\x00")


def test_text_builder_merges_adjacent_parts_of_one_section():
    builder = TextBuilder()
    builder.add("title", "  A  title ")
    builder.add("results", "First.")
    builder.add("results", "Second.")
    builder.add("results", "   ")
    text, sections = builder.build()
    assert text == "A title\n\nFirst.\n\nSecond."
    assert [(s.name, text[s.start : s.end]) for s in sections] == [
        ("title", "A title"),
        ("results", "First.\n\nSecond."),
    ]
    assert TextBuilder().build() == ("", [])


def test_section_names_and_dates():
    assert canonical_section("3. Results and discussion") == "results"
    assert canonical_section("PATIENTS AND METHODS") == "methods"
    assert canonical_section("Ideas for the future") == "ideas for the future"
    assert parse_date("2017-12-04T09:30:00Z") == date(2017, 12, 4)
    assert parse_date("2018") == date(2018, 1, 1)
    assert parse_date("Mon, 04 Dec 2017 09:30:00 GMT") == date(2017, 12, 4)
    assert parse_date("soon") is None


def test_bioc_xml_collection():
    xml = b"""<?xml version='1.0'?><collection><source>PMC</source><document><id>PMC1</id>
      <passage><infon key="section_type">TITLE</infon><infon key="type">front</infon>
        <infon key="article-id_pmid">111</infon><offset>0</offset><text>A title</text></passage>
      <passage><infon key="section_type">METHODS</infon><infon key="type">paragraph</infon>
        <offset>8</offset><text>We counted cells.</text></passage>
      <passage><infon key="section_type">REF</infon><infon key="type">ref</infon>
        <offset>26</offset><text>A cited paper</text></passage>
    </document></collection>"""
    [doc] = list(parse_bioc(bioc_xml_documents(xml)))
    assert (doc.id, doc.pmcid, doc.title) == ("pmid:111", "PMC1", "A title")
    assert doc.text == "A title\n\nWe counted cells."
    assert [s.name for s in doc.sections] == ["title", "methods"]


def test_pubmed_mentions_need_an_id_marker():
    text = "Indexed in PubMed 2019 update. PubMed ID: 123456, PMID12345 and PubMed: 99."
    assert [c.value for c in find_identifiers(text) if c.kind == "pmid"] == [
        "123456",
        "12345",
        "99",
    ]


def test_relative_canonical_url_is_made_absolute():
    from biokg.ingest.html import parse_html

    html = (
        "<html><head><link rel='canonical' href='/stories/cd22'></head><body><article>"
        "<p>CD22 CAR T cells reached remission in most patients given higher doses.</p>"
        "</article></body></html>"
    )
    doc = parse_html(html, url="https://news.example.org/stories/cd22?utm_source=feed")
    assert doc.url == "https://news.example.org/stories/cd22"
