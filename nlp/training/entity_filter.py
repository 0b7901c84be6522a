"""Learn which recognised entities belong in the graph (`biokg.nlp.entity_filter`) from the corpus.

    python -m biokg.nlp.training.entity_filter [--write]

The shipped pipeline, without the filter, reads the annotation corpus' documents; each entity it
finds is labelled 1 when GUIDE.md's scorer matches it to an annotated entity, else 0 (an adverse
event read as a disease, a generic class, a fragment). A logistic regression (scikit-learn,
L2, C below) is fit on the train split's entities over `entity_features`, keeping features seen
at least MIN_COUNT times. Per type, the threshold under which an entity is dropped is then
chosen on the dev split by the entity F1 plus the relation F1 of the whole document scoring
(never on the real-text dev set); a type whose best choice is to keep everything gets none.
`--write` stores the weights next to the therapy model.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from pathlib import Path

from biokg.nlp.entity_filter import ENTITY_FILTER_FILE, EntityFilter, entity_features
from biokg.nlp.training.annotation.agreement import Score, forms, max_matching, score_document
from biokg.nlp.training.corpus_eval import extraction_record
from biokg.nlp.training.therapy_corpus import records, split_of

log = logging.getLogger(__name__)
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "therapy"
# Chosen on the dev split's ranking (ROC AUC 0.855, 0.871, 0.876, 0.875 for C 0.03 to 1).
C = 0.3
# Features seen fewer times, and weights smaller than PRUNE, are left out: 51k weights become
# 13k (a file of about 0.4 MB) for a dev ROC AUC of 0.874 instead of 0.876.
MIN_COUNT = 5
PRUNE = 0.05
# Never above 0.4: only what the model finds at least 60% likely wrong is dropped (at 0.5 the
# headline construct of a CAR T abstract, "CD22 CAR T cells" at 0.49, went with its relations).
THRESHOLDS = (0.1, 0.2, 0.3, 0.4)
# GENE is never filtered: a gene named only inside a targeted agent's name ("a BRAF inhibitor")
# is the object of the TARGETS that name states (`nlp/named_targets.py`), and the corpus often
# leaves such genes unannotated, so the model learned to drop them (real dev TARGETS 0.46 ->
# 0.44, GENE 0.86 -> 0.83 with a GENE threshold).
TYPE_ORDER = ("DISEASE", "DRUG", "ORGANIZATION", "TRIAL", "OUTCOME", "CELL_TYPE", "PERSON")


def matched(record: dict, text: str, extraction) -> list[bool]:
    """Per entity of `extraction`, whether the scorer matches it to an annotated entity."""
    gold = record["entities"]
    gold_forms = [forms(g, text) for g in gold]
    candidates = {}
    for si, e in enumerate(extraction.entities):
        own = forms({"name": e.name, "aliases": e.aliases,
                     "mentions": [[m.start, m.end] for m in e.mentions]}, text)  # fmt: skip
        hits = [gi for gi, g in enumerate(gold)
                if g["type"] == str(e.type) and own & gold_forms[gi]]  # fmt: skip
        if hits:
            candidates[si] = hits
    pairs = max_matching(candidates)
    return [si in pairs for si in range(len(extraction.entities))]


def read_split(extractor, split: str):
    """Every document of `split` as (record, text, extraction, {entity id: features}, labels)."""
    from biokg.model import Document, Failure

    items = [item for item in records() if split_of(item.record["doc"]) == split]
    documents = [Document(text=i.text, title="", id=i.record["doc"]) for i in items]
    out = []
    for item, extraction in zip(items, extractor.pipe(documents), strict=True):
        if isinstance(extraction, Failure):
            continue
        feats = entity_features(extraction.entities, extraction.relations, item.text)
        labels = matched(item.record, item.text, extraction)
        out.append((item.record, item.text, extraction, feats, labels))
    return out


def logistic(rows, what: str) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2 logistic regression over `rows` of (feature set, label):
    features seen fewer than MIN_COUNT times left out, weights under PRUNE dropped."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for fs, _ in rows for f in fs)
    vectoriser = DictVectorizer()
    X = vectoriser.fit_transform([{f: 1 for f in fs if counts[f] >= MIN_COUNT} for fs, _ in rows])
    y = [label for _, label in rows]
    log.info("train: %d %s, %d matched, %d features", len(y), what, sum(y), X.shape[1])
    model = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    weights = {
        name: float(w)
        for name, w in zip(vectoriser.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= PRUNE
    }
    return weights, float(model.intercept_[0])


def score(model: EntityFilter, docs) -> Score:
    """The whole document scoring of the dev split with `model` applied."""
    total = Score()
    for record, text, extraction, feats, _labels in docs:
        kept = {e.id for e in extraction.entities if model.keeps(str(e.type), feats[e.id])}
        filtered = extraction.model_copy(update={
            "entities": [e for e in extraction.entities if e.id in kept],
            "relations": [r for r in extraction.relations
                          if r.subject in kept and r.object in kept],
        })  # fmt: skip
        total.add(score_document(record, extraction_record(filtered), text))
    return total


def _objective(total: Score) -> float:
    return total.entities.prf()[2] + total.relations.prf()[2]


def fit(train, dev) -> EntityFilter:
    rows = [(feats[e.id], label) for _r, _t, ext, feats, labels in train
            for e, label in zip(ext.entities, labels, strict=True)]  # fmt: skip
    weights, bias = logistic(rows, "entities")
    model = EntityFilter(weights, bias, {})
    best = _objective(score(model, dev))
    for entity_type in TYPE_ORDER:
        for threshold in THRESHOLDS:
            trial = EntityFilter(weights, bias, {**model.thresholds, entity_type: threshold})
            value = _objective(score(trial, dev))
            log.info("%s %.1f: dev entity F1 + relation F1 %.4f", entity_type, threshold, value)
            if value > best + 1e-4:
                best, model = value, trial
    return model


def main(argv: list[str] | None = None) -> int:
    from biokg.nlp import Extractor

    from biokg.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"store {ENTITY_FILTER_FILE}")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    extractor = Extractor.from_settings(Settings())
    extractor.entity_filter = None
    extractor.relation_filter = None
    train, dev = read_split(extractor, "train"), read_split(extractor, "dev")
    model = fit(train, dev)
    for name, shown in (("without", EntityFilter({}, 0.0, {})), ("with", model)):
        total = score(shown, dev)
        e, r = total.entities.prf(), total.relations.prf()
        print(f"dev {name} the filter: entities P/R/F1 {e[0]:.3f}/{e[1]:.3f}/{e[2]:.3f}, "
              f"relations {r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}")  # fmt: skip
    print(f"thresholds {model.thresholds}, {len(model.weights)} weights")
    if args.write:
        path = MODEL_DIR / ENTITY_FILTER_FILE
        path.write_text(json.dumps(model.to_json(), indent=0) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
