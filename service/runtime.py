"""What the service keeps between requests: loaded summarizers and a bounded work queue.

Model work (summaries, scoring) runs in threads, at most ``concurrency`` at a time, with at
most ``queue_size`` requests waiting; beyond that a request is refused at once
(:class:`QueueFullError`, HTTP 503 with ``Retry-After``) rather than piling up until
clients time out.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio

from summarizer import ModelUnavailableError, Summarizer, available_methods
from summarizer.errors import SummarizerError

log = logging.getLogger("summarizer_service")
T = TypeVar("T")
# After a model failed to load, requests fail fast with the remembered reason; a new load
# is tried only after this long (a missing model fails in seconds, but not every request
# should pay those seconds).
RETRY_LOAD_S = 300.0

# The library reports input warnings (an empty article, ...) with warnings.warn *and* in
# ClusterSummary.warnings, which the response carries. Python would keep every distinct
# message text in a registry for the life of the process, so warnings attributed to this
# module (the library's caller) are dropped: the response is where they belong.
warnings.filterwarnings("ignore", module=r"summarizer_service\.runtime$")


@dataclass
class _Slot:
    method: str
    options: dict[str, Any]
    enabled: bool
    summarizer: Summarizer | None = None
    error: str | None = None
    failed_at: float = 0.0
    loading: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def _load_failure(method: str, exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return (
            f"{method} needs {exc.name or 'a package that is not installed'}: install it with "
            "pip install 'vn-cluster-summarizer[vit5]'."
        )
    return str(exc)


class ModelRegistry:
    """One :class:`summarizer.Summarizer` per enabled method, loaded once, shared by threads."""

    def __init__(self, methods: Sequence[str], options: dict[str, dict[str, Any]]) -> None:
        known = available_methods()
        unknown = [m for m in methods if m not in known]
        if unknown:
            raise SummarizerError(
                f"Unknown method(s) {', '.join(unknown)}; choose from: {', '.join(known)}."
            )
        self._slots = {
            m: _Slot(m, dict(options.get(m, {})), enabled=m in methods) for m in known
        }

    def get(self, method: str) -> Summarizer:
        """The loaded summarizer; raises ModelUnavailableError saying why it is not."""
        slot = self._slots[method]
        if not slot.enabled:
            raise ModelUnavailableError(
                f"The {method} method is not enabled on this server; start it with "
                f"--methods including {method}."
            )
        if slot.summarizer is not None:
            return slot.summarizer
        with slot.lock:  # one load at a time; requests arriving meanwhile wait for it
            if slot.summarizer is not None:
                return slot.summarizer
            if slot.error is not None and time.monotonic() - slot.failed_at < RETRY_LOAD_S:
                raise ModelUnavailableError(slot.error)
            slot.loading = True
            try:
                candidate = Summarizer(method, **slot.options)
                candidate.method  # noqa: B018 - creating the method loads its model, once
            except (SummarizerError, ImportError, OSError) as exc:
                slot.error, slot.failed_at = _load_failure(method, exc), time.monotonic()
                log.warning("%s unavailable: %s", method, slot.error)
                raise ModelUnavailableError(slot.error) from None
            finally:
                slot.loading = False
            slot.summarizer, slot.error = candidate, None
        log.info("%s loaded", method)
        return candidate

    def load_enabled(self) -> None:
        """Load every enabled method now (at start-up, in a background thread)."""
        for slot in self._slots.values():
            if slot.enabled:
                with contextlib.suppress(ModelUnavailableError):  # /v1/models says why
                    self.get(slot.method)

    def status(self) -> list[dict[str, Any]]:
        """Each method's state, model and a sentence about it (GET /v1/models)."""
        rows = []
        for slot in self._slots.values():
            model = slot.options.get("model")
            if not slot.enabled:
                state = "disabled"
                message = "Not enabled on this server (summarizer serve --methods ...)."
            elif slot.summarizer is not None:
                state, message = "ready", "Loaded."
            elif slot.loading:
                state, message = "loading", "Loading…"
            elif slot.error is not None:
                state, message = "unavailable", slot.error
            else:
                state, message = "unchecked", "Loads on first use."
            rows.append({"method": slot.method, "state": state, "model": model, "message": message})
        return rows

    def ready(self) -> bool:
        return all(s.summarizer is not None for s in self._slots.values() if s.enabled)


class QueueFullError(Exception):
    """More requests than the service runs and lets wait; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"The server is busy: all model slots are taken and the queue is full. "
            f"Retry in {retry_after} s."
        )
        self.retry_after = retry_after


class WorkQueue:
    """At most ``concurrency`` jobs running in threads and ``queue_size`` waiting."""

    def __init__(
        self,
        concurrency: int,
        queue_size: int,
        on_change: Callable[[int, int], None] | None = None,
    ) -> None:
        self.concurrency = concurrency
        self.queue_size = queue_size
        self._on_change = on_change or (lambda waiting, running: None)
        self._slots: anyio.CapacityLimiter | None = None
        self._threads: anyio.CapacityLimiter | None = None
        self.admitted = 0
        self.running = 0
        self._mean_s = 0.05  # running mean job time, for Retry-After

    def _notify(self) -> None:
        self._on_change(self.admitted - self.running, self.running)

    def retry_after(self) -> int:
        waiting = max(self.admitted - self.running, 0)
        return max(1, math.ceil(self._mean_s * (waiting + 1) / self.concurrency))

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` in a worker thread once a slot is free; refuse when full."""
        if self._slots is None:  # created in the event loop that serves requests
            self._slots = anyio.CapacityLimiter(self.concurrency)
            self._threads = anyio.CapacityLimiter(self.concurrency)
        if self.admitted >= self.concurrency + self.queue_size:
            raise QueueFullError(self.retry_after())
        self.admitted += 1
        self._notify()
        try:
            async with self._slots:
                self.running += 1
                self._notify()
                started = time.perf_counter()
                try:
                    return await anyio.to_thread.run_sync(fn, *args, limiter=self._threads)
                finally:
                    elapsed = time.perf_counter() - started
                    self._mean_s = 0.8 * self._mean_s + 0.2 * elapsed
                    self.running -= 1
        finally:
            self.admitted -= 1
            self._notify()
