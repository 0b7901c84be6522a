"""What one load changed in the graph: entities and statement edges added or changed, and the
links (statements) it touched, so that `biokg run` can report this run rather than the store."""

from __future__ import annotations

from dataclasses import dataclass, field

# Enough for any report; a bigger run keeps the links stated by most of its articles.
MAX_LINKS = 50_000
MAX_FINDINGS = 3


@dataclass
class ChangedLink:
    """A statement this run wrote evidence for: its ends' names, and how often it was stated."""

    subject: str
    predicate: str
    object: str
    articles: int = 0
    new: bool = False
    confidence: float = 0.0  # the highest of this run's evidence
    findings: list[dict[str, object]] = field(default_factory=list)


@dataclass
class RunChanges:
    """Counts, plus the links (by statement id) written by this run's new or changed articles.

    A link is added when this run created its edge, changed when it added evidence to an edge
    that was there before the run (or replaced an article that stated it).

    Example:
        >>> changes = RunChanges()
        >>> changes.add_link("s1", "CAR-T", "TARGETS", "CD22", new=True)
        >>> changes.add_link("s1", "CAR-T", "TARGETS", "CD22", new=False)
        >>> [(link.subject, link.articles, link.new) for link in changes.top(5)]
        [('CAR-T', 2, True)]
    """

    entities_added: int = 0
    entities_changed: int = 0
    links_added: int = 0
    links_changed: int = 0
    links: dict[str, ChangedLink] = field(default_factory=dict)
    max_links: int = MAX_LINKS

    def add_link(
        self,
        statement_id: str,
        subject: str,
        predicate: str,
        obj: str,
        *,
        new: bool,
        confidence: float = 0.0,
        findings: list[dict[str, object]] = (),
    ) -> None:
        link = self.links.get(statement_id)
        if link is None:
            if len(self.links) >= self.max_links:
                self._prune()
            link = self.links[statement_id] = ChangedLink(subject, predicate, obj)
            if new:
                self.links_added += 1
            else:
                self.links_changed += 1
        link.articles += 1
        link.new = link.new or new
        link.confidence = max(link.confidence, confidence)
        room = MAX_FINDINGS - len(link.findings)
        if room > 0:
            link.findings.extend(list(findings)[:room])

    def _prune(self) -> None:
        kept = sorted(self.links.items(), key=lambda kv: -kv[1].articles)[: self.max_links // 2]
        self.links = dict(kept)

    def top(self, n: int) -> list[ChangedLink]:
        """The `n` links stated by most of this run's articles, then the surest."""
        ranked = sorted(
            self.links.values(),
            key=lambda k: (-k.articles, -k.confidence, k.subject.lower(), k.predicate, k.object),
        )
        return ranked[:n]
