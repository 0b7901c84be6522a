"""On-disk cache of raw HTTP responses, keyed by URL (or a caller's logical key).

A small purpose-built cache rather than requests-cache: entries must be written atomically
(a run killed half-way leaves no torn entry, so resume is safe), keys must leave out secrets
(`api_key`, `email`), and callers need to drop an entry whose 200 body turned out to be an
E-utilities error payload. Each entry is two files: the body, then a JSON meta file whose
presence marks the entry complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class CacheMeta:
    key: str
    url: str
    content_type: str
    fetched_at: float
    etag: str | None = None
    last_modified: str | None = None


class ResponseCache:
    """Raw response bodies under `root`, fresh for `ttl` seconds, then revalidated by the caller.

    Example:
        >>> import tempfile
        >>> cache = ResponseCache(Path(tempfile.mkdtemp()), ttl=60)
        >>> cache.put(CacheMeta("k", "http://x/", "text/plain", time.time()), b"body")
        >>> cache.get("k")[1]
        b'body'
    """

    def __init__(self, root: Path, ttl: float):
        self.root = Path(root)
        self.ttl = ttl

    def _paths(self, key: str) -> tuple[Path, Path]:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        folder = self.root / digest[:2]
        return folder / f"{digest}.body", folder / f"{digest}.json"

    def get(self, key: str) -> tuple[CacheMeta, bytes] | None:
        body_path, meta_path = self._paths(key)
        try:
            meta = CacheMeta(**json.loads(meta_path.read_text(encoding="utf-8")))
            body = body_path.read_bytes()
        except (OSError, ValueError, TypeError):
            return None
        if meta.key != key:  # a hash collision or a hand-edited file: treat as a miss
            return None
        return meta, body

    def is_fresh(self, meta: CacheMeta, max_age: float | None = None) -> bool:
        ttl = self.ttl if max_age is None else min(self.ttl, max_age)
        return time.time() - meta.fetched_at < ttl

    def put(self, meta: CacheMeta, body: bytes) -> None:
        body_path, meta_path = self._paths(meta.key)
        body_path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(body_path, body)
        _atomic_write(meta_path, json.dumps(asdict(meta)).encode("utf-8"))

    def touch(self, meta: CacheMeta) -> None:
        """Mark a revalidated (HTTP 304) entry fresh again."""
        meta.fetched_at = time.time()
        _, meta_path = self._paths(meta.key)
        _atomic_write(meta_path, json.dumps(asdict(meta)).encode("utf-8"))

    def forget(self, key: str) -> None:
        for path in self._paths(key):
            path.unlink(missing_ok=True)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
