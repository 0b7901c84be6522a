"""The data model: exact JSON round-trip, derived identities, validation that names its input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from biokg.identity import entity_key, normalise_name, statement_id
from biokg.jsonschema import SCHEMA_PATH, render
from biokg.model import (
    CitedId,
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Predicate,
    Relation,
    Section,
)

TEXT = "CD22 CAR T cells induced complete remission in 11 of 15 patients (73%) with B-ALL."


def _extraction() -> Extraction:
    doc = Document(
        title="CD22 CAR T cells in B-ALL",
        text=TEXT,
        source_kind="news",
        url="https://example.org/story",
        doi="10.1038/NM.4441",
        published=date(2017, 11, 20),
        retrieved_at=datetime(2026, 11, 25, 12, 0, tzinfo=UTC),
        authors=["Terry J. Fry"],
        sections=[Section(name="body", start=0, end=len(TEXT))],
        cited_ids=[CitedId(kind="doi", value="10.1038/nm.4441", start=1, end=10)],
    )
    therapy = Entity(
        name="CD22 CAR T cells",
        type=EntityType.DRUG,
        mentions=[Mention(text="CD22 CAR T cells", start=0, end=16, sentence=0)],
    )
    outcome = Entity(name="complete remission", type="OUTCOME")
    gene = Entity(name="CD22", type="GENE", curie="HGNC:1643", aliases=["Siglec-2"])
    ev = Evidence(document_id=doc.id, text=TEXT, start=0, end=len(TEXT), extractor="t", version="1")
    rel = Relation(
        subject=therapy.id,
        predicate=Predicate.HAS_OUTCOME,
        object=outcome.id,
        confidence=0.9,
        attributes={"rate": 0.73, "n": 11, "N": 15, "population": "B-ALL"},
        evidence=[ev],
    )
    return Extraction(document=doc, entities=[therapy, outcome, gene], relations=[rel])


def test_json_round_trip_is_exact():
    extraction = _extraction()
    text = extraction.model_dump_json()
    again = Extraction.model_validate_json(text)
    assert again == extraction
    assert again.model_dump_json() == text
    assert again.relations[0].attributes == {"rate": 0.73, "n": 11, "N": 15, "population": "B-ALL"}
    assert isinstance(again.relations[0].attributes["n"], int)


def test_identities_are_derived_from_content():
    extraction = _extraction()
    doc = extraction.document
    assert doc.id == "doi:10.1038/nm.4441"
    assert doc.doi == "10.1038/nm.4441"
    assert Document(text="x", pmid="29155426", doi="10.1/x").id == "pmid:29155426"
    assert Document(text="x", pmcid="5933423").id == "pmc:PMC5933423"
    assert Document(text="same").id == Document(text="same").id
    therapy, outcome, gene = extraction.entities
    assert gene.id == "HGNC:1643"
    assert therapy.id == "biokg:drug:cd22_car_t_cells"
    assert entity_key("DISEASE", "B-ALL") == entity_key("DISEASE", "b all")
    assert normalise_name("B‐Cell  ALL") == "b cell all"
    rel = extraction.relations[0]
    assert rel.statement_id == statement_id(therapy.id, "HAS_OUTCOME", outcome.id)
    assert len(rel.statement_id) == 24


def test_relation_needs_evidence():
    with pytest.raises(ValidationError, match="evidence"):
        Relation(subject="a", predicate="TARGETS", object="b", evidence=[])


def test_relation_must_reference_known_entities():
    extraction = _extraction()
    data = json.loads(extraction.model_dump_json())
    data["relations"][0]["object"] = "biokg:outcome:nothing"
    with pytest.raises(ValidationError, match="unknown entity 'biokg:outcome:nothing'"):
        Extraction.model_validate(data)


def test_unknown_fields_and_types_are_refused():
    with pytest.raises(ValidationError, match="extra"):
        Document(text="x", titel="typo")
    with pytest.raises(ValidationError):
        Entity(name="x", type="PROTEIN")
    with pytest.raises(ValidationError):
        Relation(subject="a", predicate="CURES", object="b", evidence=[])


def test_empty_document_is_valid():
    extraction = Extraction(document=Document(text=""))
    assert extraction.entities == [] and extraction.relations == []
    assert extraction.document.id.startswith("sha256:")


def test_committed_json_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render(), (
        "biokg/schema/extraction.schema.json is stale: run `python -m biokg.jsonschema`"
    )


def test_json_schema_describes_the_extraction():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert set(schema["required"]) >= {"document"}
    assert set(schema["properties"]) == {
        "schema_version",
        "document",
        "entities",
        "relations",
        "extractor_version",
    }
    types = schema["$defs"]["EntityType"]["enum"]
    assert types == [t.value for t in EntityType]
