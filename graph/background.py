"""`BackgroundWriter`: write batches in a second thread while the caller builds the next one.

A Neo4j transaction is mostly the client waiting for the server; the next batch's rows (and the
extractions behind them) can be built meanwhile. The caller's thread keeps iterating the
extractions, so the pipeline upstream (ingestion, spaCy workers, a progress bar, Ctrl-C) stays
where it was; only the writes move. One batch waits in the queue at most, so memory stays flat:
the batch being written, the one waiting and the one being built.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, Self, TypeVar

T = TypeVar("T")

_DONE = object()
_POLL_SECONDS = 0.2


class BackgroundWriter(Generic[T]):
    """Calls `write(item)` for each submitted item, in order, in one background thread.

    An exception raised by `write` stops the writer and is raised again by the next `submit`
    or by leaving the `with` block; leaving it waits for every submitted item to be written.

    Example:
        >>> written = []
        >>> with BackgroundWriter(written.append) as writer:
        ...     for item in range(3):
        ...         writer.submit(item)
        >>> written
        [0, 1, 2]
    """

    def __init__(self, write: Callable[[T], None], *, name: str = "biokg-graph-writer") -> None:
        self._write = write
        self._queue: queue.Queue[object] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def submit(self, item: T) -> None:
        """Queue `item`; blocks while the previous one still waits for the writer."""
        while True:
            self._raise_error()
            try:
                self._queue.put(item, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            # The caller failed: write nothing more, wait for the batch in flight, then let the
            # caller's exception through.
            self._stop.set()
            self._drain()
        self._put_done()
        self._thread.join()
        if exc_type is None:
            self._raise_error()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _DONE or self._stop.is_set():
                return
            try:
                self._write(item)  # type: ignore[arg-type]
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                self._error = exc
                self._stop.set()
                self._drain()
                return

    def _put_done(self) -> None:
        while self._thread.is_alive():
            try:
                self._queue.put(_DONE, timeout=_POLL_SECONDS)
                return
            except queue.Full:
                continue

    def _drain(self) -> None:
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error
