"""The evaluation harness of vn-cluster-summarizer, imported as ``summarizer_eval``.

The source folder is ``eval/``; it installs under the name ``summarizer_eval`` so it shadows
no other ``eval`` package (``python -m summarizer_eval``, ``summarizer eval``). Start with
:mod:`summarizer_eval.runner` (a run), :mod:`summarizer_eval.rouge` (the scorer) and
:mod:`summarizer_eval.results` (what a run finds, as typed objects).
"""

from __future__ import annotations

from summarizer.commands import Subcommand

COMMAND = Subcommand("summarizer_eval.cli", "score systems against references with ROUGE")
