"""The one HTTP client of the ingest stage: polite (robots.txt, per-host pacing, a real
User-Agent), patient (urllib3 `Retry` with backoff on 429/5xx and timeouts) and cached on disk.

Every request of a run goes through one `HttpClient`, so the rate limits hold across threads.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from biokg.ingest.cache import CacheMeta, ResponseCache
from biokg.ingest.ratelimit import RateLimiter
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from biokg.config import Settings
from biokg.errors import IngestError

log = logging.getLogger(__name__)

# Query parameters that identify the caller, not the resource: never part of a cache key.
_PRIVATE_PARAMS = frozenset({"api_key", "email", "tool"})
_RETRY_STATUSES = (429, 500, 502, 503, 504)
# A server asking us to come back in an hour should not stall a whole batch.
_MAX_RETRY_AFTER = 60.0
_MAX_BYTES = 50_000_000
NCBI = "ncbi"

_STATUS_REASONS = {
    404: "not found (HTTP 404)",
    410: "gone (HTTP 410)",
    429: "rate limited by the server (HTTP 429) after retries",
}


class FetchError(IngestError):
    """A URL could not be fetched; `status` is the HTTP status when there was one."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        super().__init__(url, reason)
        self.status = status


@dataclass
class Fetched:
    url: str
    content: bytes
    content_type: str
    status: int = 200
    from_cache: bool = False
    age: float = 0.0

    @property
    def mime(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class _PacedRetry(Retry):
    """`Retry` that takes a rate-limiter slot before each retry, so retries count as requests."""

    def __init__(self, *args, before_retry: Callable[[], None] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_retry = before_retry

    def new(self, **kw):  # urllib3 copies the object on every attempt
        retry = super().new(**kw)
        retry.before_retry = self.before_retry
        return retry

    def get_retry_after(self, response):
        value = super().get_retry_after(response)
        return None if value is None else min(value, _MAX_RETRY_AFTER)

    def sleep(self, response=None):
        super().sleep(response)
        if self.before_retry is not None:
            self.before_retry()


class HttpClient:
    """GET with cache, robots.txt, pacing and retries.

    Args:
        settings: user agent, timeout, retries/backoff, per-host rate, NCBI rate, cache dir/TTL.

    Example:
        >>> client = HttpClient(Settings())  # doctest: +SKIP
        >>> client.get("https://example.org/story", check_robots=True).content  # doctest: +SKIP
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.limiter = RateLimiter(default_rate=settings.per_host_rate)
        ncbi_rate = settings.ncbi_rate or (10.0 if settings.ncbi_api_key else 3.0)
        self.limiter.set_rate(NCBI, ncbi_rate)
        self.cache = ResponseCache(Path(settings.cache_dir) / "http", ttl=settings.cache_ttl)
        self._sessions: dict[str, requests.Session] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._lock = threading.Lock()
        self._robots_locks: dict[str, threading.Lock] = {}
        self._tracking = threading.local()

    # -- sessions -------------------------------------------------------------------------
    def _session(self, pace_key: str) -> requests.Session:
        with self._lock:
            session = self._sessions.get(pace_key)
            if session is None:
                session = requests.Session()
                session.headers["User-Agent"] = self.settings.user_agent
                retries = self.settings.http_retries
                retry = _PacedRetry(
                    total=retries,
                    connect=retries,
                    read=retries,
                    status=retries,
                    backoff_factor=self.settings.http_backoff,
                    status_forcelist=_RETRY_STATUSES,
                    allowed_methods=frozenset({"GET", "HEAD"}),
                    raise_on_status=False,
                    respect_retry_after_header=True,
                    before_retry=lambda: self.limiter.acquire(pace_key),
                )
                adapter = HTTPAdapter(
                    max_retries=retry, pool_maxsize=max(4, self.settings.ingest_workers)
                )
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                self._sessions[pace_key] = session
            return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions.values():
                session.close()
            self._sessions.clear()

    # -- provenance -----------------------------------------------------------------------
    def start_tracking(self) -> None:
        """Remember (per thread) when the responses used from now on were fetched."""
        self._tracking.latest = None

    def latest_fetch(self) -> float | None:
        """Epoch seconds of the newest response used since `start_tracking` (cached or not)."""
        return getattr(self._tracking, "latest", None)

    def _used(self, fetched_at: float) -> None:
        latest = getattr(self._tracking, "latest", None)
        self._tracking.latest = fetched_at if latest is None else max(latest, fetched_at)

    # -- requests -------------------------------------------------------------------------
    @staticmethod
    def cache_key(url: str, params: Mapping[str, object] | None = None) -> str:
        public = {k: v for k, v in (params or {}).items() if k not in _PRIVATE_PARAMS}
        return requests.Request("GET", url, params=public).prepare().url or url

    def get(
        self,
        url: str,
        params: Mapping[str, object] | None = None,
        *,
        pace_key: str | None = None,
        cache_key: str | None = None,
        check_robots: bool = False,
        use_cache: bool = True,
        max_age: float | None = None,
    ) -> Fetched:
        """Fetch `url` (with `params`), from the cache when fresh. Raises `FetchError`.

        Args:
            pace_key: rate-limit bucket; default the URL's host (E-utilities pass `NCBI`).
            cache_key: logical key for the cache (default: the URL without private params).
            check_robots: refuse URLs the site's robots.txt disallows for our user agent.
            max_age: treat cached entries older than this (seconds) as stale, below the TTL.
        """
        key = cache_key or self.cache_key(url, params)
        cached = self.cache.get(key) if use_cache else None
        if cached and self.cache.is_fresh(cached[0], max_age):
            meta, body = cached
            age = time.time() - meta.fetched_at
            self._used(meta.fetched_at)
            return Fetched(meta.url, body, meta.content_type, from_cache=True, age=age)
        if check_robots and not self.robots_allow(url):
            raise FetchError(url, "disallowed by robots.txt")
        headers = {}
        if cached:
            if cached[0].etag:
                headers["If-None-Match"] = cached[0].etag
            if cached[0].last_modified:
                headers["If-Modified-Since"] = cached[0].last_modified
        response = self._request(url, params, pace_key or _host(url), headers)
        if response.status_code == 304 and cached:
            meta, body = cached
            self.cache.touch(meta)
            self._used(meta.fetched_at)
            return Fetched(meta.url, body, meta.content_type, from_cache=True)
        body = response.content
        content_type = response.headers.get("Content-Type", "")
        if response.status_code != 200:
            reason = _STATUS_REASONS.get(response.status_code)
            if reason is None:
                reason = f"HTTP {response.status_code} {response.reason or ''}".strip()
                if response.status_code >= 500:
                    reason += " after retries"
            raise FetchError(url, reason, response.status_code)
        fetched_at = time.time()
        self._used(fetched_at)
        if use_cache:
            meta = CacheMeta(
                key=key,
                url=response.url,
                content_type=content_type,
                fetched_at=fetched_at,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
            self.cache.put(meta, body)
        return Fetched(response.url, body, content_type)

    def _request(
        self, url: str, params: Mapping[str, object] | None, pace_key: str, headers: dict
    ) -> requests.Response:
        session = self._session(pace_key)
        self.limiter.acquire(pace_key)
        timeout = self.settings.http_timeout
        try:
            response = session.get(
                url, params=params, headers=headers, timeout=timeout, stream=True
            )
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > _MAX_BYTES:
                    response.close()
                    raise FetchError(url, f"response larger than {_MAX_BYTES} bytes")
                chunks.append(chunk)
            response._content = b"".join(chunks)
            return response
        except FetchError:
            raise
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"gave up after retries ({_short(exc)})") from exc
        except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as exc:
            if _is_timeout(exc):
                raise FetchError(url, f"timed out after {timeout:g}s (with retries)") from exc
            raise FetchError(url, f"connection failed ({_short(exc)})") from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, f"request failed ({_short(exc)})") from exc

    def forget(self, url: str, params: Mapping[str, object] | None = None, *, cache_key=None):
        """Drop a cached response the caller found unusable (e.g. an error payload)."""
        self.cache.forget(cache_key or self.cache_key(url, params))

    # -- robots.txt -----------------------------------------------------------------------
    def robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            host_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with host_lock:
            parser = self._robots.get(origin)
            if parser is None:
                parser = self._load_robots(origin)
                self._robots[origin] = parser
                self._apply_crawl_delay(parser, url)
        return parser.can_fetch(self.settings.user_agent, url)

    def _apply_crawl_delay(self, parser: urllib.robotparser.RobotFileParser, url: str) -> None:
        """A site's `Crawl-delay` slows our pace for it (never speeds it up)."""
        delay = parser.crawl_delay(self.settings.user_agent)
        if not delay:
            return
        rate = 1.0 / float(delay)
        configured = self.settings.per_host_rate
        if not configured or configured <= 0 or rate < configured:
            self.limiter.set_rate(_host(url), rate)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self.get(origin + "/robots.txt")
        except FetchError as exc:
            # RFC 9309: no robots.txt (4xx) means all allowed; a server error means all
            # disallowed, except that 401/403 were historically read as "disallow all" too.
            status = exc.status
            if status in (401, 403) or status is None or status >= 500:
                parser.disallow_all = True
            else:
                parser.allow_all = True
            return parser
        text = fetched.content.decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return parser


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower() or url


def _is_timeout(exc: BaseException) -> bool:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, requests.exceptions.Timeout) or "timed out" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args else None)
        if not isinstance(exc, BaseException):
            return False
    return False


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "…"
