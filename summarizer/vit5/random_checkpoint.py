"""Random-weight T5 checkpoints shaped like ViT5, for tests and the speed benchmark.

The Hub (and so the real ViT5 weights) is not reachable everywhere this project is
tested. A checkpoint built here goes through exactly the loading code a real one does: a
``config.json`` (T5, ReLU; tied embeddings like ``vit5-base``, or an own ``lm_head`` like
``vit5-large``, with the config a transformers 4 save writes for it), ``model.safetensors``
or ``pytorch_model.bin``,
``spiece.model`` (a SentencePiece unigram model trained on the given text, pad 0 / ``</s>``
1 / unk 2 like ViT5's) and the ``tokenizer.json`` transformers writes for it. Its output
is meaningless; its cost per token is that of the real architecture when built with
:data:`VIT5_BASE`.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# VietAI/vit5-base-vietnews-summarization's config.json (T5 v1.0 layout).
VIT5_BASE: dict[str, Any] = {
    "vocab_size": 36096,
    "d_model": 768,
    "d_kv": 64,
    "d_ff": 3072,
    "num_layers": 12,
    "num_heads": 12,
    "feed_forward_proj": "relu",
}
# The vit5-large-vietnews-summarization layout (untied output projection).
VIT5_LARGE: dict[str, Any] = {
    "vocab_size": 36096,
    "d_model": 1024,
    "d_kv": 64,
    "d_ff": 4096,
    "num_layers": 24,
    "num_heads": 16,
    "feed_forward_proj": "relu",
}
TINY: dict[str, Any] = {
    "vocab_size": None,  # the tokenizer's size
    "d_model": 32,
    "d_kv": 8,
    "d_ff": 64,
    "num_layers": 2,
    "num_heads": 4,
    "feed_forward_proj": "relu",
}


def train_sentencepiece(lines: Iterable[str], target: Path, vocab_size: int) -> Path:
    """``target/spiece.model``: unigram, T5's special ids, every character covered."""
    import sentencepiece as spm

    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in lines if line.strip()]),
        model_writer=proto,
        vocab_size=vocab_size,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    target.mkdir(parents=True, exist_ok=True)
    path = target / "spiece.model"
    path.write_bytes(proto.getvalue())
    return path


def build_random_t5(
    target: Path,
    lines: Iterable[str],
    dims: dict[str, Any],
    tokenizer_vocab: int = 400,
    seed: int = 0,
    spread: bool = False,
    tied: bool = True,
    weights: str = "safetensors",
) -> Path:
    """Save a random T5 checkpoint plus a tokenizer trained on ``lines`` into ``target``.

    ``spread`` redraws the weights with a larger scale: T5's own initialisation makes a
    tiny model emit ``<pad>`` forever, which would hide decoding differences in tests.
    ``tied=False`` adds an own ``lm_head.weight`` and writes ``tie_word_embeddings: false``
    (no decoder-output scaling), as vit5-large's checkpoint has. ``weights="bin"`` stores
    ``pytorch_model.bin`` only, like VietAI's Hub repositories.
    """
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    spiece = train_sentencepiece(lines, target / "_spm", tokenizer_vocab)
    tokenizer = T5Tokenizer.from_pretrained(str(spiece.parent), extra_ids=0)
    config = T5Config(
        **{**dims, "vocab_size": dims.get("vocab_size") or len(tokenizer)},
        num_decoder_layers=dims["num_layers"],
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,  # type: ignore[call-arg]
    )
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config).eval()
    if spread:
        with torch.no_grad():
            for name, param in model.named_parameters():
                if "layer_norm" not in name:
                    param.normal_(0.0, 1.0 if name == "shared.weight" else 0.3)
    model.save_pretrained(str(target))
    if not tied or weights == "bin":
        _rewrite_weights(target, model.config.d_model, tied, weights, seed)
    tokenizer.save_pretrained(str(target))
    shutil.copy(spiece, target / "spiece.model")
    shutil.rmtree(spiece.parent)
    return target


def _rewrite_weights(target: Path, d_model: int, tied: bool, weights: str, seed: int) -> None:
    """Untie the output projection and/or store the weights as ``pytorch_model.bin``."""
    import json

    import torch
    from safetensors.torch import load_file, save_file

    path = target / "model.safetensors"
    state = load_file(str(path))
    if not tied:
        generator = torch.Generator().manual_seed(seed + 1)
        shape = state["shared.weight"].shape
        state["lm_head.weight"] = torch.randn(shape, generator=generator) * d_model**-0.5
        config_path = target / "config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["tie_word_embeddings"] = False
        config.pop("scale_decoder_outputs", None)  # a transformers 4 config has no such key
        config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    if weights == "bin":
        path.unlink()
        torch.save(state, target / "pytorch_model.bin")
    else:
        save_file(state, str(path), metadata={"format": "pt"})
