"""`biokg eval`: the NLP stage's scores on real therapy texts it has never seen
(`../shared/therapy_real_dev`, the figure for unseen text) and on the public corpora (BioRED,
BC5CDR, NCBI-disease)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("eval")
@click.option(
    "--shared",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="The shared data folder holding corpora/ (default: ../shared beside the repo).",
)
@click.option("--limit", type=int, default=0, show_default=True, help="Documents per corpus.")
@click.option("--processes", type=int, default=1, show_default=True, help="nlp.pipe n_process.")
@click.option(
    "--ner-model",
    "ner_models",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="A trained NER pipeline to use instead of the default (repeatable).",
)
@click.option("--no-models", is_flag=True, help="Lexicons and rules only, no trained NER.")
@click.option("--fuzzy", is_flag=True, help="Also use the fuzzy linker (builds its index once).")
@click.option(
    "--only",
    type=click.Choice(["real-dev", "corpora"]),
    default=None,
    help="Only the real-text dev set, or only the public corpora (default: both).",
)
@click.option("--verbose", "-v", is_flag=True, help="Real-text dev set: list missed gold items.")
def eval_cmd(
    shared: Path | None,
    limit: int,
    processes: int,
    ner_models: tuple[Path, ...],
    no_models: bool,
    fuzzy: bool,
    only: str | None,
    verbose: bool,
) -> None:
    """Print entity and relation P/R/F1 on ../shared/therapy_real_dev (real therapy news and
    abstracts, scored by its score.py) and on ../shared/corpora, next to published figures."""
    from biokg.nlp.evaluation import main
    from biokg.nlp.real_text_eval import main as real_dev_main

    if only != "corpora":
        real_argv = (["--shared", str(shared)] if shared is not None else []) + (
            ["-v"] if verbose else []
        )
        status = real_dev_main(real_argv, prog="biokg eval")
        if only == "real-dev":
            raise SystemExit(status)
        click.echo()
    argv = ["--limit", str(limit), "--processes", str(processes)]
    if shared is not None:
        argv += ["--shared", str(shared)]
    if ner_models or no_models:
        argv += ["--ner-models", *map(str, ner_models)]
    if fuzzy:
        argv.append("--fuzzy")
    main(argv, prog="biokg eval")


COMMANDS = [eval_cmd]
