"""Label mapping, tokenisation and DocBin conversion."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from biokg.nlp.training.convert import ConversionStats, to_doc, write_docbin
from biokg.nlp.training.corpus import AnnotatedText, Mention
from biokg.nlp.training.labels import map_label
from biokg.nlp.training.tokenizer import customise_tokenizer
from spacy.tokens import DocBin


@pytest.fixture(scope="module")
def nlp():
    return customise_tokenizer(spacy.blank("en"))


def test_labels_map_onto_biokg_types() -> None:
    assert map_label("bc5cdr", "Chemical") == "DRUG"
    assert map_label("bc5cdr", "Disease") == "DISEASE"
    assert map_label("biored", "GeneOrGeneProduct") == "GENE"
    assert map_label("biored", "CellLine") == "CELL_LINE"
    assert map_label("ncbi_disease", "Modifier") == "DISEASE"
    assert map_label("jnlpba", "cell_type") == "CELL_TYPE"
    assert map_label("bionlp13cg", "Organism") is None


def test_unknown_corpus_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown corpus 'nope'"):
        map_label("nope", "Chemical")


def test_tokenizer_splits_inside_biomedical_tokens(nlp) -> None:
    words = [t.text for t in nlp.make_doc("(PAN)-induced Na+/K+ loss; vitamin D. IL1B-31T/C")]
    assert words == (
        ["(", "PAN", ")", "-", "induced", "Na", "+", "/", "K", "+", "loss", ";"]
        + ["vitamin", "D", ".", "IL1B", "-", "31T", "/", "C"]
    )


def test_to_doc_maps_labels_and_drops_unmapped_ones(nlp) -> None:
    text = "BRAF V600E melanoma responds to vemurafenib in mice."
    item = AnnotatedText(
        "1",
        text,
        [
            Mention(0, 4, "GeneOrGeneProduct"),
            Mention(5, 10, "SequenceVariant"),
            Mention(11, 19, "DiseaseOrPhenotypicFeature"),
            Mention(32, 43, "ChemicalEntity"),
            Mention(47, 51, "OrganismTaxon"),
        ],
    )
    stats = ConversionStats()
    doc = to_doc(nlp, item, "biored", stats, keep={"GENE", "DRUG"})
    assert [(e.text, e.label_) for e in doc.ents] == [("BRAF", "GENE"), ("vemurafenib", "DRUG")]
    assert stats.dropped_label == {
        "SequenceVariant": 1,
        "DiseaseOrPhenotypicFeature": 1,
        "OrganismTaxon": 1,
    }
    assert all(t.ent_iob_ == "O" for t in doc if not t.ent_type_)


def test_misaligned_mention_becomes_missing_not_outside(nlp) -> None:
    # No rule splits "rDEN2Delta30", so the mention "rDEN2" ends inside a token.
    item = AnnotatedText("2", "rDEN2Delta30 virus grows.", [Mention(0, 5, "GeneOrGeneProduct")])
    stats = ConversionStats()
    doc = to_doc(nlp, item, "biored", stats)
    assert stats.misaligned == 1 and not doc.ents
    assert [t.ent_iob_ for t in doc] == ["", "O", "O", "O"]  # "" = missing, so not trained as O


def test_overlapping_mentions_keep_the_longest(nlp) -> None:
    item = AnnotatedText(
        "3",
        "Breast cancer type 1 protein.",
        [Mention(0, 13, "DiseaseOrPhenotypicFeature"), Mention(0, 28, "GeneOrGeneProduct")],
    )
    stats = ConversionStats()
    doc = to_doc(nlp, item, "biored", stats)
    assert [(e.text, e.label_) for e in doc.ents] == [("Breast cancer type 1 protein", "GENE")]
    assert stats.overlapping == 1


def test_write_docbin_round_trips(nlp, tmp_path: Path) -> None:
    items = [
        AnnotatedText("a", "Aspirin helps.", [Mention(0, 7, "Chemical")]),
        AnnotatedText("b", "Gout hurts.", [Mention(0, 4, "Disease")]),
    ]
    stats = write_docbin(nlp, items, "bc5cdr", tmp_path / "out" / "x.spacy")
    docs = list(DocBin().from_disk(tmp_path / "out" / "x.spacy").get_docs(nlp.vocab))
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [
        [("Aspirin", "DRUG")],
        [("Gout", "DISEASE")],
    ]
    assert stats.docs == 2 and stats.kept == {"DRUG": 1, "DISEASE": 1}
