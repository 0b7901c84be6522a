"""Annotation records: one JSON object per document, what annotators write and what trains.

An annotator writes, per document (`GUIDE.md` in `../shared/therapy_real_dev` for what to mark)::

    {"doc": "ebm:10077140", "annotator": "a3",
     "entities": [{"id": "e1", "name": "albuterol", "type": "DRUG", "aliases": ["albuterol"]}, ...],
     "relations": [{"subject": "e1", "predicate": "TREATS", "object": "e2", "sentences": [4],
                    "attributes": {}}, ...]}

`aliases` are the entity's surface forms as the text writes them (matched case-insensitively,
short all-caps forms case-sensitively, on word boundaries); `sentences` are the numbers that
`python -m biokg.nlp.training.annotation show DOC` prints. `fill` adds what is derived from the
text: its `sha1`, every entity's `mentions` (character offsets of all alias occurrences, longest
first, never overlapping) and every relation's `evidence` (the cited sentences' offsets). The
committed files hold names and offsets, never sentences of the texts.

`check` lists what is wrong with a record: the text changed, an alias not in the text, an alias
of two entities, a type or predicate not in the guide, a relation outside its type signature or
citing sentences where neither end is named, a triple twice, outcome attributes of the wrong
kind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from biokg.nlp.training.annotation.texts import SourceText, sentences

TYPES = ("GENE", "DISEASE", "DRUG", "CELL_TYPE", "ORGANIZATION", "PERSON", "OUTCOME", "TRIAL")
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "TARGETS": (frozenset({"DRUG"}), frozenset({"GENE"})),
    "TREATS": (frozenset({"DRUG"}), frozenset({"DISEASE"})),
    "HAS_OUTCOME": (frozenset({"DRUG"}), frozenset({"OUTCOME"})),
    "BRAND_OF": (frozenset({"DRUG"}), frozenset({"DRUG"})),
    "DEVELOPED_BY": (frozenset({"DRUG"}), frozenset({"ORGANIZATION"})),
    "AFFILIATED_WITH": (frozenset({"PERSON"}), frozenset({"ORGANIZATION"})),
    "INVESTIGATES": (frozenset({"PERSON", "TRIAL"}), frozenset({"DRUG"})),
    "EXPRESSED_IN": (frozenset({"GENE"}), frozenset({"DISEASE", "CELL_TYPE"})),
    "RESISTANT_TO": (frozenset({"DISEASE"}), frozenset({"DRUG"})),
    "ASSOCIATED_WITH": (
        frozenset({"GENE", "DISEASE", "DRUG", "CELL_TYPE"}),
        frozenset({"GENE", "DISEASE", "DRUG", "CELL_TYPE"}),
    ),
}
PREDICATES = tuple(SIGNATURES)
# Outcome attributes (GUIDE.md): numbers as numbers, the rest as the text states it.
FLOAT_ATTRIBUTES = frozenset({"rate", "HR", "risk_reduction", "OR", "RR"})
INT_ATTRIBUTES = frozenset({"n", "N"})
TEXT_ATTRIBUTES = frozenset(
    {"duration", "population", "grade", "qualifier", "dose", "comparator", "p_value", "CI", "value"}
)
ATTRIBUTES = FLOAT_ATTRIBUTES | INT_ATTRIBUTES | TEXT_ATTRIBUTES | {"alternatives"}


@dataclass
class Problems:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _case_sensitive(alias: str) -> bool:
    """Short forms with capitals ("CR", "SG", "NK") are matched as written: lower-case "cr"
    or "sg" elsewhere in a text is another word."""
    return len(alias) <= 5 and any(c.isupper() for c in alias)


def alias_occurrences(text: str, alias: str) -> list[tuple[int, int]]:
    """Every occurrence of `alias` in `text` that starts and ends on a word boundary."""
    alias = alias.strip()
    if not alias:
        return []
    flags = 0 if _case_sensitive(alias) else re.IGNORECASE
    pattern = re.compile(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", flags)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def fill(record: dict, source: SourceText) -> dict:
    """`record` with its derived fields (sha1, mentions, evidence) computed from `source`."""
    text = source.text
    found: list[tuple[int, int, str]] = []
    for entity in record.get("entities", []):
        for alias in {a.strip() for a in entity.get("aliases", []) if a.strip()}:
            found += [(s, e, entity["id"]) for s, e in alias_occurrences(text, alias)]
    taken: list[tuple[int, int, str]] = []
    occupied = [False] * (len(text) + 1)
    for s, e, eid in sorted(found, key=lambda m: (-(m[1] - m[0]), m[0])):
        if any(occupied[s:e]):
            continue
        for i in range(s, e):
            occupied[i] = True
        taken.append((s, e, eid))
    mentions: dict[str, list[list[int]]] = {}
    for s, e, eid in sorted(taken):
        mentions.setdefault(eid, []).append([s, e])
    sents = sentences(text)
    out = dict(record)
    out["sha1"] = source.sha1
    out["entities"] = [
        {**entity, "mentions": mentions.get(entity["id"], [])} for entity in record["entities"]
    ]
    out["relations"] = [
        {
            **rel,
            "evidence": [list(sents[i]) for i in rel.get("sentences", []) if 0 <= i < len(sents)],
        }
        for rel in record.get("relations", [])
    ]
    return out


def check(record: dict, source: SourceText) -> Problems:
    """What is wrong with one record (errors) or looks doubtful (warnings)."""
    p = Problems()
    text = source.text
    doc = record.get("doc", "?")
    if record.get("sha1") and record["sha1"] != source.sha1:
        p.errors.append(f"{doc}: the text changed since it was annotated (sha1)")
    entities = record.get("entities")
    if not isinstance(entities, list):
        p.errors.append(f"{doc}: no entities list")
        return p
    by_id: dict[str, dict] = {}
    alias_owner: dict[str, str] = {}
    for entity in entities:
        eid = entity.get("id")
        where = f"{doc} entity {eid} {entity.get('name')!r}"
        if not eid or eid in by_id:
            p.errors.append(f"{where}: missing or repeated id")
            continue
        by_id[eid] = entity
        if entity.get("type") not in TYPES:
            p.errors.append(f"{where}: type {entity.get('type')!r} is not one of {TYPES}")
        if not str(entity.get("name", "")).strip():
            p.errors.append(f"{where}: empty name")
        aliases = entity.get("aliases") or []
        if not aliases:
            p.errors.append(f"{where}: no aliases (surface forms as the text writes them)")
        for alias in aliases:
            if not alias_occurrences(text, alias):
                p.errors.append(f"{where}: alias {alias!r} does not occur in the text")
            key = alias.strip().casefold()
            if key in alias_owner and alias_owner[key] != eid:
                p.errors.append(f"{where}: alias {alias!r} is also an alias of {alias_owner[key]}")
            alias_owner[key] = eid
        extra = set(entity) - {"id", "name", "type", "aliases", "mentions", "note"}
        if extra:
            p.errors.append(f"{where}: unknown fields {sorted(extra)}")
    filled = fill(record, source)
    mentions = {e["id"]: e["mentions"] for e in filled["entities"]}
    for eid, spans in mentions.items():
        if eid in by_id and not spans:
            p.errors.append(f"{doc} entity {eid}: every alias is inside a longer one's mention")
    sents = sentences(text)
    seen: set[tuple[str, str, str]] = set()
    has_outcome: set[str] = set()
    for k, rel in enumerate(record.get("relations") or []):
        s, pred, o = rel.get("subject"), rel.get("predicate"), rel.get("object")
        where = f"{doc} relation {k} ({s} {pred} {o})"
        extra = set(rel) - {"subject", "predicate", "object", "sentences", "attributes",
                            "evidence", "note"}  # fmt: skip
        if extra:
            p.errors.append(f"{where}: unknown fields {sorted(extra)}")
        if pred not in SIGNATURES:
            p.errors.append(f"{where}: predicate not one of {PREDICATES}")
            continue
        if s not in by_id or o not in by_id:
            p.errors.append(f"{where}: unknown entity id")
            continue
        if s == o:
            p.errors.append(f"{where}: subject and object are the same entity")
        subject_types, object_types = SIGNATURES[pred]
        if by_id[s].get("type") not in subject_types or by_id[o].get("type") not in object_types:
            p.errors.append(
                f"{where}: {by_id[s].get('type')} -> {by_id[o].get('type')} does not fit {pred}"
            )
        triple = (s, pred, o)
        if triple in seen:
            p.errors.append(f"{where}: the same triple twice")
        seen.add(triple)
        cited = rel.get("sentences")
        if not cited or not all(isinstance(i, int) and 0 <= i < len(sents) for i in cited):
            p.errors.append(
                f"{where}: sentences {cited!r} are not sentence numbers 0-{len(sents) - 1}"
            )
        else:
            inside = [
                eid for eid in (s, o)
                if any(a <= m0 and m1 <= b for a, b in (sents[i] for i in cited)
                       for m0, m1 in mentions.get(eid, []))
            ]  # fmt: skip
            if not inside:
                p.errors.append(f"{where}: neither end is named in sentences {cited}")
        attributes = rel.get("attributes") or {}
        if not isinstance(attributes, dict):
            p.errors.append(f"{where}: attributes must be an object")
            continue
        if pred == "HAS_OUTCOME":
            has_outcome.add(o)
        elif any(key in FLOAT_ATTRIBUTES | INT_ATTRIBUTES for key in attributes):
            p.warnings.append(f"{where}: outcome numbers on a {pred} relation")
        for problem in _attribute_problems(attributes):
            p.errors.append(f"{where}: {problem}")
    if not doc.startswith("news:"):
        # Texts written by others stay in ../shared: no note may carry a passage of one.
        for item in [*entities, *(record.get("relations") or [])]:
            if _quotes(str(item.get("note", "")), text):
                p.errors.append(f"{doc}: a note quotes the text at length: {item['note'][:60]!r}")
    for eid, entity in by_id.items():
        if entity.get("type") == "OUTCOME" and eid not in has_outcome:
            p.warnings.append(
                f"{doc} entity {eid} {entity.get('name')!r}: OUTCOME without HAS_OUTCOME"
            )
    return p


QUOTE_CHARS = 30


def _quotes(note: str, text: str) -> bool:
    """Whether `note` holds QUOTE_CHARS or more consecutive characters of `text`."""
    return any(note[i : i + QUOTE_CHARS] in text for i in range(len(note) - QUOTE_CHARS + 1))


def _attribute_problems(attributes: dict, nested: bool = False) -> Iterator[str]:
    for key, value in attributes.items():
        if key not in ATTRIBUTES or (nested and key == "alternatives"):
            yield f"unknown attribute {key!r}"
        elif key == "alternatives":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                yield "alternatives must be a list of objects"
            else:
                for alt in value:
                    yield from _attribute_problems(alt, nested=True)
        elif key in INT_ATTRIBUTES and (not isinstance(value, int) or isinstance(value, bool)
                                        or value < 0):  # fmt: skip
            yield f"{key} must be a whole number >= 0, not {value!r}"
        elif key in FLOAT_ATTRIBUTES and (
            not isinstance(value, int | float) or isinstance(value, bool)
        ):
            yield f"{key} must be a number, not {value!r}"
        elif key == "rate" and not 0 <= value <= 1:
            yield f"rate must be a fraction 0-1 (0.73 for 73%), not {value!r}"
        elif key in TEXT_ATTRIBUTES and not isinstance(value, str):
            yield f"{key} must be text, not {value!r}"
    n, total, rate = attributes.get("n"), attributes.get("N"), attributes.get("rate")
    if isinstance(n, int) and isinstance(total, int) and total and n > total:
        yield f"n {n} > N {total}"
    if (isinstance(n, int) and isinstance(total, int) and total and isinstance(rate, float)
            and abs(n / total - rate) > 0.011):  # fmt: skip
        yield f"rate {rate} is not n/N = {n}/{total}"


def read_records(path: Path) -> list[dict]:
    """The records of one JSONL file; a line that is not JSON raises naming its number."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not JSON: {exc}") from None
    return records


def write_records(path: Path, records: Iterable[dict]) -> None:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
