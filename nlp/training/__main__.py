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
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402

from biokg.nlp.training import rebuild as _rebuild  # noqa: E402
from biokg.nlp.training.recipes import (  # noqa: E402
    RECIPES,
    TAGGER_CONFIG,
    TRANSITION_CONFIG,
    TRANSITION_HIDDEN_WIDTH,
    Recipe,
)

_REPO_ROOT = Path(__file__).resolve().parents[2]


def _rows(text: str) -> tuple[int, int, int, int]:
    rows = tuple(int(x) for x in text.split(","))
    if len(rows) != 4:
        raise argparse.ArgumentTypeError("--rows takes 4 comma-separated numbers")
    return rows  # type: ignore[return-value]


def _variant(recipe: Recipe, args: argparse.Namespace) -> Recipe:
    """`recipe` with the command line's step budget and tok2vec shape, where given."""
    size = {
        key: value
        for key, value in (
            ("width", args.width),
            ("depth", args.depth),
            ("rows", args.rows),
            ("maxout_pieces", args.maxout_pieces),
        )
        if value is not None
    }
    config = {"tagger": TAGGER_CONFIG, "transition": TRANSITION_CONFIG}.get(
        args.decoder, recipe.config
    )
    hidden_width = None
    if config != TAGGER_CONFIG:  # only the transition model has a hidden layer
        hidden_width = args.hidden_width or recipe.hidden_width or TRANSITION_HIDDEN_WIDTH
    return replace(
        recipe,
        max_steps=args.max_steps if args.max_steps is not None else recipe.max_steps,
        tok2vec=replace(recipe.tok2vec, **size),
        config=config,
        hidden_width=hidden_width,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m biokg.nlp.training")
    parser.add_argument("command", choices=["rebuild", "prepare", "train", "export"])
    parser.add_argument("--only", action="append", choices=sorted(RECIPES), help="a model name")
    parser.add_argument("--corpora", type=Path, default=_REPO_ROOT.parent / "shared" / "corpora")
    parser.add_argument("--work-dir", type=Path, default=_REPO_ROOT / "build" / "ner")
    parser.add_argument("--models-dir", type=Path, default=_rebuild.MODELS_DIR)
    parser.add_argument("--max-steps", type=int, default=None, help="override the recipe budget")
    size = parser.add_argument_group("model shape (candidates; the recipe's when omitted)")
    size.add_argument("--width", type=int, default=None)
    size.add_argument("--depth", type=int, default=None)
    size.add_argument("--rows", type=_rows, default=None, help="NORM,PREFIX,SUFFIX,SHAPE rows")
    size.add_argument("--maxout-pieces", type=int, default=None)
    size.add_argument("--hidden-width", type=int, default=None, help="the NER's hidden layer")
    size.add_argument(
        "--decoder",
        choices=["tagger", "transition"],
        default=None,
        help="BILUO tagger (biluo_tagger.py) or spaCy's transition-based ner",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    for name in args.only or list(RECIPES):
        recipe = _variant(RECIPES[name], args)
        if args.command in ("prepare", "rebuild"):
            _rebuild.prepare(recipe, args.corpora, args.work_dir)
        if args.command in ("train", "rebuild"):
            if recipe.vectors:
                _rebuild.ensure_vectors(args.corpora, args.work_dir)
            _rebuild.train(recipe, args.work_dir)
        if args.command in ("export", "train", "rebuild"):
            checkpoint = args.work_dir / name / "output" / "model-best"
            _rebuild.export(recipe, checkpoint, args.models_dir)


if __name__ == "__main__":
    main()
