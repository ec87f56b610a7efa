"""``summarizer batch --engine ray`` on a real two-node Ray cluster (``ray start``, loopback).

Skipped when Ray is not installed (the ``scale`` extra).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("ray")
pytest.importorskip("ray.data")
if shutil.which("ray") is None:
    pytest.skip("the ray command is not on PATH", allow_module_level=True)

import summarizer
from tests.batch_data import ids_once, read_records, seed_clusters, write_jsonl
from tests.helpers import REPO
from tests.ray_cluster import RAY_ENV, RayCluster, ray_cluster

ACTOR_TITLE = "MapBatches(SummarizeWorker)"


@pytest.fixture(scope="module")
def cluster() -> Iterator[RayCluster]:
    with ray_cluster() as running:
        yield running


def batch_command(source: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", "batch", str(source), "--out", str(out),
            "--engine", "ray", "--no-progress", *args]


def run(command: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **RAY_ENV})


def merged_texts(clusters: list[dict]) -> dict[str, str]:
    worker = summarizer.Summarizer()
    return {c["id"]: worker.summarize(c["documents"]).merged.text for c in clusters}


def test_batch_runs_across_both_nodes_and_writes_every_id_once(
    cluster: RayCluster, tmp_path: Path
) -> None:
    # Enough work (about 2 s per actor) that both actors, one per node, take part.
    clusters = seed_clusters(200)
    source = write_jsonl(tmp_path / "in.jsonl", clusters, ["{oops"])
    out = tmp_path / "out.jsonl"
    done = run(batch_command(source, out, "--ray-address", cluster.address, "--workers", "2",
                             "--ray-batch-size", "1"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "on 2 Ray nodes" in done.stderr
    records = read_records(out)
    assert len(records) == 201
    assert sorted(ids_once(records)) == sorted(c["id"] for c in clusters)
    texts = merged_texts(clusters)
    assert all(r["merged"]["text"] == texts[r["id"]] for r in records if r["id"])
    assert next(r for r in records if r["id"] is None)["error"]["type"] == "invalid_input"


def test_killing_a_worker_mid_run_loses_and_duplicates_nothing(
    cluster: RayCluster, tmp_path: Path
) -> None:
    clusters = seed_clusters(300)
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    command = batch_command(source, out, "--ray-address", cluster.address, "--workers", "2",
                            "--ray-batch-size", "2")
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, **RAY_ENV},
                               start_new_session=True)
    killed = None
    try:
        deadline = time.monotonic() + 180
        while killed is None and time.monotonic() < deadline and process.poll() is None:
            lines = out.read_bytes().count(b"\n") if out.exists() else 0
            actors = cluster.processes(ACTOR_TITLE)
            if lines >= 10 and actors:
                killed = actors[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.05)
        assert killed is not None, "no worker could be killed while the run was going"
        written_when_killed = out.read_bytes().count(b"\n")
        _, stderr = process.communicate(timeout=240)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0, stderr[-2000:]
    assert written_when_killed < len(clusters)
    records = read_records(out)
    assert sorted(ids_once(records)) == sorted(c["id"] for c in clusters)
    texts = merged_texts(clusters)
    assert all(r["merged"]["text"] == texts[r["id"]] for r in records)


def test_unreachable_ray_address_is_one_line_error(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(2))
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: nothing answers there
        started = time.monotonic()
        done = run(batch_command(source, tmp_path / "out.jsonl", "--ray-address",
                                 f"127.0.0.1:{port}"), timeout=60)
    assert done.returncode == 2 and time.monotonic() - started < 30
    assert "no Ray cluster answers" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_local_ray_is_started_for_the_run_and_stopped_after(tmp_path: Path) -> None:
    clusters = seed_clusters(20)
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    done = run(batch_command(source, out, "--workers", "2"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "on 1 Ray node" in done.stderr
    assert sorted(ids_once(read_records(out))) == sorted(c["id"] for c in clusters)
    rerun = run(batch_command(source, out, "--workers", "2"))
    assert rerun.returncode == 0 and "20 already in" in rerun.stderr


def test_eval_engine_ray_predicts_what_the_local_engine_does(tmp_path: Path) -> None:
    base = [sys.executable, "-m", "summarizer", "eval", "--dataset", "seeds:seeds",
            "--mode", "per-article", "--systems", "extractive", "--no-progress"]
    on_ray = run([*base, "--engine", "ray", "--out", str(tmp_path / "ray")])
    assert on_ray.returncode == 0, on_ray.stderr[-2000:]
    local = run([*base, "--out", str(tmp_path / "local")])
    assert local.returncode == 0, local.stderr[-2000:]

    def predictions(folder: str) -> dict[str, list[str]]:
        rows = read_records(tmp_path / folder / "predictions" / "extractive.jsonl")[1:]
        return {r["id"]: r["predictions"] for r in rows}

    assert predictions("ray") == predictions("local")
    assert len(predictions("ray")) == 1 and all(predictions("ray").values())
