"""The measurements behind the extractive method's design choices (README "How it works").

    python scripts/ablations.py            # ~1 minute; reads ../shared/data

Per-article summaries of VietNews dev (1,000 articles, reference = the abstract), scored
with the harness's scorer (ROUGE-2 F1, syllable tokens): the learned vs the unsupervised
ranker with and without the headline in the input, and the two rules for a best sentence
longer than the budget ("shorten" it, or "skip" it for one that fits) at two budgets. Then
the merged summary of vnmds-dev (no headlines) and abmusu-train (headlines) for the weight
of the learned score in the merged score.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from summarizer_eval.datasets import ClusterItem, load_abmusu, load_vietnews, load_vnmds
from summarizer_eval.rouge import score
from summarizer_eval.shared import shared_data

import summarizer
from summarizer.rank import RankingWeights
from summarizer.tokenize import count_syllables


def r2(prediction: str, references: list[str]) -> float:
    return 100 * score(prediction, references)["rouge2"].f1


def without_title(item: ClusterItem) -> ClusterItem:
    body = [d.split("\n\n", 1)[-1] for d in item.documents]
    return ClusterItem(item.id, body, item.references, item.article_references, item.names)


def per_article(items: list[ClusterItem], budget: int, **options: object) -> str:
    s = summarizer.Summarizer("extractive", **options)
    scores, lengths = [], []
    for item in items:
        text = s.summarize(item.documents, max_words=budget).per_article[0].text
        scores.append(r2(text, item.references))
        lengths.append(count_syllables(text))
    return f"{statistics.fmean(scores):6.2f} R2 at {statistics.fmean(lengths):4.1f} syl"


def merged(items: list[ClusterItem], **options: object) -> str:
    s = summarizer.Summarizer("extractive", **options)
    scores = []
    for item in items:
        budget = round(statistics.fmean(count_syllables(r) for r in item.references))
        text = s.summarize(item.documents, max_words=budget, per_article=False).merged.text
        scores.append(r2(text, item.references))
    return f"{statistics.fmean(scores):6.2f} R2"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vietnews", type=Path, default=shared_data("vietnews-dev"))
    parser.add_argument("--vnmds", type=Path, default=shared_data("vnmds-dev"))
    parser.add_argument("--abmusu", type=Path, default=shared_data("abmusu-train"))
    args = parser.parse_args(argv)
    for path in (args.vietnews, args.vnmds, args.abmusu):
        if not path.exists():
            print(f"error: {path} not found (set SUMMARIZER_SHARED).", file=sys.stderr)
            return 2
    news = load_vietnews(args.vietnews)
    budget = round(statistics.fmean(count_syllables(i.references[0]) for i in news))
    untitled = [without_title(i) for i in news]
    rows: list[tuple[str, Callable[[], str]]] = [
        (
            f"VietNews per article, budget {budget}: learned, headline",
            lambda: per_article(news, budget),
        ),
        ("  centroid ranker, headline", lambda: per_article(news, budget, ranker="centroid")),
        ("  learned, no headline", lambda: per_article(untitled, budget)),
        (
            "  centroid ranker, no headline",
            lambda: per_article(untitled, budget, ranker="centroid"),
        ),
    ]
    for limit in (30, budget):
        for rule in ("shorten", "skip"):
            rows.append(
                (
                    f"  learned, budget {limit}, long best sentence: {rule}",
                    lambda limit=limit, rule=rule: per_article(news, limit, long_sentences=rule),
                )
            )
    vnmds, abmusu = load_vnmds(args.vnmds), load_abmusu(args.abmusu)
    for weight in (0.0, 0.1, 0.2, 0.3):
        weights = RankingWeights(learned=weight)
        rows.append(
            (
                f"merged, learned weight {weight}: vnmds-dev",
                lambda w=weights: merged(vnmds, weights=w),
            )
        )
        rows.append(
            (
                f"merged, learned weight {weight}: abmusu-train",
                lambda w=weights: merged(abmusu, weights=w),
            )
        )
    for label, measure in rows:
        print(f"{label:<62} {measure()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
