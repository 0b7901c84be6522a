"""Score the NLP stage on biokg's own therapy development set (bench/therapy_dev/) and print P/R/F1.

Usage:
    python bench/eval_therapy_dev.py [--dev-dir bench/therapy_dev] [--json] [--show-errors]
        [--save-predictions preds.json | --predictions preds.json]

The set stands in for the held-out acceptance set of issue 5 (real therapy news stories and
abstracts, scored by names/aliases per type and by (subject, predicate, object)); it is for
measuring and finding error classes, never for tuning rules to single sentences. Annotation rules
are in bench/therapy_dev/GUIDELINES.md.

Scoring, per document, then summed (micro):
- Entities: a predicted entity matches a gold entity of the same type when any normalised form
  (`biokg.identity.normalise_name` of the name or an alias) of one equals any of the other.
  Precision = matched predicted entities / predicted entities; recall = matched gold entities /
  gold entities. Two predicted entities matching one gold entity (a split) both count as correct
  for precision, and the gold entity once for recall.
- Relations: each predicted relation's ends are mapped to the gold entities they match; the
  relation is correct when some mapping gives a gold (subject, predicate, object). ASSOCIATED_WITH
  is symmetric (the text does not fix its direction); every other predicate is directed. A
  negated prediction only matches a gold relation marked "negated": true. Distinct predicted
  triples are counted, so the same statement from two split entities counts once.
- HAS_OUTCOME attributes: over gold outcome relations that were found, the share whose `rate`
  (within 0.006, i.e. rounding of a percentage), `n`, `N` and `duration` (normalised text) the
  prediction states correctly.
- Error classes. Entities: an unmatched one is "wrong type" (the other side has the name under
  another type), "boundary" (one name is a run of words inside the other: "NHL 001" for
  "TRANSCEND NHL 001") or "not in gold" / "missed". Relations: a lost one is "entity missed" when
  an end was not found, else "relation missed"; a wrong one is "reversed", "wrong negation",
  "wrong predicate", "unlisted pair" (both ends are gold entities, the relation is not stated),
  "end mistyped or mis-bounded" or "end not a gold entity".

The scoring functions take plain dicts (see `prediction_from_extraction`), so they are tested
without loading spaCy (tests/bench/test_therapy_dev_scorer.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from biokg.identity import normalise_name

REPO = Path(__file__).resolve().parent.parent
DEV_DIR = REPO / "bench" / "therapy_dev"
ENTITY_TYPES = (
    "GENE", "DISEASE", "DRUG", "CELL_TYPE", "ORGANIZATION", "PERSON", "OUTCOME", "TRIAL",
)  # fmt: skip
PREDICATES = (
    "TARGETS", "TREATS", "HAS_OUTCOME", "BRAND_OF", "DEVELOPED_BY", "AFFILIATED_WITH",
    "INVESTIGATES", "EXPRESSED_IN", "RESISTANT_TO", "ASSOCIATED_WITH",
)  # fmt: skip
SYMMETRIC = frozenset({"ASSOCIATED_WITH"})
OUTCOME_ATTRIBUTES = ("rate", "n", "N", "duration")
# Gold rates are the published rounded percentages; a prediction computed as n/N (61/75 = 0.813
# for "81%") must still count.
RATE_TOLERANCE = 0.006
# Acceptance thresholds of issue 5 on the held-out set, printed for orientation.
TARGET_ENTITY_F1 = 0.80
TARGET_RELATION_F1 = 0.50

Triple = tuple[str, str, str]


@dataclass
class Counts:
    """Precision counts and recall counts kept apart: with splits they differ."""

    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    gold_ok: int = 0

    def add(self, other: Counts) -> None:
        self.pred += other.pred
        self.pred_ok += other.pred_ok
        self.gold += other.gold
        self.gold_ok += other.gold_ok

    @property
    def precision(self) -> float:
        return self.pred_ok / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.gold_ok / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pred": self.pred,
            "pred_ok": self.pred_ok,
            "gold": self.gold,
            "gold_ok": self.gold_ok,
        }


@dataclass
class DocScore:
    """One document's counts, attribute checks and errors."""

    file: str
    entities: dict[str, Counts] = field(default_factory=dict)
    relations: dict[str, Counts] = field(default_factory=dict)
    attributes: dict[str, Counter] = field(default_factory=dict)
    entity_fp: list[tuple[str, str, str]] = field(default_factory=list)
    entity_fn: list[tuple[str, str, str]] = field(default_factory=list)
    relation_fp: list[tuple[Triple, str]] = field(default_factory=list)
    relation_fn: list[tuple[Triple, str]] = field(default_factory=list)
    attribute_errors: list[tuple[Triple, str, object, object]] = field(default_factory=list)


def forms(name: str, aliases: list[str] | tuple[str, ...] = ()) -> set[str]:
    """The normalised names an entity answers to (empty normalisations dropped)."""
    out = {normalise_name(n) for n in [name, *aliases]}
    out.discard("")
    return out


def load_gold(path: Path) -> list[dict]:
    """gold.jsonl: one JSON object per line with `file`, `entities`, `relations`."""
    docs = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{lineno}: not JSON ({exc})") from exc
        check_gold_doc(doc, f"{path.name}:{lineno}")
        docs.append(doc)
    return docs


def check_gold_doc(doc: dict, where: str) -> None:
    """Raise ValueError naming `where` if a gold line is inconsistent (unknown types, predicates,
    or relation ends that are no gold entity)."""
    names = Counter()
    for ent in doc["entities"]:
        if ent["type"] not in ENTITY_TYPES:
            raise ValueError(f"{where}: unknown entity type {ent['type']!r}")
        names[ent["name"]] += 1
    for rel in doc["relations"]:
        if rel["predicate"] not in PREDICATES:
            raise ValueError(f"{where}: unknown predicate {rel['predicate']!r}")
        for end in (rel["subject"], rel["object"]):
            if names[end] != 1:
                raise ValueError(f"{where}: relation end {end!r} is not exactly one gold entity")


def prediction_from_extraction(extraction) -> dict:
    """The plain-dict view of a `biokg.model.Extraction` that the scorer reads."""
    return {
        "entities": [
            {"id": e.id, "type": str(e.type), "name": e.name, "aliases": list(e.aliases)}
            for e in extraction.entities
        ],
        "relations": [
            {
                "subject": r.subject,
                "predicate": str(r.predicate),
                "object": r.object,
                "negated": r.negated,
                "attributes": dict(r.attributes),
            }
            for r in extraction.relations
        ],
    }


def match_entities(gold_entities: list[dict], pred_entities: list[dict]) -> dict[str, list[str]]:
    """Predicted entity id -> names of the gold entities (same type) it matches, in gold order."""
    gold_forms = [
        (g["type"], g["name"], forms(g["name"], g.get("aliases", []))) for g in gold_entities
    ]
    out: dict[str, list[str]] = {}
    for p in pred_entities:
        pf = forms(p["name"], p.get("aliases", []))
        out[p["id"]] = [name for typ, name, gf in gold_forms if typ == p["type"] and gf & pf]
    return out


def _key(subject: str, predicate: str, obj: str) -> Triple:
    if predicate in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return (subject, predicate, obj)


def _same_number(gold, pred, tolerance: float = 0.0) -> bool:
    try:
        return abs(float(gold) - float(pred)) <= tolerance
    except (TypeError, ValueError):
        return False


def _norm_duration(value) -> str:
    words = normalise_name(str(value)).split()
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def attribute_correct(key: str, gold, pred) -> bool:
    """Does a predicted outcome attribute state the gold value?"""
    if pred is None:
        return False
    if key == "rate":
        return _same_number(gold, pred, RATE_TOLERANCE)
    if key in ("n", "N"):
        return _same_number(gold, pred)
    return _norm_duration(gold) == _norm_duration(pred)


def score_document(gold: dict, pred: dict) -> DocScore:
    """Entity, relation and attribute scores of one document's prediction against its gold."""
    score = DocScore(gold["file"])
    matches = match_entities(gold["entities"], pred["entities"])
    pred_by_id = {p["id"]: p for p in pred["entities"]}

    gold_all = [(g["type"], forms(g["name"], g.get("aliases", []))) for g in gold["entities"]]
    pred_all = [(p["type"], forms(p["name"], p.get("aliases", []))) for p in pred["entities"]]
    found_gold: set[str] = set()
    for p in pred["entities"]:
        counts = score.entities.setdefault(p["type"], Counts())
        counts.pred += 1
        if matches[p["id"]]:
            counts.pred_ok += 1
            found_gold.update(matches[p["id"]])
        else:
            pf = forms(p["name"], p.get("aliases", []))
            cause = _entity_error(pf, p["type"], gold_all, "not in gold")
            score.entity_fp.append((p["type"], p["name"], cause))
    for g in gold["entities"]:
        counts = score.entities.setdefault(g["type"], Counts())
        counts.gold += 1
        if g["name"] in found_gold:
            counts.gold_ok += 1
        else:
            gf = forms(g["name"], g.get("aliases", []))
            score.entity_fn.append(
                (g["type"], g["name"], _entity_error(gf, g["type"], pred_all, "missed"))
            )

    gold_rels = {}
    for r in gold["relations"]:
        gold_rels[(_key(r["subject"], r["predicate"], r["object"]), bool(r.get("negated")))] = r
    gold_names = {g["name"] for g in gold["entities"]}

    fp_cause = {"?" + name: cause for _, name, cause in score.entity_fp}

    def ends(entity_id: str) -> list[str]:
        if entity_id in matches and matches[entity_id]:
            return matches[entity_id]
        p = pred_by_id.get(entity_id)
        return ["?" + (p["name"] if p else entity_id)]

    hit: dict[tuple[Triple, bool], list[dict]] = {}
    wrong: dict[tuple[Triple, bool], str] = {}
    for r in pred["relations"]:
        negated = bool(r.get("negated"))
        candidates = [
            (_key(s, r["predicate"], o), negated)
            for s in ends(r["subject"])
            for o in ends(r["object"])
        ]
        good = [c for c in candidates if c in gold_rels]
        if good:
            hit.setdefault(good[0], []).append(r)
            continue
        first = candidates[0]
        if first in hit or first in wrong:
            continue
        wrong[first] = _classify_fp(first, gold_rels, gold_names, fp_cause)
    gold_keys = set(gold_rels)

    for key in gold_keys:
        predicate = key[0][1]
        counts = score.relations.setdefault(predicate, Counts())
        counts.gold += 1
        if key in hit:
            counts.gold_ok += 1
        else:
            s, _, o = key[0]
            cause = "relation missed" if {s, o} <= found_gold else "entity missed"
            score.relation_fn.append((key[0], cause))
    for key in hit:
        counts = score.relations.setdefault(key[0][1], Counts())
        counts.pred += 1
        counts.pred_ok += 1
    for key, cause in wrong.items():
        if key in hit:
            continue
        score.relations.setdefault(key[0][1], Counts()).pred += 1
        score.relation_fp.append((key[0], cause))

    for key, preds in hit.items():
        if key[0][1] != "HAS_OUTCOME":
            continue
        gold_attrs = gold_rels[key].get("attributes", {})
        for name in OUTCOME_ATTRIBUTES:
            if name not in gold_attrs:
                continue
            tally = score.attributes.setdefault(name, Counter())
            tally["gold"] += 1
            stated = [p.get("attributes", {}).get(name) for p in preds]
            if any(attribute_correct(name, gold_attrs[name], v) for v in stated):
                tally["correct"] += 1
            else:
                given = next((v for v in stated if v is not None), None)
                tally["missing" if given is None else "wrong"] += 1
                score.attribute_errors.append((key[0], name, gold_attrs[name], given))
    score.relation_fn.sort()
    score.relation_fp.sort()
    return score


def _entity_error(
    own: set[str], own_type: str, others: list[tuple[str, set[str]]], absent: str
) -> str:
    """Why an entity found no partner: the other side has it under another type ("wrong type"),
    with a longer or shorter span of the same type ("boundary": one name is a run of words of
    the other), or not
    at all ("not in gold" for a prediction, "missed" for a gold entity)."""
    if any(own & theirs for typ, theirs in others if typ != own_type):
        return "wrong type"
    padded = [f" {n} " for n in own]
    for typ, theirs in others:
        if typ != own_type:
            continue
        for t in theirs:
            if any(f" {t} " in n or n in f" {t} " for n in padded):
                return "boundary"
    return absent


def _classify_fp(
    key: tuple[Triple, bool], gold_rels: dict, gold_names: set[str], fp_cause: dict[str, str]
) -> str:
    (s, predicate, o), negated = key
    if s not in gold_names or o not in gold_names:
        causes = {fp_cause.get(end, "not in gold") for end in (s, o) if end not in gold_names}
        if causes & {"wrong type", "boundary"}:
            return "end mistyped or mis-bounded"
        return "end not a gold entity"
    if (_key(o, predicate, s), negated) in gold_rels:
        return "reversed"
    if (_key(s, predicate, o), not negated) in gold_rels:
        return "wrong negation"
    if any(k[0][0] == s and k[0][2] == o for k in gold_rels):
        return "wrong predicate"
    return "unlisted pair"


@dataclass
class Report:
    """Summed scores over documents."""

    entities: dict[str, Counts]
    relations: dict[str, Counts]
    entity_micro: Counts
    relation_micro: Counts
    attributes: dict[str, Counter]
    fp_classes: Counter
    fn_classes: Counter
    entity_fp_classes: Counter
    entity_fn_classes: Counter
    docs: list[DocScore]


def summarise(scores: list[DocScore]) -> Report:
    """Micro totals per type, per predicate and overall, plus error-class counts."""
    entities = {t: Counts() for t in ENTITY_TYPES}
    relations = {p: Counts() for p in PREDICATES}
    entity_micro, relation_micro = Counts(), Counts()
    attributes: dict[str, Counter] = {a: Counter() for a in OUTCOME_ATTRIBUTES}
    fp_classes, fn_classes = Counter(), Counter()
    entity_fp_classes, entity_fn_classes = Counter(), Counter()
    for s in scores:
        for t, c in s.entities.items():
            entities.setdefault(t, Counts()).add(c)
            entity_micro.add(c)
        for p, c in s.relations.items():
            relations.setdefault(p, Counts()).add(c)
            relation_micro.add(c)
        for a, tally in s.attributes.items():
            attributes.setdefault(a, Counter()).update(tally)
        fp_classes.update(cause for _, cause in s.relation_fp)
        fn_classes.update(cause for _, cause in s.relation_fn)
        entity_fp_classes.update(cause for _, _, cause in s.entity_fp)
        entity_fn_classes.update(cause for _, _, cause in s.entity_fn)
    return Report(
        entities, relations, entity_micro, relation_micro, attributes, fp_classes, fn_classes,
        entity_fp_classes, entity_fn_classes, scores,
    )  # fmt: skip


def score_all(gold_docs: list[dict], predictions: dict[str, dict]) -> Report:
    """Score every gold document; a document with no prediction scores as empty."""
    empty = {"entities": [], "relations": []}
    return summarise([score_document(g, predictions.get(g["file"], empty)) for g in gold_docs])


def report_dict(report: Report, show_errors: bool = False) -> dict:
    out = {
        "entities": {t: c.as_dict() for t, c in report.entities.items()},
        "entity_micro": report.entity_micro.as_dict(),
        "relations": {p: c.as_dict() for p, c in report.relations.items()},
        "relation_micro": report.relation_micro.as_dict(),
        "outcome_attributes": {a: dict(t) for a, t in report.attributes.items()},
        "relation_fp_classes": dict(report.fp_classes),
        "relation_fn_classes": dict(report.fn_classes),
        "entity_fp_classes": dict(report.entity_fp_classes),
        "entity_fn_classes": dict(report.entity_fn_classes),
    }
    if show_errors:
        out["documents"] = [
            {
                "file": s.file,
                "entity_fp": s.entity_fp,
                "entity_fn": s.entity_fn,
                "relation_fp": [[list(t), c] for t, c in s.relation_fp],
                "relation_fn": [[list(t), c] for t, c in s.relation_fn],
                "attribute_errors": [[list(t), a, g, p] for t, a, g, p in s.attribute_errors],
            }
            for s in report.docs
        ]
    return out


def format_report(report: Report, show_errors: bool = False) -> str:
    lines = [f"{'':24}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}"]

    def row(label: str, c: Counts) -> None:
        lines.append(
            f"{label:24}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{c.pred:7d}{c.gold:7d}"
        )

    lines.append("entities")
    for t, c in report.entities.items():
        if c.pred or c.gold:
            row("  " + t, c)
    row(f"  micro (target {TARGET_ENTITY_F1:.2f})", report.entity_micro)
    lines.append("relations")
    for p, c in report.relations.items():
        if c.pred or c.gold:
            row("  " + p, c)
    row(f"  micro (target {TARGET_RELATION_F1:.2f})", report.relation_micro)
    lines.append("HAS_OUTCOME attributes (found gold outcome relations stating them)")
    for a, t in report.attributes.items():
        if t["gold"]:
            lines.append(
                f"  {a:10} correct {t['correct']}/{t['gold']} ({t['correct'] / t['gold']:.0%}),"
                f" wrong {t['wrong']}, missing {t['missing']}"
            )
    lines.append("entity errors: false positives " + _classes(report.entity_fp_classes))
    lines.append("entity errors: false negatives " + _classes(report.entity_fn_classes))
    lines.append("relation errors: false positives " + _classes(report.fp_classes))
    lines.append("relation errors: false negatives " + _classes(report.fn_classes))
    if show_errors:
        for s in report.docs:
            lines.append(f"\n== {s.file}")
            lines.extend(f"  entity FP [{c}] {t}: {n}" for t, n, c in s.entity_fp)
            lines.extend(f"  entity FN [{c}] {t}: {n}" for t, n, c in s.entity_fn)
            lines.extend(f"  rel FP [{c}] {' | '.join(t)}" for t, c in s.relation_fp)
            lines.extend(f"  rel FN [{c}] {' | '.join(t)}" for t, c in s.relation_fn)
            lines.extend(
                f"  attr {a} of {' | '.join(t)}: gold {g!r}, predicted {p!r}"
                for t, a, g, p in s.attribute_errors
            )
    return "\n".join(lines)


def _classes(counter: Counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in counter.most_common()) or "none"


def predict(dev_dir: Path) -> tuple[dict[str, dict], float, int]:
    """Run the default NLP pipeline over the dev set's .txt files, read through biokg.ingest."""
    from biokg.ingest import read_source
    from biokg.nlp import Extractor

    from biokg.config import load_settings
    from biokg.model import Failure

    settings = load_settings()
    files = sorted(dev_dir.glob("*.txt"))
    documents = []
    for path in files:
        (doc,) = read_source(str(path), settings)
        documents.append(doc)
    extractor = Extractor.from_settings(settings)
    start = time.perf_counter()
    predictions = {}
    for path, item in zip(files, extractor.pipe(documents), strict=True):
        if isinstance(item, Failure):
            print(f"{path.name}: extraction failed: {item.reason}", file=sys.stderr)
            continue
        predictions[path.name] = prediction_from_extraction(item)
    return predictions, time.perf_counter() - start, sum(len(d.text) for d in documents)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev-dir", type=Path, default=DEV_DIR)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--show-errors", action="store_true", help="FP/FN lists per document")
    parser.add_argument(
        "--save-predictions", type=Path, help="write the predictions (JSON) for later rescoring"
    )
    parser.add_argument(
        "--predictions", type=Path, help="score predictions saved earlier instead of extracting"
    )
    args = parser.parse_args(argv)
    gold = load_gold(args.dev_dir / "gold.jsonl")
    if args.predictions:
        saved = json.loads(args.predictions.read_text(encoding="utf-8"))
        predictions, seconds, chars = saved["predictions"], saved["seconds"], saved["chars"]
    else:
        predictions, seconds, chars = predict(args.dev_dir)
    if args.save_predictions:
        payload = {"predictions": predictions, "seconds": seconds, "chars": chars}
        args.save_predictions.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    report = score_all(gold, predictions)
    if args.json:
        out = report_dict(report, args.show_errors)
        out["documents_scored"] = len(gold)
        out["seconds"] = round(seconds, 2)
        print(json.dumps(out, indent=1, ensure_ascii=False))
    else:
        print(f"therapy dev set: {len(gold)} documents, {chars} chars, extracted in {seconds:.1f}s")
        print(format_report(report, args.show_errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
