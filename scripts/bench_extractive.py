"""Speed of the extractive merged summary vs sumy LexRank, same clusters, same run.

    python scripts/bench_extractive.py [--data ../shared/data/vnmds-dev] [--repeats 5]

Each system gets the raw article texts and the cluster's budget (mean reference length) and
returns the merged summary; the time includes cleaning and sentence splitting for all.
"merged only" is what LexRank produces (``per_article=False``); "full call" also builds
every article's summary and the provenance; "centroid" is the same full call with the
unsupervised ranker instead of the learned one (what the learned ranker costs). Systems
are interleaved per cluster so machine noise hits them alike. Prints the median
milliseconds per cluster and the ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from summarizer_eval.datasets import load_dataset
from summarizer_eval.shared import shared_data
from summarizer_eval.systems import create_system

import summarizer
from summarizer.tokenize import count_syllables

DEFAULT_DATA = shared_data("vnmds-dev")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--features", default="syllable", choices=["syllable", "word"])
    args = parser.parse_args()
    if not args.data.exists():
        print(f"error: {args.data} not found (vnmds-dev lives in ../shared/data)", file=sys.stderr)
        return 2
    items = load_dataset(f"vnmds:{args.data}").items
    ours = summarizer.Summarizer("extractive", features=args.features)
    centroid = summarizer.Summarizer("extractive", features=args.features, ranker="centroid")
    lexrank = create_system("sumy-lexrank")
    systems = {
        "extractive, merged only": lambda item, budget: ours.summarize(
            item.documents, max_words=budget, per_article=False
        ),
        "extractive, full call": lambda item, budget: ours.summarize(
            item.documents, max_words=budget
        ),
        "extractive, full, centroid": lambda item, budget: centroid.summarize(
            item.documents, max_words=budget
        ),
        "sumy LexRank": lambda item, budget: lexrank.predict(item, "merged", budget),
    }
    for item in items[:3]:  # warm-up: imports, caches
        for run in systems.values():
            run(item, 150)
    per_cluster: dict[str, list[float]] = {name: [] for name in systems}
    for item in items:
        budget = round(statistics.mean(count_syllables(r) for r in item.references))
        for name, run in systems.items():
            samples = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                run(item, budget)
                samples.append((time.perf_counter() - started) * 1000)
            per_cluster[name].append(statistics.median(samples))
    print(
        f"clusters: {len(items)} from {args.data.name}; repeats per cluster: {args.repeats}; "
        f"extractive features: {args.features}"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    medians = {name: statistics.median(times) for name, times in per_cluster.items()}
    for name, median in medians.items():
        p90 = statistics.quantiles(per_cluster[name], n=10)[-1]
        print(f"{name:<26} median {median:8.2f} ms/cluster   p90 {p90:8.2f} ms")
    *ours_names, peer_name = list(medians)
    for ours_name in ours_names:
        ratio = medians[peer_name] / medians[ours_name]
        print(f"ratio: {peer_name} / {ours_name} = {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
