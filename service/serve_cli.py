"""``summarizer serve``: the REST API (and the Gradio page at /ui) on uvicorn."""

from __future__ import annotations

import argparse
import atexit
import inspect
import os
import shutil
import socket
import sys
import tempfile

from summarizer_service.config import (
    CONFIG_ENV,
    KEYS_ENV,
    ServiceConfig,
    exposure_warning,
    keys_from_env,
)

from summarizer import available_methods
from summarizer.argtypes import positive_int
from summarizer.errors import SummarizerError
from summarizer.extras import require

DEFAULTS = ServiceConfig()


def _methods(text: str) -> tuple[str, ...]:
    methods = tuple(dict.fromkeys(m.strip() for m in text.split(",") if m.strip()))
    unknown = [m for m in methods if m not in available_methods()]
    if unknown or not methods:
        raise argparse.ArgumentTypeError(
            f"choose from {', '.join(available_methods())}, got {text!r}"
        )
    return methods


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be 0 or a positive integer, got {text!r}")
    return int(text)


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Serve the REST API (POST /v1/summarize, /v1/score; GET /v1/models, /healthz, "
        "/readyz, /metrics; docs at /docs) and the web page at /ui."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=positive_int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--workers", type=positive_int, default=1, help="server processes (default 1)"
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY",
        help=f"require 'Authorization: Bearer KEY' (repeatable; also ${KEYS_ENV}, "
        "comma-separated)",
    )
    parser.add_argument(
        "--methods",
        type=_methods,
        default=None,
        help="methods to load and serve, comma-separated (default: extractive, plus vit5 "
        "when --model or $SUMMARIZER_VIT5_MODEL is given)",
    )
    parser.add_argument("--model", help="ViT5 checkpoint: Hub id or directory")
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        default=DEFAULTS.concurrency,
        help=f"model jobs at once per worker (default {DEFAULTS.concurrency})",
    )
    parser.add_argument(
        "--queue-size",
        type=_count,
        default=DEFAULTS.queue_size,
        help=f"requests that may wait per worker; more get 503 (default {DEFAULTS.queue_size})",
    )
    parser.add_argument("--max-articles", type=positive_int, default=DEFAULTS.max_articles)
    parser.add_argument("--max-chars", type=positive_int, default=DEFAULTS.max_total_chars)
    parser.add_argument("--max-body-bytes", type=positive_int, default=DEFAULTS.max_body_bytes)
    parser.add_argument("--no-ui", action="store_true", help="do not mount the page at /ui")
    parser.add_argument(
        "--no-preload", action="store_true", help="load models on first use, not at start"
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])


def config_from_args(args: argparse.Namespace) -> ServiceConfig:
    model = args.model or os.environ.get("SUMMARIZER_VIT5_MODEL", "").strip() or None
    methods = args.methods or (("extractive", "vit5") if model else ("extractive",))
    return ServiceConfig(
        methods=methods,
        vit5_model=model,
        api_keys=tuple(args.api_key) + keys_from_env(),
        max_articles=args.max_articles,
        max_total_chars=args.max_chars,
        max_body_bytes=args.max_body_bytes,
        concurrency=args.concurrency,
        queue_size=args.queue_size,
        preload=not args.no_preload,
        ui=not args.no_ui,
    )


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            reason = "the port is in use" if exc.errno == 98 else exc.strerror
            raise SummarizerError(
                f"cannot serve on {host}:{port}: {reason}; choose another with --port."
            ) from None


def serve(host: str, port: int, workers: int, log_level: str) -> None:
    """uvicorn with the app factory; several workers share one listening socket."""
    import uvicorn

    config = uvicorn.Config(
        "summarizer_service.app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        timeout_graceful_shutdown=30,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    from uvicorn.supervisors import Multiprocess

    sock = config.bind_socket()
    # Workers inherit this socket without asyncio's TCP_NODELAY (its protocol number is
    # lost on the way), so each response waited ~40 ms for a delayed ACK. Set on the
    # listener, Linux copies it to every accepted connection.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    extra = {}
    if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn < 0.36
        extra["target"] = uvicorn.Server(config).run
    Multiprocess(config, sockets=[sock], **extra).run()


def run(args: argparse.Namespace) -> int:
    """Start uvicorn and block until it is stopped (Ctrl+C or SIGTERM)."""
    require("'summarizer serve'", ("fastapi", "uvicorn", "prometheus_client"))
    config = config_from_args(args)
    _check_port(args.host, args.port)
    warning = exposure_warning(args.host, config.api_keys)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    os.environ[CONFIG_ENV] = config.to_env()  # every worker builds the same app from it
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        folder = tempfile.mkdtemp(prefix="summarizer-metrics-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    serve(args.host, args.port, args.workers, args.log_level)
    return 0
