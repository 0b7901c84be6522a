"""Which addresses biokg may fetch from (SSRF protection).

A news page, a feed entry or a redirect chooses the URLs biokg fetches, so none of them may make
it read internal services: only http(s), and only hosts whose every address is public. Loopback,
private, link-local, multicast, reserved, unspecified and shared (CGN) addresses are refused
unless the user opts in (`allow_private_hosts`, env `BIOKG_ALLOW_PRIVATE_HOSTS=1`); cloud metadata
endpoints are refused even then. IPv4-mapped IPv6 addresses are judged as the IPv4 address they
carry. The HTTP client checks each hop before it is requested, and again, on the addresses it
actually connects to, when it opens the connection (so a DNS answer that changes in between,
"DNS rebinding", cannot slip through).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

ALLOW_HINT = "set BIOKG_ALLOW_PRIVATE_HOSTS=1 to allow"
SCHEMES = ("http", "https")
# Instance metadata services hand out cloud credentials: AWS/GCP/Azure/OpenStack, AWS ECS task
# metadata, AWS's IPv6 endpoint and Alibaba Cloud. Never fetched, whatever the opt-in says.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)

AddrInfo = tuple[int, int, int, str, tuple]
Resolver = Callable[..., Sequence[AddrInfo]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedURL(ValueError):
    """A URL biokg must not fetch; the message says why (and how to allow it, when it may be)."""


def address_problem(ip: IPAddress, allow_private: bool = False) -> str | None:
    """Why `ip` may not be fetched from (e.g. "a loopback address"), or None when it may.

    Example:
        >>> address_problem(ipaddress.ip_address("10.0.0.1"))
        'a private address'
        >>> address_problem(ipaddress.ip_address("10.0.0.1"), allow_private=True) is None
        True
    """
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address (never fetched)"
    if allow_private:
        return None
    # The first property that holds names the address: 127.0.0.1 is private too, but
    # "loopback" is what a user recognises.
    for kind, holds in (
        ("a loopback", ip.is_loopback),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("an unspecified", ip.is_unspecified),
        ("a reserved", ip.is_reserved),
        ("a private", ip.is_private),
        ("not a public", not ip.is_global),
    ):
        if holds:
            return f"{kind} address"
    return None


def _refusal(message: str, problem: str) -> RefusedURL:
    hint = "" if problem.endswith("(never fetched)") else f"; {ALLOW_HINT}"
    return RefusedURL(message + hint)


def resolve_checked(
    host: str,
    port: int,
    allow_private: bool = False,
    resolve: Resolver | None = None,
) -> list[AddrInfo]:
    """Every address `host` resolves to, after checking them all; raises `RefusedURL`, or
    `OSError` (`socket.gaierror`) when the name does not resolve.

    An IP literal is checked without DNS. A name is refused when any of its addresses is
    (an attacker's DNS may list a public address first and 127.0.0.1 second).
    """
    host = host.strip("[]")
    try:
        literal = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        literal = None
    if literal is not None:
        problem = address_problem(literal, allow_private)
        if problem:
            raise _refusal(f"{host} is {problem}", problem)
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (host, port))]
    infos = list((resolve or socket.getaddrinfo)(host, port, 0, socket.SOCK_STREAM))
    if not infos:
        raise socket.gaierror(socket.EAI_NONAME, f"{host} has no addresses")
    for info in infos:
        address = str(info[4][0])
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        problem = address_problem(ip, allow_private)
        if problem:
            raise _refusal(f"{host} resolves to {address}, {problem}", problem)
    return infos


def check_url(
    url: str,
    allow_private: bool = False,
    resolve: Resolver | None = None,
    dns: bool = True,
) -> None:
    """Raise `RefusedURL` unless `url` is http(s) and its host is allowed (see module doc).

    A name that does not resolve passes: the request itself will fail and say so.

    Args:
        url: the URL about to be requested (a source, a feed entry, a redirect target).
        allow_private: the user's opt-in (`Settings.allow_private_hosts`).
        resolve: `socket.getaddrinfo` by default; injectable for tests.
        dns: False checks the scheme and IP literals only (e.g. before a cache lookup).

    Example:
        >>> check_url("https://93.184.216.34/story")  # public: no error
        >>> check_url("http://10.0.0.1/", allow_private=True)  # the user opted in
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise RefusedURL(f"unsupported URL scheme {scheme!r} (only http and https)")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise RefusedURL(f"malformed URL ({exc})") from None
    if not host:
        raise RefusedURL("URL has no host")
    if _is_literal(host) or (dns and not allow_private):
        port = port or (443 if scheme == "https" else 80)
        try:
            resolve_checked(host, port, allow_private, resolve)
        except (OSError, UnicodeError):
            return


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True
