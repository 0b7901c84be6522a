"""The `biokg` command line. Each command group lives in its own module of this package."""

from __future__ import annotations

import logging

import click

from biokg import __version__
from biokg.config import load_settings, read_config_file


class _Group(click.Group):
    """Any `BiokgError` a command lets through ends as one `Error: ...` line and exit code 1,
    never a traceback; error messages are printed with control characters escaped."""

    def invoke(self, ctx: click.Context) -> object:
        from biokg.cli.output import safe
        from biokg.errors import BiokgError

        try:
            return super().invoke(ctx)
        except BiokgError as exc:
            raise click.ClickException(safe(str(exc), keep="\n")) from exc
        except click.ClickException as exc:
            # Messages quote file names, URLs and server answers: printed escaped.
            exc.message = safe(exc.message, keep="\n")
            raise


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
    from pathlib import Path

    from biokg.cli.output import SafeFormatter, safe

    handler = logging.StreamHandler()
    handler.setFormatter(SafeFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(
        level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)], handlers=[handler]
    )
    if not verbose:
        # Parsers log each oddity of a broken input (pypdf "EOF marker not found", trafilatura
        # "empty HTML tree") and the Neo4j driver each dropped connection; the run already names
        # every input it could not read, and a lost store, in one message.
        quiet = ("pypdf", "trafilatura", "readability", "htmldate", "courlan", "justext")
        for name in (*quiet, "neo4j.io", "neo4j.pool"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    given = Path(config_file) if config_file else None
    ctx.obj = load_settings(given)
    # A biokg.toml picked up from the working directory can send the NCBI API key to another
    # host (eutils_base): say which file was read and what it set, never the values.
    path, values = read_config_file(given)
    if path is not None:
        names = ", ".join(sorted(values)) or "nothing"
        click.echo(f"biokg: settings from {safe(path)}: {safe(names)}", err=True)


def _register() -> None:
    # Imported here, not at module top, so `biokg --help` stays fast: spaCy loads only when used.
    from biokg.cli import commands_bulk, commands_eval, commands_graph, commands_query, commands_run

    for module in (commands_run, commands_query, commands_graph, commands_eval, commands_bulk):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    from biokg.runtime import ensure_static_tls

    ensure_static_tls()
    cli(prog_name="biokg")
