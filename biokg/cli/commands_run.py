"""`biokg run` (ingest → extract → load) and `biokg extract` (no store)."""

from __future__ import annotations

import sys

import click

from biokg.config import Settings


def _progress(desc: str):
    from tqdm import tqdm

    def wrap(items):
        return tqdm(items, desc=desc, unit="doc", file=sys.stderr, disable=not sys.stderr.isatty())

    return wrap


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
    from biokg.pipeline import build, demo_sources

    all_sources = list(sources) + (demo_sources() if demo else [])
    if not all_sources:
        raise click.UsageError("give at least one SOURCE, or --demo")
    report = build(
        all_sources, settings, follow_citations=follow_citations, progress=_progress("extract")
    )
    store = f"Neo4j at {settings.neo4j_uri}" if settings.uses_neo4j else f"{settings.store_path}"
    click.echo(
        f"Loaded {report.documents} documents, {report.entities} entities, "
        f"{report.relations} relations into {store}."
    )
    if report.failures:
        click.echo(f"{len(report.failures)} failed:", err=True)
        for failure in report.failures:
            click.echo(f"  [{failure.stage}] {failure.source}: {failure.reason}", err=True)
    if links:
        _print_links(settings)
    if report.failures and not report.documents:
        sys.exit(1)


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
        click.echo("  " + row)


@click.command("extract")
@click.argument("source")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json")
@click.pass_obj
def extract_cmd(settings: Settings, source: str, fmt: str) -> None:
    """Extract entities and relations from one file or URL, without touching any store.

    JSON output is the Extraction model (document, entities, relations) on stdout.
    """
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
            click.echo(extraction.model_dump_json(indent=2))
        else:
            click.echo(_table(extraction))


def _table(extraction) -> str:
    names = {e.id: e.name for e in extraction.entities}
    lines = [f"# {extraction.document.title or extraction.document.id}", "", "Entities:"]
    for e in sorted(extraction.entities, key=lambda e: (e.type, e.name.lower())):
        curie = e.curie or "-"
        aliases = ", ".join(a for a in e.aliases if a != e.name)
        lines.append(f"  {e.type:<13} {e.name:<40} {curie:<16} {aliases}")
    lines += ["", "Relations:"]
    for r in extraction.relations:
        attrs = " ".join(f"{k}={v}" for k, v in r.attributes.items())
        neg = " (negated)" if r.negated else ""
        lines.append(
            f"  {names[r.subject]} -{r.predicate}-> {names[r.object]}"
            f" [{r.confidence:.2f}, {len(r.evidence)} ev]{neg} {attrs}".rstrip()
        )
    return "\n".join(lines)


COMMANDS = [run_cmd, extract_cmd]
