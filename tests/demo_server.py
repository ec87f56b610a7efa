"""Starting the real demo app on a free loopback port, for the demo's tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from summarizer_demo.service import DemoService


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_demo(service: DemoService, concurrency: int = 1, queue_size: int = 32) -> Iterator[str]:
    """The app served on 127.0.0.1 in this process; yields its URL, closes it afterwards."""
    from summarizer_demo.app import build_app, launch

    app = build_app(service, concurrency=concurrency, queue_size=queue_size)
    url = launch(app, "127.0.0.1", free_port(), block=False, quiet=True)
    try:
        yield url
    finally:
        app.close()
