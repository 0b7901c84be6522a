"""Agreement between two annotations of the same documents, scored as GUIDE.md's scorer does.

Entities match when their types agree and they share a normalised form (name, alias or mention
text; `normalise` folds case, dashes, possessives, non-decimal periods and plurals); each entity
is matched at most once (maximum bipartite matching). Relations match through that entity
matching, with brand folding (a clinical relation given to a brand counts for its generic).
Outcome numbers (rate, n, N) are compared on matched HAS_OUTCOME relations.

The same scoring serves inter-annotator agreement (A as reference, B as "system": F1 is
symmetric) and a model's predictions against the corpus' held-out documents.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_DASH = re.compile(r"[\-\u2010-\u2015\u2212\u00ad\ufe58\ufe63\uff0d_]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_EDGE = " \t\n.,;:!?()[]{}\"'*"


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise(form: str) -> str:
    form = unicodedata.normalize("NFKC", form).translate(_QUOTES).casefold()
    form = re.sub(r"'s\b", "", form)
    form = _DASH.sub(" ", form)
    form = re.sub(r"(?<!\d)\.|\.(?!\d)", "", form)
    words = [_singular(w.strip(_EDGE)) for w in form.split()]
    return " ".join(w for w in words if w).strip(_EDGE)


def forms(entity: dict, text: str | None = None) -> set[str]:
    raw = [entity.get("name", ""), *(entity.get("aliases") or [])]
    if text is not None:
        raw += [text[s:e] for s, e in entity.get("mentions") or []]
    return {f for f in map(normalise, raw) if f}


def max_matching(candidates: dict[int, list[int]]) -> dict[int, int]:
    """Left index -> right index, a maximum matching (augmenting paths)."""
    owner: dict[int, int] = {}

    def assign(u: int, seen: set[int]) -> bool:
        for v in candidates.get(u, []):
            if v in seen:
                continue
            seen.add(v)
            if v not in owner or assign(owner[v], seen):
                owner[v] = u
                return True
        return False

    for u in candidates:
        assign(u, set())
    return {u: v for v, u in owner.items()}


@dataclass
class Tally:
    tp: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    system: Counter = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.tp.update(other.tp)
        self.gold.update(other.gold)
        self.system.update(other.system)

    def prf(self, key: str | None = None) -> tuple[float, float, float]:
        if key is None:
            tp, s, g = sum(self.tp.values()), sum(self.system.values()), sum(self.gold.values())
        else:
            tp, s, g = self.tp[key], self.system[key], self.gold[key]
        p = tp / s if s else float(g == 0)
        r = tp / g if g else float(s == 0)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Score:
    entities: Tally = field(default_factory=Tally)
    relations: Tally = field(default_factory=Tally)
    attributes_right: int = 0
    attributes_total: int = 0
    docs: int = 0

    def add(self, other: Score) -> None:
        self.entities.add(other.entities)
        self.relations.add(other.relations)
        self.attributes_right += other.attributes_right
        self.attributes_total += other.attributes_total
        self.docs += other.docs


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def score_document(gold: dict, system: dict, text: str | None = None) -> Score:
    """Score one document's `system` record against its `gold` record (same record shape)."""
    score = Score(docs=1)
    g_ents, s_ents = gold.get("entities", []), system.get("entities", [])
    g_forms = [forms(e, text) for e in g_ents]
    s_forms = [forms(e, text) for e in s_ents]
    for e in g_ents:
        score.entities.gold[e["type"]] += 1
    for e in s_ents:
        score.entities.system[e["type"]] += 1
    candidates = {
        si: [gi for gi, ge in enumerate(g_ents) if ge["type"] == se["type"] and sf & g_forms[gi]]
        for si, (se, sf) in enumerate(zip(s_ents, s_forms, strict=True))
    }
    s_to_g = max_matching({k: v for k, v in candidates.items() if v})
    for gi in s_to_g.values():
        score.entities.tp[g_ents[gi]["type"]] += 1
    g_index = {e["id"]: i for i, e in enumerate(g_ents)}
    s_index = {e["id"]: i for i, e in enumerate(s_ents)}
    brand = {
        g_index[r["subject"]]: g_index[r["object"]]
        for r in gold.get("relations", [])
        if r["predicate"] == "BRAND_OF"
    }

    def fold(end: object, predicate: str) -> object:
        return brand.get(end, end) if predicate != "BRAND_OF" and isinstance(end, int) else end

    g_triples = {}
    for r in gold.get("relations", []):
        p = r["predicate"]
        key = (fold(g_index[r["subject"]], p), p, fold(g_index[r["object"]], p))
        g_triples[key] = r
    s_triples: dict[tuple, list[dict]] = {}
    for r in system.get("relations", []):
        p = r["predicate"]
        ends = []
        for ref in (r["subject"], r["object"]):
            si = s_index.get(ref)
            ends.append(s_to_g.get(si, f"system:{si}") if si is not None else f"system:{ref}")
        key = (fold(ends[0], p), p, fold(ends[1], p))
        s_triples.setdefault(key, []).append(r)
    for key in g_triples:
        score.relations.gold[key[1]] += 1
    for key in s_triples:
        score.relations.system[key[1]] += 1
    for key, g_rel in g_triples.items():
        if key not in s_triples:
            continue
        score.relations.tp[key[1]] += 1
        if key[1] != "HAS_OUTCOME":
            continue
        g_attr = g_rel.get("attributes") or {}
        wanted = [k for k in ("rate", "n", "N") if k in g_attr]
        options = [g_attr, *(g_attr.get("alternatives") or [])]
        best = 0
        for s_rel in s_triples[key]:
            s_attr = s_rel.get("attributes") or {}
            for option in options:
                right = 0
                for k in wanted:
                    g_val, s_val = _number(option.get(k)), _number(s_attr.get(k))
                    if g_val is None or s_val is None:
                        continue
                    tolerance = 0.0015 if k == "rate" else 1e-9
                    right += abs(g_val - s_val) <= tolerance
                best = max(best, right)
        score.attributes_right += best
        score.attributes_total += len(wanted)
    return score
