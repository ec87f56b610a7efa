"""Errors of the eval harness: one-line messages that name the file or setting at fault."""

from __future__ import annotations

from summarizer.errors import SummarizerError


class EvalError(SummarizerError):
    """Base class; the CLI prints the message and exits with status 2."""


class DatasetFormatError(EvalError, ValueError):
    """A corpus file or folder does not have the documented layout; the message names it."""


class RunConfigMismatchError(EvalError):
    """An output folder holds a run made with other settings; mixing them would be wrong."""


class SignatureMismatchError(EvalError, ValueError):
    """Two ROUGE numbers were computed with different settings and cannot be compared."""


class ScoreInputError(EvalError, ValueError):
    """Scores asked of unusable input: no references, no per-item scores, unpaired items."""
