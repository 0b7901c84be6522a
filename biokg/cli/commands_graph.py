"""`biokg init-db`, `biokg remove ARTICLE_ID` and `biokg export`: managing the graph store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from biokg.config import Settings
from biokg.errors import BiokgError


def _where(settings: Settings) -> str:
    return f"Neo4j at {settings.neo4j_uri}" if settings.uses_neo4j else str(settings.store_path)


@click.command("init-db")
@click.pass_obj
def init_db_cmd(settings: Settings) -> None:
    """Create the graph's constraints, indexes and schema version (safe to run again)."""
    from biokg.graph import open_store

    try:
        with open_store(settings) as store:
            store.init_schema()
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Schema ready in {_where(settings)}.")


@click.command("remove")
@click.argument("article_id")
@click.pass_obj
def remove_cmd(settings: Settings, article_id: str) -> None:
    """Remove one article (ARTICLE_ID, such as pmid:29155426) and what only it supported.

    Its mentions, evidence and findings go; edges and entities left without evidence or
    mentions go too; the aggregates of the edges it shared are recomputed.
    """
    from biokg.graph import open_store

    try:
        with open_store(settings) as store:
            removed = store.remove(article_id)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    if not removed:
        click.echo(f"No article {article_id!r} in {_where(settings)}.", err=True)
        sys.exit(1)
    click.echo(f"Removed {article_id} from {_where(settings)}.")


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["graphml", "json"]), default="graphml", show_default=True
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write (use - for stdout).",
)
@click.option("--cypher", "query", help="Export only what this read-only query returns.")
@click.pass_obj
def export_cmd(settings: Settings, fmt: str, out: Path, query: str | None) -> None:
    """Write the whole graph (or a query's subgraph) as GraphML or node-link JSON."""
    from biokg.graph import open_store
    from biokg.graph.export import write_graph

    try:
        with open_store(settings, read_only=True) as store:
            graph = store.export(query)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    write_graph(graph, fmt, sys.stdout if str(out) == "-" else out)
    if str(out) != "-":
        click.echo(
            f"Wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships "
            f"to {out}.",
            err=True,
        )


COMMANDS = [init_db_cmd, remove_cmd, export_cmd]
