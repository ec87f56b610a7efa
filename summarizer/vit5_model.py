"""Loading a T5-family seq2seq checkpoint and generating with it (transformers backend).

Everything here imports torch/transformers inside functions: ``import summarizer`` and the
extractive method never pay for them. Loading follows what a user of the model card runs
(``AutoTokenizer`` / ``AutoModelForSeq2SeqLM.from_pretrained`` on a Hub id or a directory),
with three additions: the local Hugging Face cache is tried before any network access, a
dead network fails in seconds instead of after the library's retries, and every failure
becomes one :class:`~summarizer.errors.ModelUnavailableError` sentence saying what was
tried and how to fix it.
"""

from __future__ import annotations

import os
import re
import socket
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from summarizer.errors import InvalidOptionError, ModelUnavailableError

DEFAULT_MODEL = "VietAI/vit5-base-vietnews-summarization"
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_TRUE = {"1", "true", "yes", "on"}
_PROBE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class GenerationSettings:
    """Decoding options shared by both backends; greedy or beam search, never sampling."""

    num_beams: int = 4
    no_repeat_ngram_size: int = 3
    length_penalty: float = 1.0
    min_new_tokens: int | None = None
    max_new_tokens: int = 256

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ModelSource:
    """Where a ``--model`` value points: a local directory or a Hub repository id."""

    ref: str
    local_dir: Path | None

    @property
    def is_local(self) -> bool:
        return self.local_dir is not None


def fix_hint(model: str) -> str:
    hub_id = model if _HUB_ID.match(model) and "/" in model else DEFAULT_MODEL
    return (
        f"on a machine with network run `hf download {hub_id}` (`huggingface-cli download` "
        f"before huggingface_hub 1.0), which fills the Hugging Face cache (copy "
        f"~/.cache/huggingface over, or add `--local-dir DIR`), or pass --model /path/to/dir"
    )


def resolve_source(model: str) -> ModelSource:
    """An existing directory wins; otherwise a Hub-id-shaped name is a Hub id."""
    if not isinstance(model, str) or not model.strip():
        raise InvalidOptionError(f"model must be a Hub id or a directory, got {model!r}.")
    path = Path(model).expanduser()
    if path.is_dir():
        return ModelSource(str(path.resolve()), path.resolve())
    if path.exists():
        raise ModelUnavailableError(
            f"Model path {model!r} is a file, not a checkpoint directory; {fix_hint(model)}."
        )
    looks_like_path = model.startswith(("/", ".", "~")) or "\\" in model or not _HUB_ID.match(model)
    if looks_like_path:
        raise ModelUnavailableError(f"Model directory {model!r} does not exist; {fix_hint(model)}.")
    return ModelSource(model, None)


def hub_offline() -> bool:
    """HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE, read now (the library reads them at import)."""
    return any(
        os.environ.get(name, "").strip().lower() in _TRUE
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def hub_unreachable_reason() -> str | None:
    """Why the Hub cannot be reached (a quick TCP probe), or None if it can (or a proxy is set).

    huggingface_hub retries a dead network for ~25 s; this probe answers in ≤3 s.
    """
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return None
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    host = endpoint.hostname or "huggingface.co"
    port = endpoint.port or (443 if endpoint.scheme != "http" else 80)
    try:
        with socket.create_connection((host, port), timeout=_PROBE_TIMEOUT_S):
            return None
    except OSError as exc:
        return f"{host} is unreachable ({exc.strerror or exc.__class__.__name__})"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else exc.__class__.__name__).rstrip(". ")


def hub_cache_dir() -> str:
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def from_pretrained(
    loader: Callable[..., Any], source: ModelSource, what: str, **kwargs: Any
) -> Any:
    """``loader.from_pretrained`` with cache-first, offline-aware, one-line failures."""
    if source.is_local:
        try:
            return loader(str(source.local_dir), **kwargs)
        except Exception as exc:  # corrupt or partial checkpoints raise many kinds
            raise ModelUnavailableError(
                f"Could not load the {what} from {source.ref!r} ({_first_line(exc)}); a "
                f"checkpoint directory needs config.json, the weights and the tokenizer; "
                f"{fix_hint(source.ref)}."
            ) from None
    try:
        return loader(source.ref, local_files_only=True, **kwargs)
    except OSError:  # not in the cache: try the Hub below
        pass
    except Exception as exc:
        raise ModelUnavailableError(
            f"Could not load the {what} of {source.ref!r} from the Hugging Face cache "
            f"({_first_line(exc)}); {fix_hint(source.ref)}."
        ) from None
    tried = (
        f"Could not load the {what} of {source.ref!r}: tried a local directory of that name "
        f"(none) and the Hugging Face cache ({hub_cache_dir()}, not there)"
    )
    if hub_offline():
        raise ModelUnavailableError(
            f"{tried}, and HF_HUB_OFFLINE forbids downloading; {fix_hint(source.ref)}."
        )
    reason = hub_unreachable_reason()
    if reason is not None:
        raise ModelUnavailableError(
            f"{tried}, then a Hub download ({reason}); {fix_hint(source.ref)}."
        )
    try:
        return loader(source.ref, **kwargs)
    except Exception as exc:
        raise ModelUnavailableError(
            f"{tried}, then a Hub download, which failed: {_first_line(exc)}; "
            f"{fix_hint(source.ref)}."
        ) from None


def load_seq2seq_config(source: ModelSource) -> Any:
    """The checkpoint's config, refusing anything that is not an encoder-decoder model."""
    from transformers import AutoConfig

    config = from_pretrained(AutoConfig.from_pretrained, source, "config")
    if not getattr(config, "is_encoder_decoder", False):
        kind = getattr(config, "model_type", "unknown")
        raise ModelUnavailableError(
            f"{source.ref!r} is not a seq2seq checkpoint (its config says model_type "
            f"{kind!r}, not an encoder-decoder such as T5/ViT5); pass a T5-family "
            f"summarization checkpoint with --model."
        )
    return config


def load_tokenizer(source: ModelSource) -> Any:
    from transformers import AutoTokenizer

    tokenizer = from_pretrained(AutoTokenizer.from_pretrained, source, "tokenizer")
    if tokenizer.eos_token_id is None or tokenizer.pad_token_id is None:
        raise ModelUnavailableError(
            f"The tokenizer of {source.ref!r} defines no end-of-sequence or padding token, "
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


class Seq2SeqBackend(ABC):
    """A tokenizer plus a generator; subclasses only implement one batched decode step."""

    name: str = ""

    def __init__(self, source: ModelSource, tokenizer: Any, device: str) -> None:
        self.source = source
        self.tokenizer = tokenizer
        self.device = device

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts without special tokens; sums of sentence counts equal joined counts."""
        if not texts:
            return []
        encoded = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def encode(self, texts: Sequence[str], max_input_tokens: int) -> list[list[int]]:
        """Input ids with the tokenizer's closing ``</s>``, cut at the model window."""
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
        """Batches of similar length (less padding), results back in input order."""
        encoded = self.encode(texts, max_input_tokens)
        order = sorted(range(len(encoded)), key=lambda i: len(encoded[i]))
        results: list[list[int]] = [[] for _ in encoded]
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
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
        return {"backend": self.name, "model": self.source.ref, "device": self.device}


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
    """``AutoModelForSeq2SeqLM`` in eval mode: fp32 on CPU, bf16 on a CUDA GPU."""

    name = "transformers"

    def __init__(
        self, source: ModelSource, device: str = "auto", threads: int | None = None
    ) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        resolved = resolve_device(device)
        if threads is not None:
            torch.set_num_threads(threads)
        config = load_seq2seq_config(source)
        tokenizer = load_tokenizer(source)
        dtype = torch.float32
        if resolved.startswith("cuda") and torch.cuda.is_bf16_supported():
            dtype = torch.bfloat16
        model = from_pretrained(
            AutoModelForSeq2SeqLM.from_pretrained, source, "weights", config=config, dtype=dtype
        )
        super().__init__(source, tokenizer, resolved)
        self.dtype = str(dtype).removeprefix("torch.")
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
        return {**super().describe(), "dtype": self.dtype}
