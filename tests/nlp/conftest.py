"""The NLP stage's fixtures: one Extractor per test session (loading spaCy is the slow part)."""

from __future__ import annotations

import pytest

from biokg.config import Settings


@pytest.fixture(scope="session")
def extractor(tmp_path_factory):
    from biokg.nlp import Extractor

    settings = Settings(cache_dir=tmp_path_factory.mktemp("nlp-cache"))
    # No trained models (their tests live with issue 6) and no fuzzy index (built in ~1 min; its
    # own test uses a toy knowledge base): this fixture tests lexicon + rules + parse.
    return Extractor.from_settings(settings, ner_models=[], fuzzy_linking=False)


@pytest.fixture(scope="session")
def default_extractor(tmp_path_factory):
    """The default pipeline, its trained models included, as `biokg run` loads it (no fuzzy
    index, which a fresh install does not have either)."""
    from biokg.nlp import Extractor

    settings = Settings(cache_dir=tmp_path_factory.mktemp("nlp-default-cache"))
    return Extractor.from_settings(settings, fuzzy_linking=False)
