"""The HTTP edge: error bodies, request guards, metrics and auth, each small and separate.

Every error leaves as ``{"error": {"type", "message"}}`` with one line of text: validation
errors, FastAPI's and Starlette's own, and unforeseen exceptions (500, class name only; the
traceback goes to the server log, never into a body).
"""

from __future__ import annotations

import email.message
import hmac
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from fastapi import FastAPI, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from summarizer_service.errors import describe, error_body, error_kind
from summarizer_service.metrics import Metrics
from summarizer_service.runtime import QueueFullError

log = logging.getLogger("summarizer_service")

# Library errors: bad input is 422 (the JSON was fine, its content is not), a model that
# cannot run is 503.
_STATUS_BY_KIND = {
    "empty_input": 422,
    "invalid_option": 422,
    "invalid_input": 422,
    "decode_error": 400,
    "model_unavailable": 503,
}
_KIND_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


class ApiError(StarletteHTTPException):
    """An HTTP error with a stable kind; FastAPI re-raises it even from body reading."""

    def __init__(
        self, status: int, kind: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.kind = kind


def error_response(
    status: int, kind: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(kind, message), status_code=status, headers=headers)


# ------------------------------------------------------------------ validation messages


def _path(loc: Sequence[Any]) -> str:
    parts = [p for p in loc if p != "body"]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def validation_error(errors: Sequence[dict[str, Any]]) -> tuple[int, str, str]:
    """(status, kind, one-line message) for pydantic/FastAPI request errors."""
    if not errors:
        return 422, "validation_error", "The request body is not valid."
    first = errors[0]
    kind, path = first.get("type", ""), _path(first.get("loc", ()))
    if kind == "json_invalid":
        reason = (first.get("ctx") or {}).get("error", "JSON decode error")
        return 400, "invalid_json", f"The body is not valid JSON ({reason})."
    if kind == "extra_forbidden":
        message = f"Unknown field '{path}'; /docs lists the accepted fields."
    elif kind == "missing" and not path:
        message = "The request needs a JSON object body."
    elif kind == "missing":
        message = f"Field '{path}' is required."
    elif not path:
        message = f"The body must be a JSON object: {first.get('msg', 'invalid')}."
    else:
        message = f"{path}: {first.get('msg', 'invalid value')}."
    if len(errors) > 1:
        message += f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''} after it.)"
    return 422, "validation_error", message


# ------------------------------------------------------------------ exception handlers


def install_error_handlers(app: FastAPI, metrics: Metrics) -> None:
    """Map every exception to the one error shape, and count it by kind."""

    def respond(status: int, kind: str, message: str, headers: dict[str, str] | None = None):
        metrics.errors.labels(kind).inc()
        return error_response(status, kind, message, headers)

    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return respond(*validation_error(exc.errors()))

    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc, ApiError):
            return respond(exc.status_code, exc.kind, str(exc.detail), exc.headers)
        kind = _KIND_BY_STATUS.get(exc.status_code, "http_error")
        if exc.status_code == 404:
            message = f"No such endpoint: {request.method} {request.url.path}; see /docs."
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; see /docs."
        elif exc.status_code == 400:
            kind, message = "invalid_json", "The body could not be read as JSON in UTF-8."
        else:
            message = str(exc.detail)
        return respond(exc.status_code, kind, message, exc.headers)

    async def on_queue_full(_: Request, exc: QueueFullError) -> JSONResponse:
        return respond(503, "queue_full", str(exc), {"Retry-After": str(exc.retry_after)})

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        kind = error_kind(exc)
        if kind == "internal_error":
            log.error("Unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
            body = describe(exc, detail=False)["error"]
            return respond(500, kind, body["message"])
        return respond(_STATUS_BY_KIND.get(kind, 422), kind, describe(exc)["error"]["message"])

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(QueueFullError, on_queue_full)
    app.add_exception_handler(Exception, on_unexpected)


def library_error(exc: Exception) -> ApiError:
    """A :class:`summarizer.SummarizerError` as the HTTP error it stands for."""
    kind = error_kind(exc)
    return ApiError(_STATUS_BY_KIND.get(kind, 422), kind, str(exc))


# ------------------------------------------------------------------ guards (ASGI)


def _is_json(content_type: str | None) -> bool:
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class RequestGuard:
    """API bodies must be JSON and at most ``max_body_bytes``, checked before parsing.

    A declared Content-Length over the limit is refused before reading; a chunked body is
    counted as it arrives and refused when it crosses the limit.
    """

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, metrics: Metrics, prefix: str = "/v1/"
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.metrics = metrics
        self.prefix = prefix

    def _refuse(self, status: int, kind: str, message: str) -> JSONResponse:
        self.metrics.errors.labels(kind).inc()
        return error_response(status, kind, message)

    def _too_large(self, size: str) -> ApiError:
        return ApiError(
            413,
            "body_too_large",
            f"The request body is {size}; the limit is {self.max_body_bytes:,} bytes.",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("POST", "PUT", "PATCH")
            or not scope["path"].startswith(self.prefix)
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        content_type = headers.get("content-type")
        if not _is_json(content_type):
            got = f"got '{content_type}'" if content_type else "none was given"
            response = self._refuse(
                415,
                "unsupported_media_type",
                f"Send the body as JSON with 'Content-Type: application/json' ({got}).",
            )
            await response(scope, receive, send)
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            error = self._too_large(f"{int(declared):,} bytes")
            await self._refuse(413, error.kind, str(error.detail))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise self._too_large(f"over {self.max_body_bytes:,} bytes")
            return message

        await self.app(scope, counted, send)


class MetricsMiddleware:
    """Counts every request by route template (not raw path: bounded label values).

    ``known_paths`` are the app's routes, for requests a guard answered before routing.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, known_paths: set[str]) -> None:
        self.app = app
        self.metrics = metrics
        self.known_paths = known_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def tracking(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        finally:
            route = getattr(scope.get("route"), "path", None)
            if route is None:
                path = scope["path"]
                route = path if path in self.known_paths else "unmatched"
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.latency.labels(route).observe(time.perf_counter() - started)


# ------------------------------------------------------------------ auth


bearer = HTTPBearer(
    auto_error=False,
    description="An API key of the server (only when it was started with keys).",
)


def key_matches(candidate: str, keys: Sequence[str]) -> bool:
    """Constant-time comparison against every key (no early exit on the first match)."""
    given = candidate.encode()
    return any([hmac.compare_digest(given, k.encode()) for k in keys])


def require_key(keys: Sequence[str]) -> Callable[..., Awaitable[None]]:
    """A dependency that lets a request through only with one of ``keys`` (if any)."""

    async def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    ) -> None:
        if not keys:
            return
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None:
            raise ApiError(
                401,
                "unauthorized",
                "Missing API key: send the header 'Authorization: Bearer <key>'.",
                challenge,
            )
        if not key_matches(credentials.credentials, keys):
            raise ApiError(401, "unauthorized", "Invalid API key.", challenge)

    return check
