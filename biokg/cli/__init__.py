"""The `biokg` command line. Each command group lives in its own module of this package."""

from __future__ import annotations

import logging

import click

from biokg import __version__
from biokg.config import load_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="biokg")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True),
    help="A biokg.toml file (default: ./biokg.toml if present). Env vars BIOKG_* win over it.",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, config_file: str | None, verbose: int) -> None:
    """biokg: turn biomedical articles into a knowledge graph you query with Cypher.

    With no BIOKG_NEO4J_URI set, everything goes into the embedded store under your data dir.
    """
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
    from pathlib import Path

    ctx.obj = load_settings(Path(config_file) if config_file else None)


def _register() -> None:
    # Imported here, not at module top, so `biokg --help` stays fast: spaCy loads only when used.
    from biokg.cli import commands_eval, commands_graph, commands_query, commands_run

    for module in (commands_run, commands_query, commands_graph, commands_eval):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    from biokg.runtime import ensure_static_tls

    ensure_static_tls()
    cli(prog_name="biokg")
