"""The Gradio page of ``summarizer demo``, mounted at ``/ui`` in the service's process.

Optional: without gradio (the ``demo`` extra) the API runs alone and the log says why.
With API keys, the page asks for one (any user name, the key as password), so the page is
no way around the keys.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from summarizer_service.config import ServiceConfig
from summarizer_service.web import key_matches

log = logging.getLogger("summarizer_service")
UI_PATH = "/ui"


def mount_ui(app: FastAPI, config: ServiceConfig) -> bool:
    """Mount the page; returns False (and logs why) when gradio is not installed."""
    try:
        import gradio as gr
        from summarizer_demo.app import MAX_UPLOAD_BYTES, build_app, page_options
        from summarizer_demo.service import DemoService, Limits
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in ("gradio", "gradio_client"):
            log.warning("/ui is off: the page needs gradio (the `demo` extra).")
        else:
            log.warning("/ui is off: the page could not be imported (%s).", exc)
        return False
    service = DemoService(
        limits=Limits(max_articles=config.max_articles, max_total_chars=config.max_total_chars),
        vit5_model=config.vit5_model if "vit5" in config.methods else None,
    )
    blocks = build_app(service, concurrency=config.concurrency, queue_size=config.queue_size)
    keys = config.api_keys
    gr.mount_gradio_app(
        app,
        blocks,
        path=UI_PATH,
        auth=(lambda _user, password: key_matches(password, keys)) if keys else None,
        auth_message="Sign in with an API key of this server as the password." if keys else None,
        max_file_size=MAX_UPLOAD_BYTES,  # the page limits characters, after decoding
        **page_options(),
    )
    return True
