"""Shared test helpers: the seed cluster and the optional ../shared corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in seed_paths()]


def shared_dir() -> Path:
    return Path(os.environ.get("SUMMARIZER_SHARED", REPO.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """Path inside ../shared, or skip the test when the corpora are not beside the checkout."""
    path = shared_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (corpora live in ../shared beside the checkout)")
    return path
