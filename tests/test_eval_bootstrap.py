"""Bootstrap intervals and the paired bootstrap test."""

from __future__ import annotations

import pytest
from summarizer_eval.bootstrap import bootstrap_ci, paired_bootstrap


def test_interval_brackets_the_mean_and_is_reproducible():
    values = [0.2, 0.4, 0.35, 0.5, 0.1, 0.45, 0.3, 0.25]
    interval = bootstrap_ci(values)
    assert interval.low < interval.mean < interval.high
    assert interval.mean == pytest.approx(sum(values) / len(values))
    assert bootstrap_ci(values) == interval  # fixed seed


def test_constant_scores_have_a_zero_width_interval():
    interval = bootstrap_ci([0.4] * 10)
    assert interval.low == interval.high == pytest.approx(0.4)


def test_a_clearly_better_system_is_significant_and_a_copy_is_not():
    better = [0.5, 0.6, 0.55, 0.7, 0.65, 0.6, 0.58, 0.62, 0.66, 0.59]
    worse = [v - 0.1 + (0.02 if i % 2 else -0.02) for i, v in enumerate(better)]
    result = paired_bootstrap(better, worse)
    assert result.delta == pytest.approx(0.1)
    assert result.low > 0 and result.p_value < 0.01
    assert paired_bootstrap(better, better).p_value == 1.0


def test_paired_test_needs_the_same_items():
    with pytest.raises(ValueError, match="same items"):
        paired_bootstrap([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match="non-empty"):
        bootstrap_ci([])
