"""Error kinds shared by the HTTP service and the batch output: one vocabulary, one shape.

Both report a failure as ``{"error": {"type": ..., "message": ...}}`` where ``message`` is
one line for a person and ``type`` is stable for programs. Free of FastAPI imports, so the
batch engine can use it on a core install.
"""

from __future__ import annotations

from typing import Any

from summarizer.errors import (
    EmptyInputError,
    InputDecodeError,
    InvalidOptionError,
    ModelUnavailableError,
    SummarizerError,
)

# Most specific first: the first class an exception is an instance of names its kind.
_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (EmptyInputError, "empty_input"),
    (InputDecodeError, "decode_error"),
    (InvalidOptionError, "invalid_option"),
    (ModelUnavailableError, "model_unavailable"),
    (SummarizerError, "invalid_input"),
)


def error_kind(exc: BaseException) -> str:
    """The stable ``type`` of an error; anything the library did not foresee is internal."""
    for cls, kind in _KINDS:
        if isinstance(exc, cls):
            return kind
    return "internal_error"


def one_line(text: str, limit: int = 500) -> str:
    """A message on one line, bounded, so no traceback or input dump can ride along."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def error_body(kind: str, message: str) -> dict[str, Any]:
    """The one error shape of the service and of batch records."""
    return {"error": {"type": kind, "message": one_line(message)}}


def describe(exc: BaseException, detail: bool = True) -> dict[str, Any]:
    """An exception as an error body, never a traceback.

    An unforeseen exception says its class, and its text only with ``detail`` (batch records
    for the operator; an HTTP client gets the class alone, the server log has the rest).
    """
    kind = error_kind(exc)
    if kind != "internal_error":
        return error_body(kind, str(exc))
    name = exc.__class__.__name__
    if detail:
        return error_body(kind, f"Internal error ({name}: {exc}).")
    return error_body(kind, f"Internal error ({name}); the server log has the details.")
