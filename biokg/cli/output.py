"""What the CLI prints: failures and skips named by the path or URL the user gave, the exit code
that sums them up, and text from articles and file names made safe for a terminal."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from biokg.model import Failure

# What a terminal acts on instead of printing: C0/C1 controls (ESC starts CSI/OSC sequences that
# retitle, clear or rewrite the screen; 0x9b/0x9d are their one-byte C1 forms), DEL, the bidi
# overrides and isolates that reorder what is shown ("Trojan Source", CVE-2021-42574) and the
# Unicode line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def safe(text: object, keep: str = "") -> str:
    r"""`text` with every character a terminal would act on written as a visible escape.

    Args:
        text: anything printed that came from an article, a file name or a server.
        keep: characters to leave as they are (a multi-line message keeps "\n").

    Example:
        >>> safe("CD22\x1b]0;owned\x07 CAR T")
        'CD22\\x1b]0;owned\\x07 CAR T'
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        if char in _NAMED:
            return _NAMED[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNSAFE.sub(escape, str(text))


def safe_values(value: object, keep: str = "") -> object:
    """Rows (dicts, lists) with every string in them, keys too, passed through `safe`."""
    if isinstance(value, str):
        return safe(value, keep)
    if isinstance(value, dict):
        return {safe(k, keep): safe_values(v, keep) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe_values(v, keep) for v in value]
    return value


def json_safe(text: str) -> str:
    r"""JSON text with the characters `safe` escapes written as `\uXXXX`: still the same JSON
    (they can only occur inside strings), but inert on a terminal. `json.dumps` escapes C0 itself,
    not C1 or the bidi controls when `ensure_ascii=False`."""
    return _UNSAFE.sub(
        lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text
    )


class SafeFormatter(logging.Formatter):
    """Log lines quote article ids, file names and server answers: printed through `safe`
    (newlines kept, so a logged traceback still reads)."""

    def format(self, record: logging.LogRecord) -> str:
        return safe(super().format(record), keep="\n")


# Exit codes of `biokg run` (README, CLI): every source loaded / nothing loaded / some failed.
EXIT_OK, EXIT_NOTHING_LOADED, EXIT_SOME_FAILED = 0, 1, 2


def exit_code(documents: int, failed: list[Failure]) -> int:
    """0 when nothing failed, 1 when failures left nothing loaded, 2 when some failed.

    Skipped inputs (a `.bin` file in a folder) are named but are not failures.

    Example:
        >>> exit_code(3, [])
        0
    """
    if not failed:
        return EXIT_OK
    return EXIT_SOME_FAILED if documents else EXIT_NOTHING_LOADED


def input_name(failure: Failure) -> str:
    """The path or URL the user gave for a failure's document, not its `url:<hash>` id."""
    from biokg.ingest.runner import origin_of

    if failure.stage == "ingest":
        return failure.source
    return origin_of(failure.source) or failure.source


def report_failures(failures: list[Failure]) -> tuple[list[Failure], list[Failure]]:
    """Print every failure and every skipped input on stderr, each named with its reason.

    Returns:
        (failed, skipped)
    """
    from biokg.ingest.runner import SKIPPED

    skipped = [f for f in failures if f.reason.startswith(SKIPPED)]
    failed = [f for f in failures if not f.reason.startswith(SKIPPED)]
    if skipped:
        click.echo(f"{len(skipped)} skipped:", err=True)
        for failure in skipped:
            reason = failure.reason[len(SKIPPED) :]
            click.echo(f"  {safe(input_name(failure))}: {safe(reason)}", err=True)
    if failed:
        click.echo(f"{len(failed)} failed:", err=True)
        for failure in failed:
            name, reason = safe(input_name(failure)), safe(failure.reason)
            click.echo(f"  [{failure.stage}] {name}: {reason}", err=True)
    return failed, skipped


def check_out(out: Path) -> None:
    """Raise a one-line `ClickException` naming `out` when it cannot be written, before any work.

    Example:
        >>> check_out(Path("/no/such/dir/links.html"))  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        click.exceptions.ClickException: cannot write /no/such/dir/links.html: no folder ...
    """
    if str(out) == "-":
        return
    parent = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise click.ClickException(f"cannot write {out}: it is a folder")
    if not parent.exists():
        raise click.ClickException(f"cannot write {out}: no folder {parent}")
    if not parent.is_dir():
        raise click.ClickException(f"cannot write {out}: {parent} is not a folder")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise click.ClickException(f"cannot write {out}: permission denied")


def write_failed(out: Path, exc: OSError) -> click.ClickException:
    """The one-line message for a write to `out` that failed after all (disk full, ...)."""
    return click.ClickException(f"cannot write {out}: {exc.strerror or exc}")
