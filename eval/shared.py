"""The one place that finds ``../shared`` (the corpora beside the checkout).

``SUMMARIZER_SHARED`` overrides; otherwise the folder named ``shared`` beside the repository
(when run from a checkout) or beside the current directory.
"""

from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    """The shared folder, whether or not it exists."""
    if "SUMMARIZER_SHARED" in os.environ:
        return Path(os.environ["SUMMARIZER_SHARED"])
    beside_checkout = Path(__file__).resolve().parents[2] / "shared"
    return beside_checkout if beside_checkout.is_dir() else Path.cwd().parent / "shared"


def shared_data(name: str) -> Path:
    """A corpus folder under ``<shared>/data``."""
    return shared_dir() / "data" / name
