"""`biokg run` (ingest → extract → load) and `biokg extract` (no store)."""

from __future__ import annotations

import sys

import click

from biokg.cli.output import (
    EXIT_NOTHING_LOADED,
    EXIT_SOME_FAILED,
    exit_code,
    json_safe,
    report_failures,
    safe,
)
from biokg.config import Settings


def _progress(desc: str):
    from tqdm import tqdm

    def wrap(items):
        return tqdm(items, desc=desc, unit="doc", file=sys.stderr, disable=not sys.stderr.isatty())

    return wrap


class _Counted:
    """A progress wrapper that also counts the extractions handed to the store."""

    def __init__(self, wrap):
        self.wrap = wrap
        self.count = 0

    def __call__(self, items):
        for item in self.wrap(items):
            self.count += 1
            yield item


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
@click.option("--links/--no-links", default=True, help="Print therapy–target–outcome links.")
@click.pass_obj
def run_cmd(
    settings: Settings, sources: tuple[str, ...], demo: bool, follow_citations: bool, links: bool
) -> None:
    """Ingest SOURCES, extract entities and relations, and load them into the graph.

    A SOURCE is a URL, a file or folder, a feed URL, or an id: pmid:29155426, doi:10.1038/nm.4441,
    pmc:PMC5933423. Failures are reported with their reasons; the rest goes in.
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
    handed = _Counted(_progress("extract"))
    try:
        report = build(all_sources, settings, follow_citations=follow_citations, progress=handed)
    except StoreError as exc:
        message = safe(exc, keep="\n")
        click.echo(f"Error: {message}", err=True)
        click.echo(
            f"The load stopped after {handed.count} documents had been extracted and passed to "
            f"the store; articles written before that stay in the graph. Run the same command "
            f"again to load the rest (articles already loaded are skipped).",
            err=True,
        )
        sys.exit(EXIT_SOME_FAILED if handed.count else EXIT_NOTHING_LOADED)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    store = f"Neo4j at {settings.neo4j_uri}" if settings.uses_neo4j else f"{settings.store_path}"
    click.echo(
        f"Loaded {report.documents} documents ({report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged), {report.entities} entities, "
        f"{report.relations} relations into {safe(store)}."
    )
    failed, _skipped = report_failures(report.failures)
    if links:
        _print_links(settings)
    sys.exit(exit_code(report.documents, failed))


def _print_links(settings: Settings) -> None:
    from biokg.cli.links import therapy_links
    from biokg.graph import open_store

    with open_store(settings, read_only=True) as store:
        rows = therapy_links(store)
    if not rows:
        click.echo("No therapy–target–outcome links found.")
        return
    click.echo("\nTherapy–target–outcome links:")
    for row in rows:
        click.echo("  " + safe(row))


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
