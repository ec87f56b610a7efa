"""One source per fact: subcommands, the version, the error root, the comparability check."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import summarizer
from summarizer.commands import Subcommand, registered
from summarizer.errors import SummarizerError

REPO = Path(__file__).resolve().parents[1]


def test_subcommands_are_registered_by_their_packages_not_named_by_the_library():
    commands = registered()
    assert {name: c.module for name, c in commands.items()} == {
        "batch": "summarizer_service.batch_cli",
        "demo": "summarizer_demo.cli",
        "eval": "summarizer_eval.cli",
        "serve": "summarizer_service.serve_cli",
    }
    assert all(isinstance(c, Subcommand) and c.help for c in commands.values())
    library = "".join(p.read_text(encoding="utf-8") for p in (REPO / "summarizer").rglob("*.py"))
    for consumer in ("summarizer_eval", "summarizer_demo", "summarizer_service"):
        assert consumer not in library


def test_the_installed_version_is_the_library_version():
    assert importlib.metadata.version("vn-cluster-summarizer") == summarizer.__version__
    printed = subprocess.run(
        [sys.executable, "-m", "summarizer", "--version"], capture_output=True, text=True
    ).stdout
    assert printed.strip() == f"summarizer {summarizer.__version__}"


def test_harness_demo_and_service_errors_share_the_library_root():
    from summarizer_demo.service import DemoInputError
    from summarizer_eval.bootstrap import bootstrap_ci
    from summarizer_eval.errors import EvalError
    from summarizer_service.batch_io import BatchError

    for error in (DemoInputError, EvalError, BatchError):
        assert issubclass(error, SummarizerError)
    with pytest.raises(SummarizerError, match="non-empty list of per-item scores"):
        bootstrap_ci([])


def test_the_demo_refuses_to_table_scores_computed_with_other_settings():
    from summarizer_demo import render
    from summarizer_eval.errors import SignatureMismatchError
    from summarizer_eval.rouge import Scorer

    prediction, references = "Hà Nội mưa to.", ["Hà Nội mưa lớn."]
    rows = {}
    for method, tokenizer in (("extractive", "syllable"), ("vit5", "ascii")):
        report = Scorer(tokenizer).report(prediction, references).to_dict()
        rows[method] = {**report["scores"], "signature": report["signature"]}
    with pytest.raises(SignatureMismatchError, match="tok: 'syllable' before, 'ascii' now"):
        render.scores_html(rows, "en")
    same = {"extractive": rows["extractive"], "vit5": rows["extractive"]}
    assert render.scores_html(same, "en").count("sd-signature") == 1
