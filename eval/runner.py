"""A resumable evaluation run: predictions appended per item, scores, bootstrap, outputs.

Run folder layout::

    run.json                    settings that change the numbers (+ their hash)
    predictions/<system>.jsonl  header line with the system's settings, then one line per
                                item as it completes (flushed and fsynced)
    results.json                signature, versions, config, per-item scores, means, CIs
    report.md, chart.png

A rerun with the same settings skips finished items (a run killed mid-way loses at most the
item in flight; a half-written last line is dropped). A folder made with other settings is
refused, never mixed. ``--limit`` is not part of the settings: a longer run extends a
shorter one, because the budget is computed on the whole corpus.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summarizer_eval.bootstrap import DEFAULT_SAMPLES, DEFAULT_SEED, bootstrap_ci, paired_bootstrap
from summarizer_eval.datasets import ClusterItem, Dataset, load_dataset
from summarizer_eval.errors import EvalError, RunConfigMismatchError
from summarizer_eval.rouge import ROUGE_TYPES, Scorer, signature
from summarizer_eval.systems import (
    BUDGET_RULES,
    LEAVE_ONE_OUT,
    MODES,
    System,
    create_system,
)

from summarizer.errors import ModelUnavailableError, SummarizerError
from summarizer.tokenize import count_syllables

RUN_FILE = "run.json"
# mean-ref: one budget, the mean reference length over the corpus; item-ref: each item's
# own mean reference length (the cluster's two references, an article's abstract).
BUDGETS = ("mean-ref", "item-ref")


@dataclass
class RunConfig:
    """Every setting that changes a number. ``limit``/``jobs`` are not among them."""

    dataset: str
    mode: str = "merged"
    budget: str = "mean-ref"
    tokenizer: str = "syllable"
    aggregate: str = "mean"
    baseline_input: str = "prepared"
    budget_rule: str = "within"
    bootstrap_samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    vit5: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise EvalError(f"Unknown mode {self.mode!r}; choose one of: {', '.join(MODES)}.")
        if self.budget not in BUDGETS and not (self.budget.isdigit() and int(self.budget) > 0):
            raise EvalError(
                "Budget must be 'mean-ref', 'item-ref' or a positive number of syllables, "
                f"got {self.budget!r}."
            )
        if self.budget_rule not in BUDGET_RULES:
            raise EvalError(
                f"Unknown budget rule {self.budget_rule!r}; choose one of: "
                f"{', '.join(BUDGET_RULES)}."
            )

    def system_options(self) -> dict[str, Any]:
        return {
            "baseline_input": self.baseline_input,
            "budget_rule": self.budget_rule,
            "vit5": self.vit5,
        }


@dataclass
class Unit:
    """What one score is computed on: a cluster (merged) or an article (per-article)."""

    id: str
    references: list[str]


# ------------------------------------------------------------------ files


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
    return hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[
        :16
    ]


def _differences(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = [k for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]
    return "; ".join(f"{k}: {old.get(k)!r} before, {new.get(k)!r} now" for k in keys)


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
        if previous != settings:
            raise RunConfigMismatchError(
                f"{out} holds a run with other settings ({_differences(previous, settings)}); "
                "use another --out folder or delete this one."
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
        if records[0] != json.loads(json.dumps(header)):
            found = records[0].get("settings") if records else None
            raise RunConfigMismatchError(
                f"{self.path} holds predictions made with other settings of {header['system']} "
                f"({found!r} before, {header['settings']!r} now); use another --out folder."
            )
        self.done = {r["id"]: r for r in records[1:]}

    def append(self, record: dict[str, Any]) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        self.done[record["id"]] = record


# ------------------------------------------------------------------ predictions


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


def _predict_on_ray(
    name: str, pending: Sequence[ClusterItem], config: RunConfig, budgets: dict[str, int],
    ray_address: str | None,
) -> Iterator[dict[str, Any]]:
    """Records computed by Ray Data actors, as ``summarizer batch --engine ray`` does."""
    from summarizer_service.engines import RayOptions, run_ray

    factory = PredictWorkerFactory(name, config.system_options(), config.mode, budgets)
    for _, line, _ in run_ray(factory, pending, RayOptions(address=ray_address)):
        yield json.loads(line)


def generate(
    name: str,
    system: System,
    log: PredictionLog,
    items: Sequence[ClusterItem],
    config: RunConfig,
    budgets: dict[str, int],
    jobs: int,
    progress: bool,
    engine: str = "local",
    ray_address: str | None = None,
) -> None:
    """Predict every item not yet in the log, appending each as it completes."""
    pending = [item for item in items if item.id not in log.done]
    if not pending:
        return
    total, initial = len(items), len(items) - len(pending)
    if engine == "ray":
        records = _predict_on_ray(name, pending, config, budgets, ray_address)
        for record in _progress(records, total, initial, name, progress):
            log.append(record)
        return
    if system.uses_model or jobs <= 1 or len(pending) < 4:
        stream: Iterable[dict[str, Any]] = _predict_batches(
            system, pending, config.mode, budgets
        )
        for record in _progress(stream, total, initial, name, progress):
            log.append(record)
        return
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(
        jobs, _init_predict_worker, (name, config.system_options(), config.mode, budgets)
    ) as pool:
        stream = pool.imap_unordered(_predict_in_worker, pending)
        for record in _progress(stream, total, initial, name, progress):
            log.append(record)


# ------------------------------------------------------------------ scoring


_SCORER: dict[str, Scorer] = {}


def _init_score_worker(tokenizer: str, aggregate: str) -> None:
    _SCORER["scorer"] = Scorer(tokenizer, aggregate)


def _score_chunk(pairs: Sequence[tuple[str, list[str]]]) -> list[dict[str, dict[str, float]]]:
    scorer = _SCORER["scorer"]
    return [scorer.score(prediction, references) for prediction, references in pairs]


def score_pairs(
    pairs: Sequence[tuple[str, list[str]]],
    tokenizer: str = "syllable",
    aggregate: str = "mean",
    jobs: int = 1,
) -> list[dict[str, dict[str, float]]]:
    """ROUGE of many (prediction, references) pairs, split over ``jobs`` processes."""
    if jobs <= 1 or len(pairs) < 64:
        _init_score_worker(tokenizer, aggregate)
        return _score_chunk(pairs)
    size = max(16, len(pairs) // (jobs * 8))
    chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(jobs, _init_score_worker, (tokenizer, aggregate)) as pool:
        return [score for chunk in pool.map(_score_chunk, chunks) for score in chunk]


def _mean_scores(scores: Sequence[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    return {
        t: {m: statistics.fmean(s[t][m] for s in scores) for m in ("precision", "recall", "f1")}
        for t in ROUGE_TYPES
    }


def units_of(items: Sequence[ClusterItem], mode: str) -> list[tuple[ClusterItem, int, Unit]]:
    """Scorable units: clusters with references, or articles with their own reference."""
    units = []
    for item in items:
        if mode == "merged":
            if item.references:
                units.append((item, 0, Unit(item.id, item.references)))
            continue
        for index, (name, refs) in enumerate(zip(item.names, item.article_references, strict=True)):
            if refs:
                units.append((item, index, Unit(f"{item.id}/{name}", refs)))
    return units


def _references(item: ClusterItem, mode: str) -> list[str]:
    if mode == "merged":
        return list(item.references)
    return [r for refs in item.article_references for r in refs]


def compute_budget(dataset: Dataset, mode: str, budget: str) -> int:
    """The length budget in syllables: fixed, or the mean reference length on the corpus."""
    if budget.isdigit():
        return int(budget)
    refs = [r for item in dataset.items for r in _references(item, mode)]
    if not refs:
        raise EvalError(f"{dataset.spec} has no references for {mode} mode; nothing can be scored.")
    return round(statistics.fmean(count_syllables(r) for r in refs))


def compute_budgets(
    dataset: Dataset, items: Sequence[ClusterItem], mode: str, budget: str
) -> dict[str, int]:
    """Budget per item id; ``item-ref`` uses each item's own references (corpus mean if none)."""
    corpus = compute_budget(dataset, mode, budget)
    if budget != "item-ref":
        return {item.id: corpus for item in items}
    budgets = {}
    for item in items:
        refs = _references(item, mode)
        budgets[item.id] = (
            round(statistics.fmean(count_syllables(r) for r in refs)) if refs else corpus
        )
    return budgets


# ------------------------------------------------------------------ the run


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in (
        "vn-cluster-summarizer",
        "rouge-score",
        "sumy",
        "numpy",
        "pyvi",
        "underthesea",
        "transformers",
    ):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "absent"
    return found


@dataclass
class RunResult:
    path: Path
    results: dict[str, Any]


def run_evaluation(
    config: RunConfig,
    systems: Sequence[str],
    out: Path,
    limit: int | None = None,
    jobs: int = 1,
    progress: bool = False,
    compare_to: str | None = None,
    engine: str = "local",
    ray_address: str | None = None,
) -> RunResult:
    """Predict (resuming), score, bootstrap and write results.json; returns the results."""
    if not systems:
        raise EvalError("No systems to evaluate.")
    dataset = load_dataset(config.dataset)
    items = dataset.items[:limit] if limit else dataset.items
    budgets = compute_budgets(dataset, items, config.mode, config.budget)
    budget = round(statistics.fmean(budgets.values())) if budgets else 0
    units = units_of(items, config.mode)
    if not units:
        raise EvalError(f"{dataset.spec}: no item has references for {config.mode} mode.")
    nrefs_seen = {len(u.references) for _, _, u in units}
    nrefs: int | str = nrefs_seen.pop() if len(nrefs_seen) == 1 else "var"
    # ViT5 options are the vit5 system's own settings (its predictions header), not the run's.
    settings = {
        **{k: v for k, v in asdict(config).items() if k != "vit5"},
        "dataset": dataset.spec,
        "dataset_sha1": dataset.fingerprint(),
        # Corpus-level figure, independent of --limit, so a longer rerun can resume.
        "budget_syllables": compute_budget(dataset, config.mode, config.budget),
    }
    check_run_folder(out, settings)

    skipped: dict[str, str] = {}
    records: dict[str, dict[str, dict[str, Any]]] = {}
    for name in systems:
        if name in LEAVE_ONE_OUT and config.mode != "merged":
            skipped[name] = (
                f"{name} is a merged-mode system (references scored against each other)."
            )
            continue
        system = create_system(name, config.system_options())
        try:
            system.load()
            system_settings = system.settings()
        except ModelUnavailableError as exc:
            skipped[name] = str(exc)
            continue
        log = PredictionLog(out / "predictions" / f"{name}.jsonl", name, system_settings)
        try:
            generate(
                name, system, log, items, config, budgets, jobs, progress, engine, ray_address
            )
        except ModelUnavailableError as exc:
            skipped[name] = str(exc)
            continue
        records[name] = log.done

    scored = _score_systems(records, units, config, jobs)
    results = _summarise(scored, units, config, settings, nrefs, budget, skipped, compare_to)
    atomic_write(out / "results.json", json.dumps(results, indent=1, ensure_ascii=False))
    return RunResult(out, results)


def _score_systems(
    records: dict[str, dict[str, dict[str, Any]]],
    units: list[tuple[ClusterItem, int, Unit]],
    config: RunConfig,
    jobs: int,
) -> dict[str, list[dict[str, Any]]]:
    """Per-unit scores of every system; leave-one-out systems average over their pairs."""
    pairs: list[tuple[str, list[str]]] = []
    owners: list[tuple[str, int]] = []
    for name, done in records.items():
        for position, (item, index, unit) in enumerate(units):
            predictions = done[item.id].get("predictions") or []
            if name in LEAVE_ONE_OUT:
                refs = unit.references
                for i in range(len(refs) if len(refs) > 1 else 0):
                    pairs.append((refs[i], refs[:i] + refs[i + 1 :]))
                    owners.append((name, position))
                continue
            text = predictions[index] if index < len(predictions) else ""
            pairs.append((text, unit.references))
            owners.append((name, position))
    scores = score_pairs(pairs, config.tokenizer, config.aggregate, jobs)
    grouped: dict[tuple[str, int], list[dict[str, dict[str, float]]]] = {}
    texts: dict[tuple[str, int], str] = {}
    for (name, position), (text, _), score in zip(owners, pairs, scores, strict=True):
        grouped.setdefault((name, position), []).append(score)
        texts.setdefault((name, position), text)
    result: dict[str, list[dict[str, Any]]] = {name: [] for name in records}
    for (name, position), group in grouped.items():
        unit = units[position][2]
        result[name].append(
            {
                "id": unit.id,
                "syllables": count_syllables(texts[(name, position)]),
                "error": records[name][units[position][0].id].get("error"),
                **_mean_scores(group),
            }
        )
    return result


def _summarise(
    scored: dict[str, list[dict[str, Any]]],
    units: list[tuple[ClusterItem, int, Unit]],
    config: RunConfig,
    settings: dict[str, Any],
    nrefs: int | str,
    budget: int,
    skipped: dict[str, str],
    compare_to: str | None,
) -> dict[str, Any]:
    sig = signature(
        config.tokenizer,
        config.aggregate,
        nrefs,
        mode=config.mode,
        budget=f"{budget}syl-{config.budget}",
        ci=f"bootstrap{config.bootstrap_samples}-seed{config.seed}",
        baselines=f"{config.baseline_input}-{config.budget_rule}",
    )
    systems: dict[str, Any] = {}
    for name, rows in scored.items():
        if not rows:
            continue
        systems[name] = {
            "units": len(rows),
            "errors": sum(1 for r in rows if r["error"]),
            "mean_syllables": statistics.fmean(r["syllables"] for r in rows),
            "settings_note": "leave-one-out over references" if name in LEAVE_ONE_OUT else None,
            "scores": {
                t: {
                    "precision": statistics.fmean(r[t]["precision"] for r in rows),
                    "recall": statistics.fmean(r[t]["recall"] for r in rows),
                    "f1": bootstrap_ci(
                        [r[t]["f1"] for r in rows],
                        samples=config.bootstrap_samples,
                        seed=config.seed,
                    ).to_dict(),
                }
                for t in ROUGE_TYPES
            },
        }
    comparisons = _paired(scored, config, compare_to)
    return {
        "signature": sig,
        "versions": versions(),
        "config": settings,
        "budget_syllables": budget,
        "budget_rule": (
            "baselines: whole sentences until the budget is reached (the last may cross it)"
            if config.budget_rule == "reach"
            else "baselines: whole sentences that fit, never over the budget"
        )
        + "; summarizer methods: max_words=budget (never over)",
        "units": len(units),
        "systems": systems,
        "skipped": skipped,
        "paired_bootstrap": comparisons,
        "per_unit": scored,
    }


def _paired(
    scored: dict[str, list[dict[str, Any]]], config: RunConfig, compare_to: str | None
) -> list[dict[str, Any]]:
    """Paired bootstrap of the reference system against every other one on shared units."""
    names = [n for n in scored if scored[n]]
    if not names:
        return []
    base = compare_to or names[0]
    if base not in scored:
        raise EvalError(f"--compare-to {base!r} is not among the evaluated systems.")
    base_rows = {r["id"]: r for r in scored[base]}
    comparisons = []
    for other in names:
        if other == base:
            continue
        shared = [r for r in scored[other] if r["id"] in base_rows]
        if len(shared) < 2:
            continue
        entry: dict[str, Any] = {"first": base, "second": other, "units": len(shared)}
        for t in ROUGE_TYPES:
            entry[t] = paired_bootstrap(
                [base_rows[r["id"]][t]["f1"] for r in shared],
                [r[t]["f1"] for r in shared],
                samples=config.bootstrap_samples,
                seed=config.seed,
            ).to_dict()
        comparisons.append(entry)
    return comparisons
