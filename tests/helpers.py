"""Shared test helpers: the seed cluster and the optional ../shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
from summarizer_eval.shared import shared_dir

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in seed_paths()]


def require_shared(*parts: str) -> Path:
    """Path inside ../shared, or skip the test when the corpora are not beside the checkout."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (corpora live in ../shared beside the checkout)")
    return path
