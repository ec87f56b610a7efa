"""``summarizer batch``: summarize every cluster of a corpus, resumably, locally or on Ray.

One output line per input line (see :mod:`summarizer_service.batch_io` for the formats and
the no-duplicates design). Workers load the method once and return finished JSON lines;
this process alone appends them to the output, so a crash anywhere (a worker, an actor, a
node, this process) loses at most the items in flight, which a rerun computes.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from summarizer_service.batch_io import BatchError, Item, OutputLog, output_record, read_items
from summarizer_service.engines import RayOptions, run_local, run_ray
from summarizer_service.errors import describe
from summarizer_service.progress import Progress

from summarizer import ModelUnavailableError, Summarizer

ENGINES = ("local", "ray")
# The library also reports input warnings with warnings.warn; they are in each record's
# "warnings" already, and Python would keep every distinct text for the life of the process.
warnings.filterwarnings("ignore", module=r"summarizer_service\.batch$")


@dataclass(frozen=True)
class SummarizeWorkerFactory:
    """Picklable recipe for a worker: sent to each process or Ray actor, built there once."""

    method: str = "extractive"
    method_options: dict[str, Any] = field(default_factory=dict)
    budgets: dict[str, Any] = field(default_factory=dict)

    def __call__(self) -> SummarizeWorker:
        return SummarizeWorker(self)


class SummarizeWorker:
    """Summarizes one payload into its finished output line; bad items become error records."""

    def __init__(self, spec: SummarizeWorkerFactory) -> None:
        self.budgets = dict(spec.budgets)
        self.summarizer = Summarizer(spec.method, **spec.method_options)
        self.summarizer.method  # noqa: B018 - load the model now; failing here stops the run

    def __call__(self, payload: dict[str, Any]) -> str:
        try:
            body = self.summarizer.summarize(
                payload["documents"], names=payload["names"], **self.budgets
            ).to_dict()
        except ModelUnavailableError:
            raise  # not the item's fault: stop rather than mark every item failed
        except Exception as exc:  # a bad item never stops the run
            body = describe(exc)
        return json.dumps({"id": payload["id"], **body}, ensure_ascii=False)


@dataclass
class BatchConfig:
    input: Path
    output: Path
    engine: str = "local"
    workers: int | None = None
    ray_address: str | None = None
    batch_size: int = 8
    gpus_per_worker: float = 0.0
    worker: SummarizeWorkerFactory = field(default_factory=SummarizeWorkerFactory)
    progress: bool = True


@dataclass
class BatchReport:
    items: int = 0
    already_done: int = 0
    summarized: int = 0
    errors: int = 0
    seconds: float = 0.0
    engine: str = "local"
    nodes: set[str] = field(default_factory=set)

    def summary(self, output: Path) -> str:
        ran = self.summarized + self.errors
        rate = ran / self.seconds if self.seconds > 0 else 0.0
        text = (
            f"{self.items:,} items: {self.summarized:,} summarized, {self.errors:,} errors, "
            f"{self.already_done:,} already in {output}; {ran:,} in {self.seconds:.1f} s "
            f"({rate:,.1f}/s)"
        )
        if self.engine == "ray":
            text += f" on {len(self.nodes)} Ray node{'s' if len(self.nodes) != 1 else ''}"
        return text


def _engine(config: BatchConfig, payloads: list[dict[str, Any]]) -> Any:
    if config.engine == "ray":
        options = RayOptions(
            address=config.ray_address,
            workers=config.workers,
            batch_size=config.batch_size,
            gpus_per_worker=config.gpus_per_worker,
        )
        return run_ray(config.worker, payloads, options)
    import os

    # A model per process: extractive uses every core, a model method one process unless
    # told otherwise (each worker would hold its own copy of the weights).
    default = (os.cpu_count() or 1) if config.worker.method == "extractive" else 1
    return run_local(config.worker, payloads, config.workers or default)


def run_batch(config: BatchConfig, stream: TextIO | None = None) -> BatchReport:
    """Summarize every item of ``config.input`` not yet in ``config.output``."""
    if config.engine not in ENGINES:
        raise BatchError(f"--engine must be one of {', '.join(ENGINES)}, got {config.engine!r}.")
    if config.ray_address and config.engine != "ray":
        raise BatchError("--ray-address needs --engine ray.")
    stream = stream or sys.stderr
    report = BatchReport(engine=config.engine)
    log = OutputLog(config.output)
    started = time.monotonic()
    try:
        items = list(read_items(config.input))
        if not items:
            raise BatchError(f"{config.input} holds no items (it is empty).")
        report.items = len(items)
        pending: list[Item] = []
        for item in items:
            if item.key in log.done:
                report.already_done += 1
            elif item.error is not None:  # an input problem: recorded, never run
                log.append(item.key, output_record(item, item.error))
                report.errors += 1
            else:
                pending.append(item)
        progress = Progress(len(pending), "clusters", stream, enabled=config.progress)
        results = _engine(config, [i.payload() for i in pending]) if pending else ()
        for index, line, node in results:
            log.append_line(pending[index].key, line)
            report.nodes.add(node)
            if '"error":' in line:  # JSON escapes quotes in text, so only a key matches
                report.errors += 1
            else:
                report.summarized += 1
            progress.advance()
        if pending:
            progress.close()
    finally:
        report.seconds = time.monotonic() - started
        log.close()
    return report
