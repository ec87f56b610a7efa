"""Predictions of one system for a run: in this process, a process pool, or Ray actors.

Every record is appended to the system's :class:`~summarizer_eval.runfolder.PredictionLog`
as it completes, so a killed run resumes where it stopped. An item the summarizer refuses
(e.g. empty) is recorded with its error and scored as an empty summary; a model that cannot
load stops the system (the runner records it as skipped).
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer_eval.datasets import ClusterItem
from summarizer_eval.runfolder import PredictionLog
from summarizer_eval.systems import System, create_system

from summarizer.errors import ModelUnavailableError, SummarizerError

_WORKER: dict[str, Any] = {}


def _init_predict_worker(
    name: str, options: dict[str, Any], mode: str, budgets: dict[str, int]
) -> None:
    _WORKER.update(system=create_system(name, options), mode=mode, budgets=budgets)


def _predict(
    system: System, item: ClusterItem, mode: str, budgets: dict[str, int]
) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        predictions = system.predict(item, mode, budgets[item.id])
        error = None
    except ModelUnavailableError:
        raise
    except SummarizerError as exc:  # bad item (e.g. empty): scored as an empty summary
        predictions, error = [], str(exc)
    record = {"id": item.id, "predictions": predictions, "seconds": time.perf_counter() - started}
    if error:
        record["error"] = error
    return record


def _predict_batches(
    system: System, items: Sequence[ClusterItem], mode: str, budgets: dict[str, int]
) -> Iterator[dict[str, Any]]:
    """Records for ``items``, ``system.batch_items`` per call (batched generation).

    A batch holding an item the summarizer refuses (e.g. empty) is redone one item at a
    time, so that item alone is recorded with its error.
    """
    size = max(1, system.batch_items)
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        started = time.perf_counter()
        try:
            predictions = system.predict_many(chunk, mode, budgets)
        except ModelUnavailableError:
            raise
        except SummarizerError:
            yield from (_predict(system, item, mode, budgets) for item in chunk)
            continue
        seconds = (time.perf_counter() - started) / len(chunk)
        for item, predicted in zip(chunk, predictions, strict=True):
            yield {"id": item.id, "predictions": predicted, "seconds": seconds}


def _predict_in_worker(item: ClusterItem) -> dict[str, Any]:
    return _predict(_WORKER["system"], item, _WORKER["mode"], _WORKER["budgets"])


def _progress(
    iterable: Iterable[Any], total: int, initial: int, label: str, show: bool
) -> Iterator[Any]:
    if not show:
        yield from iterable
        return
    from tqdm import tqdm

    with tqdm(total=total, initial=initial, desc=label, unit="item", file=sys.stderr) as bar:
        for value in iterable:
            yield value
            bar.update(1)


@dataclass(frozen=True)
class PredictWorkerFactory:
    """Picklable recipe for ``--engine ray``: each Ray actor builds (loads) the system once."""

    name: str
    options: dict[str, Any]
    mode: str
    budgets: dict[str, int]

    def __call__(self) -> Callable[[ClusterItem], str]:
        system = create_system(self.name, self.options)
        system.load()
        return lambda item: json.dumps(
            _predict(system, item, self.mode, self.budgets), ensure_ascii=False
        )


@dataclass(frozen=True)
class Predictor:
    """How every system of a run predicts: options, mode, budgets and where the work runs."""

    options: dict[str, Any]
    mode: str
    budgets: dict[str, int]
    jobs: int = 1
    progress: bool = False
    engine: str = "local"
    ray_address: str | None = None

    def generate(
        self, name: str, system: System, log: PredictionLog, items: Sequence[ClusterItem]
    ) -> None:
        """Predict every item not yet in the log, appending each as it completes."""
        pending = [item for item in items if item.id not in log.done]
        if not pending:
            return
        for record in _progress(
            self._records(name, system, pending),
            len(items),
            len(items) - len(pending),
            name,
            self.progress,
        ):
            log.append(record)

    def _records(
        self, name: str, system: System, pending: Sequence[ClusterItem]
    ) -> Iterator[dict[str, Any]]:
        if self.engine == "ray":  # Ray Data actors, as `summarizer batch --engine ray` does
            from summarizer_service.engines import RayOptions, run_ray

            factory = PredictWorkerFactory(name, self.options, self.mode, self.budgets)
            for _, line, _ in run_ray(factory, pending, RayOptions(address=self.ray_address)):
                yield json.loads(line)
            return
        if system.uses_model or self.jobs <= 1 or len(pending) < 4:
            yield from _predict_batches(system, pending, self.mode, self.budgets)
            return
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        setup = (name, self.options, self.mode, self.budgets)
        with context.Pool(self.jobs, _init_predict_worker, setup) as pool:
            yield from pool.imap_unordered(_predict_in_worker, pending)
