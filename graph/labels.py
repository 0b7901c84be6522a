"""The only labels and relationship types the graph stage ever writes into Cypher text.

Values always travel as parameters; names cannot, so they come from these fixed tables built from
the model's enums. Anything else is refused before a query is built.
"""

from __future__ import annotations

from biokg.errors import StoreError
from biokg.model import EntityType, Predicate

ENTITY_LABELS: dict[EntityType, str] = {
    EntityType.GENE: "Gene",
    EntityType.DISEASE: "Disease",
    EntityType.DRUG: "Drug",
    EntityType.CELL_TYPE: "CellType",
    EntityType.ORGANIZATION: "Organization",
    EntityType.PERSON: "Person",
    EntityType.OUTCOME: "Outcome",
    EntityType.TRIAL: "Trial",
}

RELATION_TYPES: tuple[str, ...] = tuple(p.value for p in Predicate)

# Structural relationships of the model (not statements between entities).
MENTIONS = "MENTIONS"
FROM = "FROM"
CITES = "CITES"
REPORTED_IN = "REPORTED_IN"
THERAPY = "THERAPY"
OUTCOME = "OUTCOME"
IN_POPULATION = "IN_POPULATION"

NODE_LABELS: tuple[str, ...] = (
    "Article",
    "Entity",
    "Evidence",
    "Finding",
    "SchemaVersion",
    *ENTITY_LABELS.values(),
)


def entity_label(entity_type: EntityType | str) -> str:
    """The secondary label of an entity type, e.g. `CELL_TYPE` -> `CellType`."""
    try:
        return ENTITY_LABELS[EntityType(entity_type)]
    except ValueError as exc:
        raise StoreError(f"entity type {entity_type!r} has no graph label") from exc


def relation_type(predicate: Predicate | str) -> str:
    """The relationship type of a predicate; refuses anything outside the `Predicate` enum."""
    try:
        return Predicate(predicate).value
    except ValueError as exc:
        raise StoreError(f"predicate {predicate!r} is not a known relationship type") from exc
