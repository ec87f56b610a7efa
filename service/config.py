"""Settings of one service process, passed to uvicorn's workers through the environment."""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from dataclasses import asdict, dataclass, field
from typing import Any

from summarizer.errors import InvalidOptionError

CONFIG_ENV = "SUMMARIZER_SERVICE_CONFIG"
KEYS_ENV = "SUMMARIZER_API_KEYS"
DEFAULT_VIT5_MODEL = "VietAI/vit5-base-vietnews-summarization"


@dataclass(frozen=True)
class ServiceConfig:
    """Everything ``create_app`` needs; JSON-serialisable so every worker gets the same."""

    methods: tuple[str, ...] = ("extractive",)
    vit5_model: str | None = None
    vit5_options: dict[str, Any] = field(default_factory=dict)
    api_keys: tuple[str, ...] = ()
    max_articles: int = 50
    max_total_chars: int = 1_000_000
    max_body_bytes: int = 8 * 1024 * 1024
    concurrency: int = 1
    queue_size: int = 32
    preload: bool = True
    ui: bool = True

    def __post_init__(self) -> None:
        for name in ("max_articles", "max_total_chars", "max_body_bytes", "concurrency"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidOptionError(f"{name} must be a positive integer, got {value!r}.")
        if not isinstance(self.queue_size, int) or self.queue_size < 0:
            raise InvalidOptionError(f"queue_size must be 0 or more, got {self.queue_size!r}.")
        if not self.methods:
            raise InvalidOptionError("The service needs at least one method.")

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServiceConfig:
        """The configuration ``summarizer serve`` left for this worker, else the defaults."""
        raw = os.environ.get(CONFIG_ENV)
        if not raw:
            return cls(api_keys=keys_from_env())
        data = json.loads(raw)
        for name in ("methods", "api_keys"):
            data[name] = tuple(data[name])
        return cls(**data)


def keys_from_env() -> tuple[str, ...]:
    """API keys from SUMMARIZER_API_KEYS (comma-separated; blanks ignored)."""
    return tuple(k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip())


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def exposure_warning(host: str, api_keys: tuple[str, ...]) -> str | None:
    """The warning for serving beyond this machine with no key, else None."""
    if api_keys or is_loopback(host):
        return None
    return (
        f"serving on {host} without an API key: anyone who can reach this address can use "
        "the service; set --api-key or SUMMARIZER_API_KEYS."
    )
