"""Generating with a T5 checkpoint: the shared backend interface and the transformers backend.

torch and transformers are imported inside functions: ``import summarizer`` and the
extractive method never pay for them. The checkpoint is always loaded from a local
directory (:mod:`summarizer.vit5.checkpoint` finds or downloads it), so transformers never
calls the Hub or starts its background safetensors conversion.
"""

from __future__ import annotations

import contextlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from summarizer.errors import InvalidOptionError, ModelUnavailableError
from summarizer.vit5.checkpoint import (
    CheckpointInfo,
    checkpoint_dir,
    first_line,
    inspect_checkpoint,
    resolve_source,
)
from summarizer.vit5.options import ViT5Options


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding options shared by both backends; greedy or beam search, never sampling."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 0
    length_penalty: float = 1.0
    min_new_tokens: int | None = None
    max_new_tokens: int = 256

    @classmethod
    def from_options(cls, options: ViT5Options) -> GenerationSettings:
        return cls(
            num_beams=options.num_beams,
            no_repeat_ngram_size=options.no_repeat_ngram_size,
            length_penalty=float(options.length_penalty),
            min_new_tokens=options.min_new_tokens,
            max_new_tokens=options.max_new_tokens,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """No progress bars or advisory warnings from transformers on a user's terminal."""
    from transformers.utils import logging

    level = logging.get_verbosity()
    bars = logging.is_progress_bar_enabled()
    logging.set_verbosity_error()
    logging.disable_progress_bar()
    try:
        yield
    finally:
        logging.set_verbosity(level)
        if bars:
            logging.enable_progress_bar()


def tokenizer_class(info: CheckpointInfo) -> Any:
    """T5's tokenizer class imported directly: ``AutoTokenizer`` imports torch (~200 MB of
    memory), which the CTranslate2 backend otherwise never needs."""
    config_path = info.directory / "tokenizer_config.json"
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    if config.get("tokenizer_class") in (None, "T5Tokenizer", "T5TokenizerFast"):
        try:  # transformers 4
            from transformers.models.t5.tokenization_t5_fast import T5TokenizerFast
        except ImportError:  # transformers 5: one tokenizers-backed class
            from transformers.models.t5.tokenization_t5 import T5Tokenizer as T5TokenizerFast
        return T5TokenizerFast
    from transformers import AutoTokenizer

    return AutoTokenizer


def load_tokenizer(info: CheckpointInfo) -> Any:
    try:
        with quiet_transformers():
            tokenizer = tokenizer_class(info).from_pretrained(str(info.directory))
    except Exception as exc:  # a corrupt spiece.model raises many kinds
        raise ModelUnavailableError(
            f"Could not load the tokenizer from {info.ref!r} ({first_line(exc)}); restore "
            f"the checkpoint's own spiece.model and tokenizer files."
        ) from None
    if tokenizer.eos_token_id is None or tokenizer.pad_token_id is None:
        raise ModelUnavailableError(
            f"The tokenizer of {info.ref!r} defines no end-of-sequence or padding token, "
            f"so it cannot drive a T5-style model."
        )
    return tokenizer


def resolve_device(device: str) -> str:
    """``auto`` → ``cuda`` when torch sees a GPU, else ``cpu``; explicit values are checked."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        return device
    if re.fullmatch(r"cuda(:\d+)?", device or ""):
        if not torch.cuda.is_available():
            raise InvalidOptionError(f"device={device!r} was asked for but torch sees no CUDA GPU.")
        return device
    raise InvalidOptionError(f"device must be 'auto', 'cpu' or 'cuda[:N]', got {device!r}.")


def pick_torch_dtype(cuda: bool, native_bf16: bool, compute_type: str | None) -> str:
    """float32 on CPU; bfloat16 on a GPU that computes it natively, else float32.

    ``torch.cuda.is_bf16_supported()`` also says yes for GPUs that only emulate bfloat16
    (slowly), so the caller passes the compute capability test instead (≥ 8.0).
    """
    if compute_type is None:
        return "bfloat16" if cuda and native_bf16 else "float32"
    if compute_type == "float16" and not cuda:
        raise InvalidOptionError(
            "compute_type 'float16' needs a CUDA GPU with the transformers backend; use "
            "float32 or bfloat16 on CPU."
        )
    if compute_type == "bfloat16" and cuda and not native_bf16:
        raise InvalidOptionError(
            "compute_type 'bfloat16' is not native on this GPU (compute capability < 8.0); "
            "use float32 or float16, or leave compute_type unset."
        )
    return compute_type


def native_bf16(device: str) -> bool:
    import torch

    return torch.cuda.get_device_capability(torch.device(device))[0] >= 8


# Largest share of padding positions allowed in one generation batch (see length_batches).
MAX_PADDING = 0.2


class Seq2SeqBackend(ABC):
    """A tokenizer plus a generator; subclasses only implement one batched decode step."""

    name: str = ""

    def __init__(self, info: CheckpointInfo, tokenizer: Any, device: str) -> None:
        self.info = info
        self.tokenizer = tokenizer
        self.device = device

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts without special tokens; sums of sentence counts equal joined counts."""
        if not texts:
            return []
        encoded = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def encode(self, texts: Sequence[str], max_input_tokens: int) -> list[list[int]]:
        """Input ids ending in the tokenizer's one ``</s>``, cut at the model window."""
        encoded = self.tokenizer(list(texts), truncation=True, max_length=max_input_tokens)
        return [list(ids) for ids in encoded["input_ids"]]

    @abstractmethod
    def _generate_batch(
        self, batch: list[list[int]], settings: GenerationSettings
    ) -> list[list[int]]:
        """Generated ids (no decoder start token, stopping before ``</s>``), one per input."""

    def generate_ids(
        self,
        texts: Sequence[str],
        settings: GenerationSettings,
        max_input_tokens: int,
        batch_size: int,
    ) -> list[list[int]]:
        """Batches of similar length (little padding), results back in input order."""
        encoded = self.encode(texts, max_input_tokens)
        results: list[list[int]] = [[] for _ in encoded]
        for chunk in length_batches([len(ids) for ids in encoded], batch_size):
            for index, ids in zip(
                chunk, self._generate_batch([encoded[i] for i in chunk], settings), strict=True
            ):
                results[index] = ids
        return results

    def generate(
        self,
        texts: Sequence[str],
        settings: GenerationSettings,
        max_input_tokens: int,
        batch_size: int,
    ) -> list[str]:
        ids = self.generate_ids(texts, settings, max_input_tokens, batch_size)
        return [
            self.tokenizer.decode(
                seq, skip_special_tokens=True, clean_up_tokenization_spaces=True
            ).strip()
            for seq in ids
        ]

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name, "model": self.info.ref, "device": self.device}


def length_batches(
    lengths: Sequence[int], batch_size: int, max_padding: float = MAX_PADDING
) -> list[list[int]]:
    """Indices in length order, cut into batches of at most ``batch_size`` inputs.

    A batch is also cut where padding to its longest input would make more than
    ``max_padding`` of its positions padding: on CPU the encoder, which dominates the cost
    of a news article, computes padded positions too, so one batch of 32 VietNews articles
    (250 to 1,024 tokens) would waste about a third of its work.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    real = 0
    for index in order:
        size = len(current) + 1
        padded = lengths[index] * size  # ascending order: the newcomer is the longest
        if current and (size > batch_size or padded - real - lengths[index] > max_padding * padded):
            batches.append(current)
            current, real = [], 0
        current.append(index)
        real += lengths[index]
    if current:
        batches.append(current)
    return batches


def strip_special(ids: Sequence[int], eos_id: int, pad_id: int) -> list[int]:
    """Generated ids up to the first ``</s>``, without padding."""
    out = []
    for token in ids:
        if token == eos_id:
            break
        if token != pad_id:
            out.append(int(token))
    return out


class TransformersBackend(Seq2SeqBackend):
    """``AutoModelForSeq2SeqLM`` in eval mode: fp32 on CPU, bf16 on a GPU that has it."""

    name = "transformers"

    def __init__(
        self,
        info: CheckpointInfo,
        device: str = "auto",
        threads: int | None = None,
        compute_type: str | None = None,
    ) -> None:
        import torch
        from transformers import AutoConfig, AutoModelForSeq2SeqLM

        resolved = resolve_device(device)
        cuda = resolved.startswith("cuda")
        dtype = pick_torch_dtype(cuda, cuda and native_bf16(resolved), compute_type)
        if threads is not None:
            torch.set_num_threads(threads)
        tokenizer = load_tokenizer(info)
        try:
            with quiet_transformers():
                config = AutoConfig.from_pretrained(str(info.directory))
                model = AutoModelForSeq2SeqLM.from_pretrained(
                    str(info.directory), config=config, dtype=getattr(torch, dtype)
                )
        except Exception as exc:  # corrupt or partial checkpoints raise many kinds
            raise ModelUnavailableError(
                f"Could not load the weights from {info.ref!r} ({first_line(exc)}); a "
                f"checkpoint directory needs config.json, the weights and spiece.model."
            ) from None
        super().__init__(info, tokenizer, resolved)
        self.dtype = dtype
        self.model = model.to(resolved).eval()

    def _generate_batch(
        self, batch: list[list[int]], settings: GenerationSettings
    ) -> list[list[int]]:
        import torch

        pad = self.tokenizer.pad_token_id
        width = max(len(ids) for ids in batch)
        input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ids in enumerate(batch):
            input_ids[row, : len(ids)] = torch.tensor(ids, dtype=torch.long)
            mask[row, : len(ids)] = 1
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids.to(self.device),
                attention_mask=mask.to(self.device),
                do_sample=False,
                num_beams=settings.num_beams,
                no_repeat_ngram_size=settings.no_repeat_ngram_size,
                length_penalty=settings.length_penalty,
                min_new_tokens=settings.min_new_tokens,
                max_new_tokens=settings.max_new_tokens,
                early_stopping=settings.num_beams > 1,
            )
        eos = self.tokenizer.eos_token_id
        # Column 0 of the output is the decoder start token (pad for T5).
        return [strip_special(row[1:].tolist(), eos, pad) for row in output.cpu()]

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "compute_type": self.dtype}


# Loaded backends, shared by every ViT5Method of this process with the same key.
_LOADED: dict[tuple[Any, ...], Seq2SeqBackend] = {}


def load_backend(options: ViT5Options) -> Seq2SeqBackend:
    """The checkpoint located, checked and loaded once per process and backend settings."""
    source = resolve_source(options.model)
    directory = checkpoint_dir(source)
    key = (str(directory), options.backend, options.device, options.threads, options.compute_type)
    if key not in _LOADED:
        info = inspect_checkpoint(source, directory)
        if options.backend == "ctranslate2":
            from summarizer.vit5.ct2 import CTranslate2Backend

            _LOADED[key] = CTranslate2Backend(
                info, options.device, options.compute_type, options.threads
            )
        else:
            _LOADED[key] = TransformersBackend(
                info, options.device, options.threads, options.compute_type
            )
    return _LOADED[key]
