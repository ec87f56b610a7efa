"""Prometheus metrics of one app: requests, latencies, queue depth, errors by kind.

Each app has its own registry (tests build several apps in one process). With several
uvicorn workers, ``summarizer serve`` sets PROMETHEUS_MULTIPROC_DIR and ``/metrics`` adds up
every worker's values, so a scrape sees the whole server, not one worker at random.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "summarizer_http_requests",
            "HTTP requests by route, method and status code.",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "summarizer_http_request_duration_seconds",
            "Time from request to the end of the response, by route.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.errors = Counter(
            "summarizer_errors", "Error responses by kind (the error body's type).", ["type"],
            registry=r,
        )
        self.summaries = Counter(
            "summarizer_summaries", "Clusters summarized, by method.", ["method"], registry=r
        )
        self.queue_depth = Gauge(
            "summarizer_queue_depth",
            "Requests waiting for a model slot.",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.in_flight = Gauge(
            "summarizer_model_in_flight",
            "Requests running model work now.",
            registry=r,
            multiprocess_mode="livesum",
        )

    def set_queue(self, waiting: int, running: int) -> None:
        self.queue_depth.set(waiting)
        self.in_flight.set(running)

    def exposition(self) -> tuple[bytes, str]:
        """The text format body and its content type."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
