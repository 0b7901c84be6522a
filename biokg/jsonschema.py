"""The JSON Schema of `biokg extract --format json` output, generated from the model.

Regenerate the committed file with `python -m biokg.jsonschema`; a test fails when it is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from biokg.model import Extraction

SCHEMA_PATH = Path(__file__).parent / "schema" / "extraction.schema.json"


def extraction_schema() -> dict:
    schema = Extraction.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://biokg.invalid/schema/extraction.schema.json"
    return schema


def render() -> str:
    return json.dumps(extraction_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
