"""`biokg query`, `biokg cypher`, `biokg view` and `biokg serve`: reading the graph."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from biokg.cli.output import check_out, json_safe, safe, safe_values, write_failed
from biokg.config import Settings
from biokg.errors import BiokgError

FORMATS = ("table", "json", "csv", "tsv")

# Table width when stdout is no terminal (a pipe, a file) and COLUMNS is unset: wide enough for
# most named queries' key columns, narrow enough to read in a log or an editor.
PIPE_WIDTH = 100


def table_width(wide: bool = False) -> int | None:
    """Width a table is fitted to: None with `--wide` (every cell whole); else the terminal's
    (`shutil.get_terminal_size`, which COLUMNS overrides); `PIPE_WIDTH` when stdout is not a
    terminal and COLUMNS is unset."""
    if wide:
        return None
    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        return PIPE_WIDTH
    return shutil.get_terminal_size((PIPE_WIDTH, 24)).columns


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        params[key.strip()] = value
    return params


_param_option = click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; repeat for more. Lists are comma-separated: types=GENE,DRUG.",
)
_format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True
)
_wide_option = click.option(
    "--wide",
    is_flag=True,
    help="Tables: every column whole, however wide (default: fit the terminal, or 100 "
    "characters when not a terminal; COLUMNS overrides).",
)
_limit_option = click.option(
    "--limit", type=int, default=None, help="Most rows (default: query_row_limit setting)."
)


def _print_rows(rows: list[dict], fmt: str, wide: bool = False) -> None:
    from biokg.queries.output import format_rows

    if fmt == "json":
        click.echo(json_safe(format_rows(rows, fmt)), nl=False)
    elif fmt == "table":  # article text escaped for the terminal before columns are cut
        text = format_rows(safe_values(rows), fmt, max_width=None, width=table_width(wide))
        click.echo(text, nl=False)
    else:  # a csv cell keeps its line breaks; tsv writes tabs and line breaks as \t, \n
        keep = "\n" if fmt == "csv" else "\t\n\r"
        click.echo(format_rows(safe_values(rows, keep), fmt), nl=False)


def _limits(settings: Settings, limit: int | None) -> dict[str, object]:
    from biokg.queries.runner import limits_from

    limits = limits_from(settings)
    if limit is not None:
        limits["limit"] = limit
    return limits


def _run_named(
    settings: Settings, name: str, params: dict, fmt: str, limit: int | None, wide: bool
) -> None:
    from biokg.graph import open_store
    from biokg.queries.runner import run_query

    try:
        with open_store(settings, read_only=True) as store:
            rows = run_query(store, name, params, **_limits(settings, limit))
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_rows(rows, fmt, wide)


class _QueryGroup(click.Group):
    """`biokg query list` plus one sub-command per named query, read from the registry."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from biokg.queries.registry import default_registry

        return ["list", *default_registry().names()]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "list":
            return _list_cmd
        from biokg.queries.registry import default_registry

        registry = default_registry()
        if cmd_name not in registry.names():
            return None
        return _named_command(registry.get(cmd_name))


def _named_command(query) -> click.Command:
    lines = [query.description, "", "\b", "Parameters (--param NAME=VALUE):"]
    for p in query.params:
        default = "required" if p.required else f"default {p.default!r}"
        lines.append(f"  {p.name} ({p.type}, {default}): {p.help}")

    @click.command(query.name, help="\n".join(lines), short_help=query.description)
    @_param_option
    @_format_option
    @_wide_option
    @_limit_option
    @click.pass_obj
    def command(
        settings: Settings, params: tuple[str, ...], fmt: str, wide: bool, limit: int | None
    ) -> None:
        _run_named(settings, query.name, _parse_params(params), fmt, limit, wide)

    return command


@click.group("query", cls=_QueryGroup)
def query_group() -> None:
    """Run a named query: `biokg query list`, then `biokg query NAME --param k=v`."""


@click.command("list")
@_format_option
@_wide_option
def _list_cmd(fmt: str, wide: bool) -> None:
    """List the named queries with their parameters."""
    from biokg.queries.registry import default_registry

    rows = [
        {
            "name": q.name,
            "parameters": ", ".join(
                p.name + ("" if p.required else f"={'null' if p.default is None else p.default}")
                for p in q.params
            ),
            "description": q.description,
        }
        for q in default_registry()
    ]
    _print_rows(rows, fmt, wide)


@click.command("cypher")
@click.argument("text")
@_param_option
@_format_option
@_wide_option
@_limit_option
@click.option("--timeout", type=float, default=None, help="Seconds (default: query_timeout).")
@click.pass_obj
def cypher_cmd(
    settings: Settings,
    text: str,
    params: tuple[str, ...],
    fmt: str,
    wide: bool,
    limit: int | None,
    timeout: float | None,
) -> None:
    """Run read-only Cypher TEXT; any write is refused and the graph stays unchanged.

    Pass values with --param (they arrive as strings): biokg cypher
    "MATCH (g:Gene {name: $name})<-[:TARGETS]-(t) RETURN t.name" --param name=CD22
    """
    from biokg.graph import open_store
    from biokg.queries.runner import run_cypher

    limits = _limits(settings, limit)
    if timeout is not None:
        limits["timeout"] = timeout
    try:
        with open_store(settings, read_only=True) as store:
            rows = run_cypher(store, text, _parse_params(params), **limits)
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    _print_rows(rows, fmt, wide)


@click.command("view")
@click.option("--disease", help="Therapies that treat this disease (name, alias or CURIE).")
@click.option("--target", help="Therapies that target this (name, alias or CURIE).")
@click.option("--query", "query_name", help="Therapies around the entities a named query returns.")
@_param_option
@click.option("--min-confidence", type=float, default=0.0, show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("links.html"),
    show_default=True,
    help="The HTML file to write (one self-contained file, works offline).",
)
@click.pass_obj
def view_cmd(
    settings: Settings,
    disease: str | None,
    target: str | None,
    query_name: str | None,
    params: tuple[str, ...],
    min_confidence: float,
    out: Path,
) -> None:
    """Write the therapy–target–outcome view of the graph as one offline HTML file."""
    from biokg.graph import open_store
    from biokg.queries.view import collect_view, render_html

    if sum(x is not None for x in (disease, target, query_name)) > 1:
        raise click.UsageError("give at most one of --disease, --target, --query")
    if params and not query_name:
        raise click.UsageError("--param goes with --query NAME")
    check_out(out)
    try:
        with open_store(settings, read_only=True) as store:
            data = collect_view(
                store,
                disease=disease,
                target=target,
                query=query_name,
                params=_parse_params(params),
                min_confidence=min_confidence,
            )
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        out.write_text(render_html(data), encoding="utf-8")
    except OSError as exc:
        raise write_failed(out, exc) from exc
    click.echo(
        f"Wrote {safe(out)} ({len(data['nodes'])} entities, {len(data['edges'])} links). "
        "Open it in a browser; it needs no network."
    )
    if data["selection"].get("truncated"):
        click.echo(
            f"The graph has more links than a view holds: these are the {len(data['edges'])} "
            "most stated; --disease, --target or --query selects the rest.",
            err=True,
        )


@click.command("serve")
@click.option("--port", type=int, default=8765, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Requests must name it (or 127.0.0.1/localhost) in their Host "
    "header; anything but loopback exposes the graph to the network.",
)
@click.pass_obj
def serve_cmd(settings: Settings, port: int, host: str) -> None:
    """Serve the view over the configured store at http://HOST:PORT (Ctrl-C stops).

    Only the view's own page may read from it: other Host names (DNS rebinding) and cross-site
    requests are refused."""
    from biokg.graph import open_store
    from biokg.queries.server import make_server

    try:
        with open_store(settings, read_only=True) as store:
            server = make_server(store, port=port, limits=_limits(settings, None), host=host)
            host, bound = server.server_address[:2]
            click.echo(f"biokg view at http://{host}:{bound}/ (Ctrl-C stops)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                server.server_close()
    except BiokgError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS = [query_group, cypher_cmd, view_cmd, serve_cmd]
