"""Rebuild every trained NER model from `../shared/corpora/` with fixed seeds.

Per recipe: convert its sources to DocBins (`<work>/<name>/{train,select}/`), train with
`spacy train`'s in-process API and the recipe's seed and step budget (after building the floret
vectors of `vectors.py` once, if the recipe asks for them), then export the best checkpoint into
`nlp/models/<name>/` with a clean config and a `meta.json` naming the corpora's licences. spaCy
saves no optimizer state with a pipeline, so the export is weights plus vocabulary only.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import asdict
from pathlib import Path

import spacy
from biokg.nlp.training import (
    biluo_tagger,  # noqa: F401 - registers biokg_biluo_ner
    consistency,  # noqa: F401 - registers biokg_ner_consistency
)
from biokg.nlp.training.convert import ConversionStats, write_docbin
from biokg.nlp.training.recipes import RECIPES, TAGGER_CONFIG, Recipe
from biokg.nlp.training.tokenizer import customise_tokenizer
from biokg.nlp.training.vectors import build_vectors
from spacy.cli.train import train as spacy_train
from spacy.language import Language
from thinc.api import NumpyOps, set_current_ops

log = logging.getLogger(__name__)

CONFIG_DIR = Path(__file__).parent / "configs"
MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_VERSION = "0.1.0"


def prepare(recipe: Recipe, corpora_dir: Path, work_dir: Path) -> dict[str, ConversionStats]:
    """Write the recipe's train and selection DocBins under `work_dir/<name>/`.

    Returns:
        Conversion statistics per written file.
    """
    nlp = customise_tokenizer(spacy.blank("en"))
    out = work_dir / recipe.name
    shutil.rmtree(out, ignore_errors=True)
    stats = {}
    for split, sources in (("train", recipe.train), ("select", recipe.select)):
        for i, source in enumerate(sources):
            path = out / split / f"{i}-{source.corpus}.spacy"
            stats[str(path)] = write_docbin(
                nlp, source.read(corpora_dir), source.corpus, path, keep=set(recipe.labels)
            )
            log.info("%s: %s", path, stats[str(path)].summary())
    return stats


def ensure_vectors(corpora_dir: Path, work_dir: Path) -> Path:
    """The floret vectors pipeline every config initialises from, built once per work dir."""
    path = work_dir / "vectors" / "vectors_model"
    if not (path / "config.cfg").exists():
        build_vectors(corpora_dir, work_dir / "vectors")
    return path


def train(recipe: Recipe, work_dir: Path, max_steps: int | None = None) -> Path:
    """Train the recipe's model; returns the directory of the best checkpoint.

    A recipe with `vectors=True` needs `ensure_vectors` to have run.
    """
    out = work_dir / recipe.name
    output = out / "output"
    shutil.rmtree(output, ignore_errors=True)
    overrides: dict[str, object] = {
        "paths.train": str(out / "train"),
        "paths.dev": str(out / "select"),
        "system.seed": recipe.seed,
        "training.max_steps": max_steps if max_steps is not None else recipe.max_steps,
        **recipe.config_overrides(),
    }
    if recipe.vectors:
        overrides["paths.vectors"] = str(work_dir / "vectors" / "vectors_model")
        overrides["components.tok2vec.model.embed.include_static_vectors"] = True
    # The models take their ops when built: numpy's OpenBLAS for the matrix products, as the
    # pipeline runs them (`biokg.nlp.blas`), is 2-3x faster than blis's generic kernel here.
    set_current_ops(NumpyOps(use_blis=False))
    spacy_train(CONFIG_DIR / recipe.config, output, overrides=overrides, use_gpu=-1)
    return output / "model-best"


def export(recipe: Recipe, checkpoint: Path, models_dir: Path = MODELS_DIR) -> Path:
    """Copy a checkpoint into `models_dir/<name>/` as a self-contained, loadable pipeline.

    The shared `tok2vec` is copied into the `ner` component (`replace_listeners`), so the
    exported pipeline is ``["ner", "biokg_ner_consistency"]`` and the `ner` component can be
    sourced into another pipeline by configuration; the consistency rules (`consistency.py`)
    are found through biokg's `spacy_factories` entry point. The training-only parts of the
    config (corpus paths, the tokenizer callback, whose rules are already saved with the
    tokenizer) are removed.
    """
    nlp = spacy.load(checkpoint)
    tok2vec_config = nlp.get_pipe_config("tok2vec")
    # The embed width is interpolated from the encoder's; make it literal before the copy, or
    # the copied block would point at a component that no longer exists.
    tok2vec_config["model"]["embed"]["width"] = tok2vec_config["model"]["encode"]["width"]
    nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.remove_pipe("tok2vec")
    nlp.add_pipe("biokg_ner_consistency", after="ner")
    _strip_training_config(nlp)
    nlp.meta.update(_meta(recipe, nlp))
    target = models_dir / recipe.name
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return target


def _strip_training_config(nlp: Language) -> None:
    config = nlp.config
    config["initialize"]["before_init"] = None
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config["paths"]["vectors"] = None  # the table itself is saved with the model's vocab


def _meta(recipe: Recipe, nlp: Language) -> dict[str, object]:
    performance = nlp.meta.get("performance", {})
    return {
        "name": f"biokg_ner_{recipe.name}",
        "version": MODEL_VERSION,
        "description": recipe.description,
        "author": "biokg",
        "license": "MIT (weights); training data licences in `sources`",
        "labels": {"ner": list(recipe.labels)},
        "sources": [
            {"name": licence.split(":")[0], "license": licence} for licence in recipe.licences
        ],
        "biokg_training": {
            "seed": recipe.seed,
            "max_steps": recipe.max_steps,
            "tok2vec": asdict(recipe.tok2vec),
            "hidden_width": recipe.hidden_width,
            "train": [vars(s) for s in recipe.train],
            "select": [vars(s) for s in recipe.select],
            "rebuild": rebuild_command(recipe),
        },
        "performance": {"selection_set": performance},
    }


def rebuild_command(recipe: Recipe) -> str:
    """The command that trains `recipe`: its name, plus flags for settings it changes."""
    command = f"python -m biokg.nlp.training rebuild --only {recipe.name}"
    shipped = RECIPES.get(recipe.name)
    if shipped is None or recipe == shipped:
        return command
    flags = []
    if recipe.max_steps != shipped.max_steps:
        flags.append(f"--max-steps {recipe.max_steps}")
    size, default = recipe.tok2vec, shipped.tok2vec
    if size.width != default.width:
        flags.append(f"--width {size.width}")
    if size.depth != default.depth:
        flags.append(f"--depth {size.depth}")
    if size.rows != default.rows:
        flags.append("--rows " + ",".join(map(str, size.rows)))
    if size.maxout_pieces != default.maxout_pieces:
        flags.append(f"--maxout-pieces {size.maxout_pieces}")
    if recipe.config != shipped.config:
        flags.append("--decoder " + ("tagger" if recipe.config == TAGGER_CONFIG else "transition"))
    if recipe.hidden_width is not None and recipe.hidden_width != shipped.hidden_width:
        flags.append(f"--hidden-width {recipe.hidden_width}")
    return " ".join([command, *flags])


def rebuild(
    names: list[str] | None, corpora_dir: Path, work_dir: Path, models_dir: Path = MODELS_DIR
) -> list[Path]:
    """Prepare, train and export the named recipes (all when `names` is None)."""
    exported = []
    for name in names or list(RECIPES):
        recipe = RECIPES[name]
        if recipe.vectors:
            ensure_vectors(corpora_dir, work_dir)
        prepare(recipe, corpora_dir, work_dir)
        checkpoint = train(recipe, work_dir)
        exported.append(export(recipe, checkpoint, models_dir))
        log.info("exported %s", exported[-1])
    return exported


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
