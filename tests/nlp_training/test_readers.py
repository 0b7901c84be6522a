"""Corpus readers on small hand-written files in each format."""

from __future__ import annotations

from pathlib import Path

import pytest
from biokg.nlp.training.bioc import read_bioc_xml
from biokg.nlp.training.corpus import Mention
from biokg.nlp.training.iob import read_iob
from biokg.nlp.training.pubtator import CorpusFormatError, read_pubtator

TITLE = "Lithium and thyroid disease."
ABSTRACT = "Long-term lithium therapy can cause hypothyroidism."
PUBTATOR = (
    f"111|t|{TITLE}\n"
    f"111|a|{ABSTRACT}\n"
    "111\t0\t7\tLithium\tChemical\tD008094\n"
    "111\t12\t27\tthyroid disease\tDisease\tD013959\n"
    "111\t39\t46\tlithium\tChemical\tD008094\n"
    "111\t65\t79\thypothyroidism\tDisease\tD007037\n"
    "111\tCID\tD008094\tD007037\n"
    "\n"
    "222|t|Aspirin.\n"
    "222|a|No findings.\n"
    "222\t0\t7\tAspirin\tChemical\tD001241"  # last document without a trailing blank line
)


def test_pubtator_reads_documents_mentions_and_skips_relations(tmp_path: Path) -> None:
    path = tmp_path / "tiny.PubTator"
    path.write_text(PUBTATOR, encoding="utf-8")
    docs = list(read_pubtator(path))
    assert [d.doc_id for d in docs] == ["111", "222"]
    assert docs[0].text == f"{TITLE} {ABSTRACT}"
    assert docs[0].mentions == [
        Mention(0, 7, "Chemical", "Lithium"),
        Mention(12, 27, "Disease", "thyroid disease"),
        Mention(39, 46, "Chemical", "lithium"),
        Mention(65, 79, "Disease", "hypothyroidism"),
    ]
    assert docs[1].mentions == [Mention(0, 7, "Chemical", "Aspirin")]


def test_pubtator_rejects_offsets_that_do_not_match_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.PubTator"
    path.write_text(PUBTATOR.replace("111\t0\t7\tLithium", "111\t1\t8\tLithium"), encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="bad.PubTator.*111"):
        list(read_pubtator(path))


def test_pubtator_without_title_line_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notitle.txt"
    path.write_text("333\t0\t3\tfoo\tChemical\t-1\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="notitle.txt:1"):
        list(read_pubtator(path))


def test_iob_builds_spans_from_tags_and_treats_a_stray_i_tag_as_a_start(tmp_path: Path) -> None:
    path = tmp_path / "tiny.tsv"
    path.write_text(
        "The\tO\nTNF\tB-GENE\nalpha\tI-GENE\nreceptor\tI-GENE\nbinds\tO\nIL\tI-GENE\n-\tI-GENE\n"
        "6\tI-GENE\n.\tO\n\n###MEDLINE:1\n\np53\tB-protein\nT\tB-cell_type\ncells\tI-cell_type\n",
        encoding="utf-8",
    )
    first, second = list(read_iob(path))
    assert first.text == "The TNF alpha receptor binds IL - 6 ."
    assert [(m.text, m.label) for m in first.mentions] == [
        ("TNF alpha receptor", "GENE"),
        ("IL - 6", "GENE"),
    ]
    assert [(m.text, m.label) for m in second.mentions] == [
        ("p53", "protein"),
        ("T cells", "cell_type"),
    ]


def test_iob_rejects_a_line_without_a_tag(tmp_path: Path) -> None:
    path = tmp_path / "notag.tsv"
    path.write_text("token-without-tag\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match="notag.tsv:1"):
        list(read_iob(path))


def _annotation(label: str, *locations: tuple[int, int]) -> str:
    where = "".join(f'<location offset="{o}" length="{n}"/>' for o, n in locations)
    surface = f"{TITLE} {ABSTRACT}"[locations[0][0] : locations[0][0] + locations[0][1]]
    return (
        f'<annotation><infon key="type">{label}</infon>{where}<text>{surface}</text></annotation>'
    )


def test_bioc_xml_gives_the_same_text_and_mentions_as_pubtator(tmp_path: Path) -> None:
    abstract_offset = len(TITLE) + 1
    title_annotations = _annotation("Chemical", (0, 7)) + _annotation("Disease", (12, 15))
    abstract_annotations = (
        _annotation("Chemical", (39, 7))
        + _annotation("Disease", (65, 14))
        + _annotation("Disease", (0, 7), (20, 7))  # discontinuous: dropped
    )
    xml = (
        "<?xml version='1.0' encoding='UTF-8'?><collection><source>hand</source>"
        "<document><id>111</id>"
        f"<passage><offset>0</offset><text>{TITLE}</text>{title_annotations}</passage>"
        f"<passage><offset>{abstract_offset}</offset><text>{ABSTRACT}</text>"
        f"{abstract_annotations}</passage></document></collection>"
    )
    (tmp_path / "tiny.xml").write_text(xml, encoding="utf-8")
    (tmp_path / "tiny.PubTator").write_text(PUBTATOR, encoding="utf-8")
    from_xml = list(read_bioc_xml(tmp_path / "tiny.xml"))
    from_pubtator = list(read_pubtator(tmp_path / "tiny.PubTator"))[:1]
    assert from_xml == from_pubtator
