"""Batch inputs built from the seed articles: many distinct clusters of real Vietnamese text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import seed_texts


def seed_clusters(count: int) -> list[dict[str, Any]]:
    """``count`` clusters: rotating subsets of the five seed articles (2 to 5 articles)."""
    texts = seed_texts()
    clusters = []
    for i in range(count):
        size = 2 + i % 4
        start = i % len(texts)
        documents = [texts[(start + k) % len(texts)] for k in range(size)]
        clusters.append({"id": f"cum-{i:04d}", "documents": documents})
    return clusters


def write_jsonl(path: Path, records: list[Any], extra_lines: list[str] = ()) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for line in extra_lines:
            out.write(line + "\n")
    return path


def read_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ids_once(records: list[dict[str, Any]]) -> list[Any]:
    """The ids of records, asserting none appears twice."""
    ids = [r["id"] for r in records if r["id"] is not None]
    assert len(ids) == len(set(ids)), "an id was written twice"
    return ids
