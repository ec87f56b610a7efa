"""Finding a T5 checkpoint on disk, and refusing a wrong one before any model library loads.

Everything here is plain Python plus ``huggingface_hub`` (no torch, no transformers):

* a ``--model`` value is a local directory or a Hub id; a Hub id is looked up in the Hugging
  Face cache and, when it is there, loaded **as a local directory**. Loading a Hub id through
  transformers instead would, on a repository that has only ``pytorch_model.bin`` (VietAI's),
  start transformers 5's background safetensors conversion: a thread that calls the Hub and
  downloads the weights again, even when everything is cached;
* a missing checkpoint is downloaded once with only what the model needs (config, tokenizer,
  one weight format), not the TensorFlow and Flax copies VietAI's repositories also hold;
* :func:`inspect_checkpoint` reads ``config.json``, the file list and the weights' header, so a
  BERT folder, a missing ``spiece.model`` or a config that does not match its weights is one
  :class:`~summarizer.errors.ModelUnavailableError` sentence within a second.
"""

from __future__ import annotations

import collections
import hashlib
import io
import json
import os
import pickle
import re
import socket
import struct
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from summarizer.errors import InvalidOptionError, ModelUnavailableError
from summarizer.vit5.options import DEFAULT_MODEL

T5_FAMILY = ("t5", "mt5", "umt5")
WEIGHT_FILES = (
    "model.safetensors",
    "model.safetensors.index.json",
    "pytorch_model.bin",
    "pytorch_model.bin.index.json",
)
TOKENIZER_FILE = "spiece.model"
# ViT5's SentencePiece vocabulary; with d_model 1024 it is vit5-large (README "Input format").
VIT5_VOCAB = 36096
LARGE_D_MODEL = 1024
LARGE_PREFIX = "vietnews: "
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_TRUE = {"1", "true", "yes", "on"}
_PROBE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class ModelSource:
    """Where a ``--model`` value points: a local directory or a Hub repository id."""

    ref: str
    local_dir: Path | None

    @property
    def is_local(self) -> bool:
        return self.local_dir is not None


_FINGERPRINT_FILES = ("config.json", "generation_config.json", "spiece.model", "tokenizer.json")


@lru_cache(maxsize=8)
def _fingerprint(directory: Path, weights: str) -> str:
    digest = hashlib.sha256()
    names = [*_FINGERPRINT_FILES, weights]
    if weights.endswith(".index.json"):  # a sharded checkpoint: its shards too
        index = json.loads((directory / weights).read_text(encoding="utf-8"))
        names.extend(sorted(set(index.get("weight_map", {}).values())))
    for name in names:
        path = directory / name
        if path.is_file():
            digest.update(name.encode() + b"\0")
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class CheckpointInfo:
    """What ``config.json`` and the weights' header say about a checkpoint directory."""

    ref: str
    directory: Path
    config: dict[str, Any]
    weights: str  # the weight file the model loads

    def fingerprint(self) -> str:
        """SHA-256 over the files that decide the output (config, tokenizer, weights), so a
        run records which checkpoint it used whatever its folder is called."""
        return _fingerprint(self.directory, self.weights)

    @property
    def model_type(self) -> str:
        return str(self.config.get("model_type", ""))

    @property
    def d_model(self) -> int:
        return int(self.config.get("d_model", 0))

    @property
    def vocab_size(self) -> int:
        return int(self.config.get("vocab_size", 0))

    @property
    def scales_decoder_outputs(self) -> bool:
        """T5 v1.0 (tied embeddings) scales decoder outputs by d_model^-0.5; untied T5 does not.

        transformers 5 writes ``tie_word_embeddings: true`` for every T5 and keeps the real
        setting in ``scale_decoder_outputs``; older configs only have the former.
        """
        if "scale_decoder_outputs" in self.config:
            return bool(self.config["scale_decoder_outputs"])
        return bool(self.config.get("tie_word_embeddings", True))

    def default_prefix(self) -> str:
        """The task prefix the checkpoint was fine-tuned with, from its architecture.

        The model cards: vit5-large-vietnews reads ``vietnews: text``, vit5-base-vietnews plain
        text. A large ViT5 is recognised by its vocabulary and width, wherever it is stored.
        """
        large = (
            self.model_type == "t5"
            and self.vocab_size == VIT5_VOCAB
            and self.d_model == LARGE_D_MODEL
        )
        return LARGE_PREFIX if large else ""

    def revision(self) -> str:
        """The Hub commit for a cache snapshot; otherwise a fingerprint of the files."""
        if "/snapshots/" in self.directory.as_posix():
            return self.directory.name[:12]
        import hashlib

        stats = [str(self.directory)]
        for path in sorted(self.directory.iterdir()):
            if path.is_file():
                info = path.stat()
                stats.append(f"{path.name}:{info.st_size}:{info.st_mtime_ns}")
        return hashlib.sha1("\n".join(stats).encode()).hexdigest()[:12]


def download_command(model: str) -> str:
    """The one download a user needs: config, tokenizer and the PyTorch/safetensors weights."""
    hub_id = model if _HUB_ID.match(model) and "/" in model else DEFAULT_MODEL
    return (
        f'hf download {hub_id} --include "*.json" --include "*.model" '
        f'--include "*.safetensors" --include "pytorch_model*.bin"'
    )


def fix_hint(model: str) -> str:
    return (
        f"on a machine with network run `{download_command(model)}`, which fills the Hugging "
        f"Face cache (copy ~/.cache/huggingface over), or pass --model /path/to/dir"
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
    """HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE, read now (the libraries read them at import)."""
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


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else exc.__class__.__name__).rstrip(". ")


def hub_cache_dir() -> str:
    from huggingface_hub import constants

    return str(constants.HF_HUB_CACHE)


def missing_parts(directory: Path) -> list[str]:
    """What a checkpoint directory lacks to be loaded: config, weights, tokenizer."""
    missing = []
    if not (directory / "config.json").is_file():
        missing.append("config.json")
    if not any((directory / name).is_file() for name in WEIGHT_FILES):
        missing.append("the weights (model.safetensors or pytorch_model.bin)")
    if not (directory / TOKENIZER_FILE).is_file():
        missing.append(TOKENIZER_FILE)
    return missing


def cached_snapshot(repo: str) -> Path | None:
    """The repository's snapshot folder in the Hugging Face cache (``refs/main``), if any."""
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(repo, "config.json")
    return Path(cached).parent if isinstance(cached, str) else None


def download_patterns(files: list[str]) -> list[str]:
    """Config and tokenizer files plus one weight format: safetensors when the repo has it."""
    weights = (
        ["*.safetensors", "model.safetensors.index.json"]
        if any(f.endswith(".safetensors") for f in files)
        else ["pytorch_model*.bin", "pytorch_model.bin.index.json"]
    )
    return ["*.json", "*.model", *weights]


def download(repo: str) -> Path:
    from huggingface_hub import HfApi, snapshot_download

    files = HfApi().list_repo_files(repo)
    return Path(snapshot_download(repo, allow_patterns=download_patterns(files)))


def checkpoint_dir(source: ModelSource) -> Path:
    """A local directory holding config, weights and tokenizer of ``source``.

    A Hub id is its snapshot in the Hugging Face cache (no network call when it is
    complete there); otherwise it is downloaded, unless offline or unreachable.
    """
    if source.local_dir is not None:
        return source.local_dir
    snapshot = cached_snapshot(source.ref)
    if snapshot is not None and not missing_parts(snapshot):
        return snapshot
    found = (
        "not there"
        if snapshot is None
        else f"{snapshot} lacks {', '.join(missing_parts(snapshot))}"
    )
    tried = (
        f"Could not load {source.ref!r}: tried a local directory of that name "
        f"(none) and the Hugging Face cache ({hub_cache_dir()}, {found})"
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
        return download(source.ref)
    except Exception as exc:  # network, auth, missing repository: all one sentence
        raise ModelUnavailableError(
            f"{tried}, then a Hub download, which failed: {first_line(exc)}; "
            f"{fix_hint(source.ref)}."
        ) from None


def _safetensors_shapes(path: Path) -> dict[str, list[int]]:
    """Tensor shapes from a safetensors header (8-byte length, then JSON), no tensor read."""
    with path.open("rb") as handle:
        (length,) = struct.unpack("<Q", handle.read(8))
        if length > 100_000_000:
            raise ValueError("header too large")
        header = json.loads(handle.read(length))
    return {k: v["shape"] for k, v in header.items() if isinstance(v, dict) and "shape" in v}


def embedding_shape(directory: Path, weights: str) -> list[int] | None:
    """Shape of the shared token embedding, read without loading the model."""
    names = ("shared.weight", "encoder.embed_tokens.weight")
    path = directory / weights
    if weights.endswith(".index.json"):
        weight_map = json.loads(path.read_text(encoding="utf-8")).get("weight_map", {})
        shard = next((weight_map[n] for n in names if n in weight_map), None)
        if shard is None:
            return None
        path, weights = directory / shard, shard
    shapes = _safetensors_shapes(path) if weights.endswith(".safetensors") else _bin_shapes(path)
    return next((shapes[n] for n in names if n in shapes), None)


class _ShapeUnpickler(pickle.Unpickler):
    """Reads a ``torch.save`` state dict's pickle for tensor shapes only.

    Tensors are rebuilt as their size tuples and storages are never read, so no tensor data
    is loaded, torch is not imported (~200 MB), and nothing but torch's own rebuild
    functions and ``OrderedDict`` may be named by the file.
    """

    def find_class(self, module: str, name: str) -> Any:
        if module == "collections" and name == "OrderedDict":
            return collections.OrderedDict
        if module == "torch._utils" and name.startswith("_rebuild_tensor"):
            return lambda storage, offset, size, *rest: list(size)
        if module == "torch":
            return name  # storage and dtype names, only ever passed to the above
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a state dict")

    def persistent_load(self, pid: Any) -> None:
        return None


def _bin_shapes(path: Path) -> dict[str, list[int]]:
    """Tensor shapes of a zip-format ``pytorch_model.bin`` (torch ≥ 1.6 writes that); none
    (no check) for a legacy file or a pickle holding more than tensors."""
    if not zipfile.is_zipfile(path):
        return {}
    with zipfile.ZipFile(path) as archive:
        pickled = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        try:
            state = _ShapeUnpickler(io.BytesIO(archive.read(pickled))).load()
        except pickle.UnpicklingError:
            return {}
    if not isinstance(state, dict):
        return {}
    return {k: v for k, v in state.items() if isinstance(v, list)}


def inspect_checkpoint(source: ModelSource, directory: Path) -> CheckpointInfo:
    """The checkpoint's config and weight file, or a one-line error saying what to change."""
    ref = source.ref
    config_path = directory / "config.json"
    if not config_path.is_file():
        raise ModelUnavailableError(
            f"Could not load the config from {ref!r} (no config.json there); a checkpoint "
            f"directory needs config.json, the weights and {TOKENIZER_FILE}; {fix_hint(ref)}."
        )
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise ValueError("not a JSON object")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelUnavailableError(
            f"Could not load the config from {ref!r}: config.json is not valid JSON "
            f"({first_line(exc)}); restore the checkpoint's own config.json."
        ) from None
    model_type = config.get("model_type")
    if model_type not in T5_FAMILY:
        raise ModelUnavailableError(
            f"{ref!r} is not a T5-family checkpoint (its config.json says model_type "
            f"{model_type!r}, not one of {', '.join(T5_FAMILY)}); pass a T5/ViT5 "
            f"summarization checkpoint with --model."
        )
    weights = next((n for n in WEIGHT_FILES if (directory / n).is_file()), None)
    if weights is None:
        raise ModelUnavailableError(
            f"Could not load the weights from {ref!r}: it has no model.safetensors or "
            f"pytorch_model.bin (nor a sharded index of either); {fix_hint(ref)}."
        )
    if not (directory / TOKENIZER_FILE).is_file():
        raise ModelUnavailableError(
            f"Could not load the tokenizer from {ref!r}: it has no {TOKENIZER_FILE}, the "
            f"SentencePiece vocabulary T5/ViT5 tokenizers read; copy {TOKENIZER_FILE} of the "
            f"checkpoint it was trained from into {directory}."
        )
    info = CheckpointInfo(ref, directory, config, weights)
    _check_embedding(info)
    return info


def _check_embedding(info: CheckpointInfo) -> None:
    try:
        shape = embedding_shape(info.directory, info.weights)
    except Exception as exc:  # truncated or foreign files
        raise ModelUnavailableError(
            f"Could not load the weights from {info.ref!r}: {info.weights} is unreadable "
            f"({first_line(exc)}); download the checkpoint again."
        ) from None
    if shape is None or len(shape) != 2:
        return
    vocab, width = shape
    if width != info.d_model:
        raise ModelUnavailableError(
            f"The config of {info.ref!r} says d_model {info.d_model}, but its weights "
            f"({info.weights}) are {width} wide: config.json belongs to another model; put "
            f"the checkpoint's own config.json in {info.directory}."
        )
    if vocab != info.vocab_size:
        raise ModelUnavailableError(
            f"The config of {info.ref!r} says vocab_size {info.vocab_size}, but its weights "
            f"({info.weights}) hold {vocab} token embeddings: config.json belongs to another "
            f"model; put the checkpoint's own config.json in {info.directory}."
        )
