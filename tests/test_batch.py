"""``summarizer batch`` on this machine: formats, errors per item, resuming, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from summarizer_service.batch_io import OutputLog

import summarizer
from summarizer.cli import main
from tests.batch_data import ids_once, read_records, seed_clusters, write_jsonl
from tests.helpers import REPO


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", *args, "--no-progress"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def expected(cluster: dict, **budgets: object) -> dict:
    result = summarizer.Summarizer().summarize(cluster["documents"], **budgets).to_dict()
    result.pop("timings_ms")
    return {"id": cluster["id"], **result}


def without_timings(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "timings_ms"}


BAD_LINES = [
    "{not json",
    json.dumps({"id": "cum-0001", "documents": ["trùng id"]}),
    json.dumps({"id": "rỗng", "documents": ["   ", ""]}),
    json.dumps({"id": "chuỗi", "documents": "một bài báo"}),
    json.dumps({"documents": ["không có id"]}),
    json.dumps(["một", "danh sách"]),
]


def test_every_line_gets_one_record_and_summaries_match_the_library(tmp_path: Path) -> None:
    clusters = seed_clusters(12)
    source = write_jsonl(tmp_path / "in.jsonl", clusters, BAD_LINES)
    out = tmp_path / "out.jsonl"
    done = run_cli(str(source), "--out", str(out), "--workers", "2", "--max-words", "80")
    assert done.returncode == 0, done.stderr
    records = read_records(out)
    assert len(records) == len(clusters) + len(BAD_LINES)
    assert set(ids_once(records)) == {c["id"] for c in clusters} | {"rỗng", "chuỗi"}
    by_id = {r["id"]: r for r in records if r["id"] is not None}
    for cluster in clusters:
        assert without_timings(by_id[cluster["id"]]) == expected(cluster, max_words=80)
        assert summarizer.tokenize.count_syllables(by_id[cluster["id"]]["merged"]["text"]) <= 80
    assert by_id["rỗng"]["error"]["type"] == "empty_input"
    assert by_id["chuỗi"]["error"]["type"] == "invalid_input"
    by_line = {r["line"]: r["error"] for r in records if r["id"] is None}
    assert by_line[13]["type"] == "invalid_input" and "not valid JSON" in by_line[13]["message"]
    assert by_line[14]["type"] == "duplicate_id" and "line 2" in by_line[14]["message"]
    assert "no 'id'" in by_line[17]["message"] and "JSON object" in by_line[18]["message"]
    assert "18 items: 12 summarized, 6 errors, 0 already" in done.stderr


def test_rerun_skips_what_is_written_and_adds_nothing(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(6), BAD_LINES[:2])
    out = tmp_path / "out.jsonl"
    assert run_cli(str(source), "--out", str(out), "--workers", "1").returncode == 0
    first = out.read_bytes()
    again = run_cli(str(source), "--out", str(out), "--workers", "2")
    assert again.returncode == 0 and "8 already in" in again.stderr
    assert out.read_bytes() == first


def test_half_written_last_record_is_dropped_and_redone_once(tmp_path: Path) -> None:
    clusters = seed_clusters(5)
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    assert run_cli(str(source), "--out", str(out), "--workers", "1").returncode == 0
    data = out.read_bytes()
    cut = data.rstrip(b"\n").rfind(b"\n") + 1 + 40  # 40 bytes into the last record
    out.write_bytes(data[:cut])
    assert run_cli(str(source), "--out", str(out)).returncode == 0
    records = read_records(out)
    assert sorted(ids_once(records)) == sorted(c["id"] for c in clusters)


def test_killed_run_resumes_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    clusters = seed_clusters(400)
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarizer", "batch", str(source), "--out", str(out),
               "--workers", "2", "--no-progress"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 30:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the run ended before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)  # the driver and its worker processes
        process.wait(30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    partial = out.read_bytes().count(b"\n")
    assert 30 <= partial < len(clusters)
    resumed = run_cli(str(source), "--out", str(out), "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    records = read_records(out)
    assert sorted(ids_once(records)) == sorted(c["id"] for c in clusters)
    assert all("merged" in r for r in records)
    assert f"{partial:,} already in" in resumed.stderr or f"{partial - 1:,} already in" in (
        resumed.stderr
    )


def test_parquet_input(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    clusters = seed_clusters(4)
    table = pa.table({"id": [c["id"] for c in clusters],
                      "documents": [c["documents"] for c in clusters]})
    pq.write_table(table, tmp_path / "in.parquet")
    out = tmp_path / "out.jsonl"
    done = run_cli(str(tmp_path / "in.parquet"), "--out", str(out), "--workers", "1")
    assert done.returncode == 0, done.stderr
    records = read_records(out)
    assert [without_timings(r) for r in records] == [expected(c) for c in clusters]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (write_jsonl(d / "in.jsonl", []), d / "out.jsonl"), "holds no items"),
        (lambda d: (d / "missing.jsonl", d / "out.jsonl"), "does not exist"),
        (lambda d: (write_jsonl(d / "in.jsonl", seed_clusters(1)), d), "is a folder"),
        (
            lambda d: (write_jsonl(d / "in.jsonl", seed_clusters(1)), d / "in.jsonl" / "o.jsonl"),
            "cannot write",
        ),
    ],
)
def test_unusable_files_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    source, out = make(tmp_path)
    status = main(["batch", str(source), "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err.strip()
    assert status == 2 and message in err and len(err.splitlines()) == 1, err


def test_output_being_written_by_another_run_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(2))
    out = tmp_path / "out.jsonl"
    holder = OutputLog(out)
    try:
        status = main(["batch", str(source), "--out", str(out), "--no-progress"])
    finally:
        holder.close()
    assert status == 2 and "another batch run" in capsys.readouterr().err
    assert out.read_bytes() == b""


def test_a_foreign_output_file_is_not_appended_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(2))
    out = tmp_path / "notes.jsonl"
    out.write_text("ghi chú\n", encoding="utf-8")
    status = main(["batch", str(source), "--out", str(out), "--no-progress"])
    assert status == 2 and "not a batch record" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "ghi chú\n"


def test_ray_engine_without_ray_says_what_to_install(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(2))
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "from summarizer.cli import main\n"
        f"sys.exit(main(['batch', {str(source)!r}, '--out', {str(tmp_path / 'o.jsonl')!r}, "
        "'--engine', 'ray']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert "pip install 'vn-cluster-summarizer[scale]'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_ray_address_needs_the_ray_engine(tmp_path: Path, capsys) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(1))
    status = main(["batch", str(source), "--out", str(tmp_path / "o.jsonl"),
                   "--ray-address", "127.0.0.1:6379", "--no-progress"])
    assert status == 2 and "--engine ray" in capsys.readouterr().err


def test_local_batch_imports_no_service_or_model_library(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", seed_clusters(3))
    code = (
        "import sys\n"
        "from summarizer.cli import main\n"
        f"status = main(['batch', {str(source)!r}, '--out', {str(tmp_path / 'o.jsonl')!r}, "
        "'--workers', '1', '--no-progress'])\n"
        "heavy = ('fastapi', 'uvicorn', 'ray', 'torch', 'gradio', 'prometheus_client')\n"
        "print(status, [m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "0 []", done.stdout + done.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_killed_worker_process_stops_the_run_cleanly_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    clusters = seed_clusters(400)
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarizer", "batch", str(source), "--out", str(out),
               "--workers", "2", "--no-progress"]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        victim = None
        while victim is None and time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            if out.exists() and out.read_bytes().count(b"\n") >= 20 and workers:
                victim = workers[0]
                os.kill(victim, signal.SIGKILL)
            time.sleep(0.05)
        assert victim is not None, "no worker process could be killed while the run was going"
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 2 and "a worker process died" in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert run_cli(str(source), "--out", str(out), "--workers", "2").returncode == 0
    assert sorted(ids_once(read_records(out))) == sorted(c["id"] for c in clusters)


def test_vit5_batch_with_a_checkpoint_and_without_one(tmp_path: Path, tiny_vit5_dir: Path) -> None:
    pytest.importorskip("torch")
    clusters = seed_clusters(3)
    source = write_jsonl(tmp_path / "in.jsonl", clusters)
    out = tmp_path / "out.jsonl"
    done = run_cli(str(source), "--out", str(out), "--method", "vit5", "--model",
                   str(tiny_vit5_dir), "--max-words", "40")
    assert done.returncode == 0, done.stderr[-2000:]
    records = read_records(out)
    assert sorted(ids_once(records)) == sorted(c["id"] for c in clusters)
    assert all(r["method"] == "vit5" and len(r["per_article"]) >= 2 for r in records)
    missing = tmp_path / "missing.jsonl"
    failed = run_cli(str(source), "--out", str(missing), "--method", "vit5", "--model",
                     str(tmp_path / "no-checkpoint"))
    assert failed.returncode == 2 and len(failed.stderr.strip().splitlines()) == 1
    assert missing.read_bytes() == b""  # no item marked failed for a missing model
