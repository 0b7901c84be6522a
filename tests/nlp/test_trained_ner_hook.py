"""A trained `ner` slots into the pipeline by configuration (issue 6's models use this hook).

The model here is trained in the test on six sentences (a few seconds): it exists only to prove
the plumbing -- sourcing with `replace_listeners`, stashing its spans, merging them with the
lexicon and rule candidates -- not to be any good.
"""

from __future__ import annotations

import random

import pytest
import spacy
from nlp_helpers import by_name
from spacy.training import Example

from biokg.config import Settings
from biokg.errors import ConfigError
from biokg.model import Document

SENTENCES = [
    ("Patients received velmorastat daily.", "velmorastat"),
    ("Velmorastat was well tolerated.", "Velmorastat"),
    ("Mice were given velmorastat for a week.", "velmorastat"),
    ("The trial compared velmorastat with placebo.", "velmorastat"),
    ("Doses of velmorastat were escalated.", "velmorastat"),
    ("Nausea was rare with velmorastat.", "velmorastat"),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A blank English pipeline whose `ner` listens to a shared `tok2vec`, labels = biokg types."""
    random.seed(0)
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.HashEmbedCNN.v2", "width": 32, "depth": 1, "embed_size": 500,
        "window_size": 1, "maxout_pieces": 2, "subword_features": True, "pretrained_vectors": None,
    }})  # fmt: skip
    ner = nlp.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
        "extra_state_tokens": False, "hidden_width": 32, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 32, "upstream": "*"},
    }})  # fmt: skip
    ner.add_label("DRUG")
    examples = []
    for text, name in SENTENCES:
        start = text.index(name)
        examples.append(
            Example.from_dict(
                nlp.make_doc(text), {"entities": [(start, start + len(name), "DRUG")]}
            )
        )
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        random.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("models") / "tiny"
    nlp.to_disk(path)
    return path


def test_trained_ner_is_sourced_and_merged(tiny_model, tmp_path):
    from biokg.nlp import Extractor

    ex = Extractor.from_settings(
        Settings(cache_dir=tmp_path), ner_models=[tiny_model], fuzzy_linking=False
    )
    names = ex.nlp.pipe_names
    assert (
        names.index("biokg_name_gate") < names.index("ner_tiny") < names.index("biokg_stash_tiny")
    )
    assert names.index("biokg_stash_tiny") < names.index("biokg_entity_merger")
    text = "Patients received velmorastat daily. Crystal Mackall, MD, led the study at Stanford."
    with ex.nlp.select_pipes(disable=["biokg_compact"]):  # it drops the candidate groups
        doc = ex.nlp(text)
    model_spans = [(s.text, s.label_) for s in doc.spans["biokg_model_tiny"]]
    assert ("velmorastat", "DRUG") in model_spans
    extraction = ex.extract(Document(text=text, url="u:tiny"))
    assert by_name(extraction, "velmorastat", "DRUG")
    # The base model's PERSON still arrives: stashing kept the sources apart.
    assert by_name(extraction, "Crystal Mackall", "PERSON")


def test_models_come_from_the_environment(tiny_model, tmp_path, monkeypatch):
    from biokg.nlp.extractor import _ner_models_from

    monkeypatch.setenv("BIOKG_NER_MODELS", str(tiny_model))
    assert _ner_models_from(Settings(), None) == [tiny_model]
    monkeypatch.setenv("BIOKG_NER_MODELS", "")
    assert _ner_models_from(Settings(), None) == []
    with pytest.raises(ConfigError, match="no-such-model"):
        _ner_models_from(Settings(), [tmp_path / "no-such-model"])


def test_discovery_finds_pipelines_with_a_ner(tiny_model, tmp_path):
    from biokg.nlp.extractor import discover_ner_models

    assert discover_ner_models(tiny_model.parent) == [tiny_model]
    assert discover_ner_models(tmp_path / "absent") == []


def test_default_models_are_the_named_ones_else_all(tiny_model, tmp_path):
    from biokg.nlp.extractor import DEFAULT_NER_MODELS, MODELS_DIR, default_ner_models

    assert [p.name for p in default_ner_models(MODELS_DIR)] == list(DEFAULT_NER_MODELS)
    # A models folder without the named ones: every pipeline found there is used.
    assert default_ner_models(tiny_model.parent) == [tiny_model]
