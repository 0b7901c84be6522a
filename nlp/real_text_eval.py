"""Score the NLP stage on real published therapy texts it was never built on.

    python bench/eval_real_dev.py [--shared ../shared] [--json] [-v]
    biokg eval --only real-dev

`../shared/therapy_real_dev` holds 24 real news stories and abstracts with gold entities and
relations in biokg's schema, and `score.py`, the scorer that decides what counts. This module
reads each text as `biokg extract FILE` does (`read_source`), extracts all of them in one
process with the default pipeline, and hands `score.py`'s own `score_doc` the same JSON that
`biokg extract --format json` prints; the report (per text, per type, per predicate, outcome
numbers) is `score.py`'s. Running `score.py --cmd "biokg extract {file} --format json"` gives
the same figures, one process per text.

The set measures generalisation: nothing in biokg is written, tuned or trained because a string
occurs there, and its texts never enter the repository.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared"
REAL_DEV = "therapy_real_dev"


class RealDevUnavailable(RuntimeError):
    """The real-text dev set (its scorer or texts) is not where it was looked for."""


def load_scorer(shared: Path = DEFAULT_SHARED) -> ModuleType:
    """The dev set's own `score.py`, imported from `shared/therapy_real_dev`."""
    path = shared / REAL_DEV / "score.py"
    if not path.is_file():
        raise RealDevUnavailable(f"no scorer at {path} (../shared/{REAL_DEV}/score.py)")
    spec = importlib.util.spec_from_file_location("therapy_real_dev_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    # Its dataclasses look their module up in sys.modules while the module runs.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def evaluate(shared: Path = DEFAULT_SHARED, extractor=None, settings=None) -> tuple[list, dict]:
    """(per-text scores, totals) of `extractor` (default: the shipped pipeline) on the set."""
    from biokg.ingest import read_source
    from biokg.nlp import Extractor

    from biokg.config import Settings
    from biokg.model import Failure

    scorer = load_scorer(shared)
    gold = scorer.load_gold(shared / REAL_DEV / "texts")
    settings = settings or Settings()
    extractor = extractor or Extractor.from_settings(settings)
    documents = []
    for doc in gold:
        found = read_source(str(doc.text_path), settings)
        if len(found) != 1:
            raise RealDevUnavailable(f"{doc.text_path}: read as {len(found)} documents")
        documents.append(found[0])
    scores = []
    for doc, result in zip(gold, extractor.pipe(documents), strict=True):
        if isinstance(result, Failure):
            scores.append(scorer.score_doc(doc, {}, f"nlp failed: {result.reason}"))
        else:
            scores.append(scorer.score_doc(doc, json.loads(result.model_dump_json())))
    return scores, scorer.totals(scores)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", action="store_true", help="totals as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="list missed gold items")
    args = parser.parse_args(argv)
    try:
        scorer = load_scorer(args.shared)
    except RealDevUnavailable as exc:
        print(f"real-text dev set unavailable: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    scores, totals = evaluate(args.shared)
    if args.json:
        print(json.dumps(totals, indent=2))
    else:
        print(f"Real-text dev set ({len(scores)} texts, ../shared/{REAL_DEV}), scored by its "
              f"score.py; {time.perf_counter() - started:.0f} s")  # fmt: skip
        scorer.print_report(scores, totals, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
