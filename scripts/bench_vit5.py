"""ViT5 speed on CPU: our CTranslate2 int8 path against transformers fp32, same checkpoint.

The real weights need the Hub, but speed does not depend on their values: this builds the
ViT5-base architecture (T5, d_model 768, 12 + 12 layers, 12 heads, d_ff 3072, vocabulary
36,096) with random weights, and makes every generation emit exactly ``--new-tokens``
tokens (``min_new_tokens = max_new_tokens``). Every measured configuration runs in its own
process, so its peak resident memory (model loading included) is its own. Printed: medians
over ``--repeats`` and ratios against the peer measured in the same run.

``--mode throughput`` (benchmark-scale runs: the harness on 22,000 VietNews articles):
articles per second at batch size 1, 8 and 32 on VietNews-dev articles (the real texts, cut
at 1,024 tokens), greedy as in ``preset="paper"``; each system is given the article list in
one call, as the harness gives ViT5 64 articles per call. Ours: ``Summarizer("vit5",
backend="ctranslate2", preset="paper", batch_size=B).summarize_many`` on the raw articles
(cleaning, splitting, length sorting included). The peer: what a transformers user runs,
``pipeline("summarization")`` fp32 with ``batch_size=B``; transformers 5 removed that
pipeline (huggingface/transformers#43256), so where it is missing the peer is its body:
tokenize with padding and truncation, ``model.generate``, ``batch_decode``, B at a time in
input order. Also printed: CPU seconds per article, which a busy machine disturbs less.

``--mode layout``: CTranslate2 alone on 32 VietNews-dev articles, one batch on intra-op
threads against one-thread workers running sub-batches of 8, 4, 2, 1 in parallel (the
measurement behind ``summarizer.vit5.ct2.CPU_SUB_BATCH``).

``--mode latency``: tokens/s for one ~1,024-token input (the seed cluster's merged model
input) with beam search, and the latency of the whole method on the seed cluster (5
article summaries + the merged one), transformers fp32 against CTranslate2 int8.

    python scripts/bench_vit5.py --mode throughput   # ~8 minutes on 2 idle cores
    python scripts/bench_vit5.py                     # latency (default), ~6 minutes
    python scripts/bench_vit5.py --mode layout       # CTranslate2 thread layouts, ~3 minutes
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

from summarizer_eval.shared import shared_data

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
VIETNEWS_DEV = shared_data("vietnews-dev")
CHECKPOINT = "vit5-base-random"


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def vietnews_articles(count: int) -> list[str]:
    """The first ``count`` VietNews-dev articles as plain text (title, then the body)."""
    from summarizer_eval.datasets import load_vietnews

    items = load_vietnews(VIETNEWS_DEV)[:count]
    return [item.documents[0] for item in items]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(workdir: Path) -> None:
    """The random ViT5-base checkpoint and its CTranslate2 int8 conversion (not timed)."""
    from summarizer.vit5.checkpoint import inspect_checkpoint, resolve_source
    from summarizer.vit5.ct2 import ensure_converted
    from summarizer.vit5.random_checkpoint import VIT5_BASE, build_random_t5

    lines = [line for text in seed_texts() for line in text.splitlines()]
    checkpoint = build_random_t5(workdir / CHECKPOINT, lines, VIT5_BASE, 4000)
    source = resolve_source(str(checkpoint))
    ensure_converted(inspect_checkpoint(source, checkpoint), "int8")


# -- throughput ----------------------------------------------------------------------------


def ours_throughput(args: argparse.Namespace, texts: list[str]):
    """A callable summarizing ``texts`` with our API (CTranslate2 int8, paper decoding)."""
    import summarizer

    engine = summarizer.Summarizer(
        "vit5",
        model=str(args.workdir / CHECKPOINT),
        backend="ctranslate2",
        device=args.device,
        threads=args.threads,
        preset="paper",
        batch_size=args.batch,
        min_new_tokens=args.new_tokens,
        max_new_tokens=args.new_tokens,
    )
    engine.method  # noqa: B018 - load the model before timing

    def run(texts: list[str]) -> list[str]:
        return [r.merged.text for r in engine.summarize_many([[t] for t in texts])]

    return run, engine.method.backend.describe()


def peer_throughput(args: argparse.Namespace, texts: list[str]):
    """A callable summarizing ``texts`` the way a transformers user would, fp32."""
    import torch
    import transformers

    torch.set_num_threads(args.threads)
    checkpoint = str(args.workdir / CHECKPOINT)
    generation = {
        "num_beams": 1,
        "do_sample": False,
        "min_new_tokens": args.new_tokens,
        "max_new_tokens": args.new_tokens,
    }
    try:
        pipe = transformers.pipeline("summarization", model=checkpoint, device=-1)
    except KeyError:  # transformers 5: the task was removed
        pipe = None
    if pipe is not None:

        def run(batch: list[str]) -> list[str]:
            out = pipe(batch, batch_size=args.batch, truncation=True, **generation)
            return [o["summary_text"] for o in out]

        return run, {"peer": "pipeline('summarization')", "transformers": transformers.__version__}

    tokenizer = transformers.AutoTokenizer.from_pretrained(checkpoint)
    model = transformers.AutoModelForSeq2SeqLM.from_pretrained(checkpoint).eval()

    def run(batch: list[str]) -> list[str]:
        summaries = []
        for start in range(0, len(batch), args.batch):
            encoded = tokenizer(
                batch[start : start + args.batch],
                padding=True,
                truncation=True,
                max_length=1024,
                return_tensors="pt",
            )
            with torch.inference_mode():
                ids = model.generate(**encoded, **generation)
            summaries += tokenizer.batch_decode(ids, skip_special_tokens=True)
        return summaries

    detail = {"peer": "pipeline body (tokenize, generate, decode)"}
    return run, {**detail, "transformers": transformers.__version__}


def measure_throughput(args: argparse.Namespace) -> dict[str, object]:
    """Runs inside the child process for one system and one batch size."""
    texts = vietnews_articles(args.articles)
    make = ours_throughput if args.system == "ours" else peer_throughput
    started = time.perf_counter()
    run, detail = make(args, texts)
    load_s = time.perf_counter() - started
    run(texts[:1])  # warm-up, not timed
    rates, cpu = [], []  # articles/s and CPU seconds per article, of every pass
    for _ in range(args.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        outputs = run(texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
        cpu.append((time.process_time() - c0) / len(texts))
        assert len(outputs) == len(texts)
    return {
        "system": args.system,
        "batch": args.batch,
        "articles": len(texts),
        "detail": detail,
        "load_s": load_s,
        "articles_per_s": rates,
        "cpu_s_per_article": cpu,
        "peak_rss_mb": peak_rss_mb(),
    }


def report_throughput(results: list[dict], args: argparse.Namespace) -> None:
    print(
        f"ViT5-base architecture, random weights; {args.threads} threads; greedy, "
        f"{args.new_tokens} new tokens per article; VietNews-dev articles cut at 1,024 tokens; "
        f"each system gets the article list in one call; medians of {args.repeats} passes"
    )
    peer_name = results[0]["detail"].get("peer") if results else ""
    print(f"peer: transformers fp32, {peer_name}")
    print(
        f"{'batch':>5}{'articles':>9} {'system':<20}{'articles/s':>11}{'CPU s/art':>10}"
        f"{'peak RSS MB':>12}{'speed ×':>9}{'CPU ×':>7}{'memory ×':>10}"
    )
    by_key = {(r["system"], r["batch"]): r for r in results}
    median = statistics.median
    for batch in args.batches:
        peer, ours = by_key[("peer", batch)], by_key[("ours", batch)]
        speed = median(ours["articles_per_s"]) / median(peer["articles_per_s"])
        cpu = median(peer["cpu_s_per_article"]) / median(ours["cpu_s_per_article"])
        memory = ours["peak_rss_mb"] / peer["peak_rss_mb"]
        for r, label in ((peer, "transformers fp32"), (ours, "ours, ct2 int8")):
            extra = f"{speed:>9.2f}{cpu:>7.2f}{memory:>10.2f}" if r is ours else ""
            print(
                f"{batch:>5}{r['articles']:>9} {label:<20}"
                f"{median(r['articles_per_s']):>11.3f}{median(r['cpu_s_per_article']):>10.1f}"
                f"{r['peak_rss_mb']:>12.0f}{extra}"
            )
    print(json.dumps({"results": results}))


# -- CTranslate2 thread layout -------------------------------------------------------------


def measure_layout(args: argparse.Namespace) -> None:
    """Seconds per article for CTranslate2 thread layouts and sub-batch sizes (why
    ``CPU_SUB_BATCH``): one batch on ``threads`` intra-op threads, against ``threads``
    one-thread workers running sub-batches in parallel; and one lone input each way."""
    import ctranslate2

    from summarizer.vit5.backend import load_tokenizer
    from summarizer.vit5.checkpoint import inspect_checkpoint, resolve_source
    from summarizer.vit5.ct2 import ensure_converted

    os.environ["SUMMARIZER_CT2_CACHE"] = str(args.workdir / "ct2")  # the conversion built
    source = resolve_source(str(args.workdir / CHECKPOINT))
    info = inspect_checkpoint(source, source.local_dir)
    tokenizer = load_tokenizer(info)
    ids = tokenizer(vietnews_articles(32), truncation=True, max_length=1024)["input_ids"]
    sources = [tokenizer.convert_ids_to_tokens(i) for i in ids]
    model = str(ensure_converted(info, "int8"))
    decode = {"beam_size": 1, "min_decoding_length": 52, "max_decoding_length": 52}
    print(f"CTranslate2 int8, {len(sources)} VietNews-dev articles, greedy, 52 new tokens")
    configs = [(1, args.threads, len(sources))]
    configs += [(args.threads, 1, size) for size in (8, 4, 2, 1)]
    for inter, intra, size in configs:
        translator = ctranslate2.Translator(
            model, device="cpu", compute_type="int8", inter_threads=inter, intra_threads=intra
        )
        translator.translate_batch(sources[:1], **decode)  # warm-up
        t0 = time.perf_counter()
        translator.translate_batch(sources, max_batch_size=size, **decode)
        per_article = (time.perf_counter() - t0) / len(sources)
        t0 = time.perf_counter()
        translator.translate_batch(sources[:1], **decode)
        alone = time.perf_counter() - t0
        print(
            f"  {inter} worker(s) x {intra} thread(s), batches of {size:>2}: "
            f"{per_article:.2f} s per article; one input alone {alone:.2f} s"
        )


# -- latency -------------------------------------------------------------------------------


def measure_latency(args: argparse.Namespace) -> dict[str, object]:
    """Runs inside the child process for one backend."""
    from summarizer import prepare_cluster
    from summarizer.types import Budget
    from summarizer.vit5.inputs import join, measure, select_input
    from summarizer.vit5.method import ViT5Method

    started = time.perf_counter()
    method = ViT5Method(
        model=str(args.workdir / CHECKPOINT),
        backend=args.system,
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
    merged_input = method.format_input(join(select_input(articles, pieces, window, count)))
    input_tokens = len(backend.encode([merged_input], 100_000)[0])

    generation_s = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ids = backend.generate_ids([merged_input], method.settings_for(Budget()), 1024, 1)
        generation_s.append(time.perf_counter() - t0)
        assert len(ids[0]) == args.new_tokens, len(ids[0])
    cluster_s = []
    for _ in range(args.cluster_repeats):
        t0 = time.perf_counter()
        method.summarize_cluster(articles, Budget(), Budget())
        cluster_s.append(time.perf_counter() - t0)
    return {
        "backend": args.system,
        "detail": backend.describe(),
        "input_tokens": input_tokens,
        "load_s": load_s,
        "generation_s": generation_s,
        "tokens_per_s": args.new_tokens / statistics.median(generation_s),
        "cluster_s": cluster_s,
        "cluster_generated_tokens": 6 * args.new_tokens,
        "peak_rss_mb": peak_rss_mb(),
    }


def report_latency(results: list[dict], args: argparse.Namespace) -> None:
    hf, ct2 = results
    print(
        f"ViT5-base architecture, random weights; device {args.device}, threads {args.threads}, "
        f"beams {args.beams}, {args.new_tokens} new tokens per generation, "
        f"input {hf['input_tokens']} tokens; medians of {args.repeats} / {args.cluster_repeats}"
    )
    print(
        f"{'backend':<26}{'tok/s 1 input':>14}{'tok/s cluster':>14}{'cluster s':>11}"
        f"{'peak RSS MB':>13}{'load s':>8}"
    )
    for r in results:
        name = f"{r['backend']} ({r['detail'].get('compute_type')})"
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
    print(json.dumps({"results": results}))


# -- driver --------------------------------------------------------------------------------

PASSED = ("mode", "device", "threads", "beams", "new_tokens", "repeats", "cluster_repeats")


def child(args: argparse.Namespace, task: str, **extra: object) -> dict | None:
    command = [sys.executable, __file__, "--child", task, "--workdir", str(args.workdir)]
    for flag in PASSED:
        command += [f"--{flag.replace('_', '-')}", str(getattr(args, flag))]
    for flag, value in extra.items():
        command += [f"--{flag}", str(value)]
    env = {**os.environ, "SUMMARIZER_CT2_CACHE": str(args.workdir / "ct2")}
    out = subprocess.run(command, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{task} {extra} failed:\n{out.stderr[-3000:]}")
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mode", choices=("latency", "throughput", "layout"), default="latency"
    )
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--beams", type=int, default=4, help="latency mode (throughput: 1)")
    parser.add_argument(
        "--new-tokens",
        type=int,
        default=None,
        help="tokens per generation (default: 52 in throughput mode, the mean VietNews "
        "abstract of 39 syllables; 64 in latency mode)",
    )
    parser.add_argument(
        "--repeats", type=int, default=None, help="passes over the inputs: 3 (latency 5)"
    )
    parser.add_argument("--cluster-repeats", type=int, default=2)
    parser.add_argument("--batches", default="1,8,32", help="throughput mode batch sizes")
    parser.add_argument(
        "--articles",
        type=int,
        default=8,
        help="VietNews articles per batch size (at least one full batch; 4 at batch 1)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the checkpoint here (default: temp)")
    parser.add_argument("--child", choices=("build", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--system", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    throughput = args.mode == "throughput"
    if args.new_tokens is None:
        args.new_tokens = 52 if throughput else 64
    if args.repeats is None:
        args.repeats = 3 if throughput else 5
    args.batches = [int(b) for b in str(args.batches).split(",")]
    if args.child == "build":
        build(args.workdir)
        return 0
    if args.child == "measure":
        print(json.dumps((measure_throughput if throughput else measure_latency)(args)))
        return 0
    if args.mode != "latency" and not VIETNEWS_DEV.is_dir():
        print(f"error: {VIETNEWS_DEV} not found; set SUMMARIZER_SHARED.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-vit5-") as temp:
        args.workdir = args.workdir or Path(temp)
        if not (args.workdir / CHECKPOINT / "config.json").is_file():
            print("building the random ViT5-base checkpoint and its int8 conversion ...")
            child(args, "build")
        if args.mode == "layout":
            measure_layout(args)
        elif throughput:
            results = []
            for batch in args.batches:
                # The peer takes ~3 s per article on 2 quiet cores: few articles at batch 1.
                count = max(batch, args.articles if batch > 1 else 4)
                for system in ("peer", "ours"):
                    results.append(
                        child(args, "measure", system=system, batch=batch, articles=count)
                    )
            report_throughput(results, args)
        else:
            results = [child(args, "measure", system=b) for b in ("transformers", "ctranslate2")]
            report_latency(results, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
