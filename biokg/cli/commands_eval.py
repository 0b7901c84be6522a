"""`biokg eval`: the NLP stage's scores on the public corpora (BioRED, BC5CDR, NCBI-disease)."""

from __future__ import annotations

import click


@click.command(
    "eval",
    context_settings={"ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def eval_cmd(args: tuple[str, ...]) -> None:
    """Score entities and relations against ../shared/corpora (try `biokg eval --help`).

    Options: --shared DIR, --limit N, --processes N, --ner-models PATH..., --fuzzy.
    """
    from biokg.nlp.evaluation import main

    main(list(args), prog="biokg eval")


COMMANDS = [eval_cmd]
