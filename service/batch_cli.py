"""``summarizer batch INPUT --out OUTPUT``: a corpus of clusters, resumably, locally or on Ray."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarizer_service.batch import ENGINES, BatchConfig, SummarizeWorkerFactory, run_batch

from summarizer.argtypes import positive_int
from summarizer.errors import SummarizerError
from summarizer.methods import available_methods
from summarizer.vit5 import options as vit5_options


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a number of GPUs (0 or more), got {text!r}")
    return value


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Summarize every cluster of INPUT (JSON lines {\"id\", \"documents\": [...]} or "
        "Parquet) into OUTPUT, one JSON line per id: {\"id\", ...summary} or {\"id\", "
        "\"error\"}. A rerun skips ids already in OUTPUT; no id is ever written twice."
    )
    parser.add_argument("input", type=Path, metavar="INPUT")
    parser.add_argument("--out", type=Path, required=True, metavar="OUTPUT", help="JSON lines")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: processes on this machine (default); ray: Ray Data actors",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        help="processes (local; default: all cores for extractive, 1 for vit5) or actors "
        "(ray; default: one per CPU of the cluster)",
    )
    parser.add_argument(
        "--ray-address",
        metavar="HOST:PORT",
        help="join this Ray cluster (default: start a local Ray for the run)",
    )
    parser.add_argument(
        "--ray-batch-size",
        type=positive_int,
        default=8,
        help="clusters per call of a Ray actor (default 8)",
    )
    parser.add_argument(
        "--gpus-per-worker", type=_fraction, default=0.0, help="GPUs per Ray actor (ViT5)"
    )
    parser.add_argument("--method", default="extractive", choices=available_methods())
    parser.add_argument("--max-words", type=positive_int, help="merged budget in syllables (150)")
    parser.add_argument("--max-sentences", type=positive_int)
    parser.add_argument("--article-max-words", type=positive_int, help="per-article budget (60)")
    parser.add_argument("--article-max-sentences", type=positive_int)
    parser.add_argument("--merged-only", action="store_true", help="skip per-article summaries")
    parser.add_argument("--no-progress", action="store_true", help="no progress line")
    vit5_options.add_arguments(parser.add_argument_group("ViT5 options (--method vit5)"))


def config_from_args(args: argparse.Namespace) -> BatchConfig:
    options = vit5_options.options_from_args(args)
    if options and args.method != "vit5":
        flags = ", ".join(vit5_options.flag_of(k) for k in options)
        raise SummarizerError(f"{flags} only apply to --method vit5.")
    if args.method == "vit5":
        vit5_options.ViT5Options.create(**options)  # a wrong value fails before any work
    budgets = {
        "max_words": args.max_words,
        "max_sentences": args.max_sentences,
        "article_max_words": args.article_max_words,
        "article_max_sentences": args.article_max_sentences,
        "per_article": not args.merged_only,
    }
    return BatchConfig(
        input=args.input,
        output=args.out,
        engine=args.engine,
        workers=args.workers,
        ray_address=args.ray_address,
        batch_size=args.ray_batch_size,
        gpus_per_worker=args.gpus_per_worker,
        worker=SummarizeWorkerFactory(args.method, options, budgets),
        progress=not args.no_progress,
    )


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if config.input.resolve() == config.output.resolve():
        raise SummarizerError("--out must not be the input file.")
    try:
        report = run_batch(config)
    except KeyboardInterrupt:
        print("error: interrupted; finished items are kept, rerun to resume.", file=sys.stderr)
        return 130
    print(f"done: {report.summary(config.output)}", file=sys.stderr)
    return 0
