"""The FastAPI application behind ``summarizer serve``.

    uvicorn --factory summarizer_service.app:create_app_from_env

Routes: ``POST /v1/summarize``, ``POST /v1/score``, ``GET /v1/models``, ``GET /healthz``,
``GET /readyz``, ``GET /metrics``; ``/openapi.json`` and ``/docs``; the Gradio page at
``/ui`` when gradio is installed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Response
from fastapi.responses import JSONResponse
from summarizer_service.config import ServiceConfig
from summarizer_service.metrics import Metrics
from summarizer_service.runtime import ModelRegistry, WorkQueue
from summarizer_service.schemas import (
    ClusterSummaryOut,
    ErrorResponse,
    HealthResponse,
    LimitsOut,
    ModelsResponse,
    ReadyResponse,
    ScoreRequest,
    ScoreResponse,
    SummarizeRequest,
    summarize_request_for,
)
from summarizer_service.web import (
    ApiError,
    MetricsMiddleware,
    RequestGuard,
    install_error_handlers,
    library_error,
    require_key,
)

import summarizer
from summarizer import SummarizerError

log = logging.getLogger("summarizer_service")

DESCRIPTION = """
Summaries of clusters of Vietnamese news articles: a merged summary whose every sentence
names its source article and sentence, and a summary of each article.

Errors are `{"error": {"type", "message"}}` with one line of text: 400 malformed JSON,
401 missing or wrong API key, 413 over a limit (body bytes, articles, characters),
415 not JSON, 422 invalid fields, 503 model unavailable or queue full (with `Retry-After`).
"""


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorResponse} for status in statuses}


class _State:
    """What the routes share: configuration, models, the work queue, metrics."""

    def __init__(self, config: ServiceConfig) -> None:
        self.config = config
        self.metrics = Metrics()
        options = {"vit5": dict(config.vit5_options)}
        if config.vit5_model:
            options["vit5"]["model"] = config.vit5_model
        self.models = ModelRegistry(config.methods, options)
        self.queue = WorkQueue(config.concurrency, config.queue_size, self.metrics.set_queue)

    def check_limits(self, documents: list[str]) -> None:
        limit = self.config.max_articles
        if len(documents) > limit:
            raise ApiError(
                413,
                "too_many_articles",
                f"Too many articles: {len(documents):,} given, the limit is {limit:,}.",
            )
        total, limit = sum(map(len, documents)), self.config.max_total_chars
        if total > limit:
            raise ApiError(
                413,
                "too_much_text",
                f"The articles hold {total:,} characters in total; the limit is {limit:,}.",
            )

    def summarize(self, request: SummarizeRequest) -> dict[str, Any]:
        """Runs in a worker thread: the library call and its serialisation."""
        summarizer_ = self.models.get(request.method)
        options = request.model_dump(exclude={"documents", "method"})
        return summarizer_.summarize(request.documents, **options).to_dict()


def _score(request: ScoreRequest) -> dict[str, Any]:
    from summarizer_eval import rouge

    scorer = rouge.shared_scorer(request.tokenizer, request.aggregate)
    return scorer.report(request.prediction, request.references).to_dict()


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The service for ``config`` (defaults: extractive only, no keys, the Gradio page)."""
    config = config or ServiceConfig()
    state = _State(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if config.preload:  # /readyz answers 503 until this is done
            threading.Thread(target=state.models.load_enabled, name="preload", daemon=True).start()
        yield

    app = FastAPI(
        title="Vietnamese news cluster summarizer",
        version=summarizer.__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.service = state
    install_error_handlers(app, state.metrics)
    app.add_middleware(RequestGuard, max_body_bytes=config.max_body_bytes, metrics=state.metrics)
    known_paths: set[str] = set()  # filled once the routes exist
    app.add_middleware(MetricsMiddleware, metrics=state.metrics, known_paths=known_paths)
    auth = [Depends(require_key(config.api_keys))]

    async def summarize_cluster(body: SummarizeRequest) -> JSONResponse:
        """Summarize one cluster; the answer is exactly `ClusterSummary.to_dict()`."""
        state.check_limits(body.documents)
        try:
            result = await state.queue.run(state.summarize, body)
        except SummarizerError as exc:
            raise library_error(exc) from None
        state.metrics.summaries.labels(body.method).inc()
        return JSONResponse(result)

    # The body model lists only the methods this server runs (set before FastAPI reads it).
    summarize_cluster.__annotations__["body"] = summarize_request_for(config.methods)
    app.post(
        "/v1/summarize",
        response_model=ClusterSummaryOut,
        responses=_errors(400, 401, 413, 415, 422, 503),
        dependencies=auth,
        tags=["summaries"],
    )(summarize_cluster)

    @app.post(
        "/v1/score",
        response_model=ScoreResponse,
        responses=_errors(400, 401, 413, 415, 422, 503),
        dependencies=auth,
        tags=["evaluation"],
    )
    async def score(body: ScoreRequest) -> JSONResponse:
        """ROUGE-1/2/L/Lsum of a summary against references, with the settings' signature."""
        state.check_limits([body.prediction, *body.references])
        try:
            result = await state.queue.run(_score, body)
        except ImportError as exc:
            raise ApiError(
                422,
                "invalid_option",
                f"The {body.tokenizer} tokenizer needs {exc.name}, which this server lacks; "
                "use tokenizer=syllable.",
            ) from None
        return JSONResponse(result)

    @app.get(
        "/v1/models",
        response_model=ModelsResponse,
        responses=_errors(401),
        dependencies=auth,
        tags=["service"],
    )
    async def models() -> dict[str, Any]:
        """Which methods are loaded, which are unavailable and why, and the limits."""
        limits = LimitsOut(
            max_articles=config.max_articles,
            max_total_chars=config.max_total_chars,
            max_body_bytes=config.max_body_bytes,
            concurrency=config.concurrency,
            queue_size=config.queue_size,
        )
        return {"models": state.models.status(), "limits": limits}

    @app.get("/healthz", response_model=HealthResponse, tags=["service"])
    async def healthz() -> dict[str, str]:
        """The process is alive (no model is touched)."""
        return {"status": "ok", "version": summarizer.__version__}

    @app.get(
        "/readyz",
        response_model=ReadyResponse,
        responses={503: {"model": ReadyResponse}},
        tags=["service"],
    )
    async def readyz() -> JSONResponse:
        """200 once every enabled method is loaded, else 503 (route no traffic here yet)."""
        ready = state.models.ready()
        body = {"ready": ready, "models": state.models.status()}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get(
        "/metrics",
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}}, **_errors(401)},
        dependencies=auth,
        tags=["service"],
    )
    async def metrics() -> Response:
        """Prometheus text format: requests, latencies, queue depth, errors by kind."""
        body, content_type = state.metrics.exposition()
        return Response(body, media_type=content_type)

    if config.ui:
        from summarizer_service.ui import mount_ui

        mount_ui(app, config)
    known_paths.update(getattr(r, "path", "") for r in app.routes)
    return app


def create_app_from_env() -> FastAPI:
    """uvicorn's factory: the configuration ``summarizer serve`` put in the environment."""
    return create_app(ServiceConfig.from_env())

