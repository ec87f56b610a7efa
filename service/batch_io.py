"""Batch input and output files: every input line accounted for, no id ever written twice.

Input: JSON lines ``{"id": str|int, "documents": [str, ...], "names": [str, ...]?}`` or a
Parquet file with those columns; other fields (a corpus's own metadata) are ignored. A line
that cannot be an item (not JSON, no id, a repeated id) still gets one output record,
``{"id": null, "line": N, "error": {...}}``, so the output says what became of every line.

Output: JSON lines, appended by a single writer (this process, holding an exclusive lock on
the file) and flushed to disk in small groups. A run that is killed leaves at most one
half-written last line, which the next run removes before it resumes; the records on disk
are the only truth about what is done, so a rerun skips exactly those and nothing is ever
written twice.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer_service.errors import error_body

from summarizer.errors import SummarizerError

try:  # POSIX advisory locks; elsewhere a second writer is not detected
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

PARQUET_MAGIC = b"PAR1"


class BatchError(SummarizerError):
    """A problem with the run as a whole (files, engine); the message is one line."""


@dataclass
class Item:
    """One input line: a cluster to summarize, or an input error to record as is."""

    line: int
    id: str | int | None
    documents: list[str] = field(default_factory=list)
    names: list[str] | None = None
    error: dict[str, Any] | None = None

    @property
    def key(self) -> str:
        """What marks this item done in the output: its id, or its line when it has none."""
        return record_key(self.id, self.line)

    def payload(self) -> dict[str, Any]:
        """What a worker needs (kept small: no error, no line)."""
        return {"id": self.id, "documents": self.documents, "names": self.names}


def record_key(item_id: Any, line: int | None) -> str:
    return json.dumps(item_id, ensure_ascii=False) if item_id is not None else f"line:{line}"


def _valid_id(value: Any) -> bool:
    return (isinstance(value, str) and value != "") or (
        isinstance(value, int) and not isinstance(value, bool)
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def parse_item(line: int, obj: Any) -> Item:
    """Validate one decoded record; a bad one becomes an Item carrying its error."""

    def bad(item_id: Any, message: str) -> Item:
        return Item(line, item_id, error=error_body("invalid_input", f"line {line}: {message}"))

    if not isinstance(obj, dict):
        return bad(None, f"expected a JSON object, got {type(obj).__name__}.")
    if "id" not in obj:
        return bad(None, "the record has no 'id'.")
    item_id = obj["id"]
    if not _valid_id(item_id):
        return bad(None, f"'id' must be a non-empty string or an integer, got {item_id!r:.60}.")
    documents = obj.get("documents")
    if not _strings(documents):
        return bad(item_id, "'documents' must be a list of article texts (strings).")
    names = obj.get("names")
    if names is not None and not _strings(names):
        return bad(item_id, "'names' must be a list of strings.")
    return Item(line, item_id, list(documents), list(names) if names is not None else None)


def _jsonl_records(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, decoded object or None, problem) for every non-blank line."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw.decode("utf-8")), None
            except UnicodeDecodeError:
                yield number, None, f"line {number} is not UTF-8 text."
            except json.JSONDecodeError as exc:
                problem = f"line {number} is not valid JSON ({exc.msg}, column {exc.colno})."
                yield number, None, problem


def _parquet_records(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError(
            f"{path} is Parquet, which needs pyarrow: install the `scale` extra: "
            "pip install 'vn-cluster-summarizer[scale]'."
        ) from None
    try:
        table = pq.ParquetFile(path)
        number = 0
        for batch in table.iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                number += 1
                yield number, row, None
    except (OSError, ValueError) as exc:
        raise BatchError(f"{path} cannot be read as Parquet: {exc}") from None


def read_items(path: Path) -> Iterator[Item]:
    """Every item of INPUT in order; duplicates of an earlier id become error items."""
    if not path.exists():
        raise BatchError(f"{path} does not exist.")
    if path.is_dir():
        raise BatchError(f"{path} is a folder; give a .jsonl or .parquet file.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise BatchError(f"cannot read {path}: {exc.strerror}.") from None
    records = _parquet_records(path) if magic == PARQUET_MAGIC else _jsonl_records(path)
    first_line: dict[str, int] = {}
    for number, obj, problem in records:
        if problem is not None:
            yield Item(number, None, error=error_body("invalid_input", problem))
            continue
        item = parse_item(number, obj)
        if item.id is not None:
            key = record_key(item.id, None)
            if key in first_line:
                message = (
                    f"line {number}: id {item.id!r} already appears on line {first_line[key]}; "
                    "this line was not summarized."
                )
                yield Item(number, None, error=error_body("duplicate_id", message))
                continue
            first_line[key] = number
        yield item


def output_record(item: Item, result: dict[str, Any]) -> dict[str, Any]:
    """``{"id", ...}`` plus ``"line"`` for records that have no id of their own."""
    head: dict[str, Any] = {"id": item.id}
    if item.id is None:
        head["line"] = item.line
    return {**head, **result}


class OutputLog:
    """The output JSONL: exclusive, append-only, flushed to disk in small groups."""

    def __init__(self, path: Path, sync_every: int = 256, sync_interval_s: float = 0.5) -> None:
        self.path = path
        self.sync_every = sync_every
        self.sync_interval_s = sync_interval_s
        self.done: set[str] = set()
        self._unsynced = 0
        self._synced_at = time.monotonic()
        if path.is_dir():
            raise BatchError(f"--out {path} is a folder; give a file name such as out.jsonl.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise BatchError(f"cannot write {path}: {exc.strerror}.") from None
        if fcntl is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self._fd)
                raise BatchError(
                    f"{path} is being written by another batch run; wait for it to end or "
                    "choose another --out."
                ) from None
        try:
            self._recover()
        except BaseException:
            self.close()
            raise

    def _recover(self) -> None:
        """Drop a half-written last line, then read which items are already done."""
        size = os.fstat(self._fd).st_size
        if size == 0:
            return
        data = os.pread(self._fd, size, 0)
        complete = data[: data.rfind(b"\n") + 1]
        if len(complete) < len(data):
            os.ftruncate(self._fd, len(complete))
            os.fsync(self._fd)
        for number, raw in enumerate(complete.splitlines(), start=1):
            try:
                record = json.loads(raw)
                key = record_key(record["id"], record.get("line"))
            except (ValueError, KeyError, TypeError):
                raise BatchError(
                    f"line {number} of {self.path} is not a batch record; choose another --out "
                    "(this file was not written by summarizer batch)."
                ) from None
            self.done.add(key)

    def append(self, key: str, record: dict[str, Any]) -> None:
        self.append_line(key, json.dumps(record, ensure_ascii=False))

    def append_line(self, key: str, line: str) -> None:
        """Write one JSON record (one write call, so a kill never splits two records)."""
        if key in self.done:  # defensive: an engine that delivered twice
            return
        data = (line + "\n").encode("utf-8")
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
        except OSError as exc:
            raise BatchError(
                f"cannot write {self.path}: {exc.strerror}; finished items are kept, rerun "
                "to resume."
            ) from None
        self.done.add(key)
        self._unsynced += 1
        now = time.monotonic()
        if self._unsynced >= self.sync_every or now - self._synced_at >= self.sync_interval_s:
            self.sync()

    def sync(self) -> None:
        if self._unsynced:
            os.fsync(self._fd)
            self._unsynced = 0
        self._synced_at = time.monotonic()

    def close(self) -> None:
        if self._fd < 0:
            return
        try:
            self.sync()
        finally:
            os.close(self._fd)  # also releases the lock
            self._fd = -1
