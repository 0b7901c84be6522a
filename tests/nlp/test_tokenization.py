"""biokg's tokenizer reads figures written without spaces as numbers."""

from __future__ import annotations

import spacy
from biokg.nlp import tokenization  # noqa: F401 - registers biokg.Tokenizer.v1


def _tokens(text: str) -> list[str]:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "biokg.Tokenizer.v1"}}})
    return [t.text for t in nlp(text)]


def test_a_percent_sign_before_a_bracket_or_dash_ends_the_figure():
    assert _tokens("in 60%(95% CI, 49%-70%) of patients") == [
        "in", "60", "%", "(", "95", "%", "CI", ",", "49", "%", "-", "70", "%", ")", "of",
        "patients",
    ]  # fmt: skip


def test_english_rules_are_kept():
    assert _tokens("CAR-T cells (n=12) don't") == ["CAR", "-", "T", "cells", "(", "n=12", ")",
                                                   "do", "n't"]  # fmt: skip


def test_the_default_pipeline_uses_it(extractor):
    doc = extractor.nlp.make_doc("ORR 60%(95% CI, 49%-70%)")
    assert [t.text for t in doc][:4] == ["ORR", "60", "%", "("]


def test_a_full_stop_after_a_code_or_variant_is_its_own_token():
    assert _tokens("Patients received CT103A. Six had KRAS G12C.") == [
        "Patients", "received", "CT103A", ".", "Six", "had", "KRAS", "G12C", ".",
    ]  # fmt: skip
    # Abbreviations keep their stops.
    assert _tokens("in the U.S. and e.g. Canada") == ["in", "the", "U.S.", "and", "e.g.", "Canada"]
