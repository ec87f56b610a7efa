"""Where batch work runs: processes on this machine, or actors on a Ray cluster (Ray Data).

Both engines take a *worker factory* (a picklable callable that builds a worker once per
process or actor, e.g. loading a model) and payloads, and yield ``(index, line, node)`` as
items finish, in any order. Only the calling process writes results, so what is on disk is
decided in one place (see :mod:`summarizer_service.batch_io`). An exception raised by a
worker (a model that cannot load) stops the run; per-item problems are the worker's to turn
into records.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import multiprocessing
import pickle
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from summarizer_service.batch_io import BatchError
from summarizer_service.errors import one_line

from summarizer.errors import SummarizerError

Worker = Callable[[Any], str]
WorkerFactory = Callable[[], Worker]
Result = tuple[int, str, str]

# Ray turns 127.0.0.1 and localhost into this machine's network address; a Ray started for
# one run on one machine uses another loopback address, so it never listens for, or sends,
# traffic beyond this machine.
LOCAL_RAY_NODE_IP = "127.0.0.2"

# ------------------------------------------------------------------ local processes

_LOCAL: dict[str, Any] = {}


def _init_local(factory: WorkerFactory) -> None:
    _LOCAL.clear()
    _LOCAL["factory"] = factory


def _run_chunk(chunk: list[tuple[int, Any]]) -> list[tuple[int, str]]:
    worker = _LOCAL.get("worker")
    if worker is None:  # built on first use, so a failure reaches the caller with its message
        worker = _LOCAL["worker"] = _LOCAL["factory"]()
    return [(index, worker(payload)) for index, payload in chunk]


def run_local(
    factory: WorkerFactory, payloads: Sequence[Any], workers: int = 1, chunk_size: int = 4
) -> Iterator[Result]:
    """``workers`` processes (1: this process), at most a few chunks in flight each."""
    host = socket.gethostname()
    if workers <= 1 or len(payloads) <= 1:
        worker = factory()
        for index, payload in enumerate(payloads):
            yield index, worker(payload), host
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    chunks = (
        [(i, payloads[i]) for i in range(start, min(start + chunk_size, len(payloads)))]
        for start in range(0, len(payloads), chunk_size)
    )
    try:
        with ProcessPoolExecutor(workers, context, _init_local, (factory,)) as pool:
            pending: set[Future[list[tuple[int, str]]]] = set()
            for chunk in chunks:
                pending.add(pool.submit(_run_chunk, chunk))
                if len(pending) >= workers * 3:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from _results(finished, host)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from _results(finished, host)
    except BrokenProcessPool:
        raise BatchError(
            "a worker process died (killed, or out of memory); finished items are kept, "
            "rerun to resume."
        ) from None


def _results(finished: set[Future[list[tuple[int, str]]]], host: str) -> Iterator[Result]:
    for future in finished:
        for index, line in future.result():
            yield index, line, host


# ------------------------------------------------------------------ Ray Data


@dataclass
class RayOptions:
    address: str | None = None  # None: start a local Ray for this run
    workers: int | None = None  # actors; default: one per CPU of the cluster
    batch_size: int = 8  # items per call of an actor
    cpus_per_worker: float = 1.0
    gpus_per_worker: float = 0.0


class _RayMapper:
    """A Ray Data actor: builds its worker (loads the model) once, then maps batches.

    ``factory`` is a class attribute of a subclass made per run (:func:`_mapper_for`), so it
    travels with the class and the actor has no constructor arguments to lose on restart.
    """

    factory: WorkerFactory

    def __init__(self) -> None:
        import ray

        self.worker: Worker | None = None
        self.node = ray.get_runtime_context().get_node_id()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        if self.worker is None:
            self.worker = self.factory()
        indices = [int(i) for i in batch["index"]]
        lines = [self.worker(pickle.loads(p)) for p in batch["payload"]]
        return {"index": indices, "line": lines, "node": [self.node] * len(indices)}


def _mapper_for(factory: WorkerFactory) -> type[_RayMapper]:
    name = type(factory).__name__.removesuffix("Factory") or "Worker"
    return type(name, (_RayMapper,), {"factory": factory})


def require_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise BatchError(
            "--engine ray needs Ray Data: install the `scale` extra: "
            "pip install 'vn-cluster-summarizer[scale]'."
        ) from None
    return ray


def _split_address(address: str) -> tuple[str, int] | None:
    if address == "auto" or "://" in address:
        return None
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise BatchError(f"--ray-address must be HOST:PORT (or auto), got {address!r}.")
    return host.strip("[]"), int(port)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(options: RayOptions) -> bool:
    """Join the cluster at ``options.address`` or start a local Ray; True if we started it."""
    ray = require_ray()
    quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    if ray.is_initialized():
        return False
    if options.address is None:
        ray.init(
            num_cpus=options.workers,
            include_dashboard=False,
            _node_ip_address=LOCAL_RAY_NODE_IP,
            **quiet,
        )
        return True
    target = _split_address(options.address)
    if target is not None:
        host = target[0]
        try:
            socket.create_connection(target, timeout=5).close()
        except OSError as exc:
            raise BatchError(
                f"no Ray cluster answers at {options.address} ({exc.strerror or exc}); start "
                "one with 'ray start --head', or leave out --ray-address to run on a local Ray."
            ) from None
        if _loopback(host):  # the cluster is on this machine: so is the driver's node
            quiet["_node_ip_address"] = host
    try:
        ray.init(address=options.address, **quiet)
    except Exception as exc:  # Ray raises ConnectionError, RuntimeError, auth errors...
        raise BatchError(
            f"cannot join the Ray cluster at {options.address}: {_first_line(exc)}"
        ) from None
    return True


def _first_line(exc: BaseException) -> str:
    return one_line(str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc), 300)


def _cause(exc: BaseException) -> SummarizerError | None:
    """Our own error inside Ray's wrappers (task errors, user code exceptions).

    Ray's wrappers may also *be* instances of the cause's class (with a traceback for a
    message), so the innermost plain SummarizerError wins.
    """
    found: SummarizerError | None = None
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, SummarizerError) and not type(current).__module__.startswith(
            "ray"
        ):
            found = current
        for attr in ("cause", "__cause__", "__context__"):
            nested = getattr(current, attr, None)
            if isinstance(nested, BaseException):
                stack.append(nested)
    return found


def run_ray(
    factory: WorkerFactory, payloads: Sequence[Any], options: RayOptions
) -> Iterator[Result]:
    """Map payloads over a pool of Ray Data actors; results stream back as batches finish."""
    ray = require_ray()
    started = connect(options)
    try:
        import ray.data

        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # ours is on stderr already
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        rows = [{"index": i, "payload": pickle.dumps(p)} for i, p in enumerate(payloads)]
        if not rows:
            return
        workers = options.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        workers = min(workers, len(rows))  # an actor without input would only load a model
        # Blocks are what Ray schedules and retries: small enough that a lost actor costs
        # little work, at least two per actor so none sits idle.
        per_block = options.batch_size * 4
        blocks = min(len(rows), max(workers * 2, math.ceil(len(rows) / per_block)))
        dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
            _mapper_for(factory),
            batch_size=options.batch_size,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=options.cpus_per_worker,
            num_gpus=options.gpus_per_worker or None,
        )
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                columns = batch["index"], batch["line"], batch["node"]
                for index, line, node in zip(*columns, strict=True):
                    yield int(index), str(line), str(node)
        except Exception as exc:
            cause = _cause(exc)
            if cause is not None:  # e.g. a model that cannot load on the cluster
                raise cause from None
            raise BatchError(
                f"the Ray job failed: {_first_line(exc)}; finished items are kept, rerun to "
                "resume."
            ) from None
    finally:
        if started:
            ray.shutdown()
