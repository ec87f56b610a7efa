"""The Gradio page and its API endpoints; behaviour lives in :mod:`summarizer_demo.service`,
HTML in :mod:`summarizer_demo.render`, words in :mod:`summarizer_demo.i18n`.

The page speaks Vietnamese unless ``?lang=en`` or its language switch says English; every
label is re-worded in place and results are re-rendered from the last run. Endpoints for
scripts (``gradio_client`` or HTTP): ``/summarize``, ``/score`` and ``/model_status``, with
English one-line errors. Summaries of every user share one queue with a concurrency limit.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import gradio as gr
from summarizer_demo import render
from summarizer_demo.assets import CSS, JS
from summarizer_demo.export import FORMATS, write_export
from summarizer_demo.i18n import DEFAULT_LANG, library_message, normalize_lang, t
from summarizer_demo.service import (
    DemoInputError,
    DemoService,
    ModelStatus,
    RunResult,
    seed_example,
    split_pasted,
    url_lines,
)
from summarizer_demo.service import score as rouge_score

from summarizer import SummarizerError
from summarizer.load import MAX_FILE_BYTES

log = logging.getLogger("summarizer_demo")
# Local fonts only: the page must look right, and load fully, on machines with no internet.
_SYSTEM_FONTS = ("ui-sans-serif", "system-ui", "Segoe UI", "Noto Sans", "DejaVu Sans", "sans-serif")
_MONO_FONTS = ("ui-monospace", "DejaVu Sans Mono", "Consolas", "monospace")
F = TypeVar("F", bound=Callable[..., Any])

# How long a page load waits for ViT5 to finish loading before it says "loading".
NOTICE_WAIT_S = 20.0
# Uploads are refused by size only far above the character limit: the limit that users see
# is the one in characters, checked after decoding (an HTML page is mostly markup).
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
PAGE_ONLY: dict[str, Any] = {"api_visibility": "private"}
LANG_CHOICES = [("Tiếng Việt", "vi"), ("English", "en")]
TOKENIZERS = ["syllable", "word-pyvi", "word-underthesea", "ascii"]

CLIENT_EXAMPLE = """from gradio_client import Client
client = Client("{url}")
result = client.predict(["Bài thứ nhất ...", "Bài thứ hai ..."], "extractive", 150, 60, None,
                        api_name="/summarize")
merged = result["results"]["extractive"]["merged"]
print(merged["text"])
print(client.predict(merged["text"], ["Bản tóm tắt tham chiếu ..."], "syllable",
                     api_name="/score"))"""
CURL_EXAMPLE = """EVENT=$(curl -s -X POST {url}gradio_api/call/summarize \\
  -H 'Content-Type: application/json' \\
  -d '{{"data": [["Bài thứ nhất ...", "Bài thứ hai ..."], "extractive", 150, 60, null]}}' \\
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["event_id"])')
curl -s {url}gradio_api/call/summarize/$EVENT"""


def api_errors(fn: F) -> F:
    """API endpoints: input and model errors as one-line English messages, never a traceback."""

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
            raise gr.Error(t("en", "internal", kind=exc.__class__.__name__)) from None

    return wrapper  # type: ignore[return-value]


def page_errors(fn: F) -> F:
    """Page events (first argument: the page language): errors as one line in that language."""

    @functools.wraps(fn)
    def wrapper(lang: str, *args: Any, **kwargs: Any) -> Any:
        lang = normalize_lang(lang)
        try:
            return fn(lang, *args, **kwargs)
        except DemoInputError as exc:
            message = exc.message(lang)
        except SummarizerError as exc:
            message = library_message(str(exc), lang)
        except Exception as exc:
            log.exception("Unexpected error in %s", fn.__name__)
            message = t(lang, "internal", kind=exc.__class__.__name__)
        raise gr.Error(message, title=t(lang, "error_title"), print_exception=False)

    return wrapper  # type: ignore[return-value]


def fingerprint(*inputs: Any) -> str:
    """What a result was made from; a result whose inputs differ from the page's is stale."""
    return hashlib.sha256(json.dumps(inputs, default=str).encode()).hexdigest()


def api_help(lang: str, url: str | None) -> str:
    """How to call this very page from a script, with the address the browser is using."""
    url = (url or "http://127.0.0.1:7860/").split("?")[0]
    url = url if url.endswith("/") else url + "/"
    return t(
        lang,
        "api_help",
        client=CLIENT_EXAMPLE.format(url=url),
        curl=CURL_EXAMPLE.format(url=url),
        url=url,
    )


def method_choices(lang: str, status: ModelStatus) -> list[tuple[str, str]]:
    """The method switch; without ViT5 on this server only Extractive is offered."""
    names = ["extractive"] if status.state == "unavailable" else ["extractive", "vit5", "both"]
    return [(render.method_label(n, lang), n) for n in names]


class Page:
    """The page's components and what each event does with them."""

    def __init__(self, service: DemoService, concurrency: int) -> None:
        self.service, self.concurrency = service, concurrency
        self.limits = service.limits
        lang = DEFAULT_LANG
        with gr.Row(equal_height=False):
            self.intro = gr.Markdown(t(lang, "intro"), elem_id="intro")
            self.lang = gr.Radio(
                LANG_CHOICES,
                value=lang,
                label=t(lang, "lang_label"),
                elem_id="lang",
                scale=0,
                min_width=180,
            )
        self.notice = gr.HTML(elem_id="model-notice")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=300):
                self.text = gr.Textbox(
                    label=t(lang, "articles_label"),
                    placeholder=t(lang, "articles_placeholder"),
                    lines=12,
                    max_lines=24,
                    elem_id="articles",
                )
                self.urls = gr.Textbox(
                    label=t(lang, "urls_label"),
                    placeholder=t(lang, "urls_placeholder"),
                    lines=2,
                    max_lines=8,
                    elem_id="urls",
                )
                self.info = gr.Markdown(
                    render.input_summary(0, 0, 0, self.limits, lang), elem_id="input-info"
                )
            with gr.Column(scale=2, min_width=300):
                self.upload = gr.UploadButton(
                    t(lang, "upload_button"),
                    file_count="multiple",
                    file_types=[".txt", ".html", ".htm"],
                    elem_id="upload",
                )
                self.uploads_list = gr.HTML(render.uploads_html([], lang), elem_id="uploads-list")
                self.clear_uploads = gr.Button(
                    t(lang, "clear_uploads"), size="sm", elem_id="clear-uploads"
                )
                self.example = gr.Button(t(lang, "example_button"), elem_id="example")
                self.method = gr.Radio(
                    method_choices(lang, ModelStatus("unchecked")),
                    value="extractive",
                    label=t(lang, "method_label"),
                    elem_id="method",
                )
                self.max_words = gr.Slider(
                    30,
                    400,
                    value=150,
                    step=10,
                    label=t(lang, "max_words_label"),
                    elem_id="max-words",
                )
                self.article_words = gr.Slider(
                    15,
                    200,
                    value=60,
                    step=5,
                    label=t(lang, "article_words_label"),
                    elem_id="article-words",
                )
                self.run = gr.Button(t(lang, "run_button"), variant="primary", elem_id="run")
        self.stale = gr.HTML(elem_id="stale")
        self.results = gr.HTML(elem_id="results")
        with gr.Column(variant="panel", elem_id="export-panel"):
            self.editor_heading = gr.Markdown(t(lang, "editor_heading"))
            self.edit_method = gr.Radio(
                [(render.method_label(n, lang), n) for n in ("extractive", "vit5")],
                label=t(lang, "edit_method_label"),
                visible=False,
                elem_id="edit-method",
            )
            self.editor = gr.Textbox(
                label=t(lang, "editor_label"),
                placeholder=t(lang, "editor_placeholder"),
                lines=5,
                max_lines=20,
                elem_id="summary-edit",
            )
            with gr.Row():
                self.copy = gr.Button(
                    t(lang, "copy_button"), size="sm", elem_id="copy-merged", min_width=100
                )
                self.exports = {
                    fmt: gr.Button(
                        t(lang, f"export_{fmt}"), size="sm", elem_id=f"export-{fmt}", min_width=100
                    )
                    for fmt in FORMATS
                }
            self.export_file = gr.File(
                label=t(lang, "export_file_label"),
                visible=False,
                interactive=False,
                elem_id="export-file",
            )
        self.timings = gr.HTML(elem_id="timings")
        with gr.Accordion(t(lang, "removed_accordion"), open=False) as self.removed_box:
            self.removed = gr.HTML(render.removed_html(None, lang), elem_id="removed")
        with gr.Accordion(t(lang, "score_accordion"), open=False) as self.score_box:
            self.reference = gr.Textbox(
                label=t(lang, "reference_label"), lines=4, elem_id="reference"
            )
            with gr.Row():
                self.tokenizer = gr.Dropdown(
                    TOKENIZERS,
                    value="syllable",
                    label=t(lang, "tokenizer_label"),
                    elem_id="tokenizer",
                )
                self.score = gr.Button(t(lang, "score_button"), elem_id="score")
            self.scores = gr.HTML(elem_id="scores")
        with gr.Accordion(t(lang, "json_accordion"), open=False) as self.json_box:
            self.raw = gr.JSON(elem_id="raw")
        with gr.Accordion(t(lang, "script_accordion"), open=False) as self.script_box:
            self.api_help = gr.Markdown(api_help(lang, None), elem_id="api-help")
        self.confirm_flag = gr.Textbox(visible=False)
        self.page_url = gr.Textbox(visible=False)
        self.uploads = gr.State([])
        self.last_run = gr.State(None)
        self.run_key = gr.State("")
        self.edits = gr.State({})
        self.last_scores = gr.State({})

    # -- wording -------------------------------------------------------------------------------

    @property
    def inputs(self) -> list[Any]:
        """What a result is made from (for the input line and the stale marker)."""
        return [self.text, self.uploads, self.urls, self.method, self.max_words, self.article_words]

    @property
    def worded(self) -> list[Any]:
        """Every component whose words depend on the language, in :meth:`relabel`'s order."""
        return [
            self.intro, self.lang, self.notice, self.text, self.urls, self.info, self.upload,
            self.uploads_list, self.clear_uploads, self.example, self.method, self.max_words,
            self.article_words, self.run, self.stale, self.results, self.editor_heading,
            self.edit_method, self.editor, self.copy, *self.exports.values(), self.export_file,
            self.timings, self.removed_box, self.removed, self.score_box, self.reference,
            self.tokenizer, self.score, self.scores, self.json_box, self.script_box,
            self.api_help,
        ]  # fmt: skip

    def relabel(
        self,
        lang: str,
        url: str,
        run: RunResult | None,
        key: str,
        scores: dict,
        edits: dict,
        text: str,
        files: list[str],
        urls: str,
        method: str,
        max_words: float,
        article_words: float,
    ) -> list[Any]:
        """Every label, placeholder and rendered result in ``lang``."""
        lang = normalize_lang(lang)
        inputs = (text, files, urls, method, max_words, article_words)
        status = self.service.vit5_status()
        choices = method_choices(lang, status)
        method = method if method in {value for _, value in choices} else "extractive"
        ran = list(run.results) if run else []
        return [
            gr.update(value=t(lang, "intro")),
            gr.update(value=lang, label=t(lang, "lang_label")),
            render.model_notice_html(status, lang),
            gr.update(label=t(lang, "articles_label"), placeholder=t(lang, "articles_placeholder")),
            gr.update(label=t(lang, "urls_label"), placeholder=t(lang, "urls_placeholder")),
            self.describe(lang, *inputs),
            gr.update(label=t(lang, "upload_button")),
            render.uploads_html([Path(p).name for p in files or []], lang),
            gr.update(value=t(lang, "clear_uploads")),
            gr.update(value=t(lang, "example_button")),
            gr.update(choices=choices, value=method, label=t(lang, "method_label")),
            gr.update(label=t(lang, "max_words_label")),
            gr.update(label=t(lang, "article_words_label")),
            gr.update(value=t(lang, "run_button")),
            render.stale_html(bool(key) and key != fingerprint(*inputs), lang),
            render.results_html(run, lang),
            gr.update(value=t(lang, "editor_heading")),
            gr.update(
                label=t(lang, "edit_method_label"),
                choices=[(render.method_label(n, lang), n) for n in ran] or None,
                value=edits.get("current"),
            ),
            gr.update(label=t(lang, "editor_label"), placeholder=t(lang, "editor_placeholder")),
            gr.update(value=t(lang, "copy_button")),
            *(gr.update(value=t(lang, f"export_{fmt}")) for fmt in self.exports),
            gr.update(label=t(lang, "export_file_label")),
            render.timings_html(run, lang),
            gr.update(label=t(lang, "removed_accordion")),
            render.removed_html(run, lang),
            gr.update(label=t(lang, "score_accordion")),
            gr.update(label=t(lang, "reference_label")),
            gr.update(label=t(lang, "tokenizer_label")),
            gr.update(value=t(lang, "score_button")),
            render.scores_html(scores, lang),
            gr.update(label=t(lang, "json_accordion")),
            gr.update(label=t(lang, "script_accordion")),
            api_help(lang, url),
        ]

    def describe(
        self, lang: str, text: str, files: Sequence[str] | None, urls: str, *_: Any
    ) -> str:
        """The input line: articles and characters against the limits, or what is wrong."""
        try:
            documents = self.service.collect(text, files, None, check_count=False)
            addresses = url_lines(urls)
        except DemoInputError as exc:
            return f"⚠ {exc.message(lang)}"
        chars = sum(len(d.text) for d in documents)
        return render.input_summary(len(documents), chars, len(addresses), self.limits, lang)

    def refresh(self, lang: str, key: str, *inputs: Any) -> tuple[str, str]:
        """The input line and the stale marker, after any input changed."""
        lang = normalize_lang(lang)
        stale = bool(key) and key != fingerprint(*inputs)
        return self.describe(lang, *inputs), render.stale_html(stale, lang)

    def after_uploads(self, lang: str, key: str, *inputs: Any) -> tuple[str, str, str]:
        """The list of uploaded files, then the input line and the stale marker."""
        lang = normalize_lang(lang)
        names = [Path(p).name for p in inputs[1] or []]
        return (render.uploads_html(names, lang), *self.refresh(lang, key, *inputs))

    # -- actions -------------------------------------------------------------------------------

    def run_page(
        self,
        lang: str,
        text: str,
        files: list[str] | None,
        urls: str,
        method: str,
        max_words: float,
        article_words: float,
    ) -> tuple[Any, ...]:
        documents = self.service.collect(text, files, urls)
        if not documents:
            raise DemoInputError("no_articles")
        run = self.service.summarize(documents, None, method, max_words, article_words)
        first = next(iter(run.results))
        return (
            render.results_html(run, lang),
            render.timings_html(run, lang),
            render.removed_html(run, lang),
            run.to_dict(),
            run,
            fingerprint(text, files, urls, method, max_words, article_words),
            render.model_notice_html(self.service.vit5_status(), lang),
            run.results[first].merged.text,
            gr.update(
                visible=len(run.results) > 1,
                choices=[(render.method_label(n, lang), n) for n in run.results],
                value=first,
            ),
            {"current": first, "texts": {}},
            "",
            gr.update(visible=False, value=None),
        )

    @staticmethod
    def switch_edit(method: str, text: str, edits: dict, run: RunResult | None) -> tuple[str, dict]:
        """Show another method's summary in the editor, keeping edits made to each."""
        if run is None or method not in run.results or method == edits.get("current"):
            return gr.update(), edits
        texts = {**edits.get("texts", {}), edits.get("current"): text}
        return texts.get(method) or run.results[method].merged.text, {
            "current": method,
            "texts": texts,
        }

    def score_page(
        self, lang: str, run: RunResult | None, reference: str, tokenizer: str
    ) -> tuple[str, dict]:
        if run is None or not run.results:
            raise DemoInputError("no_prediction")
        references = split_pasted(reference)
        scores = {
            name: rouge_score(text, references, tokenizer)
            for name, text in run.merged_texts().items()
        }
        return render.scores_html(scores, lang), scores

    @staticmethod
    def add_uploads(current: list[str], new: Sequence[str] | None) -> list[str]:
        return [*current, *(str(p) for p in new or [])]

    def export(self, fmt: str) -> Callable[..., Any]:
        @page_errors
        def export(lang: str, run: RunResult | None, edits: dict, text: str) -> Any:
            path = write_export(run, edits.get("current", ""), text, fmt, lang)
            return gr.update(value=str(path), visible=True, label=t(lang, "export_file_label"))

        return export

    # -- wiring --------------------------------------------------------------------------------

    def wire(self, app: gr.Blocks) -> None:
        context = [
            self.lang, self.page_url, self.last_run, self.run_key, self.last_scores, self.edits,
            *self.inputs,
        ]  # fmt: skip
        set_lang = "(lang) => { window.sdSetLang(lang); }"
        app.load(
            self.on_load,
            [self.page_url, *context[2:]],
            [self.page_url, *self.worded],
            js="(url, ...rest) => [window.location.origin + window.location.pathname, ...rest]",
            queue=False,
            **PAGE_ONLY,
        ).then(None, [self.lang], None, js=set_lang, **PAGE_ONLY)
        app.load(
            self.late_notice,
            [self.lang],
            [self.notice, self.method],
            **PAGE_ONLY,
        )
        self.lang.input(self.relabel, context, self.worded, queue=False, **PAGE_ONLY).then(
            None, [self.lang], None, js=set_lang, **PAGE_ONLY
        )

        refresh = {"fn": self.refresh, "inputs": [self.lang, self.run_key, *self.inputs],
                   "outputs": [self.info, self.stale], "queue": False, **PAGE_ONLY}  # fmt: skip
        for source in (self.text, self.urls, self.method, self.max_words, self.article_words):
            source.change(trigger_mode="always_last", **refresh)
        after_uploads = {
            "fn": self.after_uploads,
            "inputs": [self.lang, self.run_key, *self.inputs],
            "outputs": [self.uploads_list, self.info, self.stale],
            "queue": False,
            **PAGE_ONLY,
        }
        self.upload.upload(
            self.add_uploads, [self.uploads, self.upload], self.uploads, queue=False, **PAGE_ONLY
        ).then(**after_uploads)
        self.clear_uploads.click(lambda: [], None, self.uploads, queue=False, **PAGE_ONLY).then(
            **after_uploads
        )

        self.example.click(
            page_errors(lambda lang, text, answer: seed_example() if answer == "ok" else text),
            [self.lang, self.text, self.confirm_flag],
            self.text,
            js="(lang, text, flag) => [lang, text, window.sdConfirmReplace(text) ? 'ok' : 'no']",
            queue=False,
            **PAGE_ONLY,
        )

        run_inputs = [self.lang, *self.inputs]
        started = self.run.click(
            lambda lang: gr.update(value=t(lang, "running_button"), interactive=False),
            [self.lang],
            self.run,
            queue=False,
            **PAGE_ONLY,
        )
        ran = started.then(
            page_errors(self.run_page),
            run_inputs,
            [
                self.results,
                self.timings,
                self.removed,
                self.raw,
                self.last_run,
                self.run_key,
                self.notice,
                self.editor,
                self.edit_method,
                self.edits,
                self.stale,
                self.export_file,
            ],
            concurrency_id="model",
            concurrency_limit=self.concurrency,
            **PAGE_ONLY,
        )
        # Gradio 6 does not reliably run .then() after a failed event: both outcomes re-enable.
        for outcome in (ran.success, ran.failure):
            outcome(
                lambda lang: gr.update(value=t(lang, "run_button"), interactive=True),
                [self.lang],
                self.run,
                queue=False,
                **PAGE_ONLY,
            )
        ran.success(None, None, None, js="() => { window.sdScrollToResults(); }", **PAGE_ONLY)

        self.edit_method.input(
            self.switch_edit,
            [self.edit_method, self.editor, self.edits, self.last_run],
            [self.editor, self.edits],
            queue=False,
            **PAGE_ONLY,
        )
        self.copy.click(None, [self.editor], None, js="(text) => { window.sdCopy(text); }")
        for fmt, button in self.exports.items():
            button.click(
                self.export(fmt),
                [self.lang, self.last_run, self.edits, self.editor],
                self.export_file,
                concurrency_limit=2,
                **PAGE_ONLY,
            ).success(None, None, None, js="() => { window.sdDownload(); }", **PAGE_ONLY)
        self.score.click(
            page_errors(self.score_page),
            [self.lang, self.last_run, self.reference, self.tokenizer],
            [self.scores, self.last_scores],
            concurrency_limit=2,
            **PAGE_ONLY,
        )

    def on_load(
        self,
        url: str,
        run: RunResult | None,
        key: str,
        scores: dict,
        edits: dict,
        text: str,
        files: list[str],
        urls: str,
        method: str,
        max_words: float,
        article_words: float,
        request: gr.Request,
    ) -> list[Any]:
        """The page in the language of ``?lang=`` (Vietnamese without it), with its address."""
        lang = normalize_lang(request.query_params.get("lang"))
        inputs = (text, files, urls, method, max_words, article_words)
        return [url, *self.relabel(lang, url, run, key, scores, edits, *inputs)]

    def late_notice(self, lang: str) -> tuple[str, Any]:
        """Once a ViT5 load in progress settles (or NOTICE_WAIT_S passes): the banner, and
        only the methods this server can really run."""
        status = self.service.vit5_status(wait_s=NOTICE_WAIT_S)
        choices = method_choices(lang, status)
        if len(choices) > 1:
            return render.model_notice_html(status, lang), gr.update()
        return render.model_notice_html(status, lang), gr.update(
            choices=choices, value="extractive"
        )


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
        page = Page(service, concurrency)
        page.wire(app)
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
