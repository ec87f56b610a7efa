"""The README results tables, from one command:

    python -m summarizer_eval.tables            # corpora in ../shared/data, runs in runs/readme

Runs VN-MDS-dev (merged) and VietNews-dev (per-article) with every system, plus the
VN-MDS baselines on plain sentence splits (the setting of the published figures), and
writes ``TABLES.md`` with each report. Runs resume: rerunning after an interruption, or
after ViT5 weights appear (``--vit5-model DIR``), only computes what is missing; remove the
output folder to start from scratch (e.g. after the extractive method changed).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from summarizer_eval.report import chart, console_table, markdown
from summarizer_eval.runfolder import atomic_write
from summarizer_eval.runner import RunConfig, run_evaluation
from summarizer_eval.shared import shared_dir

ALL = ["extractive", "extractive-centroid", "vit5", "lead", "sumy-lexrank", "sumy-textrank"]
# Standard baselines that ignore the budget, shown with their own mean length.
UNCAPPED_SINGLE = ["lead-1", "lead-2", "lead-3"]


# (run name, loader, folder, mode, systems, baseline input, budget, baseline budget rule)
@dataclass(frozen=True)
class TableRun:
    name: str
    kind: str
    folder: str  # under <shared>/data, or "seeds" for the project's own seeds/
    mode: str
    systems: list[str]
    baseline_input: str = "prepared"
    budget: str = "item-ref"
    rule: str = "within"


RUNS = [
    # The setting: each item's budget is its own mean reference length, and every
    # system keeps whole sentences within it.
    TableRun("seeds-merged", "seeds", "seeds", "merged", [*ALL, "lead-reach", "oracle", "human"]),
    TableRun("seeds-per-article", "seeds", "seeds", "per-article", [*ALL, *UNCAPPED_SINGLE]),
    TableRun(
        "vnmds-merged", "vnmds", "vnmds-dev", "merged", [*ALL, "lead-reach", "oracle", "human"]
    ),
    TableRun(
        "vietnews-per-article",
        "vietnews",
        "vietnews-dev",
        "per-article",
        [*ALL, *UNCAPPED_SINGLE, "oracle"],
        budget="mean-ref",
    ),
    # Multi-document clusters with headlines. A training set: the ranker never saw it, but
    # the merged score's learned weight was chosen on it (README "Quality").
    TableRun(
        "abmusu-merged",
        "abmusu",
        "abmusu-train",
        "merged",
        ["extractive", "extractive-centroid", "lead", "lead-reach", "sumy-lexrank", "oracle"],
    ),
    # The published figures' setting: corpus-mean budget, baselines may cross it.
    TableRun(
        "vnmds-merged-published",
        "vnmds",
        "vnmds-dev",
        "merged",
        ["extractive", "lead", "sumy-lexrank", "oracle", "human"],
        baseline_input="raw",
        budget="mean-ref",
        rule="reach",
    ),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=shared_dir())
    parser.add_argument("--seeds", type=Path, default=Path.cwd() / "seeds")
    parser.add_argument("--out", type=Path, default=Path("runs") / "readme")
    parser.add_argument("--vit5-model", help="local ViT5 checkpoint folder")
    parser.add_argument("--limit", type=int, help="first N items only (a quick look)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    vit5 = {"model": args.vit5_model} if args.vit5_model else {}
    sections = []
    for run in RUNS:
        path = args.seeds if run.kind == "seeds" else args.shared / "data" / run.folder
        if not path.is_dir():
            print(f"error: {path} not found; pass --shared DIR.", file=sys.stderr)
            return 2
        config = RunConfig(
            f"{run.kind}:{path}",
            mode=run.mode,
            budget=run.budget,
            baseline_input=run.baseline_input,
            budget_rule=run.rule,
            vit5=vit5,
        )
        out = args.out / run.name
        results = run_evaluation(
            config, run.systems, out, limit=args.limit, jobs=args.jobs, progress=sys.stderr.isatty()
        )
        report = markdown(results)
        atomic_write(out / "report.md", report)
        chart(results, out / "chart.png")
        print(console_table(results), end="\n\n")
        sections.append(
            f"<!-- {run.name}: baselines see {run.baseline_input} sentences, budget "
            f"{run.budget}, baseline rule {run.rule} -->\n{report}"
        )
    atomic_write(args.out / "TABLES.md", "\n".join(sections))
    print(f"wrote {args.out / 'TABLES.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
