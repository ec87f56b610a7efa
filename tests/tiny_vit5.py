"""A tiny ViT5-shaped checkpoint built at test time, so the real loading code runs offline.

The directory looks like a Hub snapshot of ``VietAI/vit5-base-vietnews-summarization``
(config, safetensors weights, ``spiece.model``, ``tokenizer.json``); only the sizes differ
(d_model 32, 2 + 2 layers, ~400 SentencePiece pieces trained on the seed articles), which
keeps the suite fast on two cores. Built once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.vit5_random import TINY, build_random_t5
from tests.helpers import seed_texts


def seed_lines() -> list[str]:
    return [line for text in seed_texts() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def tiny_vit5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny checkpoint directory (about a second to build)."""
    target = tmp_path_factory.mktemp("tiny-vit5") / "checkpoint"
    return build_random_t5(target, seed_lines(), TINY, tokenizer_vocab=400, spread=True)


@pytest.fixture
def ct2_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private CTranslate2 conversion cache (the user's ~/.cache stays untouched)."""
    cache = tmp_path / "ct2-cache"
    monkeypatch.setenv("SUMMARIZER_CT2_CACHE", str(cache))
    return cache
