"""Tables fit a width (widest columns cut first, none below the minimum); `--wide` keeps every
cell whole; json, csv and tsv hold every character; terminal text stays escaped."""

from __future__ import annotations

import csv
import io
import json

import pytest
from biokg.queries.output import MIN_COLUMN_WIDTH, fit_widths, format_rows
from click.testing import CliRunner

from biokg.cli import cli
from biokg.cli.commands_query import PIPE_WIDTH, table_width

SENTENCE = "CD22 CAR T cells induced complete remission in 11 of 15 patients (73%) " * 3
ROWS = [
    {"outcome": "complete remission", "therapy": "CD22 CAR T cells", "n": 11, "sentence": SENTENCE},
    {"outcome": "remission", "therapy": "tisagenlecleucel", "n": 61, "sentence": "short"},
]


def test_fit_widths_cuts_the_widest_first_and_uses_all_the_room():
    assert fit_widths([4, 30, 12], 40) == [4, 20, 12]  # 40 - 2 gaps of 2 = 36 = 4 + 20 + 12
    assert fit_widths([20, 30, 4], 40) == [16, 16, 4]  # both wide ones down to one cap
    assert fit_widths([20, 31, 4], 40) == [16, 16, 4]
    assert fit_widths([21, 30, 4], 41) == [16, 17, 4]  # the spare character: widest first
    assert fit_widths([4, 30, 12], 100) == [4, 30, 12]  # fits: untouched
    assert fit_widths([4, 30, 12], None) == [4, 30, 12]
    assert fit_widths([], 10) == []


def test_fit_widths_never_below_the_minimum():
    # 10 columns of 20 at width 30: the floor is 8 each, wider than 30, and that is what we get.
    assert fit_widths([20] * 10, 30) == [MIN_COLUMN_WIDTH] * 10
    assert fit_widths([3, 50], 10) == [3, MIN_COLUMN_WIDTH]  # a narrow column is never widened


@pytest.mark.parametrize("width", [40, 60, 80, 100, 132])
def test_table_lines_fit_the_width(width):
    lines = format_rows(ROWS, width=width).splitlines()
    assert max(len(line) for line in lines) <= width
    assert lines[0].split()[:2] == ["outcome", "therapy"]
    assert lines[-1] == "(2 rows)"
    assert lines[2].rstrip().endswith("…")  # the sentence was cut, with an ellipsis


def test_table_width_none_keeps_every_cell_whole():
    table = format_rows(ROWS, max_width=None, width=None)
    assert SENTENCE.strip() in table and "…" not in table


def test_headers_are_cut_too_and_empty_input():
    rows = [{"a_very_long_column_name_indeed": "x" * 40, "b": 1}]
    first = format_rows(rows, width=20).splitlines()[0]
    assert first.startswith("a_very_long_colu…") and len(first) <= 20
    assert format_rows([], width=20) == "(no rows)\n"


def test_tsv_escapes_tabs_line_breaks_and_backslashes():
    rows = [{"name": "a\tb", "text": "line 1\nline 2\\", "list": ["x", "y"], "none": None}]
    assert (
        format_rows(rows, "tsv") == "name\ttext\tlist\tnone\na\\tb\tline 1\\nline 2\\\\\tx; y\t\n"
    )
    assert format_rows([], "tsv") == "\n"


def test_table_width_terminal_columns_and_pipes(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert table_width(wide=True) is None
    assert table_width() == PIPE_WIDTH  # pytest's stdout is no terminal
    monkeypatch.setenv("COLUMNS", "57")
    assert table_width() == 57
    assert table_width(wide=True) is None


@pytest.fixture
def long_rows(tmp_path):
    """`biokg cypher` rows over an empty embedded store: a 300-character value, a control
    character and a tab in it."""
    env = {"BIOKG_NEO4J_URI": "", "BIOKG_STORE_PATH": str(tmp_path / "graph")}
    _invoke(["init-db"], env)  # a read-only open needs a saved graph
    text = "CD22\x1b]0;owned\x07 " + "x" * 300 + "\tend"
    cypher = "RETURN $t AS sentence, 'CD22 CAR T cells' AS therapy, 11 AS n"
    return env, text, ["cypher", cypher, "--param", f"t={text}"]


def _invoke(args, env):
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_table_fits_columns_and_wide_keeps_all(long_rows):
    env, text, args = long_rows
    for columns in ("60", "100", "150"):
        out = _invoke(args, {**env, "COLUMNS": columns})
        assert max(len(line) for line in out.splitlines()) <= int(columns)
        assert "CD22\\x1b]0;owned\\x07" in out and "\x1b" not in out  # escaped, then cut
    wide = _invoke([*args, "--wide"], {**env, "COLUMNS": "60"})
    assert "x" * 300 + "\\tend" in wide and "\x1b" not in wide
    assert max(len(line) for line in wide.splitlines()) > 300


def test_cli_json_csv_tsv_hold_everything(long_rows):
    env, text, args = long_rows
    env = {**env, "COLUMNS": "40"}
    assert json.loads(_invoke([*args, "--format", "json"], env))[0]["sentence"] == text
    (row,) = csv.DictReader(io.StringIO(_invoke([*args, "--format", "csv"], env)))
    assert row["sentence"] == "CD22\\x1b]0;owned\\x07 " + "x" * 300 + "\\tend"
    tsv = _invoke([*args, "--format", "tsv"], env).splitlines()
    assert tsv == [
        "sentence\ttherapy\tn",
        "CD22\\\\x1b]0;owned\\\\x07 " + "x" * 300 + "\\tend\tCD22 CAR T cells\t11",
    ]
