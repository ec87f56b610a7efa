"""The Gradio page and its API endpoints; behaviour lives in :mod:`summarizer_demo.service`,
HTML in :mod:`summarizer_demo.render`, words in :mod:`summarizer_demo.i18n`.

The page speaks Vietnamese unless ``?lang=en`` or its language switch says English; every
label is re-worded in place and results are re-rendered from the last run. Endpoints for
scripts (``gradio_client`` or HTTP): ``/summarize``, ``/score`` and ``/model_status``, with
English one-line errors. Summaries of every user share one queue with a concurrency limit.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import gradio as gr
from summarizer_demo.assets import CSS, JS
from summarizer_demo.events import wire
from summarizer_demo.i18n import DEFAULT_LANG, t
from summarizer_demo.page import Page
from summarizer_demo.service import DemoService
from summarizer_demo.service import score as rouge_score

from summarizer import SummarizerError
from summarizer.load import MAX_FILE_BYTES

log = logging.getLogger("summarizer_demo")
# Local fonts only: the page must look right, and load fully, on machines with no internet.
_SYSTEM_FONTS = ("ui-sans-serif", "system-ui", "Segoe UI", "Noto Sans", "DejaVu Sans", "sans-serif")
_MONO_FONTS = ("ui-monospace", "DejaVu Sans Mono", "Consolas", "monospace")
F = TypeVar("F", bound=Callable[..., Any])

# Uploads are refused by size only far above the character limit: the limit that users see
# is the one in characters, checked after decoding (an HTML page is mostly markup).
MAX_UPLOAD_BYTES = MAX_FILE_BYTES


def api_errors(fn: F) -> F:
    """API endpoints: input and model errors as one-line English messages, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SummarizerError as exc:
            raise gr.Error(str(exc), print_exception=False) from None
        except gr.Error:
            raise
        except Exception as exc:
            log.exception("Unexpected error in %s", fn.__name__)
            raise gr.Error(t("en", "internal", kind=exc.__class__.__name__)) from None

    return wrapper  # type: ignore[return-value]


def build_app(
    service: DemoService | None = None, concurrency: int = 1, queue_size: int = 32
) -> gr.Blocks:
    """The page and the API endpoints, wired to ``service`` (a new one by default)."""
    service = service or DemoService()

    @api_errors
    def summarize(
        articles: list[str],
        method: str = "extractive",
        max_words: int = 150,
        article_max_words: int = 60,
        names: list[str] | None = None,
    ) -> dict:
        """Summarize a cluster: `articles` is a list of article texts (or whole web pages);
        `method` is extractive, vit5 or both; lengths are in syllables. Returns merged and
        per-article summaries with source sentences, removed noise, inputs and timings."""
        return service.summarize_api(articles, method, max_words, article_max_words, names)

    @api_errors
    def score(prediction: str, references: list[str], tokenizer: str = "syllable") -> dict:
        """ROUGE-1/2/L/Lsum precision, recall and F1 of `prediction` against `references`,
        with the signature of the settings (tokenizer: syllable, word-pyvi, ...)."""
        return rouge_score(prediction, references, tokenizer)

    def model_status() -> dict:
        """Whether ViT5 is ready, loading, not yet tried, or unavailable on this server."""
        return service.vit5_status().to_dict()

    # Uploads and exports are kept an hour at most: a long-running service must not fill its disk.
    with gr.Blocks(
        title=t(DEFAULT_LANG, "page_title"), analytics_enabled=False, delete_cache=(600, 3600)
    ) as app:
        wire(Page(service, concurrency), app)
        gr.api(
            summarize, api_name="summarize", concurrency_id="model", concurrency_limit=concurrency
        )
        gr.api(score, api_name="score", concurrency_limit=2)
        gr.api(model_status, api_name="model_status", queue=False)
    app.queue(default_concurrency_limit=concurrency, max_size=queue_size)
    return app


def page_options() -> dict[str, Any]:
    """How the page looks and behaves (styles, script, fonts, footer): for launch() and for
    mounting it elsewhere (``summarizer serve`` mounts it at /ui with
    ``gr.mount_gradio_app(..., **page_options())``).
    """
    return {
        "css": CSS,
        "js": JS,
        "theme": gr.themes.Default(font=list(_SYSTEM_FONTS), font_mono=list(_MONO_FONTS)),
        "footer_links": [],
    }


def launch(
    app: gr.Blocks,
    host: str = "127.0.0.1",
    port: int = 7860,
    *,
    block: bool = True,
    quiet: bool = False,
    max_file_size: int | None = MAX_UPLOAD_BYTES,
) -> str:
    """Serve ``app``; returns its URL (after the server stops when ``block``)."""
    _, url, _ = app.launch(
        server_name=host,
        server_port=port,
        prevent_thread_lock=not block,
        quiet=quiet,
        max_file_size=max_file_size,
        **page_options(),
    )
    return url
