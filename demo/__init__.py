"""The Gradio web demo of vn-cluster-summarizer, imported as ``summarizer_demo``.

The source folder is ``demo/``; it installs under the name ``summarizer_demo``
(``summarizer demo``). :mod:`summarizer_demo.service` and :mod:`summarizer_demo.render`
import no Gradio; :mod:`summarizer_demo.app` builds the page and the ``/summarize`` and
``/score`` endpoints.
"""

from __future__ import annotations

from summarizer.commands import Subcommand

COMMAND = Subcommand("summarizer_demo.cli", "start the Gradio web demo")
