"""Typed request and response bodies of the REST API (what ``/openapi.json`` documents).

The summary response is :meth:`summarizer.ClusterSummary.to_dict`, returned as is. Its
models below describe that dictionary for the schema and for clients; every model allows
extra fields, so a field the library adds to ``to_dict()`` reaches clients at once and
needs one line here to be documented (``tests/test_service_api.py`` checks that each
top-level field of a real ``to_dict()`` is documented).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, create_model
from summarizer_eval.tokenizers import TOKENIZERS

from summarizer import available_methods

METHODS = tuple(available_methods())
MAX_BUDGET = 100_000


def _encodable(text: str) -> str:
    """JSON lets a client send lone surrogates; they could never be answered in UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text is not valid Unicode (it holds a lone surrogate)") from None
    return text


Text = Annotated[str, Strict(), AfterValidator(_encodable)]
Budget = Annotated[int, Strict(), Field(ge=1, le=MAX_BUDGET)]


class _Open(BaseModel):
    """A response part: documented fields, and whatever else the library adds."""

    model_config = ConfigDict(extra="allow")


class _Closed(BaseModel):
    """A request body: unknown fields are refused, so a misspelt option never goes unseen."""

    model_config = ConfigDict(extra="forbid")


# ------------------------------------------------------------------ requests


class SummarizeRequest(_Closed):
    """One cluster: articles about one event, and how long the summaries may be."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "documents": [
                        "Tổng Bí thư Tô Lâm rời Hà Nội, lên đường dự cuộc họp.",
                        "Chiều 17/2, Tổng Bí thư Tô Lâm rời Hà Nội.",
                    ],
                    "method": "extractive",
                    "max_words": 150,
                    "article_max_words": 60,
                }
            ]
        },
    )

    documents: list[Text] = Field(
        min_length=1,
        description="Article texts (UTF-8, NFC or not). The server's limits on their number "
        "and total length are listed at GET /v1/models.",
    )
    method: Literal[METHODS] = Field("extractive", description="Summarization method.")  # type: ignore[valid-type]
    max_words: Budget | None = Field(None, description="Merged summary budget in syllables (150).")
    max_sentences: Budget | None = Field(None, description="Merged summary budget in sentences.")
    article_max_words: Budget | None = Field(
        None, description="Per-article budget in syllables (60)."
    )
    article_max_sentences: Budget | None = Field(None, description="Per-article sentences.")
    names: list[Text] | None = Field(None, description="A label per document, same order.")
    per_article: Annotated[bool, Strict()] = Field(
        True, description="false: only the merged summary (one ViT5 generation, not n + 1)."
    )


def summarize_request_for(methods: tuple[str, ...]) -> type[SummarizeRequest]:
    """The request model of a server serving ``methods``: its schema lists only those, so
    asking for a method the server does not run is a 422 naming the choices."""
    default = "extractive" if "extractive" in methods else methods[0]
    return create_model(
        "SummarizeRequest",
        __base__=SummarizeRequest,
        method=(
            Literal[methods],  # type: ignore[valid-type]
            Field(default, description=f"Summarization method: {', '.join(methods)}."),
        ),
    )


# ROUGE-L is quadratic in the text length: 100,000 characters take seconds, 300,000 a minute.
# Summaries are far shorter; the bound keeps one request from holding a slot for minutes.
MAX_SCORE_CHARS = 100_000
ScoreText = Annotated[Text, Field(max_length=MAX_SCORE_CHARS)]


class ScoreRequest(_Closed):
    """A summary to score against one or more references."""

    prediction: ScoreText = Field(description="The summary to score (100,000 characters max).")
    references: list[ScoreText] = Field(
        min_length=1, max_length=20, description="Reference summaries (1 to 20)."
    )
    tokenizer: Literal[TOKENIZERS] = Field(  # type: ignore[valid-type]
        "syllable", description="ROUGE tokens; ascii is rouge-score's default (no diacritics)."
    )
    aggregate: Literal["mean", "max"] = Field(
        "mean", description="Several references: mean of the scores, or the best one."
    )


# ------------------------------------------------------------------ summary (to_dict)


class Source(_Open):
    """A sentence of the input: article and sentence number, both 0-based."""

    article: int
    index: int


class SummarySentenceOut(_Open):
    text: str
    sources: list[Source] = Field(
        description="sources[0]: the sentence the text came from; then near-duplicates."
    )


class SummaryOut(_Open):
    text: str
    syllables: int | None = None
    sentences: list[SummarySentenceOut]


class ArticleSummaryOut(SummaryOut):
    article: int
    title: str | None = None


class RemovalOut(_Open):
    text: str
    reason: str
    line: int


class RemovedOut(_Open):
    article: int
    name: str | None = None
    items: list[RemovalOut]


class ArticleInfo(_Open):
    """Metadata of an input article (title, publication time, ...)."""

    index: int | None = None
    name: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO date or date-time, when found.")
    sentences: int | None = Field(None, description="Sentences kept after cleaning.")


class ClusterSummaryOut(_Open):
    """Exactly :meth:`summarizer.ClusterSummary.to_dict` of the request's cluster."""

    method: str
    settings: dict[str, Any]
    merged: SummaryOut
    per_article: list[ArticleSummaryOut]
    removed: list[RemovedOut]
    warnings: list[str]
    timings_ms: dict[str, float]
    articles: list[ArticleInfo] | None = None


# ------------------------------------------------------------------ other responses


class PRF(BaseModel):
    precision: float
    recall: float
    f1: float


class ScoreResponse(BaseModel):
    scores: dict[str, PRF] = Field(description="rouge1, rouge2, rougeL, rougeLsum (0..1).")
    signature: str = Field(description="Every setting that changes the numbers.")


ModelState = Literal["ready", "loading", "unchecked", "unavailable", "disabled"]


class ModelInfo(BaseModel):
    method: str
    state: ModelState
    model: str | None = None
    message: str


class LimitsOut(BaseModel):
    max_articles: int
    max_total_chars: int
    max_body_bytes: int
    concurrency: int
    queue_size: int


class ModelsResponse(BaseModel):
    models: list[ModelInfo]
    limits: LimitsOut


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str


class ReadyResponse(BaseModel):
    ready: bool
    models: list[ModelInfo]


class ErrorDetail(BaseModel):
    type: str = Field(description="Stable kind, e.g. invalid_json, too_many_articles.")
    message: str = Field(description="One line for a person.")


class ErrorResponse(BaseModel):
    error: ErrorDetail
