"""A real two-node Ray cluster on loopback, started with ``ray start`` for the batch tests.

Each node is a ``ray start --block`` process in its own session, so teardown stops exactly
the processes it started (by process group), never anyone else's Ray. Nodes use 127.0.0.2:
Ray rewrites 127.0.0.1 into the machine's network address, which would leave loopback.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

NODE_IP = "127.0.0.2"
# Loopback cluster for tests: no token to distribute, no usage reports.
RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((NODE_IP, 0))
        return int(sock.getsockname()[1])


@dataclass
class RayCluster:
    address: str
    temp_dir: Path
    nodes: list[subprocess.Popen] = field(default_factory=list)

    def owns(self, pid: int) -> bool:
        """Whether ``pid`` is one of this cluster's processes (same session as a node)."""
        with suppress(ProcessLookupError, PermissionError):
            return os.getsid(pid) in {node.pid for node in self.nodes}
        return False

    def processes(self, title: str) -> list[int]:
        """Pids of this cluster's processes whose title contains ``title``."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if title in cmdline and self.owns(int(entry.name)):
                found.append(int(entry.name))
        return found


def _start_node(args: list[str], log: Path) -> subprocess.Popen:
    ports = [
        "--dashboard-agent-listen-port", str(_free_port()),
        "--dashboard-agent-grpc-port", str(_free_port()),
        "--runtime-env-agent-port", str(_free_port()),
        "--metrics-export-port", str(_free_port()),
    ]
    command = ["ray", "start", "--block", "--node-ip-address", NODE_IP, "--num-cpus", "1",
               "--object-store-memory", str(200 * 1024 * 1024), "--disable-usage-stats",
               *ports, *args]
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **RAY_ENV}, start_new_session=True)


def _alive_nodes(address: str) -> int:
    """Nodes the head counts as alive (``ray status`` lists each as ' 1 node_<id>')."""
    done = subprocess.run(["ray", "status", "--address", address], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **RAY_ENV})
    return sum(1 for line in done.stdout.splitlines() if line.strip().startswith("1 node_"))


def _stop(node: subprocess.Popen) -> None:
    if node.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(node.pid, signal.SIGTERM)
    try:
        node.wait(8)  # ray start --block may wait out a drain timeout; then it is killed
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(node.pid, signal.SIGKILL)
        node.wait()


@contextmanager
def ray_cluster(timeout_s: float = 90.0) -> Iterator[RayCluster]:
    """A head node and a second node, one CPU each; yields once both have joined."""
    temp_dir = Path(tempfile.mkdtemp(prefix="rt", dir="/tmp"))  # short: socket path limits
    port = _free_port()
    cluster = RayCluster(f"{NODE_IP}:{port}", temp_dir)
    try:
        cluster.nodes.append(_start_node(
            ["--head", "--port", str(port), "--temp-dir", str(temp_dir),
             "--include-dashboard", "false"], temp_dir / "head.log"))
        deadline = time.monotonic() + timeout_s
        while True:
            with suppress(OSError):
                socket.create_connection((NODE_IP, port), 1).close()
                break
            if time.monotonic() > deadline or cluster.nodes[0].poll() is not None:
                raise RuntimeError("the Ray head node did not start: " +
                                   (temp_dir / "head.log").read_text(errors="replace")[-800:])
            time.sleep(0.3)
        cluster.nodes.append(_start_node(["--address", cluster.address],
                                         temp_dir / "worker.log"))
        while _alive_nodes(cluster.address) < 2:  # registered with the head, not just started
            if time.monotonic() > deadline or cluster.nodes[1].poll() is not None:
                raise RuntimeError("the second Ray node did not join")
            time.sleep(0.5)
        yield cluster
    finally:
        for node in reversed(cluster.nodes):  # the second node first, while the head answers
            _stop(node)
        shutil.rmtree(temp_dir, ignore_errors=True)
