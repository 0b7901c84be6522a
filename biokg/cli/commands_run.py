"""`biokg run` (ingest → extract → load) and `biokg extract` (no store)."""

from __future__ import annotations

import sys

import click

from biokg.cli.links import DEFAULT_LINKS, changed_links, run_summary
from biokg.cli.options import scheduler_option, workers_option
from biokg.cli.output import (
    EXIT_NOTHING_LOADED,
    EXIT_SOME_FAILED,
    exit_code,
    json_safe,
    report_failures,
    safe,
)
from biokg.cli.progress import QuietProgress, RunProgress
from biokg.config import Settings


def check_store(settings: Settings) -> None:
    """Fail at once, before any article is read, when the store cannot be written: a bad
    BIOKG_NEO4J_URI, Neo4j unreachable, or another process writing the embedded store."""
    if settings.uses_neo4j:
        from biokg.graph import open_store

        open_store(settings).close()
    else:
        from biokg.graph.embedded_store import EmbeddedStore

        EmbeddedStore.check_writable(settings.store_path)


@click.command("run")
@click.argument("sources", nargs=-1)
@click.option("--demo", is_flag=True, help="Also ingest the bundled demo articles.")
@click.option(
    "--follow-citations",
    is_flag=True,
    help="Also ingest the articles a story cites (DOIs, PMIDs), linked by CITES.",
)
@click.option(
    "--links",
    "links",
    type=click.IntRange(min=0),
    default=DEFAULT_LINKS,
    show_default=True,
    metavar="N",
    help="Print the N links this run added or changed, most stated first.",
)
@click.option("--no-links", "no_links", is_flag=True, help="Print no links.")
@click.option(
    "--force",
    is_flag=True,
    help="Extract every document again, even those the store holds from the same input and "
    "the same extractor (skipped by default).",
)
@scheduler_option
@workers_option
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress line (on stderr: a bar on a terminal, else a line every 10 s).",
)
@click.pass_obj
def run_cmd(
    settings: Settings,
    sources: tuple[str, ...],
    demo: bool,
    follow_citations: bool,
    links: int,
    no_links: bool,
    force: bool,
    scheduler: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    """Ingest SOURCES, extract entities and relations, and load them into the graph.

    A SOURCE is a URL, a file or folder, a feed URL, or an id: pmid:29155426, doi:10.1038/nm.4441,
    pmc:PMC5933423. Failures are reported with their reasons; the rest goes in. A document the
    store already holds from the same input, read by the same extractor, is not extracted again.
    """
    from biokg.errors import BiokgError, StoreError
    from biokg.pipeline import build, demo_sources

    all_sources = list(sources) + (demo_sources() if demo else [])
    if not all_sources:
        raise click.UsageError("give at least one SOURCE, or --demo")
    try:
        check_store(settings)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    if quiet:
        progress = QuietProgress()
    else:
        from biokg.ingest.runner import expected_documents

        total = None if follow_citations else expected_documents(all_sources)
        progress = RunProgress(total)
    scheduler = scheduler or settings.dask_scheduler
    try:
        with progress:
            if scheduler or workers:
                from biokg.cluster import build_on_cluster

                report = build_on_cluster(
                    all_sources,
                    settings,
                    scheduler=scheduler,
                    workers=workers,
                    follow_citations=follow_citations,
                    progress=progress,
                )
            else:
                report = build(
                    all_sources,
                    settings,
                    follow_citations=follow_citations,
                    force=force,
                    progress=progress,
                )
    except StoreError as exc:
        message = safe(exc, keep="\n")
        click.echo(f"Error: {message}", err=True)
        click.echo(
            f"The load stopped after {progress.extracted} documents had been extracted and "
            f"passed to the store; articles written before that stay in the graph. Run the same "
            f"command again to load the rest (articles already loaded are skipped).",
            err=True,
        )
        sys.exit(EXIT_SOME_FAILED if progress.extracted else EXIT_NOTHING_LOADED)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    store = f"Neo4j at {settings.neo4j_uri}" if settings.uses_neo4j else f"{settings.store_path}"
    click.echo(run_summary(report, safe(store)))
    failed, _skipped = report_failures(report.failures)
    if not no_links and links:
        for line in changed_links(report.changes, links):
            click.echo(safe(line))
    sys.exit(exit_code(report.documents, failed))


@click.command("extract")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json")
@click.option(
    "--wide",
    is_flag=True,
    help="Table lines whole, however long (default: cut to the terminal's width, or 100 "
    "characters when not a terminal; COLUMNS overrides).",
)
@click.pass_obj
def extract_cmd(settings: Settings, source: str, fmt: str, wide: bool) -> None:
    """Extract entities and relations from one file or URL, without touching any store.

    JSON output is the Extraction model (document, entities, relations) on stdout.
    """
    from biokg.cli.commands_query import table_width
    from biokg.errors import BiokgError
    from biokg.ingest import read_source
    from biokg.nlp import Extractor

    try:
        documents = read_source(source, settings)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    extractor = Extractor.from_settings(settings)
    for document in documents:
        extraction = extractor.extract(document)
        if fmt == "json":
            click.echo(json_safe(extraction.model_dump_json(indent=2)))
        else:
            click.echo(_fit(_table(extraction), table_width(wide)))


def _fit(text: str, width: int | None) -> str:
    """Each line of `text` cut to `width` characters with "…" (None: as it is)."""
    if width is None:
        return text
    return "\n".join(
        line if len(line) <= width else line[: width - 1] + "…" for line in text.split("\n")
    )


def _table(extraction) -> str:
    """The extraction for a terminal: every text from the article escaped (`safe`)."""
    names = {e.id: safe(e.name) for e in extraction.entities}
    lines = [f"# {safe(extraction.document.title or extraction.document.id)}", "", "Entities:"]
    for e in sorted(extraction.entities, key=lambda e: (e.type, e.name.lower())):
        curie = safe(e.curie or "-")
        aliases = safe(", ".join(a for a in e.aliases if a != e.name))
        lines.append(f"  {e.type:<13} {names[e.id]:<40} {curie:<16} {aliases}")
    lines += ["", "Relations:"]
    for r in extraction.relations:
        attrs = safe(" ".join(f"{k}={v}" for k, v in r.attributes.items()))
        neg = " (negated)" if r.negated else ""
        lines.append(
            f"  {names[r.subject]} -{r.predicate}-> {names[r.object]}"
            f" [{r.confidence:.2f}, {len(r.evidence)} ev]{neg} {attrs}".rstrip()
        )
    return "\n".join(lines)


COMMANDS = [run_cmd, extract_cmd]
