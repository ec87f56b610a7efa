"""A progress line on stderr with rate and ETA; a line every few seconds when not a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """``done/total  rate items/s  ETA``; redrawn in place on a terminal."""

    def __init__(
        self, total: int, label: str = "items", stream: TextIO | None = None, enabled: bool = True
    ) -> None:
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.done = 0
        self.started = time.monotonic()
        self._shown_at = 0.0
        self._first_at: float | None = None
        self._tty = self.stream.isatty()
        self._interval = 0.2 if self._tty else 10.0

    def line(self) -> str:
        now = time.monotonic()
        elapsed = max(now - self.started, 1e-9)
        # The rate counts from the first finished item, so start-up (a model loading, Ray
        # starting) does not make the first ETA absurd.
        since_first = now - self._first_at if self._first_at is not None else 0.0
        rate = (self.done - 1) / since_first if self.done > 1 and since_first > 0 else 0.0
        text = f"{self.done:,}/{self.total:,} {self.label}  {rate:,.1f}/s"
        if self.done < self.total and rate > 0:
            text += f"  ETA {_duration((self.total - self.done) / rate)}"
        return text + f"  elapsed {_duration(elapsed)}"

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self._first_at is None:
            self._first_at = now
        if self.enabled and now - self._shown_at >= self._interval:
            self._shown_at = now
            self._show()

    def _show(self) -> None:
        if self._tty:
            self.stream.write("\r" + self.line() + "\x1b[K")
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._show()
            if self._tty:
                self.stream.write("\n")
            self.stream.flush()
