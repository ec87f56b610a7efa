"""``summarizer eval``: score systems on a corpus, resumably, with CIs and a signature.

summarizer eval --dataset vnmds:../shared/data/vnmds-dev --mode merged --out runs/vnmds
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from summarizer_eval.bootstrap import DEFAULT_SAMPLES, DEFAULT_SEED
from summarizer_eval.datasets import LOADERS
from summarizer_eval.report import chart, console_table, markdown
from summarizer_eval.rouge import AGGREGATES, TOKENIZERS
from summarizer_eval.runfolder import atomic_write
from summarizer_eval.runner import RunConfig, run_evaluation
from summarizer_eval.systems import BASELINE_INPUTS, BUDGET_RULES, MODES, SYSTEMS, is_known_system

from summarizer.argtypes import positive_int
from summarizer.errors import SummarizerError
from summarizer.extras import install_hint, missing_modules, require
from summarizer.vit5 import options as vit5_options

DEFAULT_SYSTEMS = "extractive,vit5,lead,sumy-lexrank,sumy-textrank,oracle,human"
VIT5_MODULES = ("torch", "transformers", "sentencepiece")


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.description = "Score summarizers with Vietnamese-correct ROUGE (resumable)."
    parser.add_argument(
        "--dataset",
        required=True,
        metavar="KIND:PATH",
        help=f"corpus, KIND one of: {', '.join(LOADERS)}",
    )
    parser.add_argument(
        "--systems",
        default=DEFAULT_SYSTEMS,
        help=f"comma-separated, from: {', '.join(SYSTEMS)}, lead-K (first K sentences of "
        "each article, no budget); default: all but lead-K",
    )
    parser.add_argument(
        "--mode",
        choices=MODES,
        default="merged",
        help="merged: cluster summary vs cluster references; per-article: each "
        "article's summary vs its own reference",
    )
    parser.add_argument("--limit", type=positive_int, help="evaluate only the first N items")
    parser.add_argument("--out", type=Path, help="run folder (default runs/<kind>-<mode>)")
    parser.add_argument(
        "--budget",
        default="mean-ref",
        help="length budget in syllables, mean-ref (mean reference length on the whole "
        "corpus; default) or item-ref (each item's own mean reference length)",
    )
    parser.add_argument(
        "--baseline-rule",
        dest="budget_rule",
        choices=BUDGET_RULES,
        default="within",
        help="baselines keep whole sentences that fit the budget (within, default: the "
        "rule the summarizer follows) or add sentences until it is reached (reach: the "
        "rule of the published VN-MDS baselines)",
    )
    parser.add_argument(
        "--tokenizer",
        choices=TOKENIZERS,
        default="syllable",
        help="ROUGE tokens; ascii = rouge-score's default, only to reproduce published numbers",
    )
    parser.add_argument(
        "--references",
        dest="aggregate",
        choices=AGGREGATES,
        default="mean",
        help="several references: mean of the scores (default) or the best one",
    )
    parser.add_argument(
        "--baseline-input",
        choices=BASELINE_INPUTS,
        default="prepared",
        help="baselines see the cleaned articles (prepared) or plain sentence "
        "splits (raw, as the published VN-MDS baselines)",
    )
    parser.add_argument("--vit5-model", help="ViT5 model folder or name (default: the method's)")
    parser.add_argument(
        "--vit5-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a ViT5 option (summarizer.vit5.ViT5Options), typed like its field, e.g. "
        "num_beams=4, length_penalty=0.8, preset=paper; repeatable",
    )
    parser.add_argument(
        "--compare-to",
        help="paired bootstrap of this system against every other (default: the first system)",
    )
    parser.add_argument("--bootstrap-samples", type=positive_int, default=DEFAULT_SAMPLES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=os.cpu_count() or 1,
        help="processes for baselines and scoring (default: all cores)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where predictions are generated: local (default) or ray (Ray Data actors, "
        "as summarizer batch --engine ray; needs the scale extra)",
    )
    parser.add_argument(
        "--ray-address", help="join this Ray cluster (default: a local Ray for the run)"
    )


def _check_extras(args: argparse.Namespace, systems: list[str]) -> list[str]:
    """Fail before any work when an optional dependency the run needs is missing.

    ViT5 in the *default* system list is left out with a note when its extra is absent, as
    when its weights are; named explicitly, it is required like everything else.
    """
    needed = ["matplotlib"]  # the chart is written after every run
    if args.progress_shown:
        needed.append("tqdm")
    if any(s.startswith("sumy-") for s in systems):
        needed.append("sumy")
    if args.tokenizer == "word-underthesea":
        needed.append("underthesea")
    without_vit5 = "vit5" in systems and bool(missing_modules(VIT5_MODULES))
    if without_vit5 and args.systems != DEFAULT_SYSTEMS:
        needed.extend(VIT5_MODULES)
    require("summarizer eval", needed)
    if without_vit5 and args.systems == DEFAULT_SYSTEMS:
        print(f"note: vit5 left out; to evaluate it, {install_hint('vit5')}", file=sys.stderr)
        systems = [s for s in systems if s != "vit5"]
    return systems


def run(args: argparse.Namespace) -> int:
    """Run the evaluation; bad input prints one line and returns 2."""
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    args.progress_shown = not args.no_progress and sys.stderr.isatty()
    try:
        vit5 = vit5_options.parse_pairs(args.vit5_option)
        if args.vit5_model:
            vit5["model"] = args.vit5_model
        if "vit5" in systems:
            vit5_options.ViT5Options.create(**vit5)  # a wrong option fails before any work
        unknown = [s for s in systems if not is_known_system(s)]
        if unknown:
            raise SummarizerError(
                f"Unknown system(s) {', '.join(unknown)}; choose from: "
                f"{', '.join(SYSTEMS)}, lead-K."
            )
        systems = _check_extras(args, systems)
        config = RunConfig(
            dataset=args.dataset,
            mode=args.mode,
            budget=str(args.budget),
            tokenizer=args.tokenizer,
            aggregate=args.aggregate,
            baseline_input=args.baseline_input,
            budget_rule=args.budget_rule,
            bootstrap_samples=args.bootstrap_samples,
            seed=args.seed,
            vit5=vit5,
        )
        out = args.out or Path("runs") / f"{args.dataset.split(':', 1)[0]}-{args.mode}"
        results = run_evaluation(
            config,
            systems,
            out,
            limit=args.limit,
            jobs=args.jobs,
            progress=args.progress_shown,
            compare_to=args.compare_to,
            engine=args.engine,
            ray_address=args.ray_address,
        )
    except SummarizerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not results.systems:
        print(console_table(results))
        print("error: no system could be evaluated.", file=sys.stderr)
        return 1
    atomic_write(out / "report.md", markdown(results))
    chart(results, out / "chart.png")
    print(console_table(results))
    print(f"wrote {out / 'results.json'}, {out / 'report.md'}, {out / 'chart.png'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m summarizer_eval")
    configure_parser(parser)
    return run(parser.parse_args(argv))
