"""A run's results as typed objects, and ``results.json``, their one layout on disk.

The runner builds :class:`RunResults`; the report, the tables and anyone reading an old run
(:meth:`RunResults.load`) work with the same objects, so the file's layout is written down
once, here. ``to_dict()`` gives exactly the JSON the harness has always written.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer_eval.bootstrap import Interval, PairedResult, bootstrap_ci, paired_bootstrap
from summarizer_eval.records import Record
from summarizer_eval.rouge import ROUGE_TYPES, RougeScore, Scores, scores_from_dict, scores_to_dict

METRICS = ("precision", "recall", "f1")


@dataclass(frozen=True)
class UnitScore:
    """One system's scores on one unit (a cluster, or an article in per-article mode)."""

    id: str
    syllables: int
    error: str | None
    scores: Scores

    @classmethod
    def averaged(
        cls, id: str, syllables: int, error: str | None, group: Sequence[Scores]
    ) -> UnitScore:
        """Scores averaged over a group (leave-one-out systems score several pairs a unit)."""
        scores = {
            t: RougeScore(*(statistics.fmean(getattr(s[t], m) for s in group) for m in METRICS))
            for t in ROUGE_TYPES
        }
        return cls(id, syllables, error, scores)

    def to_dict(self) -> dict[str, Any]:
        """The row of ``per_unit``: the scores sit beside id, length and error."""
        row: dict[str, Any] = {"id": self.id, "syllables": self.syllables, "error": self.error}
        return {**row, **scores_to_dict(self.scores)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UnitScore:
        return cls(data["id"], data["syllables"], data["error"], scores_from_dict(data))


@dataclass(frozen=True)
class SystemScore(Record):
    """One ROUGE type over every unit: mean precision and recall, F1 with its interval."""

    precision: float
    recall: float
    f1: Interval

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SystemScore:
        return cls(data["precision"], data["recall"], Interval.from_dict(data["f1"]))


@dataclass(frozen=True)
class SystemResult(Record):
    """A system's row of the table: its means, intervals and mean length."""

    units: int
    errors: int
    mean_syllables: float
    settings_note: str | None
    scores: dict[str, SystemScore]

    @classmethod
    def from_units(
        cls, rows: Sequence[UnitScore], note: str | None, samples: int, seed: int
    ) -> SystemResult:
        """Means over units, F1 with a bootstrap interval (``samples`` resamples, ``seed``)."""
        scores = {
            t: SystemScore(
                statistics.fmean(r.scores[t].precision for r in rows),
                statistics.fmean(r.scores[t].recall for r in rows),
                bootstrap_ci([r.scores[t].f1 for r in rows], samples=samples, seed=seed),
            )
            for t in ROUGE_TYPES
        }
        return cls(
            units=len(rows),
            errors=sum(1 for r in rows if r.error),
            mean_syllables=statistics.fmean(r.syllables for r in rows),
            settings_note=note,
            scores=scores,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SystemResult:
        return cls(
            units=data["units"],
            errors=data["errors"],
            mean_syllables=data["mean_syllables"],
            settings_note=data["settings_note"],
            scores={t: SystemScore.from_dict(s) for t, s in data["scores"].items()},
        )


@dataclass(frozen=True)
class Comparison:
    """Paired bootstrap of ``first`` − ``second`` on the units both were scored on."""

    first: str
    second: str
    units: int
    tests: dict[str, PairedResult]

    @classmethod
    def of(
        cls, first: str, second: str, pairs: Sequence[tuple[UnitScore, UnitScore]],
        samples: int, seed: int,
    ) -> Comparison:
        tests = {
            t: paired_bootstrap(
                [a.scores[t].f1 for a, _ in pairs],
                [b.scores[t].f1 for _, b in pairs],
                samples=samples,
                seed=seed,
            )
            for t in ROUGE_TYPES
        }
        return cls(first, second, len(pairs), tests)

    def to_dict(self) -> dict[str, Any]:
        tests = {t: r.to_dict() for t, r in self.tests.items()}
        return {"first": self.first, "second": self.second, "units": self.units, **tests}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comparison:
        tests = {t: PairedResult.from_dict(data[t]) for t in ROUGE_TYPES}
        return cls(data["first"], data["second"], data["units"], tests)


@dataclass(frozen=True)
class RunResults:
    """Everything a run found: ``results.json``, typed (fields in the file's order)."""

    signature: str
    versions: dict[str, str]
    config: dict[str, Any]
    budget_syllables: int
    budget_rule: str
    units: int
    systems: dict[str, SystemResult]
    skipped: dict[str, str]
    paired_bootstrap: list[Comparison]
    per_unit: dict[str, list[UnitScore]]

    @property
    def bootstrap_samples(self) -> int:
        return int(self.config["bootstrap_samples"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "versions": dict(self.versions),
            "config": dict(self.config),
            "budget_syllables": self.budget_syllables,
            "budget_rule": self.budget_rule,
            "units": self.units,
            "systems": {name: s.to_dict() for name, s in self.systems.items()},
            "skipped": dict(self.skipped),
            "paired_bootstrap": [c.to_dict() for c in self.paired_bootstrap],
            "per_unit": {
                name: [row.to_dict() for row in rows] for name, rows in self.per_unit.items()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunResults:
        return cls(
            signature=data["signature"],
            versions=dict(data["versions"]),
            config=dict(data["config"]),
            budget_syllables=data["budget_syllables"],
            budget_rule=data["budget_rule"],
            units=data["units"],
            systems={n: SystemResult.from_dict(s) for n, s in data["systems"].items()},
            skipped=dict(data["skipped"]),
            paired_bootstrap=[Comparison.from_dict(c) for c in data["paired_bootstrap"]],
            per_unit={
                n: [UnitScore.from_dict(r) for r in rows] for n, rows in data["per_unit"].items()
            },
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> RunResults:
        """A run's ``results.json``."""
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
