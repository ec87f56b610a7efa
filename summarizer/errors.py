"""Exceptions raised by the public API.

Every error a user can trigger with bad input is a :class:`SummarizerError`, so callers
(the CLI, the demo, scripts) can catch one class and show its one-line message.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base class: the message is a complete, user-facing sentence."""


class EmptyInputError(SummarizerError, ValueError):
    """No documents, or only empty/whitespace documents, were given."""


class InputDecodeError(SummarizerError, ValueError):
    """A file could not be decoded as text; the message names the file."""


class InvalidOptionError(SummarizerError, ValueError):
    """An option has an unusable value (unknown method, negative budget, ...)."""


class ModelUnavailableError(SummarizerError, RuntimeError):
    """Model weights could not be loaded; the message says what was tried and how to fix it."""


class ModelFileError(ModelUnavailableError):
    """A model file shipped with the package is missing or corrupt; the message names the
    file and the command that rebuilds it."""


class MissingExtraError(SummarizerError, ImportError):
    """An optional dependency is missing; the message names the extra that installs it."""


class FetchError(SummarizerError):
    """A web page could not be fetched (no answer in time, HTTP error); the message names it.

    ``kind`` says what went wrong, for callers that word it themselves: ``timeout``,
    ``http`` (``detail`` = the status), ``connect``, ``not-html`` (``detail`` = the content
    type), ``too-big``, ``scheme`` or ``other``.
    """

    def __init__(self, message: str, url: str = "", kind: str = "other", detail: str = "") -> None:
        super().__init__(message)
        self.url, self.kind, self.detail = url, kind, detail
