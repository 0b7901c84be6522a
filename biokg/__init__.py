"""biokg: biomedical articles in, a Neo4j knowledge graph of therapies, targets and outcomes out.

The Python API (`extract`, `build`, `query`, `cypher`, `named_relations`) lives in `biokg.api`
and is imported on first use, so `import biokg` loads neither spaCy nor a store driver.

Example:
    >>> import biokg
    >>> report = biokg.build(biokg.demo_sources())  # doctest: +SKIP
    >>> biokg.query("therapies_for_target", target="CD22").to_pandas()  # doctest: +SKIP
"""

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from biokg.api import Rows, build, cypher, demo_sources, extract, named_relations, query
    from biokg.pipeline import RunReport

__version__ = "0.1.0"

# Names served by `__getattr__` from these modules on first use.
_LAZY = {
    "Rows": "biokg.api",
    "build": "biokg.api",
    "cypher": "biokg.api",
    "demo_sources": "biokg.api",
    "extract": "biokg.api",
    "named_relations": "biokg.api",
    "query": "biokg.api",
    "RunReport": "biokg.pipeline",
}


def __getattr__(name: str) -> object:
    # PEP 562: `biokg.extract` imports biokg.api only when first asked for.
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'biokg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "Rows",
    "RunReport",
    "Settings",
    "build",
    "cypher",
    "demo_sources",
    "extract",
    "load_settings",
    "named_relations",
    "query",
    "__version__",
]
