"""``summarizer demo``: serve the Gradio page and its API on this machine."""

from __future__ import annotations

import argparse
import logging
import sys

from summarizer_demo.service import Limits

from summarizer.argtypes import positive_int
from summarizer.errors import MissingExtraError, SummarizerError
from summarizer.extras import explain_import_error, require
from summarizer.vit5 import options as vit5_options

# Everything the page needs beyond the core: Gradio, .docx export, web-page extraction.
DEMO_MODULES = ("gradio", "gradio_client", "docx", "trafilatura")


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Options of ``summarizer demo``."""
    defaults = Limits()
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface to listen on (default 127.0.0.1; 0.0.0.0 serves the local network)",
    )
    parser.add_argument("--port", type=positive_int, default=7860, help="port (default 7860)")
    parser.add_argument(
        "--model",
        default=None,
        help="ViT5 checkpoint: Hub id or directory "
        "(default: $SUMMARIZER_VIT5_MODEL, else the ViT5 vietnews checkpoint)",
    )
    parser.add_argument(
        "--max-articles",
        type=positive_int,
        default=None,
        help=f"articles per request (default {defaults.max_articles}, "
        "or $SUMMARIZER_DEMO_MAX_ARTICLES)",
    )
    parser.add_argument(
        "--max-chars",
        type=positive_int,
        default=None,
        help=f"characters per request (default {defaults.max_total_chars:,}, "
        "or $SUMMARIZER_DEMO_MAX_CHARS)",
    )
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        default=1,
        help="summaries computed at once; others wait in the queue (default 1)",
    )
    parser.add_argument(
        "--queue-size",
        type=positive_int,
        default=32,
        help="requests allowed to wait; more are refused with 'Queue is full' (default 32)",
    )
    parser.add_argument(
        "--no-preload",
        action="store_true",
        help="load ViT5 on the first ViT5 request instead of at start",
    )
    parser.add_argument(
        "--no-url-fetch",
        action="store_true",
        help="do not fetch articles from addresses pasted in the page "
        "(for servers that must make no outgoing requests; or SUMMARIZER_DEMO_FETCH_URLS=0)",
    )
    parser.add_argument(
        "--vit5-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a ViT5 option (summarizer.vit5.ViT5Options), e.g. backend=ctranslate2, "
        "num_beams=1, preset=paper; repeatable",
    )


def run(args: argparse.Namespace) -> int:
    """Start the server and block until it is stopped (Ctrl+C)."""
    try:
        env = Limits.from_env()
        limits = Limits(
            max_articles=args.max_articles or env.max_articles,
            max_total_chars=args.max_chars or env.max_total_chars,
        )
        vit5 = vit5_options.parse_pairs(args.vit5_option)
        model = args.model or vit5.pop("model", None)
        vit5_options.ViT5Options.create(**vit5, **({"model": model} if model else {}))
    except SummarizerError as exc:
        print(f"summarizer demo: {exc}", file=sys.stderr)
        return 2
    try:
        require("the web demo", DEMO_MODULES, extra="demo")
        from summarizer_demo.app import build_app, launch
    except MissingExtraError as exc:
        print(f"summarizer demo: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:  # a dependency of a dependency
        explained = explain_import_error(exc, "the web demo")
        print(f"summarizer demo: {explained or exc}", file=sys.stderr)
        return 2
    from summarizer_demo.service import DemoService

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    service = DemoService(
        limits=limits,
        vit5_model=model,
        vit5_options=vit5,
        fetch_urls=False if args.no_url_fetch else None,
    )
    if not args.no_preload:
        service.preload_vit5()
    app = build_app(service, concurrency=args.concurrency, queue_size=args.queue_size)
    try:
        launch(app, args.host, args.port)  # uploads are limited in characters, not bytes
    except OSError as exc:
        reason = "the port is in use" if "Cannot find empty port" in str(exc) else str(exc)
        print(
            f"summarizer demo: cannot serve on {args.host}:{args.port}: {reason}; "
            "choose another with --port.",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m summarizer_demo.cli`` works before the lead wires ``summarizer demo``."""
    parser = argparse.ArgumentParser(prog="summarizer demo", description=__doc__)
    configure_parser(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
