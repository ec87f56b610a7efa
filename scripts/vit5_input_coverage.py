"""Input coverage: how much of the references the ViT5 model input still contains.

A model can only summarize what it reads. This scores the *input* the ViT5 method builds
(ROUGE-2 recall against the references, syllable tokens) for

* ``merged`` (vnmds-dev): the method's selection (salient, non-redundant sentences from
  every article, :func:`summarizer.vit5.inputs.select_input`) versus naive concatenation of
  the articles truncated to the window;
* ``per-article`` (vietnews-dev): for articles longer than the window, truncation (what the
  default ``long_input=truncate`` reads, as in fine-tuning) versus ranker pre-selection versus
  the whole article (what chunking reads), and the size of the last chunk chunking makes;
* ``repeats`` (vietnews-dev): how many reference abstracts repeat a three-syllable sequence,
  which ``no_repeat_ngram_size=3`` would forbid the model to write (a Vietnamese syllable
  is about one token).

The real ViT5 tokenizer needs the Hub; without ``--tokenizer DIR`` token counts are
approximated as ``--tokens-per-syllable`` × syllables (1.33, measured with a SentencePiece
unigram model trained on the dev corpora; README "ViT5 inputs").

    python scripts/vit5_input_coverage.py --mode merged
    python scripts/vit5_input_coverage.py --mode per-article --limit 1000
    python scripts/vit5_input_coverage.py --mode repeats
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from collections.abc import Sequence

from summarizer_eval.datasets import load_vietnews, load_vnmds
from summarizer_eval.rouge import score
from summarizer_eval.shared import shared_data, shared_dir

from summarizer import prepare_cluster, syllables
from summarizer.vit5.inputs import (
    CountTokens,
    join,
    measure,
    naive_input,
    pack_chunks,
    select_input,
)

# The base checkpoint's input is the text and the tokenizer's one "</s>".
EOS_OVERHEAD = 1


def approximate_counter(tokens_per_syllable: float) -> CountTokens:
    def count(texts: Sequence[str]) -> list[int]:
        return [math.ceil(tokens_per_syllable * len(syllables(t))) for t in texts]

    return count


def tokenizer_counter(directory: str) -> CountTokens:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(directory)

    def count(texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        ids = tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(i) for i in ids]

    return count


def recall2(text: str, references: list[str]) -> float:
    return score(text, references)["rouge2"].recall if text else 0.0


def merged(window: int, count: CountTokens, limit: int | None) -> None:
    items = load_vnmds(shared_data("vnmds-dev"))[:limit]
    ours, naive, over, naive_missing, ours_missing = [], [], 0, 0, 0
    for item in items:
        articles = prepare_cluster(item.documents).articles
        pieces = {a.index: measure(a, count, window) for a in articles}
        everything = [p for a in articles for p in pieces[a.index]]
        over += sum(p.tokens for p in everything) > window
        selected = select_input(articles, pieces, window, count)
        truncated = naive_input(everything, window)
        present = {a.index for a in articles if pieces[a.index]}
        ours_missing += bool(present - {p.ref.article for p in selected})
        naive_missing += bool(present - {p.ref.article for p in truncated})
        ours.append(recall2(join(selected), item.references))
        naive.append(recall2(join(truncated), item.references))
    n = len(items)
    print(f"vnmds-dev merged input, {n} clusters, window {window} text tokens")
    print(f"clusters longer than the window: {over}/{n}")
    print(f"{'input':<34}{'R2 recall':>10}{'clusters missing an article':>30}")
    for name, values, missing in (
        ("naive concatenation, truncated", naive, naive_missing),
        ("selected (ours)", ours, ours_missing),
    ):
        print(f"{name:<34}{100 * statistics.mean(values):>10.2f}{missing:>30}")
    print(
        f"difference (ours - naive): {100 * (statistics.mean(ours) - statistics.mean(naive)):+.2f}"
    )


def per_article(window: int, count: CountTokens, limit: int | None) -> None:
    items = load_vietnews(shared_data("vietnews-dev"))[:limit]
    rows, chunks, tails = [], [], []
    for item in items:
        article = prepare_cluster(item.documents).articles[0]
        pieces = measure(article, count, window)
        if sum(p.tokens for p in pieces) <= window:
            continue
        selected = select_input([article], {article.index: pieces}, window, count)
        packed = pack_chunks(pieces, window)
        chunks.append(len(packed))
        tails.append(sum(p.tokens for p in packed[-1]))
        rows.append(
            (
                recall2(join(naive_input(pieces, window)), item.references),
                recall2(join(selected), item.references),
                recall2(join(pieces), item.references),
            )
        )
    n = len(items)
    print(f"vietnews-dev per-article input, {n} articles, window {window} text tokens")
    print(f"articles longer than the window: {len(rows)}/{n}")
    if rows:
        print(f"  chunks per long article: mean {statistics.mean(chunks):.2f}, max {max(chunks)}")
        print(
            f"  last chunk: median {statistics.median(tails):.0f} tokens, "
            f"{sum(t < window // 4 for t in tails)}/{len(tails)} under a quarter window"
        )
        columns = list(zip(*rows, strict=True))
        for name, column in zip(("truncated", "selected", "whole (chunked)"), columns, strict=True):
            print(f"  {name:<18} R2 recall {100 * statistics.mean(column):6.2f}")


def repeats(window: int, count: CountTokens, limit: int | None) -> None:
    items = load_vietnews(shared_data("vietnews-dev"))[:limit]
    repeating = 0
    for item in items:
        tokens = syllables(item.references[0])
        grams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
        repeating += len(grams) != len(set(grams))
    share = 100 * repeating / max(len(items), 1)
    print(f"vietnews-dev abstracts repeating a three-syllable sequence: {repeating}/{len(items)}")
    print(f"  ({share:.1f}%: no_repeat_ngram_size=3 would forbid each of them)")


MODES = {"merged": merged, "per-article": per_article, "repeats": repeats}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=tuple(MODES), default="merged")
    parser.add_argument("--window", type=int, default=1024, help="model input tokens")
    parser.add_argument("--tokens-per-syllable", type=float, default=1.33)
    parser.add_argument("--tokenizer", help="a real tokenizer directory (else the approximation)")
    parser.add_argument("--limit", type=int, help="only the first N items")
    args = parser.parse_args(argv)
    if not (shared_dir() / "data").is_dir():
        print(f"error: no corpora under {shared_dir()}; set SUMMARIZER_SHARED.", file=sys.stderr)
        return 2
    if args.tokenizer:
        count = tokenizer_counter(args.tokenizer)
        print(f"token counts: tokenizer {args.tokenizer}")
    else:
        count = approximate_counter(args.tokens_per_syllable)
        print(f"token counts: {args.tokens_per_syllable} x syllables (approximation)")
    window = args.window - EOS_OVERHEAD
    MODES[args.mode](window, count, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
