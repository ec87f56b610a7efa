"""Rebuild the learned sentence ranker shipped in ``summarizer/models/ranker.json``.

    pip install -e ".[train]"          # lightgbm (pinned: the file is rebuilt bit for bit)
    python scripts/train_ranker.py     # ~1 minute on 2 cores; reads ../shared/data

Data: ``vietnews-train`` (19,992 articles with their abstracts), never a set the README
reports. Every article goes through the summarizer's own pipeline (clean, split, features:
:func:`summarizer.features.sentence_features`, the same code inference runs). Each sentence's
gain is the mean of its ROUGE-1 and ROUGE-2 precision and recall against the abstract
(syllable tokens); per article, the best sentence gets relevance 3, the next two 2, the
next three 1, the rest 0, and LightGBM's LambdaRank learns to order sentences within an
article. Training is single-seeded and deterministic; the trees are exported to plain JSON
and checked against LightGBM's own predictions before the file is written.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from summarizer_eval.datasets import load_vietnews  # noqa: E402
from summarizer_eval.engine import NGrams, ngram_score, ngrams  # noqa: E402
from summarizer_eval.shared import shared_data  # noqa: E402

import summarizer  # noqa: E402
from summarizer.features import FEATURE_NAMES, analyse_cluster, sentence_features  # noqa: E402
from summarizer.learned import FORMAT, MODEL_PATH, TreeEnsemble  # noqa: E402
from summarizer.tokenize import syllables  # noqa: E402

SEED = 20260225
PARAMS: dict[str, Any] = {
    "objective": "lambdarank",
    "n_estimators": 150,
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_child_samples": 50,
    "random_state": SEED,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbose": -1,
}
# Relevance by rank of gain within the article: (level, first rank, end rank).
RELEVANCE = ((3, 0, 1), (2, 1, 3), (1, 3, 6))


def sentence_gain(tokens: Sequence[str], reference: Sequence[NGrams]) -> float:
    """Mean of ROUGE-1 and ROUGE-2 precision and recall of one sentence against a reference
    (``reference``: its unigram and bigram counts, computed once per article)."""
    total = 0.0
    for n, theirs in zip((1, 2), reference, strict=True):
        score = ngram_score(theirs, ngrams(tokens, n))
        total += score.precision + score.recall
    return total / 4


def relevance(gains: Sequence[float]) -> list[int]:
    order = sorted(range(len(gains)), key=lambda i: (-gains[i], i))
    levels = [0] * len(gains)
    for level, first, end in RELEVANCE:
        for i in order[first:end]:
            levels[i] = level
    return levels


def training_rows(folder: Path) -> tuple[list[list[float]], list[int], list[int]]:
    """Features, relevance labels and group sizes, article by article in file order."""
    rows: list[list[float]] = []
    labels: list[int] = []
    groups: list[int] = []
    for item in load_vietnews(folder):
        try:
            articles = summarizer.prepare_cluster(item.documents).articles
        except summarizer.SummarizerError:
            continue
        analysis = analyse_cluster(articles)
        if not analysis.sentences:
            continue
        abstract = syllables(item.references[0])
        reference = [ngrams(abstract, 1), ngrams(abstract, 2)]
        gains = [sentence_gain(s.tokens, reference) for s in analysis.sentences]
        rows.extend(sentence_features(analysis))
        labels.extend(relevance(gains))
        groups.append(len(gains))
    return rows, labels, groups


def flatten(root: dict[str, Any]) -> tuple[dict[str, list[Any]], int]:
    """One LightGBM tree (nested dicts) as node arrays: internal nodes first, then leaves."""
    internal: list[dict[str, Any]] = []
    leaves: list[dict[str, Any]] = []
    children: dict[int, tuple[tuple[str, int], tuple[str, int]]] = {}
    depth = 0

    def visit(node: dict[str, Any], level: int) -> tuple[str, int]:
        nonlocal depth
        if "leaf_value" in node:
            depth = max(depth, level)
            leaves.append(node)
            return "leaf", len(leaves) - 1
        if node["decision_type"] != "<=" or node["missing_type"] == "Zero":
            raise SystemExit(f"unsupported split: {node['decision_type']} {node['missing_type']}")
        internal.append(node)
        slot = len(internal) - 1
        children[slot] = (
            visit(node["left_child"], level + 1),
            visit(node["right_child"], level + 1),
        )
        return "internal", slot

    visit(root, 0)

    def index(child: tuple[str, int]) -> int:
        kind, slot = child
        return slot if kind == "internal" else len(internal) + slot

    leaf_slots = list(range(len(internal), len(internal) + len(leaves)))
    tree = {
        "feature": [n["split_feature"] for n in internal] + [0] * len(leaves),
        "threshold": [float(n["threshold"]) for n in internal] + [float("inf")] * len(leaves),
        "left": [index(children[k][0]) for k in range(len(internal))] + leaf_slots,
        "right": [index(children[k][1]) for k in range(len(internal))] + leaf_slots,
        "value": [0.0] * len(internal) + [float(leaf["leaf_value"]) for leaf in leaves],
    }
    return tree, depth


def export(booster: Any) -> dict[str, Any]:
    """LightGBM's trees as the arrays :class:`summarizer.learned.TreeEnsemble` walks."""
    flat = [flatten(info["tree_structure"]) for info in booster.dump_model()["tree_info"]]
    return {
        "format": FORMAT,
        "features": list(FEATURE_NAMES),
        "depth": max(depth for _, depth in flat),
        "trees": [tree for tree, _ in flat],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data("vietnews-train"))
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    try:
        import lightgbm
    except ImportError:
        print("error: install the train extra: pip install -e '.[train]'", file=sys.stderr)
        return 2
    if not args.data.is_dir():
        print(f"error: {args.data} not found (set SUMMARIZER_SHARED).", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows, labels, groups = training_rows(args.data)
    print(
        f"{len(groups)} articles, {len(rows)} sentences ({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    features = np.asarray(rows, dtype=np.float64)
    model = lightgbm.LGBMRanker(**PARAMS)
    model.fit(features, np.asarray(labels), group=groups)
    data = export(model.booster_)
    data["training"] = {
        "data": "vietnews-train",
        "articles": len(groups),
        "sentences": len(rows),
        "relevance": [list(r) for r in RELEVANCE],
        "lightgbm": lightgbm.__version__,
        "params": PARAMS,
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n"
    ours = TreeEnsemble.from_dict(json.loads(text)).predict(features)
    theirs = model.booster_.predict(features)
    worst = float(np.max(np.abs(ours - theirs)))
    if worst > 1e-9:
        print(f"error: exported trees disagree with LightGBM (max {worst:.2e})", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    temporary = args.out.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(args.out)
    print(
        f"wrote {args.out} ({len(text) / 1024:.0f} KiB, {len(data['trees'])} trees, "
        f"agrees with LightGBM to {worst:.1e}) in {time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
