"""Cheap Doc (de)serialisation between spaCy's `n_process` workers and the main process.

Workers send each Doc back as `Doc.to_bytes()` (msgpack through srsly) and the main process
rebuilds it with `Doc.from_bytes()`. srsly's msgpack encoder and decoder registries (catalogue
registries with `entry_points=True`) filter every installed package's entry points on each
pack and unpack call: ~5 ms a call, three unpacks per Doc -- measured as ~15 ms of the main
process's time per abstract, more than the rest of its work together.

catalogue reads the installed entry points once, at import; resolving them once here, turning
the per-call lookup off and remembering the registry's answer until something new is registered
gives the same encoders and decoders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import catalogue
import srsly


def resolve_msgpack_entry_points() -> None:
    """Register srsly's msgpack entry points once and stop looking them up on every call;
    then remember each registry's functions until something new is registered anywhere."""
    for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
        if not registry.entry_points:
            continue
        for name, func in registry.get_entry_points().items():
            registry.register(name, func=func)
        registry.entry_points = False
        registry.get_all = _remembered(registry.get_all)


def _remembered(get_all: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    # `get_all` scans catalogue's whole registry (every spaCy function too) for its namespace;
    # the global registry only grows, so its size tells when the answer may have changed.
    cache: dict[int, dict[str, Any]] = {}

    def cached() -> dict[str, Any]:
        size = len(catalogue.REGISTRY)
        if size not in cache:
            cache.clear()
            cache[size] = get_all()
        return dict(cache[size])

    return cached
