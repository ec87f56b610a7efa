"""``summarizer demo`` as a user starts it: a real process serving the page and the API."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from summarizer.cli import main as cli_main
from tests.demo_server import free_port
from tests.helpers import seed_texts

pytest.importorskip("gradio")
STARTUP_S = 90


def _demo_command(port: int) -> list[str]:
    code = "import sys; from summarizer.cli import main; sys.exit(main())"
    return [sys.executable, "-c", code, "demo", "--port", str(port), "--no-preload"]


def _wait_until_serving(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"summarizer demo exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    pytest.fail(f"summarizer demo did not serve {url} within {STARTUP_S} s")


def test_bad_option_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli_main(["demo", "--max-articles", "0"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "error: argument --max-articles: must be a positive integer, got '0' "
        "(see 'summarizer demo --help')"
    )


def test_summarizer_demo_serves_the_api_and_refuses_a_busy_port(tmp_path) -> None:
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SUMMARIZER_VIT5_MODEL": str(tmp_path / "no-model")}
    with subprocess.Popen(
        _demo_command(port),
        cwd=tmp_path,
        env=env,
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as server:
        try:
            _wait_until_serving(url, server)
            result = Client(url, verbose=False).predict(
                seed_texts()[:2], "extractive", 60, 30, api_name="/summarize"
            )
            assert "Tô Lâm" in result["results"]["extractive"]["merged"]["text"]

            second = subprocess.run(
                _demo_command(port),
                cwd=tmp_path,
                env=env,
                text=True,
                capture_output=True,
                timeout=STARTUP_S,
            )
            assert second.returncode == 1
            assert second.stderr.strip().splitlines()[-1] == (
                f"summarizer demo: cannot serve on 127.0.0.1:{port}: the port is in use; "
                "choose another with --port."
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_core_and_demo_service_import_without_gradio() -> None:
    code = (
        "import sys, summarizer, summarizer_demo.cli, summarizer_demo.service, "
        "summarizer_demo.render; print(sorted(m for m in ('gradio', 'torch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
