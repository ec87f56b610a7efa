"""Typed results whose JSON is their fields: ``to_dict()`` and ``from_dict()`` written once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, TypeVar

T = TypeVar("T", bound="Record")


class Record:
    """Mixin for frozen dataclasses of plain fields (nested records become nested dicts)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = asdict(self)  # type: ignore[call-overload]
        return data

    @classmethod
    def from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
        return cls(**data)
