"""The NCBI API key is a secret: where it may be sent, and how it is kept out of every message.

The key rides in the query string (`api_key=`), so any text that shows a request URL would show
it: requests' exception messages, urllib3's retry warnings, our own failure reasons. `redact`
rewrites such text to `api_key=***`; `RedactingFilter` does it to log records. The key is only
ever sent over https to NCBI's own E-utilities hosts (the hosts of the default `eutils_base` and
`idconv_base`), never to a configured stand-in, a redirect target or any other site.
"""

from __future__ import annotations

import logging
import re
from dataclasses import fields
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from biokg.config import Settings

KEY_PARAM = "api_key"
_SECRETS: set[str] = set()  # key values seen in settings, redacted wherever they appear
_KEY_IN_TEXT = re.compile(r"(api[_-]?key['\"]?\s*[=:]\s*['\"]?)[^&\s'\"<>),;]+", re.IGNORECASE)


def _default_host(name: str) -> str:
    default = next(f.default for f in fields(Settings) if f.name == name)
    return (urlsplit(str(default)).hostname or "").lower()


# NCBI's own hosts: where E-utilities and the ID converter live by default.
NCBI_KEY_HOSTS = frozenset({_default_host("eutils_base"), _default_host("idconv_base")})


def key_allowed(url: str) -> bool:
    """True when the API key may be sent to `url`: https, default port, an NCBI E-utilities host.

    Example:
        >>> key_allowed("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi")
        True
        >>> key_allowed("http://127.0.0.1:8000/eutils/efetch.fcgi")
        False
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme.lower() == "https"
        and port in (None, 443)
        and (parts.hostname or "").lower() in NCBI_KEY_HOSTS
    )


def without_key(url: str) -> str:
    """`url` with any `api_key` query parameter removed."""
    parts = urlsplit(url)
    if KEY_PARAM not in parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != KEY_PARAM]
    return urlunsplit(parts._replace(query=urlencode(query)))


def register_secret(secret: str | None) -> None:
    """Redact `secret` itself wherever it appears, not only after `api_key=`."""
    if secret and len(secret) >= 4:  # a tiny "key" would blank out ordinary text
        _SECRETS.add(secret)


def redact(text: str, secret: str | None = None) -> str:
    """`text` with every `api_key=...` value (and every registered secret, and `secret`) shown
    as `***`.

    Example:
        >>> redact("efetch.fcgi?id=1&api_key=abc123&tool=biokg")
        'efetch.fcgi?id=1&api_key=***&tool=biokg'
    """
    text = _KEY_IN_TEXT.sub(r"\1***", text)
    for value in (*_SECRETS, secret):
        if value and len(value) >= 4:
            text = text.replace(value, "***")
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message and traceback through `redact` (urllib3 logs URLs with
    their query; an exception's text may quote one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is the logger's problem, not ours
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # formatters reuse exc_text when it is set
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = RedactingFilter()
# Loggers that write request URLs: urllib3's (debug and retry warnings) and the ingest stage's.
_URL_LOGGERS = (
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.util.retry",
    "urllib3.poolmanager",
    "urllib3.response",
    "biokg.ingest.http_client",
    "biokg.ingest.eutils",
    "biokg.ingest.runner",
    "biokg.ingest.fulltext",
)


def install_log_redaction() -> None:
    """Attach the redacting filter to every logger that may write a request URL (idempotent)."""
    for name in _URL_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
