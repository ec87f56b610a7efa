"""The page: its components, worded in Vietnamese or English, and what each event does.

Layout and handlers live here; :mod:`summarizer_demo.events` wires them together and
:mod:`summarizer_demo.app` adds the API endpoints. Every label is re-worded in place when the
language changes, and results are re-rendered from the last run (kept in session state).
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
from summarizer_demo.export import FORMATS, write_export
from summarizer_demo.i18n import DEFAULT_LANG, library_message, normalize_lang, t
from summarizer_demo.service import (
    DemoInputError,
    DemoRun,
    DemoService,
    ModelStatus,
    split_pasted,
    url_lines,
)
from summarizer_demo.service import score as rouge_score
from summarizer_eval.tokenizers import TOKENIZERS

from summarizer import SummarizerError

log = logging.getLogger("summarizer_demo")
F = TypeVar("F", bound=Callable[..., Any])

# How long a page load waits for ViT5 to finish loading before it says "loading".
NOTICE_WAIT_S = 20.0
PAGE_ONLY: dict[str, Any] = {"api_visibility": "private"}
LANG_CHOICES = [("Tiếng Việt", "vi"), ("English", "en")]

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
                    list(TOKENIZERS),
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
        run: DemoRun | None,
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
    def switch_edit(method: str, text: str, edits: dict, run: DemoRun | None) -> tuple[str, dict]:
        """Show another method's summary in the editor, keeping edits made to each."""
        if run is None or method not in run.results or method == edits.get("current"):
            return gr.update(), edits
        texts = {**edits.get("texts", {}), edits.get("current"): text}
        return texts.get(method) or run.results[method].merged.text, {
            "current": method,
            "texts": texts,
        }

    def score_page(
        self, lang: str, run: DemoRun | None, reference: str, tokenizer: str
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
        def export(lang: str, run: DemoRun | None, edits: dict, text: str) -> Any:
            path = write_export(run, edits.get("current", ""), text, fmt, lang)
            return gr.update(value=str(path), visible=True, label=t(lang, "export_file_label"))

        return export

    # -- wiring --------------------------------------------------------------------------------

    def on_load(
        self,
        url: str,
        run: DemoRun | None,
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
