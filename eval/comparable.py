"""One question, asked one way: were two numbers, or two runs, made with the same settings?

Settings are a signature string (``tok:syllable|agg:mean|...``) or a dict (a run's
``run.json``, a system's prediction header). The runner, the demo, the service and the tests
all ask through :func:`check_comparable`, so a refusal always names every differing
setting, with its value before and now.

    >>> differences("tok:syllable|agg:mean", "tok:ascii|agg:mean")
    "tok: 'syllable' before, 'ascii' now"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from summarizer_eval.errors import EvalError, SignatureMismatchError

Settings = str | Mapping[str, Any]
_ABSENT = object()


def format_signature(fields: Mapping[str, object]) -> str:
    """``key:value|key:value``, in the order given (sacrebleu's signature layout)."""
    return "|".join(f"{key}:{value}" for key, value in fields.items())


def parse_signature(text: str) -> dict[str, str]:
    """The fields of a signature string, in order."""
    fields: dict[str, str] = {}
    for part in text.strip().split("|"):
        key, sep, value = part.partition(":")
        if not sep or not key:
            raise SignatureMismatchError(f"Not a ROUGE signature field: {part!r} in {text!r}.")
        fields[key] = value
    return fields


def _fields(settings: Settings) -> Mapping[str, Any]:
    return parse_signature(settings) if isinstance(settings, str) else settings


def _shown(value: object) -> str:
    return "absent" if value is _ABSENT else repr(value)


def differences(before: Settings, now: Settings) -> str:
    """Every setting that differs, ``key: old before, new now``; empty when none does."""
    old, new = _fields(before), _fields(now)
    return "; ".join(
        f"{key}: {_shown(old.get(key, _ABSENT))} before, {_shown(new.get(key, _ABSENT))} now"
        for key in dict.fromkeys([*old, *new])
        if old.get(key, _ABSENT) != new.get(key, _ABSENT)
    )


def check_comparable(
    before: Settings,
    now: Settings,
    subject: str = "These ROUGE numbers are not comparable; their settings differ",
    advice: str = "",
    error: type[EvalError] = SignatureMismatchError,
) -> None:
    """Refuse (raise ``error``) when any setting differs; the message names each one."""
    found = differences(before, now)
    if found:
        raise error(f"{subject} ({found})" + (f"; {advice}." if advice else "."))
