"""Call a running demo from a script: summarize article files, optionally score the result.

    summarizer demo &                      # in another terminal
    python -m summarizer_demo.client_example seeds/*.txt --max-words 120
    python -m summarizer_demo.client_example a.txt b.txt --reference ref.txt --json

Only ``gradio_client`` is needed on the calling side (``pip install gradio_client``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="UTF-8 article files of one cluster")
    parser.add_argument("--url", default="http://127.0.0.1:7860/", help="where the demo runs")
    parser.add_argument("--method", default="extractive", choices=["extractive", "vit5", "both"])
    parser.add_argument("--max-words", type=int, default=150)
    parser.add_argument("--article-max-words", type=int, default=50)
    parser.add_argument("--reference", type=Path, help="a reference summary to score against")
    parser.add_argument("--json", action="store_true", help="print the raw JSON answers")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    try:
        articles = [path.read_text(encoding="utf-8") for path in args.files]
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    client = Client(args.url, verbose=False)
    names = [path.name for path in args.files]
    try:
        result = client.predict(
            articles,
            args.method,
            args.max_words,
            args.article_max_words,
            names,
            api_name="/summarize",
        )
        scores = {}
        if args.reference:
            reference = args.reference.read_text(encoding="utf-8")
            scores = {
                method: client.predict(r["merged"]["text"], [reference], api_name="/score")
                for method, r in result["results"].items()
            }
    except AppError as exc:  # the server's one-line message (limits, empty input, ...)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"summary": result, "scores": scores}, ensure_ascii=False, indent=2))
        return 0
    for method, why in result["unavailable"].items():
        print(f"[{method} unavailable] {why}\n")
    for method, summary in result["results"].items():
        print(f"== {method}: merged summary ({summary['merged']['syllables']} syllables)")
        for sentence in summary["merged"]["sentences"]:
            sources = sorted({names[s["article"]] for s in sentence["sources"]})
            print(f"  {sentence['text']}\n    from: {', '.join(sources) or '-'}")
        for article in summary["per_article"]:
            print(f"-- {names[article['article']]}: {article['text']}")
        if method in scores:
            s = scores[method]
            print(
                f"ROUGE-1/2/L F1: {s['rouge1']['f1']:.4f} / {s['rouge2']['f1']:.4f} / "
                f"{s['rougeL']['f1']:.4f}\n  {s['signature']}"
            )
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
