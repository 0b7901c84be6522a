"""The trainable relation classifier: candidates, gold labels, and that it learns."""

from __future__ import annotations

import numpy
import pytest
import spacy
from biokg.nlp import relation_model as rm
from spacy.tokens import Doc, Span
from spacy.training import Example
from thinc.api import Adam, fix_random_seed


def make_doc(words, ents, sent_starts=None, gold=None):
    nlp = spacy.blank("en")
    doc = Doc(
        nlp.vocab, words=words, sent_starts=sent_starts or [True] + [False] * (len(words) - 1)
    )
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    if gold is not None:
        doc.user_data[rm.GOLD_KEY] = gold
    return doc


def test_candidates_pair_mentions_of_one_sentence_whose_types_fit():
    words = ["Zelvo", "targets", "KRAS", "in", "NSCLC", ".", "Acme", "makes", "Zelvo"]
    doc = make_doc(
        words,
        [
            (0, 1, "DRUG"),
            (2, 3, "GENE"),
            (4, 5, "DISEASE"),
            (6, 7, "ORGANIZATION"),
            (8, 9, "DRUG"),
        ],  # fmt: skip
        sent_starts=[True, False, False, False, False, False, True, False, False],
    )
    pairs = {(c.subject.text, c.object.text) for c in rm.candidates(doc)}
    assert ("Zelvo", "KRAS") in pairs and ("Zelvo", "NSCLC") in pairs
    assert ("KRAS", "NSCLC") in pairs  # EXPRESSED_IN / ASSOCIATED_WITH fit
    assert ("Zelvo", "Acme") in pairs  # the second sentence's own pair
    # Never across sentences, never an end with itself, never a pair no predicate fits.
    assert all(c.subject.sent == c.object.sent for c in rm.candidates(doc))
    assert ("Acme", "Zelvo") not in pairs  # ORGANIZATION -> DRUG: no predicate
    assert ("KRAS", "Acme") not in pairs


def test_gold_labels_follow_the_cited_sentence_and_fold_brands():
    words = [
        "Zelbrix",
        "treats",
        "NSCLC",
        ".",
        "Later",
        ",",
        "Zelbrix",
        "was",
        "given",
        "in",
        "NSCLC",
        ".",
    ]
    gold = {
        # entity ids by character span: Zelbrix is the brand of zelvotinib (g)
        "mentions": [[0, 7, "b"], [15, 20, "d"], [30, 37, "b"], [50, 55, "d"]],
        "types": {"b": "DRUG", "g": "DRUG", "d": "DISEASE"},
        "relations": [["g", "TREATS", "d", [[0, 21]]], ["b", "BRAND_OF", "g", [[0, 21]]]],
        "brands": {"b": "g"},
    }
    doc = make_doc(
        words,
        [(0, 1, "DRUG"), (2, 3, "DISEASE"), (6, 7, "DRUG"), (10, 11, "DISEASE")],
        sent_starts=[True, False, False, False, True] + [False] * 7,
        gold=gold,
    )
    cands = rm.candidates(doc)
    labels, weights = rm.gold_labels(Example(doc, doc), cands)
    by_pair = {(c.subject.start, c.object.start): (rm.LABELS[k], w)
               for c, k, w in zip(cands, labels, weights, strict=True)}  # fmt: skip
    # The brand stands for its generic, in the cited sentence...
    assert by_pair[(0, 2)] == ("TREATS", 1.0)
    # ... and a sentence not cited for the relation is not trained either way.
    assert by_pair[(6, 10)][1] == 0.0


def test_the_classifier_learns_a_relation_from_examples():
    """A small model, trained on sentences where 'targets' links a drug and a gene and 'and'
    does not, tells the two apart on sentences it has not seen."""
    fix_random_seed(0)
    nlp = spacy.blank("en")
    from spacy.ml.models import build_hash_embed_cnn_tok2vec

    tok2vec = build_hash_embed_cnn_tok2vec(
        width=32, depth=1, embed_size=500, window_size=1, maxout_pieces=2,
        subword_features=True, pretrained_vectors=None,
    )  # fmt: skip
    model = rm.build_relation_model(tok2vec, hidden_width=32, dropout=0.0)
    pipe = rm.RelationClassifier(nlp.vocab, model)

    def example(drug, verb, gene):
        text = f"{drug} {verb} {gene} ."
        doc = make_doc(text.split(), [(0, 1, "DRUG"), (2, 3, "GENE")])
        end = len(drug) + 1 + len(verb) + 1 + len(gene)
        gene_start = end - len(gene)
        relations = [["d", "TARGETS", "g", [[0, len(text)]]]] if verb == "targets" else []
        doc.user_data[rm.GOLD_KEY] = {
            "mentions": [[0, len(drug), "d"], [gene_start, end, "g"]],
            "types": {"d": "DRUG", "g": "GENE"},
            "relations": relations,
            "brands": {},
        }
        return Example(doc, doc)

    drugs = ["zelvo", "merotinib", "abc-12", "quinib", "sotra", "pexa"]
    genes = ["KRAS", "EGFR", "CD19", "BCMA", "HER2", "ALK"]
    train = [example(d, v, g) for d in drugs[:4] for g in genes[:4] for v in ("targets", "and")]
    pipe.initialize(lambda: train)
    optimizer = Adam(0.01)
    for _ in range(30):
        pipe.update(train, sgd=optimizer)
    unseen = [example(d, v, g) for d in drugs[4:] for g in genes[4:] for v in ("targets", "and")]
    scores = pipe.score(unseen)
    assert scores["rel_micro_f"] == pytest.approx(1.0)


def test_scores_are_plain_data_on_the_doc():
    fix_random_seed(0)
    nlp = spacy.blank("en")
    from spacy.ml.models import build_hash_embed_cnn_tok2vec

    tok2vec = build_hash_embed_cnn_tok2vec(
        width=16, depth=1, embed_size=100, window_size=1, maxout_pieces=2,
        subword_features=False, pretrained_vectors=None,
    )  # fmt: skip
    pipe = rm.RelationClassifier(nlp.vocab, rm.build_relation_model(tok2vec, 16))
    doc = make_doc(["Zelvo", "targets", "KRAS"], [(0, 1, "DRUG"), (2, 3, "GENE")])
    pipe.initialize(lambda: [Example(doc, doc)])
    doc = pipe(doc)
    scores = {tuple(row[:4]): row[4] for row in doc._.get(rm.SCORES_EXT)}
    assert set(scores) == {(0, 5, 14, 18), (14, 18, 0, 5)}  # both directions are candidates
    probs = scores[(0, 5, 14, 18)]
    assert len(probs) == len(rm.LABELS) and sum(probs) == pytest.approx(1.0, abs=1e-3)
    # Only NONE and the predicates whose signature fits DRUG -> GENE can have probability.
    allowed = {"NONE", "TARGETS", "ASSOCIATED_WITH"}
    assert all(p == 0 for label, p in zip(rm.LABELS, probs, strict=True) if label not in allowed)
    assert numpy.isfinite(probs).all()
