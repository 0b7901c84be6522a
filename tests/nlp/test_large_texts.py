"""A text over `LEAN_CHARS` in the same run as an ordinary one, in either order (issue 16, 8).

The huge text takes the lean path (sentencizer, lexicons, rules, relations; no parser) after the
ordinary texts went through the full pipeline; each document must still get its own result, and
the huge one its relations, stated sentence by sentence.
"""

from __future__ import annotations

import logging

import pytest
from biokg.nlp import extractor as extractor_module
from nlp_helpers import assert_offsets, by_name, relations
from spacy.language import Language

from biokg.model import Document, Extraction, Failure

THERAPIES = [
    ("Tisagenlecleucel", "CD19", "Novartis", "B-ALL", "children"),
    ("Idecabtagene vicleucel", "BCMA", "Bristol Myers Squibb", "multiple myeloma", "adults"),
    ("Axicabtagene ciloleucel", "CD19", "Kite Pharma", "large B-cell lymphoma", "adults"),
]
SMALL_TEXT = "Imatinib inhibits ABL1 in chronic myeloid leukemia, the investigators said."


def large_text(at_least: int = 230_000) -> str:
    """Ordinary therapy sentences with varied numbers and no line breaks, over `at_least` chars."""
    sentences, size, i = [], 0, 0
    while size <= at_least:
        drug, target, company, disease, who = THERAPIES[i % len(THERAPIES)]
        total = 40 + i % 53
        sentence = (
            f"{drug}, a {target}-directed CAR T-cell therapy developed by {company}, induced "
            f"complete remission in {total - 3 - i % 11} of {total} {who} with {disease}. "
        )
        sentences.append(sentence)
        size += len(sentence)
        i += 1
    return "".join(sentences)


@pytest.fixture(scope="module")
def large():
    text = large_text()
    assert len(text) > extractor_module.LEAN_CHARS and "\n" not in text
    return Document(text=text, url="u:large")


@pytest.fixture(scope="module")
def small():
    return Document(text=SMALL_TEXT, url="u:small")


def _assert_large_extraction(large: Document, big: Extraction) -> None:
    assert_offsets(large, big)
    tisa = by_name(big, "tisagenlecleucel", "DRUG")
    named = [m for m in tisa.mentions if m.text == "Tisagenlecleucel"]
    assert len(named) == large.text.count("Tisagenlecleucel")
    assert named[-1].start == large.text.rfind("Tisagenlecleucel")
    assert relations(big, "tisagenlecleucel", "TREATS", "B-ALL")
    assert relations(big, "idecabtagene vicleucel", "TREATS", "multiple myeloma")
    # Without a parse the surface ties "X, a <description>": the description is the drug's.
    names = {e.id: e.name for e in big.entities}
    targets = {(names[r.subject], names[r.object]) for r in big.relations
               if r.predicate == "TARGETS"}  # fmt: skip
    assert {("tisagenlecleucel", "CD19"), ("idecabtagene vicleucel", "BCMA")} <= targets, targets
    assert not any("CAR T cells" in name for name in names.values())
    # The lean path's sentences are sentences: evidence is one of them, not a 100 kB chunk.
    for relation in big.relations:
        for evidence in relation.evidence:
            assert len(evidence.text) < 250 and evidence.text.endswith("."), evidence.text[:300]
            assert evidence.text.split(",")[0] in {drug for drug, *_ in THERAPIES}


def _by_id(results):
    return {r.document.id if isinstance(r, Extraction) else r.source: r for r in results}


@pytest.mark.parametrize("large_first", [True, False], ids=["large-first", "small-first"])
def test_a_large_and_a_small_text_in_one_run_both_give_their_relations(
    default_extractor, large, small, large_first, caplog
):
    documents = [large, small] if large_first else [small, large]
    with caplog.at_level(logging.WARNING, logger="biokg.nlp"):
        results = list(default_extractor.pipe(documents))
    assert [type(r) for r in results] == [Extraction, Extraction], [
        getattr(r, "reason", None) for r in results
    ]
    assert [r.document.id for r in results] == [d.id for d in documents]
    assert caplog.records == []
    _assert_large_extraction(large, _by_id(results)[large.id])
    little = _by_id(results)[small.id]
    assert relations(little, "imatinib", "TARGETS", "ABL1")


@Language.component("test_large_texts_explode")
def _explode(doc):
    if "EXPLODE" in doc.text:
        raise ValueError("marker found")
    return doc


@pytest.fixture
def exploding(default_extractor, monkeypatch):
    """A last component (on both the full and the lean path) that fails on a marker."""
    monkeypatch.setattr(
        extractor_module, "LEAN_PIPES", [*extractor_module.LEAN_PIPES, "test_large_texts_explode"]
    )
    default_extractor.nlp.add_pipe("test_large_texts_explode", before="biokg_compact")
    yield
    default_extractor.nlp.remove_pipe("test_large_texts_explode")


# (A small text failing before a large one is `test_bad_input`'s case, the full path's alone.)
@pytest.mark.parametrize(
    ("large_first", "failing"),
    [(True, "large"), (False, "large"), (True, "small")],
    ids=["large-first-large-fails", "small-first-large-fails", "large-first-small-fails"],
)
def test_a_failure_is_logged_with_its_reason_and_keeps_the_other_result(
    default_extractor, large, small, large_first, failing, exploding, caplog
):
    if failing == "large":
        large = Document(text=large.text[:-2] + "EXPLODE.", url="u:large-explodes")
    else:
        small = Document(text=SMALL_TEXT + " EXPLODE.", url="u:small-explodes")
    documents = [large, small] if large_first else [small, large]
    with caplog.at_level(logging.WARNING, logger="biokg.nlp"):
        results = _by_id(default_extractor.pipe(documents))
    bad, good = (large, small) if failing == "large" else (small, large)
    failure = results[bad.id]
    assert isinstance(failure, Failure), failure
    assert failure.stage == "nlp"
    assert "test_large_texts_explode" in failure.reason and "marker found" in failure.reason
    # The promised warning is logged, naming the document and why it failed.
    warned = [r.getMessage() for r in caplog.records if bad.id in r.getMessage()]
    assert any("marker found" in message for message in warned), caplog.text
    assert not any(good.id in r.getMessage() for r in caplog.records), caplog.text
    kept = results[good.id]
    assert isinstance(kept, Extraction), kept
    if good is large:
        _assert_large_extraction(large, kept)
    else:
        assert relations(kept, "imatinib", "TARGETS", "ABL1")
