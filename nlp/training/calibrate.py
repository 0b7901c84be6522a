"""Choose the document-level relation model's per-predicate thresholds on held-out documents.

    python -m biokg.nlp.training.calibrate [--write]

`document_relations.py` fits its weights on the training documents, whose features come from a
sentence classifier trained on those same documents: there the classifier is surer than it is on
text it has not seen, and thresholds chosen there (in-sample) are too low for some predicates and
too high for others. This picks each predicate's threshold by the whole pipeline's relation F1
on the corpus' dev split (documents no model trained on): every threshold set to each value of a
grid in turn, one pipeline run per value, and per predicate the value with the best F1 (ties: the
one nearest the current threshold). `--write` stores them in the therapy model's
`document_relations.json`. The real-text dev set is never read.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy
from biokg.nlp.training.annotation.records import PREDICATES
from biokg.nlp.training.corpus_eval import evaluate

GRID = [round(float(t), 2) for t in numpy.arange(0.2, 0.91, 0.05)]


def _document_model(extractor):
    for _name, proc in extractor.nlp.pipeline:
        model = getattr(proc, "document_model", None)
        if model is not None:
            return model
    raise SystemExit("the pipeline has no document-level relation model")


def main(argv: list[str] | None = None) -> int:
    from biokg.nlp import Extractor

    from biokg.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="store the chosen thresholds")
    args = parser.parse_args(argv)
    extractor = Extractor.from_settings(Settings(nlp_processes=1))
    model = _document_model(extractor)
    current = dict(model.thresholds)
    f1: dict[str, dict[float, float]] = {p: {} for p in PREDICATES}
    for t in GRID:
        model.thresholds = {p: t for p in current}
        total, _ = evaluate(extractor, "dev")
        for p in PREDICATES:
            f1[p][t] = total.relations.prf(p)[2]
        print(f"all thresholds {t:.2f}: relation F1 {total.relations.prf()[2]:.3f}", flush=True)
    chosen = {}
    for p, old in current.items():
        best = max(f1[p].values())
        chosen[p] = min((t for t, v in f1[p].items() if v == best), key=lambda t: abs(t - old))
        print(f"  {p:16} {old:.2f} -> {chosen[p]:.2f}  (F1 {f1[p].get(old, float('nan')):.3f} "
              f"-> {best:.3f})")  # fmt: skip
    model.thresholds = chosen
    total, _ = evaluate(extractor, "dev")
    e, r = total.entities.prf(), total.relations.prf()
    print(f"chosen thresholds, corpus dev: entities F1 {e[2]:.3f}, relations P/R/F1 "
          f"{r[0]:.3f}/{r[1]:.3f}/{r[2]:.3f}")  # fmt: skip
    if args.write:
        from biokg.nlp.extractor import MODELS_DIR
        from biokg.nlp.training.document_relations import WEIGHTS_FILE

        path = MODELS_DIR / "therapy" / WEIGHTS_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data["thresholds"] = chosen
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
