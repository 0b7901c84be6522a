"""The document-level relation model learns from each sentence read alone as well as from the
whole text (`nlp/training/document_relations.py`), so a one-sentence text is judged like one."""

from __future__ import annotations

from dataclasses import dataclass

from biokg.nlp.document_relations import EntityGroup
from biokg.nlp.relation_model import LABELS
from biokg.nlp.training.document_relations import sentence_examples

TEXT = (
    "Velnostat inhibits KIT. Velnostat treated 40 patients with GIST. KIT is mutated in GIST. "
    "Velnostat was also given in GIST."
)


@dataclass
class Sentence:
    start_char: int
    end_char: int
    text: str


def _sentences() -> list[Sentence]:
    out, start = [], 0
    for part in TEXT.split(". "):
        end = start + len(part.rstrip(".")) + 1
        out.append(Sentence(start, end, TEXT[start:end]))
        start = end + 1
    return out


def _span(sentence: Sentence, word: str) -> tuple[int, int]:
    start = TEXT.index(word, sentence.start_char)
    return start, start + len(word)


def _probs(label: str) -> list[float]:
    return [0.9 if name == label else 0.01 for name in LABELS]


def test_each_sentence_is_an_example_labelled_by_its_evidence() -> None:
    s = _sentences()
    assert [x.text for x in s][:2] == ["Velnostat inhibits KIT.", "Velnostat treated 40 patients "
                                       "with GIST."]  # fmt: skip
    drug = EntityGroup("d", "DRUG", [(i, *_span(s[i], "Velnostat")) for i in (0, 1, 3)])
    gene = EntityGroup("g", "GENE", [(i, *_span(s[i], "KIT")) for i in (0, 2)])
    gist = EntityGroup("x", "DISEASE", [(i, *_span(s[i], "GIST")) for i in (1, 2, 3)])
    spans = [(s[i].start_char, s[i].end_char) for i in range(4)]
    gold = {
        "relations": [
            ["d", "TARGETS", "g", [spans[0]]],
            ["d", "TREATS", "x", [spans[1]]],
            ["g", "ASSOCIATED_WITH", "x", [spans[2]]],
        ]
    }
    scores = [
        (*drug.mentions[0][1:], *gene.mentions[0][1:], _probs("TARGETS")),
        (*gene.mentions[1][1:], *gist.mentions[1][1:], _probs("ASSOCIATED_WITH")),
        # A pair whose mentions lie in two sentences belongs to no one sentence.
        (*drug.mentions[0][1:], *gist.mentions[0][1:], _probs("TREATS")),
    ]
    examples = sentence_examples(gold, [drug, gene, gist], scores, s, lambda eid, _p: eid)
    labels: dict[str, list[bool]] = {}
    for predicate, features, label in examples:
        labels.setdefault(predicate, []).append(label)
        # Each example is a document of one sentence: both ends in its first sentence.
        assert features[3] == 1.0  # cooccur
    assert labels["TARGETS"] == [True]
    # The last sentence names drug and disease, but the TREATS the text states cites the second
    # sentence only: that example is left out, not called unrelated.
    assert labels["TREATS"] == [True]
    assert sorted(labels["ASSOCIATED_WITH"]) == [False, True]


def test_a_feature_that_never_varies_in_training_carries_no_weight_of_its_own() -> None:
    import numpy
    from biokg.nlp.document_relations import FEATURES
    from biokg.nlp.training.document_relations import _fold_constants

    rng = numpy.random.RandomState(0)
    X = rng.rand(50, len(FEATURES))
    X[:, FEATURES.index("bias")] = 1.0
    constant = FEATURES.index("cooccur")
    X[:, constant] = 1.0
    w = rng.randn(len(FEATURES))
    folded = _fold_constants(w, X)
    assert folded[constant] == 0.0
    # The same decisions on the training examples, whatever the feature does elsewhere.
    assert numpy.allclose(X @ folded, X @ w)
    assert numpy.count_nonzero(folded != w) == 2
