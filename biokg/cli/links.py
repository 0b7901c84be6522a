"""What `biokg run` prints at the end: what this run did, and the links it added or changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the graph stage is imported by the command that runs, not by `biokg --help`
    from biokg.graph.run_changes import ChangedLink, RunChanges
    from biokg.pipeline import RunReport

DEFAULT_LINKS = 20


def run_summary(report: RunReport, store: str) -> str:
    """Two lines: the documents (new, updated, unchanged, failed) and the graph's changes.

    Example:
        >>> from biokg.pipeline import RunReport
        >>> r = RunReport(documents=3, entities=9, relations=4, new=1, unchanged=2, skipped=2)
        >>> print(run_summary(r, "/tmp/graph"))
        Loaded 3 documents (1 new, 0 updated, 2 unchanged, 0 failed), 9 entities, 4 relations into /tmp/graph.
        This run: 0 entities added, 0 changed; 0 links added, 0 changed; 2 unchanged documents not re-extracted (--force re-extracts).
    """  # noqa: E501
    from biokg.ingest.runner import SKIPPED

    failed = sum(1 for f in report.failures if not f.reason.startswith(SKIPPED))
    changes = report.changes
    lines = [
        f"Loaded {report.documents} documents ({report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {failed} failed), {report.entities} entities, "
        f"{report.relations} relations into {store}.",
        f"This run: {changes.entities_added} entities added, {changes.entities_changed} changed; "
        f"{changes.links_added} links added, {changes.links_changed} changed",
    ]
    if report.skipped:
        lines[-1] += (
            f"; {report.skipped} unchanged documents not re-extracted (--force re-extracts)"
        )
    lines[-1] += "."
    return "\n".join(lines)


def _numbers(attributes: dict[str, object]) -> str:
    parts = []
    rate = attributes.get("rate")
    if isinstance(rate, int | float) and not isinstance(rate, bool):
        parts.append(f"{rate:.0%}")
    if attributes.get("n") is not None and attributes.get("N") is not None:
        parts.append(f"{attributes['n']}/{attributes['N']}")
    if attributes.get("duration"):
        parts.append(str(attributes["duration"]))
    cut = attributes.get("risk_reduction")
    if isinstance(cut, int | float) and not isinstance(cut, bool):
        parts.append(f"risk -{cut:.0%}")
    if isinstance(attributes.get("HR"), int | float):
        parts.append(f"HR {attributes['HR']}")
    return " ".join(parts)


def link_line(link: ChangedLink) -> str:
    """One link as `subject -PREDICATE-> object (numbers) [k articles, new]`.

    Example:
        >>> from biokg.graph.run_changes import ChangedLink
        >>> link_line(ChangedLink("CD22 CAR T cells", "HAS_OUTCOME", "complete remission", 1,
        ...                       True, findings=[{"rate": 0.73, "n": 11, "N": 15}]))
        'CD22 CAR T cells -HAS_OUTCOME-> complete remission (73% 11/15) [1 article, new]'
    """
    stated = "; ".join(dict.fromkeys(t for t in map(_numbers, link.findings) if t))
    articles = f"{link.articles} article" + ("" if link.articles == 1 else "s")
    return (
        f"{link.subject} -{link.predicate}-> {link.object}"
        + (f" ({stated})" if stated else "")
        + f" [{articles}{', new' if link.new else ''}]"
    )


def changed_links(changes: RunChanges, limit: int) -> list[str]:
    """The heading and the top `limit` links of this run (none: one line saying so)."""
    total = len(changes.links)
    if not total:
        return ["No links added or changed."]
    shown = changes.top(limit)
    more = f"top {len(shown)} of {total}; --links N for more" if total > len(shown) else "all"
    heading = f"Links this run added or changed ({more}):"
    return ["", heading, *("  " + link_line(link) for link in shown)]
