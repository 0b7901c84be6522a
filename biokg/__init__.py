"""biokg: biomedical articles in, a Neo4j knowledge graph of therapies, targets and outcomes out."""

from biokg.config import Settings, load_settings
from biokg.errors import BiokgError
from biokg.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Failure,
    Mention,
    Predicate,
    Relation,
)

__version__ = "0.1.0"

__all__ = [
    "BiokgError",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "Extraction",
    "Failure",
    "Mention",
    "Predicate",
    "Relation",
    "Settings",
    "load_settings",
    "__version__",
]
