"""The extractor's fingerprint, which decides whether a re-run may skip a document's NLP: it
must move with everything that can change an extraction, and only with that."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from biokg.nlp import Extractor
from biokg.nlp.fingerprint import RECIPE_ENV, recipe_fingerprint

from biokg.config import Settings

NLP_DIR = Path(__file__).resolve().parents[2] / "nlp"


def test_every_biokg_variable_the_nlp_stage_reads_is_in_the_fingerprint() -> None:
    read = set()
    for path in NLP_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"environ(?:\.get)?[(\[]\s*\"(BIOKG_[A-Z_]+)\"", text))
    assert read, "the scan found no variable at all: the pattern is wrong"
    # The models chosen by BIOKG_NER_MODELS are hashed by content.
    assert read - {"BIOKG_NER_MODELS"} <= set(RECIPE_ENV), read


def test_fingerprint_follows_model_bytes_and_choices(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00" * 64)
    choices = {"BIOKG_RELATIONS": "model"}
    first = recipe_fingerprint("v", [model], choices)
    assert recipe_fingerprint("v", [model], choices) == first
    (model / "weights.bin").write_bytes(b"\x01" + b"\x00" * 63)
    changed = recipe_fingerprint("v", [model], choices)
    assert changed != first
    assert recipe_fingerprint("v", [model], {"BIOKG_RELATIONS": "rules"}) != changed
    assert recipe_fingerprint("w", [model], choices) != changed


def test_from_settings_fingerprints_without_building_the_pipeline(monkeypatch) -> None:
    monkeypatch.delenv("BIOKG_RELATIONS", raising=False)
    extractor = Extractor.from_settings(Settings())
    first = extractor.fingerprint
    assert extractor._nlp is None  # not built: a re-run of unchanged documents never needs it
    assert Extractor.from_settings(Settings()).fingerprint == first
    monkeypatch.setenv("BIOKG_RELATIONS", "rules")
    assert Extractor.from_settings(Settings()).fingerprint != first
    with pytest.raises(Exception, match="ner model"):
        Extractor.from_settings(Settings(), ner_models=["/no/such/model"])
