"""`python -m biokg.nlp.training rebuild|prepare|export` — see `rebuild.py`.

Training is pinned to one BLAS/OpenMP thread (the machine is shared, and one thread keeps
runs reproducible); set the variables yourself to override.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import logging  # noqa: E402
from pathlib import Path  # noqa: E402

from biokg.nlp.training import rebuild as _rebuild  # noqa: E402
from biokg.nlp.training.recipes import RECIPES  # noqa: E402

_REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m biokg.nlp.training")
    parser.add_argument("command", choices=["rebuild", "prepare", "train", "export"])
    parser.add_argument("--only", action="append", choices=sorted(RECIPES), help="a model name")
    parser.add_argument("--corpora", type=Path, default=_REPO_ROOT.parent / "shared" / "corpora")
    parser.add_argument("--work-dir", type=Path, default=_REPO_ROOT / "build" / "ner")
    parser.add_argument("--models-dir", type=Path, default=_rebuild.MODELS_DIR)
    parser.add_argument("--max-steps", type=int, default=None, help="override the recipe budget")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    names = args.only or list(RECIPES)
    if args.command == "rebuild" and args.max_steps is None:
        _rebuild.rebuild(names, args.corpora, args.work_dir, args.models_dir)
        return
    for name in names:
        recipe = RECIPES[name]
        if args.command in ("prepare", "rebuild"):
            _rebuild.prepare(recipe, args.corpora, args.work_dir)
        if args.command in ("train", "rebuild"):
            if recipe.vectors:
                _rebuild.ensure_vectors(args.corpora, args.work_dir)
            _rebuild.train(recipe, args.work_dir, args.max_steps)
        if args.command in ("export", "train", "rebuild"):
            checkpoint = args.work_dir / name / "output" / "model-best"
            _rebuild.export(recipe, checkpoint, args.models_dir)


if __name__ == "__main__":
    main()
