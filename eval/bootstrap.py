"""Bootstrap confidence intervals and the paired bootstrap test over evaluated items.

Items (clusters or articles) are resampled with replacement; the seed is fixed so a rerun
prints the same interval. Percentile intervals, as in Koehn (2004) and sacrebleu.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from summarizer_eval.errors import ScoreInputError
from summarizer_eval.records import Record

DEFAULT_SAMPLES = 1000
DEFAULT_SEED = 12345


@dataclass(frozen=True)
class Interval(Record):
    """A mean with its percentile bootstrap interval."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class PairedResult(Record):
    """Mean difference first − second, its interval, and a two-sided p-value."""

    delta: float
    low: float
    high: float
    p_value: float


def _resampled_means(values: np.ndarray, samples: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    indices = rng.integers(0, len(values), size=(samples, len(values)))
    return values[indices].mean(axis=1)


def _as_array(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or len(array) == 0:
        raise ScoreInputError("The bootstrap needs a non-empty list of per-item scores.")
    return array


def bootstrap_ci(
    values: Sequence[float],
    confidence: float = 0.95,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> Interval:
    """Mean of per-item scores with a percentile bootstrap interval."""
    array = _as_array(values)
    means = _resampled_means(array, samples, seed)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Interval(float(array.mean()), float(low), float(high))


def paired_bootstrap(
    first: Sequence[float],
    second: Sequence[float],
    confidence: float = 0.95,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
) -> PairedResult:
    """Paired bootstrap test on the same items: is ``first`` better than ``second``?

    The p-value is two-sided: twice the share of resamples whose mean difference falls on
    the other side of zero from the observed one (capped at 1).
    """
    a, b = _as_array(first), _as_array(second)
    if len(a) != len(b):
        raise ScoreInputError(
            f"A paired test needs scores of the same items: got {len(a)} and {len(b)} scores."
        )
    differences = a - b
    means = _resampled_means(differences, samples, seed)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    observed = float(differences.mean())
    other_side = float(np.mean(means <= 0) if observed >= 0 else np.mean(means >= 0))
    p_value = 1.0 if observed == 0 else min(1.0, 2 * other_side)
    return PairedResult(observed, float(low), float(high), p_value)
