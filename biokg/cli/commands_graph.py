"""`biokg init-db`, `biokg remove ARTICLE_ID` and `biokg export`: managing the graph store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from biokg.cli.output import check_out, safe, write_failed
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
    click.echo(f"Schema ready in {safe(_where(settings))}.")


@click.command("remove")
@click.argument("article")
@click.pass_obj
def remove_cmd(settings: Settings, article: str) -> None:
    """Remove an article and what only it supported. ARTICLE is its id (pmid:29155426,
    doi:10.1038/nm.4441, url:…), or the file, folder or URL it was loaded from.

    Its mentions, evidence and findings go; edges and entities left without evidence or
    mentions go too; the aggregates of the edges it shared are recomputed.
    """
    from biokg.graph import open_store

    try:
        candidates = _local_ids(article, settings)
        with open_store(settings) as store:
            ids = _article_ids(store, article, candidates)
            removed = [article_id for article_id in ids if store.remove(article_id)]
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    if not removed:
        click.echo(f"No article {safe(article)!r} in {safe(_where(settings))}.", err=True)
        sys.exit(1)
    named = "" if removed == [article] else f" ({', '.join(removed)})"
    click.echo(f"Removed {safe(article + named)} from {safe(_where(settings))}.")


# Document ids (biokg.identity.document_id): given one of these, `remove` takes it as it is.
_ID_PREFIXES = ("pmid:", "pmc:", "doi:", "url:", "sha256:")


def _local_ids(article: str, settings: Settings) -> list[str]:
    """Ids of the documents in a local file or folder, read again (no network, no store)."""
    from biokg.ingest import read_source

    if article.lower().startswith(_ID_PREFIXES) or not Path(article).expanduser().exists():
        return []
    try:
        return [doc.id for doc in read_source(article, settings)]
    except BiokgError:
        return []  # unreadable now: the stored url may still find it


def _article_ids(store, article: str, local_ids: list[str]) -> list[str]:
    """The stored articles `article` names: an id, or the path/URL they were read from."""
    if article.lower().startswith(_ID_PREFIXES):
        return [article]
    urls = {article, article.rstrip("/")}
    path = Path(article).expanduser()
    if path.exists():
        urls.add(path.resolve().as_uri())
    rows = store.read(
        "MATCH (a:Article) WHERE a.url IN $urls OR a.id IN $ids RETURN a.id AS id",
        {"urls": sorted(urls), "ids": local_ids},
    )
    return sorted({str(row["id"]) for row in rows})


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

    check_out(out)
    try:
        with open_store(settings, read_only=True) as store:
            graph = store.export(query)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        write_graph(graph, fmt, sys.stdout if str(out) == "-" else out)
    except OSError as exc:
        raise write_failed(out, exc) from exc
    if str(out) != "-":
        click.echo(
            f"Wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} relationships "
            f"to {safe(out)}.",
            err=True,
        )


COMMANDS = [init_db_cmd, remove_cmd, export_cmd]
