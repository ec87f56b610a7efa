"""Every ViT5 choice in one typed, validated object: the API, the CLI, the harness and the demo
all read their defaults, choices and help text from :class:`ViT5Options`.

Pure Python (no torch): validating options, or printing ``--help``, loads no model library.
Strings from a command line (``--num-beams 4``, ``--vit5-option length_penalty=0.8``) are
converted by the declared type of the field, and a wrong value is one
:class:`~summarizer.errors.InvalidOptionError` sentence naming the option and what it takes.
"""

from __future__ import annotations

import argparse
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from summarizer.errors import InvalidOptionError

DEFAULT_MODEL = "VietAI/vit5-base-vietnews-summarization"
BACKENDS = ("transformers", "ctranslate2")
LONG_INPUT = ("truncate", "chunk", "select")
MERGE = ("select", "fuse")
COMPUTE_TYPES: dict[str, tuple[str, ...]] = {
    "transformers": ("float32", "bfloat16", "float16"),
    "ctranslate2": (
        "int8",
        "int8_float32",
        "int8_float16",
        "int8_bfloat16",
        "int16",
        "float16",
        "bfloat16",
        "float32",
    ),
}
PRESET_NAMES = ("paper",)  # the keys of PRESETS, below
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_NONE = {"none", "null", "auto", ""}


def _opt(default: Any, help: str, *, flag: str | None = None, **limits: Any) -> Any:
    """A field with its CLI help, flag and limits (``choices``, ``minimum``)."""
    return field(default=default, metadata={"help": help, "flag": flag, **limits})


@dataclass(frozen=True)
class ViT5Options:
    """Options of the ViT5 method; ``ViT5Options.create(preset=..., **overrides)`` builds one.

    Defaults follow the model cards and the fine-tuning regime of VietAI's checkpoints
    (README "ViT5"): 1,024-token inputs truncated like in training, one ``</s>``, no n-gram
    blocking. Beam search (4) is the one default that is not the card's greedy decoding.
    """

    model: str = _opt(DEFAULT_MODEL, "Hugging Face id or local directory of a T5 checkpoint")
    backend: str = _opt(
        "transformers", "inference library; ctranslate2 converts once and caches", choices=BACKENDS
    )
    device: str = _opt("auto", "auto, cpu, cuda or cuda:N")
    compute_type: str | None = _opt(
        None,
        "weights' number type (default: int8 with ctranslate2 on CPU, float32 with "
        "transformers on CPU, bfloat16 on a GPU that has it natively, else float32)",
    )
    threads: int | None = _opt(
        None,
        "CPU threads (ctranslate2: parallel one-thread workers; default: all cores)",
        minimum=1,
    )
    num_beams: int = _opt(4, "beam size; 1 is greedy (the model card's decoding)", minimum=1)
    no_repeat_ngram_size: int = _opt(
        0,
        "forbid repeating any n-gram of this many tokens (0: off, as trained and evaluated)",
        flag="--no-repeat-ngram",
        minimum=0,
    )
    length_penalty: float = _opt(1.0, "beam score length exponent")
    min_new_tokens: int | None = _opt(None, "generate at least this many tokens", minimum=0)
    max_new_tokens: int = _opt(256, "generate at most this many tokens", minimum=1)
    batch_size: int = _opt(8, "inputs per generate call, length-sorted", minimum=1)
    input_prefix: str | None = _opt(
        None, "task prefix (default: read from the checkpoint's config.json architecture)"
    )
    max_input_tokens: int = _opt(
        1024, "model window in tokens, prefix and </s> included", minimum=32
    )
    long_input: str = _opt(
        "truncate",
        "article longer than the window: truncate it as in training, chunk it (summarize "
        "every window, then the summaries) or select the ranker's best sentences",
        choices=LONG_INPUT,
    )
    merge: str = _opt(
        "select",
        "merged input: salient sentences of every article, or the article summaries fused",
        choices=MERGE,
    )
    max_chunks: int = _opt(8, "long_input=chunk: at most this many windows per article", minimum=1)
    fit_budget: bool = _opt(
        True, "cap generation and trim output to the length budget (false: raw model output)"
    )
    preset: str | None = _opt(
        None, "named settings, overridden by the options given", choices=PRESET_NAMES
    )

    def __post_init__(self) -> None:
        hints = _hints()
        for spec in fields(self):
            _check_type(spec.name, getattr(self, spec.name), hints[spec.name], spec.metadata)
        if not self.model.strip():
            raise InvalidOptionError("model must be a Hub id or a directory, got ''.")
        allowed = COMPUTE_TYPES[self.backend]
        if self.compute_type is not None and self.compute_type not in allowed:
            raise InvalidOptionError(
                f"compute_type {self.compute_type!r} is not supported by the {self.backend} "
                f"backend; choose one of {', '.join(allowed)} (or leave it unset)."
            )
        if self.min_new_tokens is not None and self.min_new_tokens > self.max_new_tokens:
            raise InvalidOptionError(
                f"min_new_tokens ({self.min_new_tokens}) is larger than "
                f"max_new_tokens ({self.max_new_tokens})."
            )

    @classmethod
    def create(cls, preset: str | None = None, **values: Any) -> ViT5Options:
        """The preset's values, then ``values``; unknown names are refused by name."""
        unknown = sorted(set(values) - set(option_names()))
        if unknown:
            raise InvalidOptionError(
                f"Unknown ViT5 option(s) {', '.join(unknown)}; known: {', '.join(option_names())}."
            )
        if preset is not None and preset not in PRESETS:
            raise InvalidOptionError(f"preset must be one of {', '.join(PRESETS)}, got {preset!r}.")
        base = PRESETS[preset] if preset else {}
        return cls(**{**base, **values, "preset": preset})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# The decoding behind the published VietNews numbers (VietAI's eval notebook and model
# cards): greedy, up to 256 new tokens, inputs truncated at 1,024 tokens, one </s>, and the
# model's whole output (no length budget).
PRESETS: dict[str, dict[str, Any]] = {  # keys: PRESET_NAMES
    "paper": {
        "num_beams": 1,
        "no_repeat_ngram_size": 0,
        "length_penalty": 1.0,
        "min_new_tokens": None,
        "max_new_tokens": 256,
        "max_input_tokens": 1024,
        "long_input": "truncate",
        "fit_budget": False,
    }
}


def option_names() -> list[str]:
    return [spec.name for spec in fields(ViT5Options)]


def _hints() -> dict[str, Any]:
    return typing.get_type_hints(ViT5Options)


def _kinds(hint: Any) -> tuple[type, bool]:
    """(base type, whether None is allowed) of ``int``, ``int | None``, ..."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0], True
    return hint, False


def _type_word(kind: type) -> str:
    return {int: "an integer", float: "a number", bool: "true or false", str: "a string"}[kind]


def _check_type(name: str, value: Any, hint: Any, meta: Mapping[str, Any]) -> None:
    kind, optional = _kinds(hint)
    if value is None and optional:
        return
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok:
        raise InvalidOptionError(f"{name} must be {_type_word(kind)}, got {value!r}.")
    if "choices" in meta and value not in meta["choices"]:
        raise InvalidOptionError(
            f"{name} must be one of {', '.join(meta['choices'])}, got {value!r}."
        )
    if "minimum" in meta and value < meta["minimum"]:
        raise InvalidOptionError(f"{name} must be an integer >= {meta['minimum']}, got {value!r}.")


def coerce(name: str, text: str, label: str | None = None) -> Any:
    """A command-line string as the declared type of option ``name`` (one-line errors
    naming ``label``, the flag it came from)."""
    hints = _hints()
    if name not in hints:
        raise InvalidOptionError(
            f"Unknown ViT5 option {name!r}; known: {', '.join(option_names())}."
        )
    kind, optional = _kinds(hints[name])
    raw = text.strip()
    if optional and raw.lower() in _NONE and kind is not str:
        return None
    if optional and kind is str and raw.lower() in ("none", "null", "auto"):
        return None
    try:
        if kind is bool:
            if raw.lower() in _TRUE | _FALSE:
                return raw.lower() in _TRUE
            raise ValueError
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError:
        raise InvalidOptionError(
            f"{label or 'ViT5 option ' + name} must be {_type_word(kind)}, got {text!r}."
        ) from None
    return text


def parse_pairs(pairs: Iterable[str]) -> dict[str, Any]:
    """``["num_beams=4", "length_penalty=0.8"]`` → typed values (``--vit5-option``)."""
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidOptionError(f"A ViT5 option is KEY=VALUE, got {pair!r}.")
        values[key.strip()] = coerce(key.strip(), value)
    return values


def flag_of(name: str) -> str:
    spec = next(s for s in fields(ViT5Options) if s.name == name)
    return spec.metadata.get("flag") or "--" + name.replace("_", "-")


def add_arguments(group: argparse._ArgumentGroup | argparse.ArgumentParser) -> None:
    """One flag per option (strings, converted by :func:`options_from_args`)."""
    for spec in fields(ViT5Options):
        meta = spec.metadata
        text = meta["help"]
        if "choices" in meta:
            text += f" ({', '.join(meta['choices'])})"
        if isinstance(spec.default, bool):
            text += f"; default {str(spec.default).lower()}"
        elif spec.default is not None:
            text += f"; default {spec.default}"
        group.add_argument(
            flag_of(spec.name), dest=f"vit5_{spec.name}", default=None, metavar="V", help=text
        )


def options_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """The options given on the command line, typed; flags left out are not in the result."""
    given = {}
    for name in option_names():
        text = getattr(args, f"vit5_{name}", None)
        if text is not None:
            given[name] = coerce(name, text, flag_of(name))
    return given
