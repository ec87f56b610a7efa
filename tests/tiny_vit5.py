"""Tiny ViT5-shaped checkpoints built at test time, so the real loading code runs offline.

Each directory looks like a Hub snapshot of a ViT5 checkpoint (config, weights,
``spiece.model``, ``tokenizer.json``); only the sizes differ (d_model 32, 2 + 2 layers, ~400
SentencePiece pieces trained on the seed articles), which keeps the suite fast on two cores.
The tied one has vit5-base's layout, the untied one vit5-large's (an own ``lm_head`` and a
config written by transformers 4), the bin one VietAI's Hub layout (``pytorch_model.bin``
only). Each is built once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.vit5.backend import Seq2SeqBackend, load_backend
from summarizer.vit5.options import ViT5Options
from summarizer.vit5.random_checkpoint import TINY, build_random_t5
from tests.helpers import seed_texts


def seed_lines() -> list[str]:
    return [line for text in seed_texts() for line in text.splitlines() if line.strip()]


def build_tiny(target: Path, **kwargs: object) -> Path:
    return build_random_t5(target, seed_lines(), TINY, tokenizer_vocab=400, spread=True, **kwargs)


@pytest.fixture(scope="session")
def tiny_vit5_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny tied checkpoint directory (about a second to build)."""
    return build_tiny(tmp_path_factory.mktemp("tiny-vit5") / "checkpoint")


@pytest.fixture(scope="session")
def tiny_untied_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny checkpoint with an own output projection, as vit5-large has."""
    return build_tiny(tmp_path_factory.mktemp("tiny-untied") / "checkpoint", tied=False)


@pytest.fixture(scope="session")
def tiny_bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny checkpoint stored as ``pytorch_model.bin`` only (VietAI's Hub layout)."""
    return build_tiny(tmp_path_factory.mktemp("tiny-bin") / "checkpoint", weights="bin")


@pytest.fixture
def ct2_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private CTranslate2 conversion cache (the user's ~/.cache stays untouched)."""
    cache = tmp_path / "ct2-cache"
    monkeypatch.setenv("SUMMARIZER_CT2_CACHE", str(cache))
    return cache


def cpu_backend(model: Path | str, **options: object) -> Seq2SeqBackend:
    """The loaded backend of ``model`` on CPU (shared per process, like the method's)."""
    return load_backend(ViT5Options.create(model=str(model), device="cpu", **options))
