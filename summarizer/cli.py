"""Command line: ``summarizer summarize``, ``eval``, ``demo``, ``serve`` and ``batch``.

Errors a user can cause print one line to stderr and exit with status 2, option mistakes
included (argparse's usage block is replaced by one line naming the option).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from importlib import import_module
from typing import TYPE_CHECKING, NoReturn

from summarizer import __version__
from summarizer.api import Summarizer
from summarizer.argtypes import positive_float, positive_int
from summarizer.commands import registered
from summarizer.errors import SummarizerError
from summarizer.extras import explain_import_error, require
from summarizer.load import DEFAULT_TIMEOUT_S, load_documents
from summarizer.methods import available_methods
from summarizer.render import render_markdown, render_text
from summarizer.vit5 import options as vit5_options

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """Option mistakes as one line on stderr (exit 2), like every other user error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see '{self.prog} --help')\n")


if TYPE_CHECKING:  # argparse's class is generic for type checkers only
    Subparsers = argparse._SubParsersAction[OneLineParser]


def _add_summarize_parser(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="summarize a cluster of articles",
        description=(
            "Summarize articles about one event: a merged summary and one per article. "
            "PATH is a text file, a web page (.html, or an http(s):// address), a folder of "
            ".txt and .html files, or '-' to read standard input, where articles are "
            "separated by '===' ending a line, or by a form feed. Articles and sentences are "
            "numbered from 1 in text and markdown output, from 0 in JSON."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--method", default="extractive", choices=available_methods())
    parser.add_argument(
        "--max-words", type=positive_int, help="merged summary budget in syllables (150)"
    )
    parser.add_argument(
        "--max-sentences", type=positive_int, help="merged summary budget in sentences"
    )
    parser.add_argument(
        "--article-max-words", type=positive_int, help="per-article budget in syllables (60)"
    )
    parser.add_argument(
        "--article-max-sentences", type=positive_int, help="per-article budget in sentences"
    )
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_TIMEOUT_S,
        help=f"seconds a web page may take to download (default {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    parser.add_argument("--encoding", default="utf-8", help="input encoding (e.g. cp1258)")
    parser.add_argument("--show-removed", action="store_true", help="list the noise removed")
    parser.add_argument(
        "--merged-only", action="store_true", help="skip the per-article summaries (faster)"
    )
    vit5_options.add_arguments(parser.add_argument_group("ViT5 options (--method vit5)"))
    parser.set_defaults(handler=_run_summarize)


def _method_options(args: argparse.Namespace) -> dict[str, object]:
    """The ViT5 flags given, typed and checked against ViT5Options before any loading."""
    given = vit5_options.options_from_args(args)
    if given and args.method != "vit5":
        flags = ", ".join(vit5_options.flag_of(k) for k in given)
        raise SummarizerError(f"{flags} only apply to --method vit5.")
    if args.method == "vit5":
        vit5_options.ViT5Options.create(**given)
    return given


def _needed_modules(method: str, options: dict[str, object]) -> tuple[str, ...]:
    """What the chosen method needs beyond the core install, checked before any work."""
    if method != "vit5":
        return ()
    engine = "ctranslate2" if options.get("backend") == "ctranslate2" else "torch"
    return ("transformers", "sentencepiece", engine)


def _run_summarize(args: argparse.Namespace) -> int:
    options = _method_options(args)
    require(f"--method {args.method}", _needed_modules(args.method, options))
    documents = load_documents(args.paths, encoding=args.encoding, timeout=args.timeout)
    summarizer = Summarizer(args.method, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # warnings are printed from result.warnings below
        result = summarizer.summarize(
            [d.text for d in documents],
            max_words=args.max_words,
            max_sentences=args.max_sentences,
            article_max_words=args.article_max_words,
            article_max_sentences=args.article_max_sentences,
            names=[d.name for d in documents],
            per_article=not args.merged_only,
            published=[d.published for d in documents],  # a web page's date; else the dateline
        )
    for message in result.warnings:
        print(f"warning: {message}", file=sys.stderr)
    sources = [d.metadata() for d in documents]
    if args.format == "json":
        data = result.to_dict()
        data["inputs"] = sources  # where each article came from, by the same 0-based index
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(render_markdown(result, show_removed=args.show_removed, sources=sources))
    else:
        print(render_text(result, show_removed=args.show_removed, sources=sources))
    total_ms = result.timings_ms.get("total", 0.0)
    count = f"{len(documents)} article{'s' if len(documents) != 1 else ''}"
    print(f"summarized {count} in {total_ms:.0f} ms", file=sys.stderr)
    return 0


def _add_delegated_parser(
    subparsers: Subparsers, name: str, module: str, help_text: str, active: bool
) -> None:
    """A subcommand implemented by another package (the harness, the demo).

    Its module is imported only when that subcommand runs, so ``summarizer summarize``
    never pays for gradio or matplotlib.
    """
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    if not active:
        return
    try:
        target = import_module(module)
    except ImportError as exc:  # an optional extra is not installed
        error = explain_import_error(exc, f"'summarizer {name}'") or SummarizerError(
            f"'summarizer {name}' cannot start: {exc}."
        )

        def unavailable(_: argparse.Namespace) -> int:
            raise error

        parser.set_defaults(handler=unavailable)
        return
    target.configure_parser(parser)
    parser.set_defaults(handler=target.run)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="summarizer", description="Summaries of clusters of Vietnamese news articles."
    )
    parser.add_argument("--version", action="version", version=f"summarizer {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    _add_summarize_parser(subparsers)
    for name, subcommand in registered().items():
        _add_delegated_parser(
            subparsers, name, subcommand.module, subcommand.help, active=command == name
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ImportError as exc:  # an optional dependency the pre-checks did not foresee
        error = explain_import_error(exc, f"'summarizer {args.command}'")
        if error is None:
            raise
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
