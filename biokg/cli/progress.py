"""`biokg run`'s progress on stderr: documents read, extracted (or unchanged), stored.

One line for the whole run, because the stages overlap (documents stream from ingest through NLP
into the store). With a known total it shows percent, rate and ETA; on a terminal it is a tqdm
bar redrawn in place, elsewhere (CI logs, a pipe) a plain line every `interval` seconds. While one
document holds the NLP up for longer than `heartbeat` seconds, the line says which, how long it
is, and for how long it has been at it. A ticker thread draws; the pipeline's threads only count.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from biokg.cli.output import safe
from biokg.pipeline import RunCounter


def _size(chars: int) -> str:
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:.1f} M characters"
    if chars >= 1_000:
        return f"{chars / 1_000:.0f} k characters"
    return f"{chars} characters"


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class RunProgress(RunCounter):
    """Shows a run's counts (`RunCounter`) as it goes.

    Args:
        total: documents expected, when known before reading (`ingest.expected_documents`).
        stream: where to draw (stderr).
        tty: draw a bar in place; default: whether `stream` is a terminal.
        interval: seconds between plain lines.
        heartbeat: seconds a document may hold the NLP up before the line names it.
    """

    def __init__(
        self,
        total: int | None,
        *,
        stream: TextIO | None = None,
        tty: bool | None = None,
        interval: float = 10.0,
        heartbeat: float = 15.0,
    ) -> None:
        super().__init__()
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval
        self.heartbeat = heartbeat
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._bar = None
        self._thread: threading.Thread | None = None

    # -- drawing ---------------------------------------------------------------------------------
    def line(self, now: float | None = None) -> str:
        """The progress as one line of text (what a plain log gets).

        Example:
            >>> p = RunProgress(200, tty=False)
            >>> p.read, p.extracted, p.skipped, p.stored = 120, 80, 20, 60
            >>> p.line(now=p.started + 10)
            '100/200 documents (50%), 10.0/s, ETA 0:10; read 120, unchanged 20, stored 60'
        """
        now = time.monotonic() if now is None else now
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            head = f"{self.done}/{self.total} documents ({self.done / self.total:.0%})"
            left = max(self.total - self.done, 0)
            eta = f", ETA {_clock(left / rate)}" if rate > 0 and left else ""
        else:
            head, eta = f"{self.done} documents", ""
        parts = [f"read {self.read}"]
        if self.skipped:
            parts.append(f"unchanged {self.skipped}")
        if self.failed:
            parts.append(f"failed {self.failed}")
        parts.append(f"stored {self.stored}")
        text = f"{head}, {rate:.1f}/s{eta}; " + ", ".join(parts)
        return text + self._stuck(now)

    def _stuck(self, now: float) -> str:
        if not self.in_nlp:
            return ""
        waited = now - max(self.last_done_at, self.started)
        if waited < self.heartbeat:
            return ""
        doc_id, chars = self.in_nlp[0]
        return f"; extracting {safe(doc_id)} ({_size(chars)}) for {_clock(waited)}"

    def __enter__(self) -> RunProgress:
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.total,
                desc="biokg run",
                unit="doc",
                file=self.stream,
                dynamic_ncols=True,
                leave=True,
            )
        self._thread = threading.Thread(target=self._tick, name="biokg-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._bar is not None:
            self._draw_bar()
            self._bar.close()
        elif self.done or self.read:
            print("biokg run: " + self.line(), file=self.stream, flush=True)

    def _tick(self) -> None:
        wait = 0.5 if self._bar is not None else self.interval
        while not self._stop.wait(wait):
            if self._bar is not None:
                self._draw_bar()
            else:
                print("biokg run: " + self.line(), file=self.stream, flush=True)

    def _draw_bar(self) -> None:
        bar = self._bar
        bar.n = self.done
        tail = self.line().split("; ", 1)[1]
        bar.set_postfix_str(tail, refresh=False)
        bar.refresh()


class QuietProgress(RunCounter):
    """`--quiet`: counts, draws nothing."""

    def __enter__(self) -> QuietProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
