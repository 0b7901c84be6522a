"""The one data model that flows through every stage of biokg.

ingest produces `Document`s, nlp turns each into an `Extraction` (entities, relations and the
evidence behind them), graph loads `Extraction`s, queries read what graph wrote. Stages never pass
raw dicts across these boundaries; every model forbids unknown fields so a typo fails loudly.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from biokg.identity import document_id, entity_key, statement_id

SCHEMA_VERSION = 1


class EntityType(StrEnum):
    GENE = "GENE"
    DISEASE = "DISEASE"
    DRUG = "DRUG"
    CELL_TYPE = "CELL_TYPE"
    ORGANIZATION = "ORGANIZATION"
    PERSON = "PERSON"
    OUTCOME = "OUTCOME"
    TRIAL = "TRIAL"


class Predicate(StrEnum):
    TARGETS = "TARGETS"
    TREATS = "TREATS"
    HAS_OUTCOME = "HAS_OUTCOME"
    BRAND_OF = "BRAND_OF"
    DEVELOPED_BY = "DEVELOPED_BY"
    AFFILIATED_WITH = "AFFILIATED_WITH"
    INVESTIGATES = "INVESTIGATES"
    EXPRESSED_IN = "EXPRESSED_IN"
    RESISTANT_TO = "RESISTANT_TO"
    ASSOCIATED_WITH = "ASSOCIATED_WITH"


class SourceKind(StrEnum):
    NEWS = "news"
    ABSTRACT = "abstract"
    FULL_TEXT = "full-text"
    LOCAL = "local"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Section(_Model):
    """A named part of a document's text, as char offsets into `Document.text`."""

    name: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class CitedId(_Model):
    """An identifier a document cites (DOI, PMID, PMCID, NCT), with where it stands in the text."""

    kind: Literal["doi", "pmid", "pmcid", "nct"]
    value: str
    start: int | None = None
    end: int | None = None


class Document(_Model):
    """One article with its provenance. `id` is derived from the strongest identifier.

    Example:
        >>> Document(title="t", text="CD22 CAR T cells", pmid="29155426").id
        'pmid:29155426'
    """

    id: str = ""
    title: str = ""
    text: str
    source_kind: SourceKind = SourceKind.LOCAL
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    published: date | None = None
    retrieved_at: datetime | None = None
    content_hash: str = ""
    journal: str | None = None
    authors: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    mesh_terms: list[str] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    cited_ids: list[CitedId] = Field(default_factory=list)
    cites: list[str] = Field(default_factory=list, description="ids of Documents this one cites")

    @model_validator(mode="after")
    def _derive_ids(self) -> Document:
        if self.doi:
            # DOIs are case-insensitive; one spelling keeps dedup exact.
            object.__setattr__(self, "doi", self.doi.strip().lower())
        if not self.content_hash:
            from biokg.identity import content_hash

            object.__setattr__(self, "content_hash", content_hash(self.title, self.text))
        if not self.id:
            object.__setattr__(
                self,
                "id",
                document_id(
                    pmid=self.pmid,
                    pmcid=self.pmcid,
                    doi=self.doi,
                    url=self.url,
                    content_hash=self.content_hash,
                ),
            )
        return self

    def input_hash(self, extractor_version: str) -> str:
        """Key of this document as `extractor_version` reads it (`identity.input_hash`); when
        to read it is not part of it."""
        from biokg.identity import input_hash

        return input_hash(self.model_dump_json(exclude={"retrieved_at"}), extractor_version)


class Mention(_Model):
    """Where an entity is named: char offsets into `Document.text` and the sentence index."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: int = Field(ge=0)


class Entity(_Model):
    """A typed, possibly grounded entity. `id` is the CURIE when linked, else a normalised key."""

    id: str = ""
    name: str
    type: EntityType
    curie: str | None = None
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)

    @model_validator(mode="after")
    def _derive_id(self) -> Entity:
        if not self.id:
            object.__setattr__(self, "id", self.curie or entity_key(self.type, self.name))
        return self


class Evidence(_Model):
    """The sentence that states a relation, in the document it comes from."""

    document_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    section: str | None = None
    extractor: str
    version: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    negated: bool = False


AttributeValue = str | int | float | bool


class Relation(_Model):
    """A typed statement between two entities of one document, never without evidence.

    `attributes` carries the numbers of an outcome (`rate`, `n`, `N`, `duration`, `population`,
    `dose`, the hazard ratio `HR`, and `risk_reduction`, the fraction by which the drug cut the
    risk of the event the outcome measures) as stated in this document.
    """

    subject: str
    predicate: Predicate
    object: str
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    negated: bool = False
    attributes: dict[str, AttributeValue] = Field(default_factory=dict)
    evidence: Annotated[list[Evidence], Field(min_length=1)]

    @property
    def statement_id(self) -> str:
        return statement_id(self.subject, self.predicate, self.object)


class Extraction(_Model):
    """One document's entities and relations: what nlp hands to graph.

    `extractor_version` names the extractor that made it (its fingerprint: code, configuration
    and model weights); with the document's input hash it lets a re-run skip an unchanged
    document. None for extractions made elsewhere, which are then always re-read.
    """

    schema_version: int = SCHEMA_VERSION
    document: Document
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    extractor_version: str | None = None

    @model_validator(mode="after")
    def _relations_reference_entities(self) -> Extraction:
        known = {e.id for e in self.entities}
        for rel in self.relations:
            for end in (rel.subject, rel.object):
                if end not in known:
                    raise ValueError(
                        f"relation {rel.predicate} in document {self.document.id!r} refers to "
                        f"unknown entity {end!r}"
                    )
        return self


class Failure(_Model):
    """A source or document that could not be processed, and why. Batches report these and go on."""

    source: str
    stage: Literal["ingest", "nlp", "graph"]
    reason: str
