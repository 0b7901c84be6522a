"""`biokg_biluo_ner`: BILUO tags read into entities, constrained decoding, training, saving."""

from __future__ import annotations

import numpy
import pytest
import spacy
from biokg.nlp.training.biluo_tagger import (
    BiluoRules,
    BiluoTagger,
    biluo_labels,
    entity_labels,
    spans_from_tags,
)
from spacy.training import Example

LABELS = biluo_labels(["GENE", "DRUG"])


def _spans(words: list[str], tags: list[str]) -> list[tuple[str, str]]:
    doc = spacy.blank("en").make_doc(" ".join(words))
    return [(s.text, s.label_) for s in spans_from_tags(doc, tags)]


def test_labels_are_outside_then_four_tags_per_entity_label() -> None:
    assert LABELS[0] == "O"
    assert LABELS[1:5] == ["B-DRUG", "I-DRUG", "L-DRUG", "U-DRUG"]
    assert len(LABELS) == 9


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["U-GENE", "O", "B-DRUG", "I-DRUG", "L-DRUG"], [("a", "GENE"), ("c d e", "DRUG")]),
        # An I/L with nothing open starts an entity; a B never closed runs to the next break.
        (["O", "I-GENE", "L-GENE", "B-DRUG", "I-DRUG"], [("b c", "GENE"), ("d e", "DRUG")]),
        # A label change inside an entity ends it and starts the other.
        (["B-GENE", "I-DRUG", "L-DRUG", "O", "O"], [("a", "GENE"), ("b c", "DRUG")]),
        (["B-GENE", "O", "U-DRUG", "L-GENE", "O"], [("a", "GENE"), ("c", "DRUG"), ("d", "GENE")]),
        (["O"] * 5, []),
    ],
)
def test_spans_are_read_leniently_from_any_tag_sequence(tags, expected) -> None:
    assert _spans(list("abcde"), tags) == expected


def _scores(rows: list[dict[str, float]]) -> numpy.ndarray:
    scores = numpy.full((len(rows), len(LABELS)), -4.0, dtype="float32")
    for i, row in enumerate(rows):
        for tag, value in row.items():
            scores[i, LABELS.index(tag)] = value
    return scores


def _decode(rows: list[dict[str, float]]) -> list[str]:
    return [LABELS[i] for i in BiluoRules(LABELS).decode(_scores(rows))]


def test_a_valid_best_sequence_is_kept() -> None:
    rows = [{"O": 6}, {"B-GENE": 3, "U-GENE": 2.9}, {"L-GENE": 3}, {"O": 6}]
    assert _decode(rows) == ["O", "B-GENE", "L-GENE", "O"]


def test_an_invalid_stretch_gets_the_most_probable_valid_sequence() -> None:
    # Best per token: O, I-GENE (cannot follow O), L-GENE, O. The best valid reading makes the
    # second token the entity's start rather than dropping the entity.
    rows = [{"O": 6}, {"I-GENE": 3, "B-GENE": 2.5, "O": 1}, {"L-GENE": 4}, {"O": 6}]
    assert _decode(rows) == ["O", "B-GENE", "L-GENE", "O"]
    # A B whose continuation scored lower than O: close it as a two-token entity, or make it a
    # single token, whichever the probabilities favour.
    rows = [{"B-DRUG": 4}, {"O": 3, "L-DRUG": 2.8}, {"O": 6}]
    assert _decode(rows) == ["B-DRUG", "L-DRUG", "O"]
    rows = [{"B-DRUG": 4, "U-DRUG": 3.9}, {"O": 5, "L-DRUG": 1}, {"O": 6}]
    assert _decode(rows) == ["U-DRUG", "O", "O"]


def test_decoding_leaves_confident_outside_tokens_alone_and_handles_empty_docs() -> None:
    rules = BiluoRules(LABELS)
    rows = [{"O": 9}, {"L-GENE": 3, "U-GENE": 2}, {"O": 9}, {"U-DRUG": 5}]
    assert _decode(rows) == ["O", "U-GENE", "O", "U-DRUG"]
    assert list(rules.decode(numpy.zeros((0, len(LABELS)), dtype="float32"))) == []
    tags = [LABELS[i] for i in rules.decode(_scores([{"I-DRUG": 2, "U-DRUG": 1}]))]
    assert tags == ["U-DRUG"]


TRAIN = [
    ("Patients received imatinib for leukemia .", [("imatinib", "DRUG")]),
    ("BRCA1 mutations raise the risk .", [("BRCA1", "GENE")]),
    ("The BRCA1 protein binds imatinib .", [("BRCA1", "GENE"), ("imatinib", "DRUG")]),
    ("Low doses of sodium valproate were given .", [("sodium valproate", "DRUG")]),
    ("TP53 was mutated in most samples .", [("TP53", "GENE")]),
    (
        "Sodium valproate and imatinib were compared .",
        [("Sodium valproate", "DRUG"), ("imatinib", "DRUG")],
    ),  # fmt: skip
]


def _examples(nlp) -> list[Example]:
    examples = []
    for text, ents in TRAIN:
        doc = nlp.make_doc(text)
        spans = []
        for surface, label in ents:
            start = text.index(surface)
            spans.append(doc.char_span(start, start + len(surface), label=label))
        reference = nlp.make_doc(text)
        reference.ents = [reference.char_span(s.start_char, s.end_char, s.label_) for s in spans]
        examples.append(Example(doc, reference))
    return examples


@pytest.fixture(scope="module")
def trained():
    import biokg.nlp.training.biluo_tagger  # noqa: F401 - registers the factory

    nlp = spacy.blank("en")
    nlp.add_pipe("biokg_biluo_ner", name="ner")
    examples = _examples(nlp)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(60):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    return nlp


def test_training_learns_entities_from_reference_spans(trained) -> None:
    ner = trained.get_pipe("ner")
    assert isinstance(ner, BiluoTagger)
    assert entity_labels(ner) == {"GENE", "DRUG"}
    assert sorted(ner.labels) == sorted(LABELS)
    doc = trained("Low doses of sodium valproate were given .")
    assert [(e.text, e.label_) for e in doc.ents] == [("sodium valproate", "DRUG")]
    scores = trained.evaluate(_examples(trained))
    assert scores["ents_f"] == pytest.approx(1.0)


def test_entities_are_written_and_part_of_speech_tags_left_alone(trained) -> None:
    doc = trained.make_doc("BRCA1 mutations raise the risk .")
    doc[0].tag_ = "NNP"
    doc = trained.get_pipe("ner")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("BRCA1", "GENE")]
    assert doc[0].tag_ == "NNP"


def test_a_trained_tagger_saves_and_loads_with_its_labels(trained, tmp_path) -> None:
    trained.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("ner").labels == trained.get_pipe("ner").labels
    text = "The BRCA1 protein binds imatinib ."
    assert [(e.text, e.label_) for e in loaded(text).ents] == [
        (e.text, e.label_) for e in trained(text).ents
    ]
