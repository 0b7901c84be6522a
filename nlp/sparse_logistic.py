"""A logistic model over sparse string features with a drop threshold per kind of item.

The document steps that decide whether to keep what the pipeline found (`entity_filter.py`,
`relation_filter.py`) share it: weights per feature and a bias, learned by scikit-learn at
training time and stored as JSON, and a threshold per entity type or predicate under which an
item is dropped (a kind without a threshold is always kept).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Self


class SparseLogistic:
    def __init__(self, weights: dict[str, float], bias: float, thresholds: dict[str, float]):
        self.weights = dict(weights)
        self.bias = float(bias)
        self.thresholds = dict(thresholds)

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def keeps(self, kind: str, features: Iterable[str]) -> bool:
        threshold = self.thresholds.get(kind)
        return threshold is None or self.probability(features) >= threshold

    def to_json(self) -> dict:
        return {
            "bias": round(self.bias, 6),
            "thresholds": self.thresholds,
            "weights": {f: round(w, 5) for f, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> Self:
        return cls(data["weights"], data["bias"], data["thresholds"])

    @classmethod
    def load(cls, path: Path) -> Self:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
