"""``python -m summarizer_eval ...``: the same as ``summarizer eval ...``."""

from summarizer_eval.cli import main

raise SystemExit(main())
