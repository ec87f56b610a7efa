"""The ViT5 abstractive backend in one place.

* :mod:`~summarizer.vit5.options` – :class:`ViT5Options`, the typed, validated choices the
  API, the CLI, the eval harness and the demo all share (pure Python);
* :mod:`~summarizer.vit5.checkpoint` – finding, downloading and checking a checkpoint;
* :mod:`~summarizer.vit5.backend` – generation with transformers (and the backend interface);
* :mod:`~summarizer.vit5.ct2` – the CTranslate2 backend and its cached conversion;
* :mod:`~summarizer.vit5.inputs` – what the model reads: window-bounded inputs;
* :mod:`~summarizer.vit5.method` – :class:`~summarizer.vit5.method.ViT5Method`;
* :mod:`~summarizer.vit5.random_checkpoint` – random-weight checkpoints for tests and benchmarks.

Importing this package (or the options) loads no torch, transformers or ctranslate2.
"""

from __future__ import annotations

from summarizer.vit5.options import DEFAULT_MODEL, PRESETS, ViT5Options

__all__ = ["DEFAULT_MODEL", "PRESETS", "ViT5Options"]
