"""ViT5 speed on CPU: transformers fp32 versus CTranslate2 int8, same checkpoint, same input.

The real weights need the Hub, but speed does not depend on their values: this builds the
ViT5-base architecture (T5, d_model 768, 12 + 12 layers, 12 heads, d_ff 3072, vocabulary
36,096) with random weights, and makes every generation emit exactly ``--new-tokens``
tokens (``min_new_tokens = max_new_tokens``). Each backend runs in its own process so its
peak resident memory is its own. Printed: medians over ``--repeats`` and CT2/HF ratios.

* tokens/s, one input – one ~1,024-token input (the seed cluster's merged model input),
  beam search, encoding included;
* per-cluster latency (and its tokens/s) – the whole method on the seed cluster: 5 article
  summaries (one batch) + 1 merged summary, 6 x ``--new-tokens`` generated tokens;
* peak RSS – the process's maximum resident set, model loading included.

    python scripts/bench_vit5.py                # ~6 minutes on 2 cores
    python scripts/bench_vit5.py --device cuda  # where a GPU is available
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def build(workdir: Path) -> None:
    """The random ViT5-base checkpoint and its CTranslate2 int8 conversion (not timed)."""
    from summarizer.ct2_backend import ensure_converted
    from summarizer.vit5_model import resolve_source
    from summarizer.vit5_random import VIT5_BASE, build_random_t5

    lines = [line for text in seed_texts() for line in text.splitlines()]
    checkpoint = build_random_t5(workdir / "vit5-base-random", lines, VIT5_BASE, 4000)
    ensure_converted(resolve_source(str(checkpoint)), "int8")


def measure(args: argparse.Namespace) -> dict[str, object]:
    """Runs inside the child process for one backend."""
    from summarizer import prepare_cluster
    from summarizer.methods.vit5 import ViT5Method
    from summarizer.types import Budget
    from summarizer.vit5_input import join, measure, select_input

    started = time.perf_counter()
    method = ViT5Method(
        model=str(args.workdir / "vit5-base-random"),
        backend=args.backend,
        device=args.device,
        threads=args.threads,
        num_beams=args.beams,
        min_new_tokens=args.new_tokens,
        max_new_tokens=args.new_tokens,
        long_input="select",
    )
    backend = method.backend
    load_s = time.perf_counter() - started

    articles = prepare_cluster(seed_texts()).articles
    window = method.window()
    count = backend.count_tokens
    pieces = {a.index: measure(a, count, window) for a in articles}
    merged_input = join(select_input(articles, pieces, window, count))
    input_tokens = len(backend.encode([method.format_input(merged_input)], 100_000)[0])

    generation_s = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ids = backend.generate_ids(
            [method.format_input(merged_input)], method.settings_for(Budget()), 1024, 1
        )
        generation_s.append(time.perf_counter() - t0)
        assert len(ids[0]) == args.new_tokens, len(ids[0])
    cluster_s = []
    for _ in range(args.cluster_repeats):
        t0 = time.perf_counter()
        method.summarize_cluster(articles, Budget(), Budget())
        cluster_s.append(time.perf_counter() - t0)
    return {
        "backend": args.backend,
        "detail": backend.describe(),
        "input_tokens": input_tokens,
        "load_s": load_s,
        "generation_s": generation_s,
        "tokens_per_s": args.new_tokens / statistics.median(generation_s),
        "cluster_s": cluster_s,
        "cluster_generated_tokens": 6 * args.new_tokens,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def child(args: argparse.Namespace, mode: str, backend: str | None = None) -> dict | None:
    command = [sys.executable, __file__, "--child", mode, "--workdir", str(args.workdir)]
    for flag in ("device", "threads", "beams", "new_tokens", "repeats", "cluster_repeats"):
        command += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
    if backend:
        command += ["--backend", backend]
    env = {**os.environ, "SUMMARIZER_CT2_CACHE": str(args.workdir / "ct2")}
    out = subprocess.run(command, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{mode} {backend or ''} failed:\n{out.stderr[-3000:]}")
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def report(results: list[dict], args: argparse.Namespace) -> None:
    hf, ct2 = results
    print(
        f"ViT5-base architecture, random weights; device {args.device}, threads {args.threads}, "
        f"beams {args.beams}, {args.new_tokens} new tokens per generation, "
        f"input {hf['input_tokens']} tokens; medians of {args.repeats} / {args.cluster_repeats}"
    )
    header = (
        f"{'backend':<26}{'tok/s 1 input':>14}{'tok/s cluster':>14}{'cluster s':>11}"
        f"{'peak RSS MB':>13}{'load s':>8}"
    )
    print(header)
    for r in results:
        name = f"{r['backend']} ({r['detail'].get('dtype') or r['detail'].get('compute_type')})"
        cluster = statistics.median(r["cluster_s"])
        print(
            f"{name:<26}{r['tokens_per_s']:>14.2f}{r['cluster_generated_tokens'] / cluster:>14.2f}"
            f"{cluster:>11.1f}{r['peak_rss_mb']:>13.0f}{r['load_s']:>8.1f}"
        )
    speed = ct2["tokens_per_s"] / hf["tokens_per_s"]
    latency = statistics.median(hf["cluster_s"]) / statistics.median(ct2["cluster_s"])
    memory = ct2["peak_rss_mb"] / hf["peak_rss_mb"]
    print(
        f"ctranslate2 / transformers: tokens/s x{speed:.2f} (one input), x{latency:.2f} "
        f"(cluster, = latency ratio); peak memory x{memory:.2f}"
    )
    print(json.dumps({"results": results}, indent=None))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cluster-repeats", type=int, default=2)
    parser.add_argument("--workdir", type=Path, help="keep the checkpoint here (default: temp)")
    parser.add_argument("--child", choices=("build", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        build(args.workdir)
        return 0
    if args.child == "measure":
        print(json.dumps(measure(args)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-vit5-") as temp:
        args.workdir = args.workdir or Path(temp)
        if not (args.workdir / "vit5-base-random" / "config.json").is_file():
            print("building the random ViT5-base checkpoint and its int8 conversion ...")
            child(args, "build")
        results = [child(args, "measure", b) for b in ("transformers", "ctranslate2")]
        report(results, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
