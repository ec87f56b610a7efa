"""Command line: ``summarizer summarize``, ``summarizer eval``, ``summarizer demo``.

Errors a user can cause print one line to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from importlib import import_module

from summarizer.api import Summarizer
from summarizer.errors import SummarizerError
from summarizer.load import load_documents
from summarizer.methods import available_methods
from summarizer.render import render_markdown, render_text

EXIT_USAGE = 2


def _add_summarize_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="summarize a cluster of articles",
        description=(
            "Summarize articles about one event: a merged summary and one per article. "
            "PATH is a text file, a folder of .txt files, or '-' to read standard input, "
            "where articles are separated by a line of '==='."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--method", default="extractive", choices=available_methods())
    parser.add_argument("--max-words", type=int, help="merged summary budget in syllables (150)")
    parser.add_argument("--max-sentences", type=int, help="merged summary budget in sentences")
    parser.add_argument("--article-max-words", type=int, help="per-article budget (60)")
    parser.add_argument("--article-max-sentences", type=int)
    parser.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    parser.add_argument("--encoding", default="utf-8", help="input encoding (e.g. cp1258)")
    parser.add_argument("--show-removed", action="store_true", help="list the noise removed")
    parser.add_argument(
        "--merged-only", action="store_true", help="skip the per-article summaries (faster)"
    )
    vit5 = parser.add_argument_group("ViT5 options (--method vit5)")
    vit5.add_argument("--model", help="Hugging Face id or local directory of a T5 checkpoint")
    vit5.add_argument("--backend", choices=["transformers", "ctranslate2"])
    vit5.add_argument("--device", help="auto, cpu or cuda")
    vit5.add_argument("--num-beams", type=int)
    vit5.add_argument("--max-new-tokens", type=int)
    vit5.add_argument("--threads", type=int, help="CPU threads")
    vit5.add_argument(
        "--long-input",
        choices=["chunk", "select"],
        help="article longer than the model window: summarize chunks, or pre-select sentences",
    )
    vit5.add_argument(
        "--merge",
        choices=["select", "fuse"],
        help="merged input: ranked sentences from every article, or the article summaries",
    )
    parser.set_defaults(handler=_run_summarize)


def _method_options(args: argparse.Namespace) -> dict[str, object]:
    options = {
        "model": args.model,
        "backend": args.backend,
        "device": args.device,
        "num_beams": args.num_beams,
        "max_new_tokens": args.max_new_tokens,
        "threads": args.threads,
        "long_input": args.long_input,
        "merge": args.merge,
    }
    given = {k: v for k, v in options.items() if v is not None}
    if given and args.method != "vit5":
        flags = ", ".join("--" + k.replace("_", "-") for k in given)
        raise SummarizerError(f"{flags} only apply to --method vit5.")
    return given


def _run_summarize(args: argparse.Namespace) -> int:
    documents = load_documents(args.paths, encoding=args.encoding)
    summarizer = Summarizer(args.method, **_method_options(args))
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
        )
    for message in result.warnings:
        print(f"warning: {message}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(render_markdown(result, show_removed=args.show_removed))
    else:
        print(render_text(result, show_removed=args.show_removed))
    return 0


def _add_delegated_parser(
    subparsers: argparse._SubParsersAction, name: str, module: str, help_text: str, active: bool
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
        missing = exc.name or module

        def unavailable(_: argparse.Namespace) -> int:
            raise SummarizerError(
                f"'summarizer {name}' needs {missing}: install it with pip install -e '.[all]'."
            )

        parser.set_defaults(handler=unavailable)
        return
    target.configure_parser(parser)
    parser.set_defaults(handler=target.run)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarizer", description="Summaries of clusters of Vietnamese news articles."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    _add_summarize_parser(subparsers)
    _add_delegated_parser(
        subparsers,
        "eval",
        "summarizer_eval.cli",
        "score systems against references with ROUGE",
        active=command == "eval",
    )
    _add_delegated_parser(
        subparsers,
        "demo",
        "summarizer_demo.cli",
        "start the Gradio web demo",
        active=command == "demo",
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
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
