"""CTranslate2 backend: the same checkpoint, converted once and cached.

CTranslate2 runs T5 with int8 weights on CPU (bf16 on a GPU that has it), several times
faster and in a fraction of the memory of transformers fp32 (README "ViT5 speed"). The
conversion reads the checkpoint directory and is stored under ``$SUMMARIZER_CT2_CACHE``
(default ``~/.cache/summarizer/ct2``) in a folder named after the checkpoint, its revision,
the compute type and the converter version, so a changed checkpoint is converted again.

CTranslate2's T5 converter decides whether to scale decoder outputs by d_model^-0.5 from
``config.tie_word_embeddings``, which transformers 5 reports as true for *every* T5 (the
real setting moved to ``scale_decoder_outputs``). An untied T5 (vit5-large's layout) would
be converted with a scaling it never had; :class:`T5Converter` takes the setting from the
checkpoint instead, the way transformers itself runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.errors import InvalidOptionError, ModelUnavailableError
from summarizer.vit5.backend import GenerationSettings, Seq2SeqBackend, load_tokenizer
from summarizer.vit5.checkpoint import CheckpointInfo, first_line

CACHE_ENV = "SUMMARIZER_CT2_CACHE"
# On CPU, inputs run as sub-batches of at most this many, one per core in parallel
# (inter_threads = cores, intra_threads = 1). `python scripts/bench_vit5.py --mode layout`,
# ViT5-base int8, 32 VietNews articles, 2 cores: 0.55 s per article for sub-batches of 2 or
# 4, 0.63 for 8, 0.72 for 1, against 0.94 for one batch on 2 intra-op threads; a lone input
# takes about 1.5 s on one core instead of 1.33 s on two.
CPU_SUB_BATCH = 2
# Bumped when a conversion made by an earlier version of this module is wrong: version 2
# fixed the decoder-output scaling of untied T5 checkpoints.
CONVERTER_VERSION = 2


def ct2_cache_root() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer" / "ct2"


def cache_key(info: CheckpointInfo, quantization: str) -> str:
    """Checkpoint name, its revision (Hub commit or file fingerprint), compute type, version."""
    is_snapshot = "/snapshots/" in info.directory.as_posix()
    name = info.ref.replace("/", "--") if is_snapshot else info.directory.name
    safe = re.sub(r"[^\w.-]+", "_", name)
    return f"{safe}@{info.revision()}-{quantization}-v{CONVERTER_VERSION}"


def t5_converter(directory: Path, scale_outputs: float | None) -> Any:
    """A ``TransformersConverter`` whose T5 decoder-output scale is ``scale_outputs``."""
    from ctranslate2.converters import TransformersConverter
    from ctranslate2.specs import model_spec

    class T5Converter(TransformersConverter):  # type: ignore[misc]  # ctranslate2 is untyped
        def _load(self) -> Any:
            spec = super()._load()
            spec.decoder.scale_outputs = (
                model_spec.OPTIONAL if scale_outputs is None else scale_outputs
            )
            return spec

    return T5Converter(str(directory), low_cpu_mem_usage=True)


def ensure_converted(info: CheckpointInfo, quantization: str) -> Path:
    """The converted model directory, converting (atomically) on first use only."""
    target = ct2_cache_root() / cache_key(info, quantization)
    if (target / "model.bin").is_file():
        return target
    from summarizer.vit5.backend import quiet_transformers

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".converting-", dir=target.parent))
    try:
        with quiet_transformers():
            scale = info.d_model**-0.5 if info.scales_decoder_outputs else None
            t5_converter(info.directory, scale).convert(
                str(staging / "model"), quantization=quantization, force=True
            )
        try:
            os.replace(staging / "model", target)
        except OSError:  # another process won the race: use its copy
            if not (target / "model.bin").is_file():
                raise
    except (OSError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise ModelUnavailableError(
            f"CTranslate2 cannot convert {info.ref!r}: {first_line(exc)}; use --backend "
            f"transformers."
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


def pick_ct2_compute_type(device: str, compute_type: str | None, supported: set[str]) -> str:
    """int8 on CPU; bfloat16 on a GPU that supports it, else float32; explicit ones checked.

    CTranslate2 lists bfloat16 for CUDA only where the GPU computes it (compute capability
    ≥ 8.0), so an older GPU gets float32 instead of an error at load time.
    """
    if compute_type is None:
        wanted = "int8" if device == "cpu" else "bfloat16"
        return wanted if wanted in supported else "float32"
    if compute_type not in supported:
        raise InvalidOptionError(
            f"compute_type {compute_type!r} is not supported by CTranslate2 on this {device} "
            f"(supported here: {', '.join(sorted(supported))})."
        )
    return compute_type


class CTranslate2Backend(Seq2SeqBackend):
    """A ``ctranslate2.Translator`` over the cached conversion, with the checkpoint's tokenizer."""

    name = "ctranslate2"

    def __init__(
        self,
        info: CheckpointInfo,
        device: str = "auto",
        compute_type: str | None = None,
        threads: int | None = None,
    ) -> None:
        import ctranslate2

        resolved = resolve_ct2_device(device)
        supported = set(ctranslate2.get_supported_compute_types(resolved))
        compute_type = pick_ct2_compute_type(resolved, compute_type, supported)
        tokenizer = load_tokenizer(info)
        super().__init__(info, tokenizer, resolved)
        self.compute_type = compute_type
        self.model_dir = ensure_converted(info, compute_type)
        cpu = resolved == "cpu"
        self.workers = (threads or os.cpu_count() or 1) if cpu else 1
        self.translator = ctranslate2.Translator(
            str(self.model_dir),
            device=resolved,
            compute_type=compute_type,
            inter_threads=self.workers,
            intra_threads=1 if cpu else (threads or 0),
        )
        self.sub_batch = CPU_SUB_BATCH if cpu else None

    def generate_ids(
        self,
        texts: Sequence[str],
        settings: GenerationSettings,
        max_input_tokens: int,
        batch_size: int,
    ) -> list[list[int]]:
        """All inputs in one call: CTranslate2 sorts them by length and runs sub-batches in
        parallel (on CPU, ``CPU_SUB_BATCH`` inputs per core)."""
        encoded = self.encode(texts, max_input_tokens)
        size = min(batch_size, self.sub_batch or batch_size)
        return self._translate(encoded, settings, size) if encoded else []

    def _generate_batch(
        self, batch: list[list[int]], settings: GenerationSettings
    ) -> list[list[int]]:
        return self._translate(batch, settings, len(batch))

    def _translate(
        self, batch: list[list[int]], settings: GenerationSettings, sub_batch: int
    ) -> list[list[int]]:
        sources = [self.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        results = self.translator.translate_batch(
            sources,
            max_batch_size=sub_batch,
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
        return {**super().describe(), "compute_type": self.compute_type, "workers": self.workers}
