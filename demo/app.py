"""The Gradio page and its API endpoints; all behaviour lives in :mod:`summarizer_demo.service`.

Endpoints for scripts (``gradio_client`` or HTTP): ``/summarize``, ``/score`` and
``/model_status``. Summaries of every user share one queue with a concurrency limit, so
model work never runs more than ``concurrency`` requests at once.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import gradio as gr
from summarizer_demo import render
from summarizer_demo.service import (
    DemoInputError,
    DemoService,
    collect_articles,
    seed_example,
    split_pasted,
)
from summarizer_demo.service import score as rouge_score

from summarizer import SummarizerError

log = logging.getLogger("summarizer_demo")
# Local fonts only: the page must look right, and load fully, on machines with no internet.
_SYSTEM_FONTS = ("ui-sans-serif", "system-ui", "Segoe UI", "Noto Sans", "DejaVu Sans", "sans-serif")
_MONO_FONTS = ("ui-monospace", "DejaVu Sans Mono", "Consolas", "monospace")
F = TypeVar("F", bound=Callable[..., Any])

TITLE = "Vietnamese news cluster summarizer"
# How long a page load waits for ViT5 to finish loading before it says "loading".
NOTICE_WAIT_S = 20.0
CSS = """
.sd-results { display: grid; gap: 1rem; }
.sd-results.sd-both { grid-template-columns: 1fr 1fr; }
.sd-results.sd-single .sd-pair { display: grid; grid-template-columns: 3fr 2fr; gap: 1rem; }
.sd-method { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: .8rem; }
.sd-method h3 { margin: 0 0 .5rem; }
.sd-merged p, .sd-article-summary p { line-height: 1.75; margin: .3rem 0; }
.sd-sent { color: #1b1b1b; border-radius: 4px; padding: 1px 3px;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.sd-unsourced { background: #e5e5e5; }
.sd-chips { margin-left: 2px; }
.sd-chip { color: #fff; border-radius: 8px; padding: 0 5px; margin-left: 1px; font-size: .7em;
  font-weight: 600; }
.sd-legend { list-style: none; padding: 0; margin: .6rem 0 0; display: flex; flex-wrap: wrap;
  gap: .35rem; }
.sd-legend li { border-left: 5px solid; border-radius: 4px; padding: 1px 8px; font-size: .85em;
  color: #1b1b1b; }
.sd-article-summary { border-left: 5px solid; border-radius: 6px; padding: 0 .6rem .3rem;
  margin-bottom: .6rem; background: var(--background-fill-secondary); }
.sd-article-summary h5 { margin: 0 -.6rem; padding: .25rem .6rem; color: #1b1b1b;
  border-radius: 0 6px 0 0; font-size: .95em; }
.sd-merged h4, .sd-per-article h4 { margin: .2rem 0; }
.sd-both .sd-per-article { margin-top: 1rem; }
.sd-notice details { margin-top: .3rem; font-size: .9em; }
.sd-notice summary { cursor: pointer; }
.sd-notice { background: #fff4d6; color: #5a4300; border: 1px solid #e8c15a; border-radius: 8px;
  padding: .6rem .8rem; }
.sd-note, .sd-muted { color: var(--body-text-color-subdued); font-size: .9em; }
.sd-warning { color: #8a5300; }
.sd-empty { color: var(--body-text-color-subdued); font-style: italic; }
.sd-table { border-collapse: collapse; font-size: .88em; margin: .3rem 0 .6rem; }
.sd-table td, .sd-table th { border: 1px solid var(--border-color-primary); padding: 2px 6px; }
.sd-scores td { text-align: right; }
.sd-table code { white-space: nowrap; }
h4 small, h5 small { font-weight: normal; color: var(--body-text-color-subdued); }
@media (max-width: 900px) {
  .sd-results.sd-both, .sd-results.sd-single .sd-pair { grid-template-columns: 1fr; }
}
"""

INTRO = """
# Vietnamese news cluster summarizer
Paste several articles about one event (separate them with a line holding only `===`) or
upload `.txt` files, then press **Summarize**. You get one **merged summary** of the whole
cluster, with each sentence coloured by the article it came from (the numbered chips list
every article that says the same thing), and a **summary of each article**.
"""

API_HELP = """
Every result here is also a service. With `gradio_client` (`pip install gradio_client`):

```python
from gradio_client import Client
client = Client("http://127.0.0.1:7860/")
result = client.predict(["article one ...", "article two ..."], "extractive", 150, 60,
                        api_name="/summarize")
print(result["results"]["extractive"]["merged"]["text"])
print(client.predict(result["results"]["extractive"]["merged"]["text"], ["a reference"],
                     "syllable", api_name="/score"))
```

Over HTTP (two steps: start a call, then read its result as server-sent events):

```bash
EVENT=$(curl -s -X POST http://127.0.0.1:7860/gradio_api/call/summarize \\
  -H 'Content-Type: application/json' \\
  -d '{"data": [["Bài thứ nhất ...", "Bài thứ hai ..."], "extractive", 150, 60, null]}' \\
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["event_id"])')
curl -s http://127.0.0.1:7860/gradio_api/call/summarize/$EVENT
```
The full list of endpoints and parameters is under **Use via API** at the bottom of the page.
"""


def user_errors(fn: F) -> F:
    """Show input and model errors as one-line messages in the page, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (DemoInputError, SummarizerError) as exc:
            raise gr.Error(str(exc), print_exception=False) from None
        except gr.Error:
            raise
        except Exception as exc:
            log.exception("Unexpected error in %s", fn.__name__)
            raise gr.Error(
                f"Internal error ({exc.__class__.__name__}); the server log has the details.",
                print_exception=False,
            ) from None

    return wrapper  # type: ignore[return-value]


def build_app(
    service: DemoService | None = None, concurrency: int = 1, queue_size: int = 32
) -> gr.Blocks:
    """The page and the API endpoints, wired to ``service`` (a new one by default)."""
    service = service or DemoService()
    limits = service.limits

    @user_errors
    def summarize(
        articles: list[str],
        method: str = "extractive",
        max_words: int = 150,
        article_max_words: int = 60,
        names: list[str] | None = None,
    ) -> dict:
        """Summarize a cluster: `articles` is a list of article texts; `method` is
        extractive, vit5 or both; lengths are in words (syllables). Returns merged and
        per-article summaries with source sentences, removed noise and timings."""
        return service.summarize_api(articles, method, max_words, article_max_words, names)

    @user_errors
    def score(prediction: str, references: list[str], tokenizer: str = "syllable") -> dict:
        """ROUGE-1/2/L/Lsum precision, recall and F1 of `prediction` against `references`,
        with the signature of the settings (tokenizer: syllable, word-pyvi, ...)."""
        return rouge_score(prediction, references, tokenizer)

    def model_status() -> dict:
        """Whether ViT5 is loaded, loading, not yet tried, or unavailable (and why)."""
        return service.vit5_status().to_dict()

    @user_errors
    def run_page(
        text: str, files: list[str] | None, method: str, max_words: float, article_words: float
    ) -> tuple[Any, ...]:
        documents, names = collect_articles(text, files)
        if not documents:
            raise DemoInputError(
                "No articles yet: paste articles (separated by a line holding only ===), "
                "upload .txt files, or load the example cluster."
            )
        run = service.summarize(documents, names, method, max_words, article_words)
        return (
            render.results_html(run),
            render.timings_html(run),
            render.removed_html(run),
            run.to_dict(),
            run.merged_texts(),
            render.model_notice_html(service.vit5_status()),
        )

    @user_errors
    def score_page(summaries: dict[str, str], reference: str, tokenizer: str) -> str:
        if not summaries:
            raise DemoInputError("Make a summary first, then score it against your reference.")
        references = split_pasted(reference)
        return render.scores_html(
            {name: rouge_score(text, references, tokenizer) for name, text in summaries.items()}
        )

    def describe(text: str, files: Sequence[str] | None) -> str:
        try:
            documents, _ = collect_articles(text, files)
        except DemoInputError as exc:  # e.g. an upload that is not UTF-8: say so at once
            return f"⚠ {exc}"
        return render.input_summary(documents, limits)

    # Uploads are kept an hour at most: a long-running service must not fill its disk.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(600, 3600)) as app:
        gr.Markdown(INTRO)
        notice = gr.HTML(elem_id="model-notice", js_on_load=None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                text = gr.Textbox(
                    label="Articles — separate articles with a line holding only ===",
                    lines=14,
                    max_lines=24,
                    placeholder="Bài thứ nhất…\n\n===\n\nBài thứ hai…",
                    elem_id="articles",
                )
                info = gr.Markdown(render.input_summary([], limits), elem_id="input-info")
            with gr.Column(scale=2):
                files = gr.File(
                    label="…and/or upload .txt files (UTF-8)",
                    file_count="multiple",
                    file_types=[".txt"],
                    elem_id="uploads",
                )
                example = gr.Button("Load the example cluster (5 articles)", elem_id="example")
                method = gr.Radio(
                    [
                        ("Extractive", "extractive"),
                        ("ViT5", "vit5"),
                        ("Both, side by side", "both"),
                    ],
                    value="extractive",
                    label="Method",
                    elem_id="method",
                )
                max_words = gr.Slider(
                    30, 400, value=150, step=10, label="Merged summary length (words)"
                )
                article_words = gr.Slider(
                    15, 200, value=60, step=5, label="Per-article summary length (words)"
                )
                run = gr.Button("Summarize", variant="primary", elem_id="run")
        results = gr.HTML(elem_id="results", js_on_load=None)
        timings = gr.HTML(elem_id="timings", js_on_load=None)
        with gr.Accordion("What the cleaner removed as noise", open=False):
            removed = gr.HTML(
                '<p class="sd-muted">Run a summary to see the removed lines.</p>',
                elem_id="removed",
                js_on_load=None,
            )
        with gr.Accordion("Score against a reference summary (ROUGE)", open=False):
            reference = gr.Textbox(
                label="Reference summary (several: separate them with a line holding only ===)",
                lines=4,
                elem_id="reference",
            )
            with gr.Row():
                tokenizer = gr.Dropdown(
                    ["syllable", "word-pyvi", "word-underthesea", "ascii"],
                    value="syllable",
                    label="ROUGE tokens",
                )
                score_button = gr.Button("Score the merged summary", elem_id="score")
            scores = gr.HTML(elem_id="scores", js_on_load=None)
        with gr.Accordion("Result as JSON (what /summarize returns)", open=False):
            raw = gr.JSON(elem_id="raw")
        with gr.Accordion("Use it from a script", open=False):
            gr.Markdown(API_HELP)
        last = gr.State({})

        page_only: dict[str, Any] = {"api_visibility": "private"}
        for source in (text, files):
            source.change(
                describe,
                [text, files],
                info,
                queue=False,
                trigger_mode="always_last",
                **page_only,
            )
        example.click(user_errors(seed_example), None, text, queue=False, **page_only)
        run.click(
            run_page,
            [text, files, method, max_words, article_words],
            [results, timings, removed, raw, last, notice],
            concurrency_id="model",
            concurrency_limit=concurrency,
            **page_only,
        )
        score_button.click(
            score_page, [last, reference, tokenizer], scores, concurrency_limit=2, **page_only
        )
        app.load(
            lambda: render.model_notice_html(service.vit5_status(wait_s=NOTICE_WAIT_S)),
            None,
            notice,
            queue=False,
            **page_only,
        )
        gr.api(
            summarize, api_name="summarize", concurrency_id="model", concurrency_limit=concurrency
        )
        gr.api(score, api_name="score", concurrency_limit=2)
        gr.api(model_status, api_name="model_status", queue=False)
    app.queue(default_concurrency_limit=concurrency, max_size=queue_size)
    return app


def page_options() -> dict[str, Any]:
    """How the page looks (styles, fonts, footer): for launch() and for mounting it elsewhere
    (``summarizer serve`` mounts it at /ui with ``gr.mount_gradio_app(..., **page_options())``).
    """
    return {
        "css": CSS,
        "theme": gr.themes.Default(font=list(_SYSTEM_FONTS), font_mono=list(_MONO_FONTS)),
        "footer_links": ["api"],
    }


def launch(
    app: gr.Blocks,
    host: str = "127.0.0.1",
    port: int = 7860,
    *,
    block: bool = True,
    quiet: bool = False,
    max_file_size: int | None = None,
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
