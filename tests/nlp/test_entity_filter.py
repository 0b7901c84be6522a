"""Entities the text does not name as their type are dropped (`nlp/entity_filter.py`): adverse
events read as diseases go, the disease a drug treats stays (own sentences, the shipped default
pipeline)."""

from __future__ import annotations

import pytest
from biokg.nlp.entity_filter import EntityFilter, features

from biokg.model import Document

PSORIASIS = (
    "In the phase 2 trial of zorbalimab in 120 adults with moderate-to-severe plaque psoriasis, "
    "64% of patients reached PASI 75 at week 16. The most common adverse events were headache, "
    "nausea and fatigue, and 3 patients had a grade 3 rash.\n"
)
GIST = (
    "Velmatinib, a selective KIT inhibitor developed by Orrin Therapeutics, produced responses "
    "in 18 of 40 patients (45%) with gastrointestinal stromal tumour. Side effects included "
    "diarrhoea, hypertension and hand-foot syndrome.\n"
)


def _diseases(extraction) -> set[str]:
    return {e.name for e in extraction.entities if e.type.value == "DISEASE"}


@pytest.mark.parametrize(
    ("text", "adverse", "treated"),
    [
        (PSORIASIS, {"nausea", "fatigue"}, "plaque psoriasis"),
        (GIST, {"hypertension"}, "gastrointestinal stromal tumour"),
    ],
)
def test_adverse_events_are_not_diseases(default_extractor, text, adverse, treated) -> None:
    extraction = default_extractor.extract(Document(id="filter", text=text))
    diseases = _diseases(extraction)
    assert treated in diseases
    assert not diseases & adverse, diseases
    disease = next(e for e in extraction.entities if e.name == treated)
    assert any(r.predicate.value == "TREATS" and r.object == disease.id
               for r in extraction.relations)  # fmt: skip
    # The recognisers do read them, as diseases (the filter drops those) or, listed with a
    # safety event the model took as an outcome ("headache, nausea and fatigue"), as outcomes.
    model = default_extractor.entity_filter
    assert model is not None
    default_extractor.entity_filter = None
    try:
        unfiltered = default_extractor.extract(Document(id="filter", text=text))
    finally:
        default_extractor.entity_filter = model
    types = {e.name: e.type.value for e in unfiltered.entities}
    assert all(types.get(name) in ("DISEASE", "OUTCOME") for name in adverse), types
    assert not {name for name in adverse if types[name] == "DISEASE"} & diseases


def test_the_context_window_stops_at_the_sentence_end() -> None:
    text = "Nausea was common. Patients with asthma improved."
    start = text.index("asthma")
    got = features("DISEASE", "asthma", [], [(start, start + 6)], True, [], text)
    assert "DISEASE|l2=patients with" in got
    assert "c=common" not in got and "c=nausea" not in got
    assert "DISEASE|r1=improved" in got
    assert "harm_sentence" not in got
    text = "Patients had asthma. Side effects included nausea, headache, hypertension and rash."
    start = text.index("hypertension")
    harm = features("DISEASE", "hypertension", [], [(start, start + 12)], True, [], text)
    assert "DISEASE|harm_sentence" in harm


def test_relations_are_features() -> None:
    text = "Drug X treats asthma."
    got = features("DISEASE", "asthma", [], [(14, 20)], False, [("TREATS", "object", 0.9, False)],
                   text)  # fmt: skip
    assert {"DISEASE|rel=TREATS:object", "related=True", "DISEASE|rel_conf=4"} <= got
    assert not any(f.startswith("figures=") for f in got)
    text = "Nine of 20 patients on drug X achieved complete remission."
    start = text.index("complete")
    stated = features("OUTCOME", "complete remission", [], [(start, start + 18)], False,
                      [("HAS_OUTCOME", "object", 0.9, True)], text)  # fmt: skip
    assert "OUTCOME|figures=HAS_OUTCOME:object" in stated
    alone = features("DISEASE", "asthma", [], [(14, 20)], False, [], text)
    assert "related=False" in alone and not any(f.startswith("rel=") for f in alone)


def test_thresholds_apply_per_type_and_round_trip() -> None:
    model = EntityFilter({"DISEASE|w=fever": -3.0, "w=psoriasis": 2.0}, 0.5, {"DISEASE": 0.5})
    assert not model.keeps("DISEASE", {"DISEASE|w=fever"})
    assert model.keeps("DISEASE", {"w=psoriasis"})
    assert model.keeps("GENE", {"DISEASE|w=fever"})  # no threshold: always kept
    again = EntityFilter.from_json(model.to_json())
    assert again.probability({"DISEASE|w=fever"}) == pytest.approx(
        model.probability({"DISEASE|w=fever"})
    )
    assert again.thresholds == model.thresholds


def test_biokg_filters_off_keeps_everything_and_changes_the_fingerprint(monkeypatch, tmp_path):
    from biokg.nlp import Extractor

    from biokg.config import Settings
    from biokg.errors import ConfigError

    settings = Settings(cache_dir=tmp_path)
    default = Extractor.from_settings(settings, fuzzy_linking=False)
    assert default.entity_filter is not None and default.relation_filter is not None
    monkeypatch.setenv("BIOKG_FILTERS", "off")
    off = Extractor.from_settings(settings, fuzzy_linking=False)
    assert off.entity_filter is None and off.relation_filter is None
    assert off.coreference is not None
    # A re-run with the other setting reads every document again.
    assert off.fingerprint != default.fingerprint
    monkeypatch.setenv("BIOKG_FILTERS", "maybe")
    with pytest.raises(ConfigError, match="BIOKG_FILTERS.*'maybe'"):
        Extractor.from_settings(settings, fuzzy_linking=False)
