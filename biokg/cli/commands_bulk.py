"""`biokg bulk-import`: a first load of many articles through Neo4j's offline importer."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from biokg.cli.options import scheduler_option, workers_option
from biokg.config import Settings
from biokg.errors import BiokgError
from biokg.model import Document, Extraction, Failure


def _from_jsonl(paths: Iterable[Path], failures: list[Failure]) -> Iterator[Extraction]:
    """Saved extractions, one `Extraction` JSON per line (as `biokg extract` or workers write
    them); a line that is not one is reported and skipped."""
    from pydantic import ValidationError

    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    yield Extraction.model_validate_json(line)
                except ValidationError as exc:
                    reason = str(exc).splitlines()[0]
                    failures.append(
                        Failure(source=f"{path}:{number}", stage="graph", reason=reason)
                    )


def _from_sources(
    sources: list[str], settings: Settings, follow_citations: bool, failures: list[Failure]
) -> Iterator[Extraction]:
    from biokg.ingest import iter_documents
    from biokg.nlp import Extractor

    def ok(items: Iterable[Document | Extraction | Failure]) -> Iterator:
        for item in items:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item

    documents = ok(iter_documents(sources, settings, follow_citations=follow_citations))
    yield from ok(Extractor.from_settings(settings).pipe(documents))


def _from_cluster(
    sources: list[str],
    settings: Settings,
    follow_citations: bool,
    failures: list[Failure],
    scheduler: str | None,
    workers: int | None,
) -> Iterator[Extraction]:
    from biokg.cluster import cluster_extractions

    with cluster_extractions(
        sources, settings, scheduler=scheduler, workers=workers, follow_citations=follow_citations
    ) as results:
        for item in results:
            if isinstance(item, Failure):
                failures.append(item)
            else:
                yield item


@click.command("bulk-import")
@click.argument("out_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("sources", nargs=-1)
@click.option("--demo", is_flag=True, help="Also ingest the bundled demo articles.")
@click.option("--follow-citations", is_flag=True, help="Also ingest the articles a story cites.")
@click.option(
    "--extractions",
    "jsonl",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A JSONL file of saved Extractions (one per line); repeatable.",
)
@click.option("--overwrite", is_flag=True, help="Replace import files already in OUT_DIR.")
@click.option(
    "--neo4j-home",
    type=click.Path(file_okay=False, path_type=Path),
    help="Import into this (stopped) Neo4j's database, replacing it.",
)
@click.option(
    "--neo4j-jars",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Run the importer with java on these Neo4j jars (tools/neo4j-test-server/target/lib).",
)
@click.option(
    "--neo4j-admin",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The neo4j-admin script to run (default: <neo4j-home>/bin/neo4j-admin, or on PATH).",
)
@click.option("--database", default="neo4j", show_default=True, help="Database to import into.")
@workers_option
@scheduler_option
@click.option(
    "--finish",
    is_flag=True,
    help="Instead: on the running imported Neo4j (BIOKG_NEO4J_URI), create the schema and "
    "what the importer cannot write. Run once after the first start.",
)
@click.pass_obj
def bulk_import_cmd(
    settings: Settings,
    out_dir: Path | None,
    sources: tuple[str, ...],
    demo: bool,
    follow_citations: bool,
    jsonl: tuple[Path, ...],
    overwrite: bool,
    neo4j_home: Path | None,
    neo4j_jars: Path | None,
    neo4j_admin: Path | None,
    database: str,
    workers: int | None,
    scheduler: str | None,
    finish: bool,
) -> None:
    """Write the graph of SOURCES and/or saved --extractions as `neo4j-admin database import`
    CSVs into OUT_DIR; with --neo4j-home, import them into that Neo4j's (stopped) database.

    The graph is the one `biokg run` would load (same properties, edge aggregates and entity
    names). Then start Neo4j and run `biokg bulk-import --finish` once; later `biokg run`s load
    incrementally as usual.
    """
    from biokg.graph import bulk_import

    if finish:
        _finish(settings)
        return
    if out_dir is None:
        raise click.UsageError("give OUT_DIR (or --finish)")
    if demo:
        from biokg.pipeline import demo_sources

        sources = (*sources, *demo_sources())
    if not sources and not jsonl:
        raise click.UsageError("give SOURCES, --demo or --extractions FILE")
    failures: list[Failure] = []

    def extractions() -> Iterator[Extraction]:
        yield from _from_jsonl(jsonl, failures)
        on_cluster = scheduler or settings.dask_scheduler
        if sources and (on_cluster or workers):
            yield from _from_cluster(
                list(sources), settings, follow_citations, failures, on_cluster, workers
            )
        elif sources:
            yield from _from_sources(list(sources), settings, follow_citations, failures)

    if neo4j_admin is None and neo4j_jars is None and neo4j_home is not None:
        script = neo4j_home / "bin" / "neo4j-admin"
        neo4j_admin = script if script.exists() else None
    try:
        bulk = bulk_import.write_import_files(extractions(), out_dir, overwrite=overwrite)
        stats = bulk.stats
        failures.extend(stats.failures)
        # `stats.nodes` counts entities under `Entity` and under their type label.
        nodes = sum(n for label, n in stats.nodes.items() if label != "Entity")
        click.echo(
            f"Wrote {stats.articles_loaded} articles ({nodes} nodes, "
            f"{sum(stats.relationships.values())} relationships) as import CSVs into "
            f"{bulk.out_dir} in {stats.seconds:.1f} s."
        )
        if neo4j_home is None:
            options = {"database": database, "overwrite_destination": True}
            try:
                command = bulk_import.import_command(
                    bulk, neo4j_admin=neo4j_admin, jars=neo4j_jars, **options
                )
            except BiokgError:  # no neo4j-admin here: show the command for the server's
                command = bulk_import.import_command(bulk, neo4j_admin="neo4j-admin", **options)
            click.echo("Import with (Neo4j stopped, NEO4J_HOME set):\n  " + " ".join(command))
        else:
            seconds = bulk_import.run_import(
                bulk,
                neo4j_home,
                database=database,
                overwrite_destination=True,
                neo4j_admin=neo4j_admin,
                jars=neo4j_jars,
            )
            click.echo(
                f"Imported into {neo4j_home} (database {database}) in {seconds:.1f} s. Start "
                "Neo4j on it, then run `biokg bulk-import --finish` once."
            )
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    if failures:
        click.echo(f"{len(failures)} failed:", err=True)
        for failure in failures:
            click.echo(f"  [{failure.stage}] {failure.source}: {failure.reason}", err=True)
        if not stats.articles_loaded:
            sys.exit(1)


def _finish(settings: Settings) -> None:
    from biokg.graph import open_store
    from biokg.graph.bulk_import import finish_import

    if not settings.uses_neo4j:
        raise click.UsageError("--finish needs BIOKG_NEO4J_URI: bulk import is for Neo4j")
    try:
        with open_store(settings) as store:
            finish_import(store)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Schema ready in Neo4j at {settings.neo4j_uri}; incremental loads can go on.")


COMMANDS = [bulk_import_cmd]
