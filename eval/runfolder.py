"""A run folder on disk: atomic writes, the append-only prediction logs, the settings check.

Layout::

    run.json                    settings that change the numbers (+ their hash)
    predictions/<system>.jsonl  header line with the system's settings, then one line per
                                item as it completes (flushed and fsynced)
    results.json                :class:`summarizer_eval.results.RunResults`
    report.md, chart.png

A folder made with other settings, or a log whose system ran with other settings, is
refused through :func:`summarizer_eval.comparable.check_comparable`, naming each setting.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from summarizer_eval.comparable import check_comparable
from summarizer_eval.errors import EvalError, RunConfigMismatchError

RUN_FILE = "run.json"


def atomic_write(path: Path, text: str) -> None:
    """Write via a temp file + os.replace: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _hash(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _as_json(data: Any) -> Any:
    """``data`` as it reads back from JSON (tuples become lists), to compare like with like."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def check_run_folder(out: Path, settings: dict[str, Any]) -> None:
    """Create the run folder for these settings, or refuse one made with other settings."""
    run_file = out / RUN_FILE
    if run_file.exists():
        try:
            previous = json.loads(run_file.read_text(encoding="utf-8"))["settings"]
        except (ValueError, KeyError, TypeError):
            raise RunConfigMismatchError(
                f"{run_file} is not a run file of this harness; use another --out folder."
            ) from None
        check_comparable(
            previous,
            _as_json(settings),
            f"{out} holds a run with other settings",
            "use another --out folder or delete this one",
            RunConfigMismatchError,
        )
        return
    if out.exists() and any(out.iterdir()):
        raise RunConfigMismatchError(
            f"{out} is not empty and holds no {RUN_FILE}; use another --out folder."
        )
    atomic_write(
        run_file,
        json.dumps({"settings": settings, "hash": _hash(settings)}, indent=2, ensure_ascii=False),
    )


class PredictionLog:
    """Append-only JSONL of one system's predictions; survives being killed mid-write."""

    def __init__(self, path: Path, system: str, settings: dict[str, Any]) -> None:
        self.path = path
        self.done: dict[str, dict[str, Any]] = {}
        header = {"system": system, "settings": settings}
        if path.exists():
            self._read(header)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as out:
                out.write(json.dumps(header, ensure_ascii=False) + "\n")

    def _read(self, header: dict[str, Any]) -> None:
        raw = self.path.read_bytes()
        complete = raw[: raw.rfind(b"\n") + 1]
        if len(complete) < len(raw):  # killed while writing the last line: drop it
            with self.path.open("r+b") as out:
                out.truncate(len(complete))
        lines = complete.decode("utf-8").splitlines()
        try:
            records = [json.loads(line) for line in lines]
        except json.JSONDecodeError as exc:
            raise EvalError(
                f"{self.path} is corrupt ({exc.msg}); delete it to rerun this system."
            ) from None
        if len(records) <= 1:  # no prediction yet (e.g. its model was missing): nothing to mix
            self.path.write_text(json.dumps(header, ensure_ascii=False) + "\n", encoding="utf-8")
            return
        found = records[0] if isinstance(records[0], dict) else {}
        check_comparable(
            {"system": found.get("system"), **(found.get("settings") or {})},
            _as_json({"system": header["system"], **header["settings"]}),
            f"{self.path} holds predictions made with other settings of {header['system']}",
            "use another --out folder",
            RunConfigMismatchError,
        )
        self.done = {r["id"]: r for r in records[1:]}

    def append(self, record: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        self.done[record["id"]] = record
