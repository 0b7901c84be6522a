"""What the trainers of the document steps (coreference, the two filters, the pair proposer) share.

Each step learns from what the shipped pipeline finds on the annotation corpus, with the step
itself and the ones after it switched off (`pipeline_before`); the pipeline's entities are
matched to the annotated ones as GUIDE.md's scorer matches them (`entity_matches`). The two
filters are sparse logistic regressions (`logistic`) whose drop thresholds come from
`THRESHOLDS`; every fitted step is stored next to the therapy model (`write_step`).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from biokg.nlp.training.annotation.agreement import Score, forms, max_matching, score_document
from biokg.nlp.training.corpus_eval import extraction_record
from biokg.nlp.training.therapy_corpus import records, split_of

log = logging.getLogger(__name__)
M = TypeVar("M")
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "therapy"
# The order the steps run in `assemble`; training one switches it and the later ones off.
STEPS = ("coreference", "entity_filter", "relation_filter", "pair_proposer")
# Chosen on the dev split's ranking of entities (ROC AUC 0.855, 0.871, 0.876, 0.875 for C 0.03
# to 1).
C = 0.3
# Features seen fewer times, and weights smaller than PRUNE, are left out: the entity filter's
# 51k weights become 13k (a file of about 0.4 MB) for a dev ROC AUC of 0.874 instead of 0.876.
MIN_COUNT = 5
PRUNE = 0.05
# Never above 0.4: only what the model finds at least 60% likely wrong is dropped (at 0.5 the
# headline construct of a CAR T abstract, "CD22 CAR T cells" at 0.49, went with its relations).
THRESHOLDS = (0.1, 0.2, 0.3, 0.4)


def pipeline_before(step: str):
    """The shipped default Extractor with `step` and the steps after it switched off."""
    from biokg.nlp import Extractor

    from biokg.config import Settings

    extractor = Extractor.from_settings(Settings())
    for name in STEPS[STEPS.index(step) :]:
        setattr(extractor, name, None)
    return extractor


def split_extractions(extractor, split: str) -> list[tuple[dict, str, object]]:
    """(annotation record, text, Extraction) of every document of the corpus' `split` that the
    pipeline read without failing."""
    from biokg.model import Document, Failure

    items = [item for item in records() if split_of(item.record["doc"]) == split]
    documents = [Document(text=i.text, title="", id=i.record["doc"]) for i in items]
    return [
        (item.record, item.text, extraction)
        for item, extraction in zip(items, extractor.pipe(documents), strict=True)
        if not isinstance(extraction, Failure)
    ]


def entity_candidates(record: dict, text: str, extraction) -> list[set[int]]:
    """Per entity of `extraction`, the annotated entities it could match: same type and a
    shared normalised name, alias or mention."""
    gold = record["entities"]
    gold_forms = [forms(g, text) for g in gold]
    out = []
    for e in extraction.entities:
        own = forms({"name": e.name, "aliases": e.aliases,
                     "mentions": [[m.start, m.end] for m in e.mentions]}, text)  # fmt: skip
        out.append({gi for gi, g in enumerate(gold)
                    if g["type"] == str(e.type) and own & gold_forms[gi]})  # fmt: skip
    return out


def entity_matches(record: dict, text: str, extraction) -> dict[int, int]:
    """Entity index in `extraction` -> index of the annotated entity the scorer matches it to."""
    candidates = entity_candidates(record, text, extraction)
    return max_matching({si: sorted(hits) for si, hits in enumerate(candidates) if hits})


def score_extractions(items: Iterable[tuple[dict, str, object]]) -> Score:
    """GUIDE.md's scoring of (record, text, Extraction) items, summed."""
    total = Score()
    for record, text, extraction in items:
        total.add(score_document(record, extraction_record(extraction), text))
    return total


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


def greedy_thresholds(
    model_of: Callable[[dict[str, float]], M],
    kinds: Iterable[str],
    grid: Iterable[float],
    value_of: Callable[[M], float],
    what: str,
) -> M:
    """The model (`model_of(thresholds)`) whose thresholds are chosen kind by kind, in order:
    for each, the value of `grid` that raises `value_of` above the best so far by more than
    1e-4, kept for the kinds after it; a kind nothing raises gets no threshold."""
    grid = tuple(grid)
    thresholds: dict[str, float] = {}
    best = value_of(model_of(thresholds))
    for kind in kinds:
        for threshold in grid:
            trial = {**thresholds, kind: threshold}
            value = value_of(model_of(trial))
            log.info("%s %.1f: dev %s %.4f", kind, threshold, what, value)
            if value > best + 1e-4:
                best, thresholds = value, trial
    return model_of(thresholds)


def write_step(data: dict, file_name: str, indent: int | None) -> Path:
    path = MODEL_DIR / file_name
    path.write_text(json.dumps(data, indent=indent) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return path
