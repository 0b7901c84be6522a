"""The one HTTP client of the ingest stage: polite (robots.txt, per-host pacing, a real
User-Agent), patient (urllib3 `Retry` with backoff on 429/5xx and timeouts), cached on disk and
guarded: only public http(s) hosts (see `netguard`), redirects followed here so every hop is
checked (scheme, address, robots.txt, rate limit), an overall deadline per response, and the
NCBI API key sent to NCBI only and never shown (see `credentials`).

Every request of a run goes through one `HttpClient`, so the rate limits hold across threads.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from biokg.ingest import netguard
from biokg.ingest.cache import CacheMeta, ResponseCache
from biokg.ingest.credentials import (
    KEY_PARAM,
    install_log_redaction,
    key_allowed,
    redact,
    register_secret,
    without_key,
)
from biokg.ingest.netguard import RefusedURL
from biokg.ingest.ratelimit import RateLimiter
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection
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
# requests' own limit is 30; browsers stop at about 20. Ten is plenty for articles and feeds.
_MAX_REDIRECTS = 10
# One response may take this many per-read timeouts in all: a server dripping a byte every few
# seconds never trips the per-read timeout, so without a total budget it holds a worker forever.
DEADLINE_FACTOR = 3.0
NCBI = "ncbi"

install_log_redaction()

_STATUS_REASONS = {
    404: "not found (HTTP 404)",
    410: "gone (HTTP 410)",
    429: "rate limited by the server (HTTP 429) after retries",
}


class FetchError(IngestError):
    """A URL could not be fetched; `status` is the HTTP status when there was one, `refused`
    says the address or scheme was not allowed (nothing was sent)."""

    def __init__(self, url: str, reason: str, status: int | None = None, *, refused: bool = False):
        # Messages quote request URLs, and E-utilities URLs carry the API key.
        super().__init__(redact(url), redact(reason))
        self.status = status
        self.refused = refused


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


class _DeadlineExceeded(Exception):
    """The response's time budget ran out; never retried (urllib3 does not know this error)."""


class _Deadline:
    """The time budget of one response, per attempt: when it runs out, the socket of the
    connection in use is shut down, which ends a blocked read at once, and later attempts of
    the same response are refused."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def arm(self, conn: HTTPConnection) -> None:
        with self._lock:
            if self.expired:
                raise _DeadlineExceeded()
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.seconds, self._expire, args=(conn,))
            self._timer.daemon = True
            self._timer.start()

    def _expire(self, conn: HTTPConnection) -> None:
        with self._lock:
            self.expired = True
        # http.client hands the socket over to the response (conn.sock = None) when the server
        # closes after it: then the socket remembered by `getresponse` is the one to end.
        sock = getattr(conn, "sock", None) or getattr(conn, "response_sock", None)
        if sock is not None:
            # the plain socket's shutdown, also under TLS: it wakes the reading thread
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None


_active = threading.local()  # the `_Deadline` of the request this thread is making


class _GuardedConnection:
    """Mixin for urllib3 connections: connect only to addresses `netguard` allows, checked at
    connect time on the very addresses connected to (no DNS rebinding between check and use),
    and arm the running request's deadline on every attempt."""

    allow_private = False
    response_sock: socket.socket | None = None

    def _new_conn(self) -> socket.socket:
        try:
            infos = netguard.resolve_checked(self._dns_host, self.port, self.allow_private)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        error: Exception | None = None
        for info in infos:
            try:
                return urllib3_connection.create_connection(
                    (str(info[4][0]), self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError:
                error = ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                )
            except OSError as exc:
                error = NewConnectionError(self, f"Failed to establish a new connection: {exc}")
        raise error  # type: ignore[misc]

    def request(self, *args, **kwargs):
        deadline = getattr(_active, "deadline", None)
        if deadline is not None:
            deadline.arm(self)
        return super().request(*args, **kwargs)

    def getresponse(self, *args, **kwargs):
        self.response_sock = self.sock
        return super().getresponse(*args, **kwargs)


def _pool_classes(allow_private: bool) -> dict[str, type]:
    attrs = {"allow_private": allow_private}
    plain = type("GuardedHTTPConnection", (_GuardedConnection, HTTPConnection), attrs)
    tls = type("GuardedHTTPSConnection", (_GuardedConnection, HTTPSConnection), attrs)
    return {
        "http": type("GuardedHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("GuardedHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": tls}),
    }


_POOL_CLASSES = {flag: _pool_classes(flag) for flag in (False, True)}


class _GuardedAdapter(HTTPAdapter):
    """`HTTPAdapter` whose direct connections are `_GuardedConnection`s. (Through a proxy the
    proxy resolves the host; the check before each request still applies.)"""

    def __init__(self, allow_private: bool, **kwargs):
        self.allow_private = allow_private
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOL_CLASSES[self.allow_private]


class HttpClient:
    """GET with cache, robots.txt, pacing, retries, address checks and a deadline.

    Args:
        settings: user agent, timeout, retries/backoff, per-host rate, NCBI rate, cache dir/TTL,
            `allow_private_hosts`.
        deadline: seconds one response may take in all (default `DEADLINE_FACTOR` x timeout).

    Example:
        >>> client = HttpClient(Settings())  # doctest: +SKIP
        >>> client.get("https://example.org/story", check_robots=True).content  # doctest: +SKIP
    """

    def __init__(self, settings: Settings, deadline: float | None = None):
        self.settings = settings
        self.deadline = deadline or DEADLINE_FACTOR * settings.http_timeout
        self._deadline_note = (
            f"{DEADLINE_FACTOR:g} x BIOKG_HTTP_TIMEOUT, " if deadline is None else ""
        )
        register_secret(settings.ncbi_api_key)
        self._key_withheld: set[str] = set()
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
                adapter = _GuardedAdapter(
                    bool(self.settings.allow_private_hosts),
                    max_retries=retry,
                    pool_maxsize=max(4, self.settings.ingest_workers),
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
        self._check(url, dns=False)  # names are resolved and checked before each request
        key = cache_key or self.cache_key(url, params)
        cached = self.cache.get(key) if use_cache else None
        if cached and self.cache.is_fresh(cached[0], max_age):
            meta, body = cached
            age = time.time() - meta.fetched_at
            self._used(meta.fetched_at)
            return Fetched(meta.url, body, meta.content_type, from_cache=True, age=age)
        self._check(url)
        if check_robots and not self.robots_allow(url):
            raise FetchError(url, "disallowed by robots.txt")
        headers = {}
        if cached:
            if cached[0].etag:
                headers["If-None-Match"] = cached[0].etag
            if cached[0].last_modified:
                headers["If-Modified-Since"] = cached[0].last_modified
        response = self._request(url, params, pace_key or _host(url), headers, check_robots)
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

    def _check(self, url: str, origin: str | None = None, dns: bool = True) -> None:
        """Refuse (`FetchError` naming `origin`, the URL asked for) a URL `netguard` refuses."""
        try:
            netguard.check_url(url, bool(self.settings.allow_private_hosts), dns=dns)
        except RefusedURL as exc:
            hop = f"redirect to {url}: " if origin else ""
            raise FetchError(origin or url, f"refused: {hop}{exc}", refused=True) from None

    def _request(
        self,
        url: str,
        params: Mapping[str, object] | None,
        pace_key: str,
        headers: dict,
        check_robots: bool = False,
    ) -> requests.Response:
        """GET `url`, following redirects here: each hop is checked like a URL of its own."""
        hop_url, hop_params, hop_pace = url, params, pace_key
        for _ in range(_MAX_REDIRECTS + 1):
            response = self._send(url, hop_url, hop_params, hop_pace, headers)
            if not response.is_redirect:
                return response
            next_url = urljoin(response.url or hop_url, response.headers.get("Location", ""))
            response.close()
            self._check(next_url, origin=url)
            if check_robots and not self.robots_allow(next_url):
                raise FetchError(url, f"redirect to {next_url} disallowed by robots.txt")
            same_host = _host(next_url) == _host(hop_url)
            hop_url, hop_params = next_url, None
            hop_pace = hop_pace if same_host else _host(next_url)
        raise FetchError(url, f"too many redirects (more than {_MAX_REDIRECTS})")

    def _without_key(self, url: str, params: Mapping[str, object] | None):
        """Only NCBI's own hosts receive the API key (see `credentials.key_allowed`)."""
        if key_allowed(url):
            return url, params
        stripped = without_key(url)
        if params and KEY_PARAM in params:
            params = {k: v for k, v in params.items() if k != KEY_PARAM}
        elif stripped == url:
            return url, params
        host = _host(url)
        if host not in self._key_withheld:
            self._key_withheld.add(host)
            log.warning("NCBI API key not sent to %s: only NCBI's own https hosts receive it", host)
        return stripped, params

    def _send(
        self,
        origin: str,
        url: str,
        params: Mapping[str, object] | None,
        pace_key: str,
        headers: dict,
    ) -> requests.Response:
        """One hop: one response (with urllib3's retries), its body read within the deadline."""
        url, params = self._without_key(url, params)
        session = self._session(pace_key)
        self.limiter.acquire(pace_key)
        timeout = self.settings.http_timeout
        deadline = _Deadline(self.deadline)
        _active.deadline = deadline
        try:
            response = session.get(
                url,
                params=params,
                headers=headers,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            )
            if response.is_redirect:
                return response
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > _MAX_BYTES:
                    response.close()
                    raise FetchError(origin, f"response larger than {_MAX_BYTES} bytes")
                chunks.append(chunk)
            if deadline.expired:  # a body cut short by the deadline may still look complete
                raise _DeadlineExceeded()
            response._content = b"".join(chunks)
            return response
        except FetchError:
            raise
        except Exception as exc:
            if deadline.expired or isinstance(exc, _DeadlineExceeded):
                raise FetchError(origin, self._too_slow()) from None
            if isinstance(exc, RefusedURL):  # the address connected to, checked at connect time
                hop = f"redirect to {url}: " if url != origin else ""
                raise FetchError(origin, f"refused: {hop}{exc}", refused=True) from None
            if not isinstance(exc, requests.exceptions.RequestException):
                raise
            raise self._fetch_error(origin, exc, timeout) from _chain(exc)
        finally:
            deadline.cancel()
            _active.deadline = None

    def _too_slow(self) -> str:
        timeout = self.settings.http_timeout
        return (
            f"too slow: no complete response within {self.deadline:g}s "
            f"({self._deadline_note}{timeout:g}s per read)"
        )

    @staticmethod
    def _fetch_error(url: str, exc: Exception, timeout: float) -> FetchError:
        if isinstance(exc, requests.exceptions.RetryError):
            return FetchError(url, f"gave up after retries ({_short(exc)})")
        if isinstance(exc, requests.exceptions.Timeout | requests.exceptions.ConnectionError):
            if _is_timeout(exc):
                return FetchError(url, f"timed out after {timeout:g}s (with retries)")
            return FetchError(url, f"connection failed ({_short(exc)})")
        return FetchError(url, f"request failed ({_short(exc)})")

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
        """The site's rules; raises `FetchError` when the site may not be contacted at all."""
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self.get(origin + "/robots.txt")
        except FetchError as exc:
            if exc.refused:  # the site itself is refused, not just its robots.txt
                raise
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
    text = redact(str(exc))
    return text if len(text) <= 200 else text[:200] + "…"


def _chain(exc: BaseException) -> BaseException | None:
    """`exc` as the cause of our error, unless its text would show the API key."""
    return None if redact(str(exc)) != str(exc) else exc
