"""Throughput of ``summarizer batch`` (local 1 and 2 workers, Ray) and of ``POST /v1/summarize``.

    python scripts/bench_scale.py [--data ../shared/data/vnmds-dev] [--clusters 400]
                                  [--repeats 3] [--requests 240]

Batch: every engine summarizes the same clusters (vnmds-dev, repeated under new ids to
``--clusters``; the seed cluster rotations without the corpus) through ``run_batch``, the
code behind ``summarizer batch``, reading JSON lines and writing JSON lines. Each engine
runs at two sizes (``--clusters`` and a quarter of it): the slope is the steady cost per
cluster, the intercept the fixed cost (pool start, actor pool start; Ray's own start is
timed once and added). Ray's per-item overhead is its steady core-ms per cluster minus the
local pool's with the same number of workers. Medians of ``--repeats`` runs, interleaved.

HTTP: ``summarizer serve --no-ui`` in its own process (1 and 2 uvicorn workers), loopback
clients with 1, 4 and 16 requests in flight, ``--requests`` requests per level, each a
vnmds-dev cluster; p50/p99 latency and requests/s, against the library call in this process
as the peer.

The sizing plan for one million clusters a day is printed from the measured costs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from summarizer_eval.shared import shared_data
from summarizer_service.batch import BatchConfig, SummarizeWorkerFactory, run_batch
from summarizer_service.engines import RayOptions, connect

import summarizer

REPO = Path(__file__).resolve().parents[1]
PER_DAY = 1_000_000
SECONDS_PER_DAY = 86_400
TARGET_UTILISATION = 0.6  # headroom for peaks, retries and stragglers


def load_clusters(data: Path, count: int) -> tuple[list[dict[str, Any]], str]:
    if data.exists():
        from summarizer_eval.datasets import load_dataset

        base = [item.documents for item in load_dataset(f"vnmds:{data}").items]
        source = f"vnmds-dev ({len(base)} clusters, repeated)"
    else:
        sys.path.insert(0, str(REPO))
        from tests.batch_data import seed_clusters

        base = [c["documents"] for c in seed_clusters(20)]
        source = "seed cluster rotations (vnmds-dev not found)"
    clusters = [{"id": f"c{i}", "documents": base[i % len(base)]} for i in range(count)]
    return clusters, source


def write_input(folder: Path, clusters: list[dict[str, Any]]) -> Path:
    path = folder / f"in-{len(clusters)}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for cluster in clusters:
            out.write(json.dumps(cluster, ensure_ascii=False) + "\n")
    return path


def time_batch(source: Path, folder: Path, engine: str, workers: int) -> float:
    out = folder / f"out-{engine}-{workers}-{time.monotonic_ns()}.jsonl"
    config = BatchConfig(
        input=source,
        output=out,
        engine=engine,
        workers=workers,
        worker=SummarizeWorkerFactory(),
        progress=False,
    )
    started = time.perf_counter()
    report = run_batch(config)
    seconds = time.perf_counter() - started
    lines = out.read_bytes().count(b"\n")
    if report.summarized != lines or report.errors:
        raise SystemExit(f"bench: {engine} wrote {lines} lines, {report.errors} errors")
    out.unlink()
    return seconds


def bench_batch(clusters: list[dict[str, Any]], repeats: int) -> dict[str, dict[str, float]]:
    """Two sizes per engine: slope = steady cost per cluster, intercept = fixed cost.

    Ray is started once, timed on its own (every ``summarizer batch --engine ray`` pays it
    once), and the runs join it, so its slope is not buried in start-up noise.
    """
    engines = [("local", 1), ("local", 2), ("ray", 2)]
    small, large = len(clusters) // 4, len(clusters)
    started = time.perf_counter()
    connect(RayOptions(workers=2))
    ray_start_s = time.perf_counter() - started
    times: dict[tuple[str, int, int], list[float]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            inputs = {n: write_input(folder, clusters[:n]) for n in (small, large)}
            for _ in range(repeats):  # engines interleaved so machine noise hits them alike
                for engine, workers in engines:
                    for n, path in inputs.items():
                        seconds = time_batch(path, folder, engine, workers)
                        times.setdefault((engine, workers, n), []).append(seconds)
                        print(f"  {engine} x{workers}, {n}: {seconds:.2f} s", file=sys.stderr)
    finally:
        import ray

        ray.shutdown()
    results: dict[str, dict[str, float]] = {}
    for engine, workers in engines:
        t_small = statistics.median(times[(engine, workers, small)])
        t_large = statistics.median(times[(engine, workers, large)])
        per_item = (t_large - t_small) / (large - small)
        fixed = max(t_large - per_item * large, 0.0)
        start = ray_start_s if engine == "ray" else 0.0
        results[f"{engine} x{workers}"] = {
            "workers": workers,
            "clusters_per_s": large / (t_large + start),
            "per_item_ms": per_item * 1000,
            "core_ms_per_item": per_item * 1000 * workers,
            "fixed_s": fixed + start,
        }
    return results


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "summarizer", "serve", "--no-ui", "--port", str(port),
               "--workers", str(workers), "--queue-size", "64", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("bench: the server did not start")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def load(url: str, bodies: list[bytes], clients: int, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    counter = iter(range(requests))
    headers = {"content-type": "application/json"}

    async def client(session: httpx.AsyncClient) -> None:
        for i in counter:
            started = time.perf_counter()
            response = await session.post(url + "/v1/summarize", content=bodies[i % len(bodies)],
                                          headers=headers)
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"bench: HTTP {response.status_code}: {response.text[:200]}")

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as session:
        await asyncio.gather(*(client(session) for _ in range(min(clients, 2))))  # warm-up
        latencies.clear()
        counter = iter(range(requests))
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000,
        "rps": len(ordered) / wall,
    }


def bench_http(clusters: list[dict[str, Any]], requests: int) -> dict[str, Any]:
    bodies = [json.dumps({"documents": c["documents"]}, ensure_ascii=False).encode()
              for c in clusters[:100]]
    peer = summarizer.Summarizer()
    peer_ms = []
    for cluster in clusters[:100]:
        started = time.perf_counter()
        peer.summarize(cluster["documents"]).to_dict()
        peer_ms.append((time.perf_counter() - started) * 1000)
    results: dict[str, Any] = {"library_ms": statistics.median(peer_ms), "levels": {}}
    for workers in (1, 2):
        process, url = start_server(workers)
        try:
            for clients in (1, 4, 16):
                row = asyncio.run(load(url, bodies, clients, requests))
                results["levels"][(workers, clients)] = row
                print(f"  http workers={workers} clients={clients}: {row}", file=sys.stderr)
        finally:
            stop_server(process)
    return results


def sizing(batch: dict[str, dict[str, float]], vit5_s: float | None, gpu_s: list[float]) -> str:
    rate = PER_DAY / SECONDS_PER_DAY
    lines = [f"Sizing for {PER_DAY:,} clusters a day = {rate:.2f} clusters/s, at "
             f"{TARGET_UTILISATION:.0%} utilisation:"]
    for name in ("local x1", "ray x2"):
        core_s = batch[name]["core_ms_per_item"] / 1000
        cores = rate * core_s / TARGET_UTILISATION
        lines.append(f"- extractive, {name}: {core_s * 1000:.1f} core-ms per cluster -> "
                     f"{cores:.2f} cores ({core_s * PER_DAY / 3600:.1f} core-hours a day)")
    if vit5_s:
        workers = rate * vit5_s / TARGET_UTILISATION
        lines.append(f"- ViT5 on CPU at {vit5_s:g} s per cluster per 2-thread worker: "
                     f"{workers:.0f} workers = {2 * workers:.0f} cores")
    for seconds in gpu_s:
        gpus = rate * seconds / TARGET_UTILISATION
        lines.append(f"- ViT5 on GPU at {seconds:g} GPU-s per cluster: {gpus:.1f} GPUs")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_data("vnmds-dev"))
    parser.add_argument("--clusters", type=int, default=1200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--requests", type=int, default=240, help="HTTP requests per level")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--vit5-cpu-seconds", type=float, default=None,
                        help="ViT5 seconds per cluster on CPU (scripts/bench_vit5.py)")
    parser.add_argument("--vit5-gpu-seconds", type=float, action="append", default=[],
                        help="ViT5 GPU-seconds per cluster to size for (bench_vit5 --device cuda)")
    args = parser.parse_args()
    if args.clusters < 8:
        parser.error("--clusters must be at least 8")
    clusters, source = load_clusters(args.data, args.clusters)
    print(f"# bench_scale: {source}; {args.clusters} clusters, {args.repeats} repeats; "
          f"python {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f} at start")
    batch = None
    if not args.skip_batch:
        batch = bench_batch(clusters, args.repeats)
        base = batch["local x1"]
        print(f"\n| engine | workers | clusters/s ({len(clusters)}, whole run) "
              "| ms per cluster (steady) | core-ms per cluster | fixed cost s "
              "| steady rate vs local x1 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, row in batch.items():
            print(f"| {name.split()[0]} | {int(row['workers'])} | {row['clusters_per_s']:.1f} | "
                  f"{row['per_item_ms']:.2f} | {row['core_ms_per_item']:.2f} | "
                  f"{row['fixed_s']:.2f} | {base['per_item_ms'] / row['per_item_ms']:.2f}x |")
        overhead = batch["ray x2"]["core_ms_per_item"] - batch["local x2"]["core_ms_per_item"]
        fixed = batch["ray x2"]["fixed_s"] - batch["local x2"]["fixed_s"]
        print(f"\nRay per-item overhead vs the local pool (2 workers each): {overhead:+.2f} "
              f"core-ms per cluster; extra fixed cost {fixed:+.1f} s per run (Ray start "
              "and actor pool).")
    if not args.skip_http:
        http = bench_http(clusters, args.requests)
        print(f"\nLibrary call in process (peer): {http['library_ms']:.1f} ms median per cluster")
        print("\n| server workers | clients | p50 ms | p99 ms | requests/s | p50 vs library |")
        print("|---:|---:|---:|---:|---:|---:|")
        for (workers, clients), row in http["levels"].items():
            print(f"| {workers} | {clients} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
                  f"{row['rps']:.1f} | {row['p50_ms'] / http['library_ms']:.2f}x |")
    if batch is not None:
        print("\n" + sizing(batch, args.vit5_cpu_seconds, args.vit5_gpu_seconds))
    print(f"\n# load average {os.getloadavg()[0]:.1f} at the end (other work on the machine "
          "skews every figure alike)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
