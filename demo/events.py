"""Which page event does what: the wiring between :class:`summarizer_demo.page.Page`'s
components and handlers (page-only events: none of them is part of the API).

Summarize disables its button while it runs and re-enables it on success and on failure,
scrolls to fresh results, and re-keys the stale marker; exports download at once; the
language switch re-words everything and sets ``lang`` and ``?lang=``.
"""

from __future__ import annotations

import gradio as gr
from summarizer_demo.i18n import t
from summarizer_demo.page import PAGE_ONLY, Page, page_errors
from summarizer_demo.service import seed_example


def wire(page: Page, app: gr.Blocks) -> None:
    """Connect every page event of ``page`` inside ``app``."""
    context = [
        page.lang, page.page_url, page.last_run, page.run_key, page.last_scores, page.edits,
        *page.inputs,
    ]  # fmt: skip
    set_lang = "(lang) => { window.sdSetLang(lang); }"
    app.load(
        page.on_load,
        [page.page_url, *context[2:]],
        [page.page_url, *page.worded],
        js="(url, ...rest) => [window.location.origin + window.location.pathname, ...rest]",
        queue=False,
        **PAGE_ONLY,
    ).then(None, [page.lang], None, js=set_lang, **PAGE_ONLY)
    # Waits for a ViT5 load in progress: off the queue, so it never delays a summary.
    app.load(page.late_notice, [page.lang], [page.notice, page.method], queue=False, **PAGE_ONLY)
    page.lang.input(page.relabel, context, page.worded, queue=False, **PAGE_ONLY).then(
        None, [page.lang], None, js=set_lang, **PAGE_ONLY
    )

    refresh = {"fn": page.refresh, "inputs": [page.lang, page.run_key, *page.inputs],
               "outputs": [page.info, page.stale], "queue": False, **PAGE_ONLY}  # fmt: skip
    for source in (page.text, page.urls, page.method, page.max_words, page.article_words):
        source.change(trigger_mode="always_last", **refresh)
    after_uploads = {
        "fn": page.after_uploads,
        "inputs": [page.lang, page.run_key, *page.inputs],
        "outputs": [page.uploads_list, page.info, page.stale],
        "queue": False,
        **PAGE_ONLY,
    }
    page.upload.upload(
        page.add_uploads, [page.uploads, page.upload], page.uploads, queue=False, **PAGE_ONLY
    ).then(**after_uploads)
    page.clear_uploads.click(lambda: [], None, page.uploads, queue=False, **PAGE_ONLY).then(
        **after_uploads
    )

    page.example.click(
        page_errors(lambda lang, text, answer: seed_example() if answer == "ok" else text),
        [page.lang, page.text, page.confirm_flag],
        page.text,
        js="(lang, text, flag) => [lang, text, window.sdConfirmReplace(text) ? 'ok' : 'no']",
        queue=False,
        **PAGE_ONLY,
    )

    run_inputs = [page.lang, *page.inputs]
    started = page.run.click(
        lambda lang: gr.update(value=t(lang, "running_button"), interactive=False),
        [page.lang],
        page.run,
        queue=False,
        **PAGE_ONLY,
    )
    ran = started.then(
        page_errors(page.run_page),
        run_inputs,
        [
            page.results,
            page.timings,
            page.removed,
            page.raw,
            page.last_run,
            page.run_key,
            page.notice,
            page.editor,
            page.edit_method,
            page.edits,
            page.stale,
            page.export_file,
        ],
        concurrency_id="model",
        concurrency_limit=page.concurrency,
        **PAGE_ONLY,
    )
    # Gradio 6 does not reliably run .then() after a failed event: both outcomes re-enable.
    for outcome in (ran.success, ran.failure):
        outcome(
            lambda lang: gr.update(value=t(lang, "run_button"), interactive=True),
            [page.lang],
            page.run,
            queue=False,
            **PAGE_ONLY,
        )
    ran.success(None, None, None, js="() => { window.sdScrollToResults(); }", **PAGE_ONLY)

    page.edit_method.input(
        page.switch_edit,
        [page.edit_method, page.editor, page.edits, page.last_run],
        [page.editor, page.edits],
        queue=False,
        **PAGE_ONLY,
    )
    page.copy.click(None, [page.editor], None, js="(text) => { window.sdCopy(text); }")
    for fmt, button in page.exports.items():
        button.click(
            page.export(fmt),
            [page.lang, page.last_run, page.edits, page.editor],
            page.export_file,
            concurrency_limit=2,
            **PAGE_ONLY,
        ).success(None, None, None, js="() => { window.sdDownload(); }", **PAGE_ONLY)
    page.score.click(
        page_errors(page.score_page),
        [page.lang, page.last_run, page.reference, page.tokenizer],
        [page.scores, page.last_scores],
        concurrency_limit=2,
        **PAGE_ONLY,
    )
