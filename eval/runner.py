"""A resumable evaluation run: predictions, scores, bootstrap, :class:`RunResults`.

The run folder (settings check, prediction logs, atomic writes) is
:mod:`summarizer_eval.runfolder`; predicting is :mod:`summarizer_eval.predict`. A rerun
with the same settings skips finished items; a folder made with other settings is refused,
never mixed. ``--limit`` is not part of the settings: a longer run extends a shorter one,
because the budget is computed on the whole corpus. The settings stored and compared for a
system are the ones it reports (``System.settings()``: for the project's methods, every
resolved option and the model file's hash), not the options a user typed.
"""

from __future__ import annotations

import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from summarizer_eval.bootstrap import DEFAULT_SAMPLES, DEFAULT_SEED
from summarizer_eval.datasets import ClusterItem, Dataset, load_dataset
from summarizer_eval.errors import EvalError
from summarizer_eval.predict import Predictor
from summarizer_eval.results import Comparison, RunResults, SystemResult, UnitScore
from summarizer_eval.rouge import Scorer, Scores
from summarizer_eval.runfolder import PredictionLog, atomic_write, check_run_folder
from summarizer_eval.systems import BUDGET_RULES, LEAVE_ONE_OUT, MODES, create_system
from summarizer_eval.tokenizers import package_version

import summarizer
from summarizer.errors import ModelUnavailableError
from summarizer.tokenize import count_syllables

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
    """Python's version and those of the packages behind the numbers."""
    others = ("rouge-score", "sumy", "numpy", "pyvi", "underthesea", "transformers")
    return {
        "python": platform.python_version(),
        "vn-cluster-summarizer": summarizer.__version__,
        **{package: package_version(package) for package in others},
    }


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
) -> RunResults:
    """Predict (resuming), score, bootstrap and write results.json; returns the results."""
    if not systems:
        raise EvalError("No systems to evaluate.")
    dataset = load_dataset(config.dataset)
    items = dataset.items[:limit] if limit else dataset.items
    budgets = compute_budgets(dataset, items, config.mode, config.budget)
    units = units_of(items, config.mode)
    scorer = Scorer(config.tokenizer, config.aggregate)  # an unknown tokenizer fails here
    if not units:
        raise EvalError(f"{dataset.spec}: no item has references for {config.mode} mode.")
    # ViT5 options are the vit5 system's own settings (its predictions header), not the run's.
    settings = {
        **{k: v for k, v in asdict(config).items() if k != "vit5"},
        "dataset": dataset.spec,
        "dataset_sha1": dataset.fingerprint(),
        # Corpus-level figure, independent of --limit, so a longer rerun can resume.
        "budget_syllables": compute_budget(dataset, config.mode, config.budget),
    }
    check_run_folder(out, settings)
    predictor = Predictor(
        config.system_options(), config.mode, budgets, jobs, progress, engine, ray_address
    )
    records, skipped = _predict_systems(systems, config, predictor, items, out)
    per_unit = _score_systems(records, units, scorer, jobs)
    results = _results(per_unit, units, config, settings, scorer, budgets, skipped, compare_to)
    atomic_write(out / "results.json", results.to_json())
    return results


def _predict_systems(
    systems: Sequence[str],
    config: RunConfig,
    predictor: Predictor,
    items: Sequence[ClusterItem],
    out: Path,
) -> tuple[dict[str, dict[str, dict[str, Any]]], dict[str, str]]:
    """Each system's prediction records by item id, and the systems skipped with why."""
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
            log = PredictionLog(out / "predictions" / f"{name}.jsonl", name, system.settings())
            predictor.generate(name, system, log, items)
        except ModelUnavailableError as exc:
            skipped[name] = str(exc)
            continue
        records[name] = log.done
    return records, skipped


def _score_systems(
    records: dict[str, dict[str, dict[str, Any]]],
    units: list[tuple[ClusterItem, int, Unit]],
    scorer: Scorer,
    jobs: int,
) -> dict[str, list[UnitScore]]:
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
    scores = scorer.score_many(pairs, jobs)
    grouped: dict[tuple[str, int], list[Scores]] = {}
    texts: dict[tuple[str, int], str] = {}
    for (name, position), (text, _), score in zip(owners, pairs, scores, strict=True):
        grouped.setdefault((name, position), []).append(score)
        texts.setdefault((name, position), text)
    result: dict[str, list[UnitScore]] = {name: [] for name in records}
    for (name, position), group in grouped.items():
        item, _, unit = units[position]
        error = records[name][item.id].get("error")
        syllables = count_syllables(texts[(name, position)])
        result[name].append(UnitScore.averaged(unit.id, syllables, error, group))
    return result


def _results(
    per_unit: dict[str, list[UnitScore]],
    units: list[tuple[ClusterItem, int, Unit]],
    config: RunConfig,
    settings: dict[str, Any],
    scorer: Scorer,
    budgets: dict[str, int],
    skipped: dict[str, str],
    compare_to: str | None,
) -> RunResults:
    nrefs_seen = {len(u.references) for _, _, u in units}
    budget = round(statistics.fmean(budgets.values())) if budgets else 0
    signature = scorer.signature(
        nrefs_seen.pop() if len(nrefs_seen) == 1 else "var",
        mode=config.mode,
        budget=f"{budget}syl-{config.budget}",
        ci=f"bootstrap{config.bootstrap_samples}-seed{config.seed}",
        baselines=f"{config.baseline_input}-{config.budget_rule}",
    )
    systems = {
        name: SystemResult.from_units(
            rows,
            "leave-one-out over references" if name in LEAVE_ONE_OUT else None,
            config.bootstrap_samples,
            config.seed,
        )
        for name, rows in per_unit.items()
        if rows
    }
    rule = (
        "baselines: whole sentences until the budget is reached (the last may cross it)"
        if config.budget_rule == "reach"
        else "baselines: whole sentences that fit, never over the budget"
    )
    return RunResults(
        signature=signature,
        versions=versions(),
        config=settings,
        budget_syllables=budget,
        budget_rule=rule + "; summarizer methods: max_words=budget (never over)",
        units=len(units),
        systems=systems,
        skipped=skipped,
        paired_bootstrap=_paired(per_unit, config, compare_to),
        per_unit=per_unit,
    )


def _paired(
    per_unit: dict[str, list[UnitScore]], config: RunConfig, compare_to: str | None
) -> list[Comparison]:
    """Paired bootstrap of the reference system against every other one on shared units."""
    names = [n for n in per_unit if per_unit[n]]
    if not names:
        return []
    base = compare_to or names[0]
    if base not in per_unit:
        raise EvalError(f"--compare-to {base!r} is not among the evaluated systems.")
    base_rows = {r.id: r for r in per_unit[base]}
    comparisons = []
    for other in names:
        if other == base:
            continue
        shared = [(base_rows[r.id], r) for r in per_unit[other] if r.id in base_rows]
        if len(shared) < 2:
            continue
        comparisons.append(
            Comparison.of(base, other, shared, config.bootstrap_samples, config.seed)
        )
    return comparisons
