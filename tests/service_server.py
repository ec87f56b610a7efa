"""Starting ``summarizer serve`` as a real process on a free loopback port, for the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_service(
    *args: str,
    timeout_s: float = 60.0,
    env: dict[str, str] | None = None,
    ready_path: str = "/readyz",
) -> Iterator[str]:
    """``summarizer serve --port P ARGS`` until ``ready_path`` answers 200; yields its URL,
    stops the server (and its workers) afterwards."""
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed below
    command = [sys.executable, "-m", "summarizer", "serve", "--port", str(port), *args]
    process = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"summarizer serve exited with {process.returncode}")
            try:
                if httpx.get(url + ready_path, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("summarizer serve did not become ready in time")
            time.sleep(0.2)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # the server and its workers, by group id
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
