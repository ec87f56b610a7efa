"""CTranslate2 backend: the same Hugging Face checkpoint, converted once and cached.

CTranslate2 runs T5 with int8 weights on CPU (bf16 on a GPU), several times faster and in
a fraction of the memory of transformers fp32 (README "ViT5 speed"). The conversion reads
the checkpoint directory (a local one, or the snapshot in the Hugging Face cache) and is
stored under ``$SUMMARIZER_CT2_CACHE`` (default ``~/.cache/summarizer/ct2``) in a folder
named after the checkpoint and its revision, so a changed checkpoint is converted again.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from summarizer.errors import InvalidOptionError, ModelUnavailableError
from summarizer.vit5_model import (
    GenerationSettings,
    ModelSource,
    Seq2SeqBackend,
    from_pretrained,
    load_seq2seq_config,
    load_tokenizer,
)

CACHE_ENV = "SUMMARIZER_CT2_CACHE"
WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)
COMPUTE_TYPES = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)


def ct2_cache_root() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer" / "ct2"


def _has_weights(directory: Path) -> bool:
    return any((directory / name).is_file() for name in WEIGHT_FILES)


def checkpoint_dir(source: ModelSource) -> Path:
    """A local directory holding config, weights and tokenizer of ``source``.

    For a Hub id that is its snapshot in the Hugging Face cache; the weights are fetched
    there first (through the same cache-first loader as the transformers backend).
    """
    if source.local_dir is not None:
        return source.local_dir
    from huggingface_hub import try_to_load_from_cache
    from transformers import AutoModelForSeq2SeqLM

    def snapshot() -> Path | None:
        cached = try_to_load_from_cache(source.ref, "config.json")
        return Path(cached).parent if isinstance(cached, str) else None

    directory = snapshot()
    if directory is None or not _has_weights(directory):
        from_pretrained(AutoModelForSeq2SeqLM.from_pretrained, source, "weights")
        directory = snapshot()
    if directory is None or not _has_weights(directory):
        raise ModelUnavailableError(
            f"The weights of {source.ref!r} are not in the Hugging Face cache as a single "
            f"directory, so they cannot be converted for CTranslate2; use --backend transformers."
        )
    return directory


def cache_key(source: ModelSource, directory: Path, quantization: str) -> str:
    """Checkpoint name + a fingerprint of its revision (Hub commit, or file sizes and times)."""
    if source.local_dir is None:
        name = source.ref.replace("/", "--")
        revision = directory.name[:12]  # the snapshot folder is the commit hash
    else:
        name = directory.name
        stats = [str(directory)]
        for path in sorted(directory.iterdir()):
            if path.is_file():
                info = path.stat()
                stats.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
        revision = hashlib.sha1("\n".join(stats).encode()).hexdigest()[:12]
    safe = re.sub(r"[^\w.-]+", "_", name)
    return f"{safe}@{revision}-{quantization}"


def ensure_converted(source: ModelSource, quantization: str) -> Path:
    """The converted model directory, converting (atomically) on first use only."""
    directory = checkpoint_dir(source)
    target = ct2_cache_root() / cache_key(source, directory, quantization)
    if (target / "model.bin").is_file():
        return target
    from ctranslate2.converters import TransformersConverter

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        TransformersConverter(str(directory), low_cpu_mem_usage=True).convert(
            str(staging / "model"), quantization=quantization, force=True
        )
        try:
            os.replace(staging / "model", target)
        except OSError:  # another process won the race: use its copy
            if not (target / "model.bin").is_file():
                raise
    except (OSError, ValueError, NotImplementedError) as exc:
        raise ModelUnavailableError(
            f"CTranslate2 cannot convert {source.ref!r}: {exc}; use --backend transformers."
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def resolve_ct2_device(device: str) -> str:
    import ctranslate2

    has_cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device == "cpu" or (device == "cuda" and has_cuda):
        return device
    if device == "cuda":
        raise InvalidOptionError("device='cuda' was asked for but CTranslate2 sees no CUDA GPU.")
    raise InvalidOptionError(
        f"device must be 'auto', 'cpu' or 'cuda' for the ctranslate2 backend, got {device!r}."
    )


class CTranslate2Backend(Seq2SeqBackend):
    """A ``ctranslate2.Translator`` over the cached conversion, with the checkpoint's tokenizer."""

    name = "ctranslate2"

    def __init__(
        self,
        source: ModelSource,
        device: str = "auto",
        compute_type: str | None = None,
        threads: int | None = None,
    ) -> None:
        import ctranslate2

        resolved = resolve_ct2_device(device)
        compute_type = compute_type or ("int8" if resolved == "cpu" else "bfloat16")
        if compute_type not in COMPUTE_TYPES:
            raise InvalidOptionError(
                f"compute_type must be one of {', '.join(COMPUTE_TYPES)}, got {compute_type!r}."
            )
        load_seq2seq_config(source)
        tokenizer = load_tokenizer(source)
        super().__init__(source, tokenizer, resolved)
        self.compute_type = compute_type
        self.model_dir = ensure_converted(source, compute_type)
        self.translator = ctranslate2.Translator(
            str(self.model_dir),
            device=resolved,
            compute_type=compute_type,
            intra_threads=threads or 0,
        )

    def _generate_batch(
        self, batch: list[list[int]], settings: GenerationSettings
    ) -> list[list[int]]:
        sources = [self.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        results = self.translator.translate_batch(
            sources,
            beam_size=settings.num_beams,
            no_repeat_ngram_size=settings.no_repeat_ngram_size,
            length_penalty=settings.length_penalty,
            min_decoding_length=settings.min_new_tokens or 0,
            max_decoding_length=settings.max_new_tokens,
            max_input_length=0,  # inputs are already cut at the model window
        )
        pad = self.tokenizer.pad_token_id
        return [
            [i for i in self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) if i != pad]
            for r in results
        ]

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "compute_type": self.compute_type}
