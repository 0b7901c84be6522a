"""`biokg eval --only real-dev`: the shipped pipeline scored on real therapy texts by the set's
own score.py (../shared/therapy_real_dev)."""

from __future__ import annotations

import pytest
from biokg.nlp.real_text_eval import evaluate, load_scorer, main


@pytest.mark.shared
def test_the_real_text_dev_set_is_scored_by_its_own_scorer(shared_dir, capsys):
    scorer = load_scorer(shared_dir)
    scores, totals = evaluate(shared_dir)
    assert (
        totals["texts"]
        == len(scores)
        == len(scorer.load_gold(shared_dir / "therapy_real_dev" / "texts"))
    )
    assert totals["errors"] == {}
    for key in ("entities", "relations"):
        assert 0.0 < totals[key]["f1"] <= 1.0
    # The figures README reports for unseen text come from this evaluation: the learned
    # pipeline must stay above what the rule pile it replaced scored (0.637 / 0.296).
    assert totals["entities"]["f1"] > 0.637
    assert totals["relations"]["f1"] > 0.296
    assert main(["--shared", str(shared_dir), "--json"]) == 0
    assert '"relations_per_predicate"' in capsys.readouterr().out


def test_a_missing_set_is_reported_not_crashed(tmp_path, capsys):
    assert main(["--shared", str(tmp_path)]) == 2
    assert "unavailable" in capsys.readouterr().err
