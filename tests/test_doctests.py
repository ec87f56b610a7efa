"""Every ``>>>`` example in the project's packages runs, and shows what it says it shows."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Source folder -> import name (pyproject.toml's package-dir).
PACKAGES = {
    "summarizer": "summarizer",
    "eval": "summarizer_eval",
    "demo": "summarizer_demo",
    "service": "summarizer_service",
}


def modules_with_examples() -> list[str]:
    found = []
    for folder, package in PACKAGES.items():
        for path in sorted((REPO / folder).rglob("*.py")):
            if ">>> " in path.read_text(encoding="utf-8"):
                parts = path.relative_to(REPO / folder).with_suffix("").parts
                found.append(".".join((package, *parts)).removesuffix(".__init__"))
    return found


def test_examples_are_found_where_the_docs_have_them():
    assert {"summarizer.api", "summarizer_eval.rouge"} <= set(modules_with_examples())


@pytest.mark.parametrize("module", modules_with_examples())
def test_docstring_examples_run(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} example(s) of {module} failed (see above)"
