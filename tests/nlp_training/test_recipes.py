"""Recipes carry their tok2vec shape, and the committed models are what their recipes build.

No training: the configs are resolved and compared, nothing is fitted.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import biokg.nlp
import pytest
import spacy
from biokg.nlp.training.__main__ import main as training_main
from biokg.nlp.training.rebuild import CONFIG_DIR, rebuild_command
from biokg.nlp.training.recipes import (
    RECIPES,
    TAGGER_CONFIG,
    TRANSITION_CONFIG,
    Tok2VecSize,
)
from thinc.api import Config

MODELS = Path(biokg.nlp.__file__).parent / "models"


def _training_config(overrides: dict[str, object]) -> Config:
    return spacy.util.load_config(CONFIG_DIR / "ner_cnn.cfg", overrides=overrides)


def test_a_tok2vec_size_reshapes_the_encoder_the_embedding_and_the_listener() -> None:
    size = Tok2VecSize(width=64, depth=2, rows=(4000, 2000, 2000, 1000), maxout_pieces=2)
    config = _training_config(size.overrides())
    embed = config["components"]["tok2vec"]["model"]["embed"]
    encode = config["components"]["tok2vec"]["model"]["encode"]
    assert (embed["width"], embed["rows"]) == (64, [4000, 2000, 2000, 1000])
    assert (encode["width"], encode["depth"], encode["maxout_pieces"]) == (64, 2, 2)
    assert config["components"]["ner"]["model"]["tok2vec"]["width"] == 64


def test_the_default_size_is_the_configs_own() -> None:
    plain = _training_config({})
    sized = _training_config(Tok2VecSize().overrides())
    assert sized["components"] == plain["components"]


def test_explicit_overrides_win_over_the_size() -> None:
    recipe = replace(
        RECIPES["bc5cdr"],
        tok2vec=Tok2VecSize(width=96),
        overrides={"components.tok2vec.model.encode.depth": 3},
    )
    overrides = recipe.config_overrides()
    assert overrides["components.tok2vec.model.encode.width"] == 96
    assert overrides["components.tok2vec.model.encode.depth"] == 3


def test_rebuild_command_names_only_the_settings_a_variant_changes() -> None:
    recipe = RECIPES["bc5cdr"]
    assert rebuild_command(recipe) == "python -m biokg.nlp.training rebuild --only bc5cdr"
    variant = replace(
        recipe,
        max_steps=recipe.max_steps + 1000,
        tok2vec=replace(recipe.tok2vec, width=recipe.tok2vec.width + 32, rows=(1, 2, 3, 4)),
        hidden_width=recipe.hidden_width * 2,
    )
    assert rebuild_command(variant) == (
        "python -m biokg.nlp.training rebuild --only bc5cdr "
        f"--max-steps {recipe.max_steps + 1000} --width {recipe.tok2vec.width + 32} "
        f"--rows 1,2,3,4 --hidden-width {recipe.hidden_width * 2}"
    )
    tagger = replace(recipe, config=TAGGER_CONFIG, hidden_width=None)
    assert rebuild_command(tagger).endswith("--only bc5cdr --decoder tagger")
    biored = RECIPES["biored"]
    assert rebuild_command(biored) == "python -m biokg.nlp.training rebuild --only biored"
    transition = replace(biored, config=TRANSITION_CONFIG, hidden_width=64)
    assert rebuild_command(transition).endswith(
        "--only biored --decoder transition --hidden-width 64"
    )


def test_the_command_line_rejects_a_bad_rows_list(capsys) -> None:
    with pytest.raises(SystemExit):
        training_main(["prepare", "--only", "biored", "--rows", "1,2,3"])
    assert "4 comma-separated numbers" in capsys.readouterr().err


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_committed_model_has_its_recipes_shape_and_budget(name: str) -> None:
    """What ships is what `rebuild --only NAME` trains: same tok2vec shape, same steps."""
    recipe = RECIPES[name]
    config = Config().from_disk(MODELS / name / "config.cfg", interpolate=False)
    tok2vec = config["components"]["ner"]["model"]["tok2vec"]
    size = recipe.tok2vec
    assert tok2vec["embed"]["width"] == size.width
    assert tuple(tok2vec["embed"]["rows"]) == size.rows
    assert tok2vec["encode"]["width"] == size.width
    assert tok2vec["encode"]["depth"] == size.depth
    assert tok2vec["encode"]["maxout_pieces"] == size.maxout_pieces
    meta = json.loads((MODELS / name / "meta.json").read_text(encoding="utf-8"))
    ner = config["components"]["ner"]
    if recipe.config == TAGGER_CONFIG:
        assert ner["factory"] == "biokg_biluo_ner"
        assert "hidden_width" not in ner["model"]
    else:
        assert ner["factory"] == "ner"
        assert ner["model"]["hidden_width"] == recipe.hidden_width
    assert meta["biokg_training"]["max_steps"] == recipe.max_steps
    assert meta["biokg_training"]["rebuild"] == rebuild_command(recipe)


def test_command_line_flags_make_a_variant_that_names_itself(monkeypatch, tmp_path) -> None:
    """A candidate trained with flags records the flags that rebuild it."""
    from biokg.nlp.training import __main__ as cli

    seen = []
    monkeypatch.setattr(cli._rebuild, "prepare", lambda recipe, *_: seen.append(recipe))
    cli.main(["prepare", "--only", "biored", "--work-dir", str(tmp_path), "--width", "48"])
    (variant,) = seen
    assert variant.tok2vec.width == 48
    assert variant.tok2vec.depth == RECIPES["biored"].tok2vec.depth
    assert rebuild_command(variant).endswith("--only biored --width 48")
    seen.clear()
    cli.main(
        ["prepare", "--only", "biored", "--work-dir", str(tmp_path), "--decoder", "transition"]
    )
    (variant,) = seen
    assert (variant.config, variant.hidden_width) == (TRANSITION_CONFIG, 64)
    assert rebuild_command(variant).endswith("--decoder transition --hidden-width 64")
