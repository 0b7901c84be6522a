"""RSS/Atom feeds: which entries are new, remembered in a small state file per cache dir."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import feedparser
from lxml import etree

FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+xml",
}


@dataclass
class FeedEntry:
    key: str
    link: str
    title: str
    summary: str


def looks_like_feed(data: bytes) -> bool:
    """True when the XML root is `<rss>`, Atom `<feed>` or RSS 1.0 `<rdf:RDF>`."""
    head = data[:2048].lstrip()
    if not head.startswith(b"<"):
        return False
    try:
        for _, element in etree.iterparse(
            _Head(data), events=("start",), resolve_entities=False, no_network=True
        ):
            return etree.QName(element).localname.lower() in ("rss", "feed", "rdf")
    except etree.XMLSyntaxError:
        return False
    return False


class _Head:
    """File-like view on bytes for iterparse (stops after the root element)."""

    def __init__(self, data: bytes):
        self._data, self._pos = data, 0

    def read(self, size: int = -1) -> bytes:
        size = len(self._data) if size < 0 else size
        chunk = self._data[self._pos : self._pos + size]
        self._pos += len(chunk)
        return chunk


def parse_feed(data: bytes) -> list[FeedEntry]:
    """Entries with a link, in feed order; raises `ValueError` for something that is no feed."""
    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise ValueError(f"malformed feed ({parsed.get('bozo_exception')})")
    if not parsed.get("version") and not parsed.entries:
        raise ValueError("not an RSS or Atom feed")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        key = entry.get("id") or entry.get("guid") or link
        if not key:
            continue
        entries.append(
            FeedEntry(
                key=key, link=link, title=entry.get("title", ""), summary=entry.get("summary", "")
            )
        )
    return entries


class FeedState:
    """Entry keys already ingested, per feed URL, in `<cache_dir>/feeds.json` (atomic writes)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _load(self) -> dict[str, list[str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def seen(self, feed_url: str) -> set[str]:
        with self._lock:
            return set(self._load().get(feed_url, []))

    def mark(self, feed_url: str, key: str) -> None:
        with self._lock:
            data = self._load()
            keys = data.setdefault(feed_url, [])
            if key in keys:
                return
            keys.append(key)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".feeds-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
            os.replace(tmp, self.path)
