"""The seed example (../shared/examples/cd22-car-t-b-all-news.txt): the key facts, not counts."""

from __future__ import annotations

import pytest
from biokg.nlp import Extractor
from nlp_helpers import assert_offsets, by_name, relations

from biokg.config import Settings
from biokg.model import Document


@pytest.fixture(scope="module")
def story(extractor, shared_dir):
    text = (shared_dir / "examples" / "cd22-car-t-b-all-news.txt").read_text(encoding="utf-8")
    document = Document(text=text, url="https://example.org/cd22")
    return document, extractor.extract(document)


@pytest.fixture(scope="module")
def story_default(shared_dir, tmp_path_factory):
    """The example through the default pipeline: the default trained model(s) under nlp/models/."""
    settings = Settings(cache_dir=tmp_path_factory.mktemp("nlp-default"))
    text = (shared_dir / "examples" / "cd22-car-t-b-all-news.txt").read_text(encoding="utf-8")
    document = Document(text=text, url="https://example.org/cd22")
    return document, Extractor.from_settings(settings, fuzzy_linking=False).extract(document)


def test_default_pipeline_with_trained_models_keeps_the_key_facts(story_default):
    test_entities(story_default)
    test_relations(story_default)


def test_entities(story):
    document, ex = story
    assert by_name(ex, "CD22", "GENE").curie == "HGNC:1643"
    ball = by_name(ex, "B-ALL", "DISEASE")
    assert ball is by_name(ex, "B-cell acute lymphoblastic leukemia", "DISEASE")
    assert ball.curie and ball.curie.startswith("DOID:")
    assert by_name(ex, "CD22 CAR T cells", "DRUG") is by_name(ex, "anti-CD22 CAR T cells")
    tisa = by_name(ex, "tisagenlecleucel", "DRUG")
    kymriah = by_name(ex, "Kymriah", "DRUG")
    assert tisa.id != kymriah.id
    for org in ("Novartis", "Stanford University School of Medicine"):
        by_name(ex, org, "ORGANIZATION")
    assert by_name(ex, "NCI", "ORGANIZATION") is by_name(ex, "National Cancer Institute")
    assert by_name(ex, "Crystal Mackall", "PERSON") is by_name(ex, "Mackall", "PERSON")
    by_name(ex, "Terry Fry", "PERSON")
    by_name(ex, "complete remission", "OUTCOME")
    names = {e.name for e in ex.entities}
    assert not names & {"MD", "CAR", "Crystal Mackall, MD"}
    assert_offsets(document, ex)


def test_relations(story):
    _, ex = story
    assert relations(ex, "CD22 CAR T cells", "TARGETS", "CD22")
    assert relations(ex, "CD22 CAR T cells", "TREATS", "B-ALL")
    (outcome,) = relations(ex, "CD22 CAR T cells", "HAS_OUTCOME", "complete remission")
    assert outcome.attributes["rate"] == pytest.approx(0.73)
    assert (outcome.attributes["n"], outcome.attributes["N"]) == (11, 15)
    assert outcome.attributes["duration"] == "6 months"
    assert "per kilogram" in outcome.attributes["dose"]
    assert relations(ex, "Kymriah", "BRAND_OF", "tisagenlecleucel")
    assert relations(ex, "tisagenlecleucel", "DEVELOPED_BY", "Novartis")
    stanford = [
        r
        for r in ex.relations
        if r.predicate == "AFFILIATED_WITH" and r.subject == by_name(ex, "Crystal Mackall").id
    ]
    objects = {e.name for e in ex.entities for r in stanford if e.id == r.object}
    assert any("Stanford" in name for name in objects), objects
    assert relations(ex, "Terry Fry", "AFFILIATED_WITH", "NCI")


def test_evidence_is_the_sentence(story):
    document, ex = story
    (rel,) = relations(ex, "tisagenlecleucel", "DEVELOPED_BY", "Novartis")
    (ev,) = rel.evidence
    assert "manufactured by Novartis" in ev.text
    assert ev.document_id == document.id and ev.extractor == "biokg.nlp" and ev.version
    assert 0 < ev.confidence <= 1 and rel.negated is False


def test_same_statement_in_several_sentences_is_one_relation(story):
    _, ex = story
    (targets,) = relations(ex, "CD22 CAR T cells", "TARGETS", "CD22")
    assert len(targets.evidence) >= 2
    starts = [e.start for e in targets.evidence]
    assert starts == sorted(set(starts))
    keys = [(r.subject, r.predicate, r.object, r.negated) for r in ex.relations]
    assert len(keys) == len(set(keys))
