"""`BackgroundWriter`: order kept, errors reach the caller, and the caller's failure stops it."""

from __future__ import annotations

import threading

import pytest
from biokg.graph.background import BackgroundWriter


def test_writes_every_item_in_order_in_another_thread() -> None:
    written: list[tuple[int, str]] = []
    with BackgroundWriter(lambda i: written.append((i, threading.current_thread().name))) as w:
        for i in range(50):
            w.submit(i)
    assert [i for i, _ in written] == list(range(50))
    assert {name for _, name in written} == {"biokg-graph-writer"}


def test_no_items_is_fine() -> None:
    written: list[int] = []
    with BackgroundWriter(written.append):
        pass
    assert written == []


def test_a_write_error_is_raised_in_the_caller_and_nothing_after_it_is_written() -> None:
    written: list[int] = []

    def write(i: int) -> None:
        if i == 3:
            raise ValueError("batch 3 refused")
        written.append(i)

    with pytest.raises(ValueError, match="batch 3 refused"), BackgroundWriter(write) as w:
        for i in range(100):
            w.submit(i)
    assert written == [0, 1, 2]


def test_a_failure_in_the_caller_stops_the_writer_after_the_item_in_flight() -> None:
    started, release = threading.Event(), threading.Event()
    written: list[int] = []

    def write(i: int) -> None:
        started.set()
        release.wait(5)
        written.append(i)

    with pytest.raises(RuntimeError, match="upstream"), BackgroundWriter(write) as w:
        w.submit(0)
        started.wait(5)
        w.submit(1)  # waits in the queue while 0 is written
        release.set()
        raise RuntimeError("upstream")
    # 0 was in flight and finished; 1 may or may not have been taken before the stop.
    assert written[:1] == [0] and len(written) <= 2
