"""Benchmark: ROUGE scoring throughput of the harness vs a single-process rouge-score loop.

    python -m summarizer_eval.bench_scoring --pairs 22000 --jobs 2

Pairs are built from VietNews-dev (``../shared/data/vietnews-dev``, or ``--vietnews``):
prediction = a window of 1-4 body sentences, reference = the abstract plus one body
sentence, so texts are (nearly all) distinct and the harness' token cache cannot help much
more than on a real corpus (the counts are printed). The peer is the plain way:
``RougeScorer(...).score()`` per pair with the same Vietnamese tokenizer and sentence
splitting, in one process. Prints medians of
``--repeats`` runs, pairs/s and the speed-up; the target is 22,000 pairs in < 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from rouge_score import rouge_scorer, tokenizers
from summarizer_eval.datasets import load_vietnews
from summarizer_eval.rouge import ROUGE_TYPES, Scorer, sentence_lines
from summarizer_eval.shared import shared_data
from summarizer_eval.tokenizers import syllable_tokens


def build_pairs(root: Path, count: int) -> list[tuple[str, list[str]]]:
    """``count`` distinct (prediction, [reference]) pairs from VietNews articles."""
    articles = []
    for item in load_vietnews(root):
        body = item.documents[0].split("\n\n", 1)[-1].splitlines()
        if len(body) >= 4:
            articles.append((body, item.references[0]))
    pairs: list[tuple[str, list[str]]] = []
    offset = 0
    while len(pairs) < count:
        for body, abstract in articles:
            windows = [(k, n) for n in (3, 2, 4, 1) for k in range(len(body) - n + 1)]
            k, n = windows[offset % len(windows)]
            prediction = "\n".join(body[k : k + n])
            reference = f"{abstract} {body[offset % len(body)]}"
            pairs.append((prediction, [reference]))
            if len(pairs) == count:
                break
        offset += 1
    return pairs


class _PlainTokenizer(tokenizers.Tokenizer):
    def tokenize(self, text: str) -> list[str]:
        return syllable_tokens(text)


def peer(pairs: list[tuple[str, list[str]]]) -> None:
    """The plain single-process rouge-score loop."""
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=_PlainTokenizer())
    for prediction, references in pairs:
        for reference in references:
            scorer.score(sentence_lines(reference), sentence_lines(prediction))


def _median_seconds(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vietnews", type=Path, default=shared_data("vietnews-dev"))
    parser.add_argument("--pairs", type=int, default=22_000)
    parser.add_argument(
        "--peer-pairs",
        type=int,
        default=4_000,
        help="pairs for the (slow) single-process peer; pairs/s are compared",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.vietnews.is_dir():
        print(f"VietNews-dev not found at {args.vietnews}; pass --vietnews DIR.")
        return 2
    pairs = build_pairs(args.vietnews, args.pairs)
    peer_pairs = pairs[: args.peer_pairs]
    ours = _median_seconds(lambda: Scorer().score_many(pairs, jobs=args.jobs), args.repeats)
    theirs = _median_seconds(lambda: peer(peer_pairs), args.repeats)
    ours_rate, peer_rate = len(pairs) / ours, len(peer_pairs) / theirs
    predictions = len({p for p, _ in pairs})
    references = len({r[0] for _, r in pairs})
    print(
        f"{len(pairs)} pairs: {predictions} distinct predictions, {references} distinct references"
    )
    print(f"cores available: {os.cpu_count()}, jobs: {args.jobs}, repeats: {args.repeats}")
    print(
        f"harness Scorer.score_many: {len(pairs)} pairs, median {ours:.2f} s, "
        f"{ours_rate:.0f} pairs/s"
    )
    print(
        f"peer rouge-score loop (1 process): {len(peer_pairs)} pairs, median {theirs:.2f} s, "
        f"{peer_rate:.0f} pairs/s"
    )
    print(
        f"speed-up: {ours_rate / peer_rate:.2f}x; "
        f"22,000 pairs would take {22_000 / ours_rate:.1f} s (target < 60 s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
