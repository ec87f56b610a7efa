"""``python -m summarizer``: the same command line as ``summarizer``."""

import sys

from summarizer.cli import main

sys.exit(main())
