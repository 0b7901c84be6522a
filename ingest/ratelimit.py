"""Request pacing shared by every thread: one minimum interval per key (a host, or "ncbi").

One limiter object is shared by all fetches of a run, so NCBI's "3 requests/s" holds across
threads and across the E-utilities endpoints, instead of sleeps scattered around the code.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """Grants each key at most `rate` slots per second, spaced evenly.

    Args:
        default_rate: requests/s for keys without their own rate (`None` or <= 0: unlimited).
        clock, sleep: injectable for tests.

    Example:
        >>> limiter = RateLimiter(default_rate=1000.0)
        >>> limiter.set_rate("ncbi", 3.0)
        >>> limiter.acquire("ncbi")  # returns at once the first time
    """

    def __init__(
        self,
        default_rate: float | None = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._default = default_rate
        self._rates: dict[str, float | None] = {}
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def set_rate(self, key: str, rate: float | None) -> None:
        with self._lock:
            self._rates[key] = rate

    def acquire(self, key: str) -> None:
        """Block until `key` may send its next request."""
        with self._lock:
            rate = self._rates.get(key, self._default)
            if not rate or rate <= 0:
                return
            interval = 1.0 / rate
            now = self._clock()
            # Reserve the slot under the lock, sleep outside it: other keys are never held up.
            slot = max(now, self._next_slot.get(key, now))
            self._next_slot[key] = slot + interval
        wait = slot - now
        if wait > 0:
            self._sleep(wait)
