"""The learned sentence scorer: gradient-boosted trees, evaluated with numpy alone.

The model is trained by ``scripts/train_ranker.py`` (LightGBM, LambdaRank over the
sentences of each VietNews training article, relevance from ROUGE against the article's
abstract) and shipped as ``summarizer/models/ranker.json``: plain arrays per tree. This
module only reads that file and walks the trees, all trees and all sentences at once, so
the core install needs neither LightGBM nor any other learning library.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.errors import ModelFileError
from summarizer.features import FEATURE_NAMES

MODEL_PATH = Path(__file__).with_name("models") / "ranker.json"
REBUILD_COMMAND = "python scripts/train_ranker.py"
FORMAT = "summarizer-ranker/1"


@dataclass(frozen=True)
class TreeEnsemble:
    """Trees as padded node arrays, one row per tree.

    Internal node ``k`` sends a sample to ``left[t, k]`` when ``x[feature[t, k]] <=
    threshold[t, k]`` (LightGBM's rule for features without missing values), else to
    ``right[t, k]``. Leaves point to themselves with threshold +inf, so walking every tree
    ``depth`` steps lands each sample on its leaf, whose ``value`` is summed over trees.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    feature_names: tuple[str, ...]
    sha256: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any], sha256: str = "") -> TreeEnsemble:
        trees = data["trees"]
        width = max(len(tree["value"]) for tree in trees)

        def padded(key: str, fill: float, dtype: type) -> np.ndarray:
            out: np.ndarray = np.full((len(trees), width), fill, dtype=dtype)
            for row, tree in enumerate(trees):
                out[row, : len(tree[key])] = tree[key]
            return out

        return cls(
            feature=padded("feature", 0, np.int64),
            threshold=padded("threshold", np.inf, np.float64),
            left=padded("left", 0, np.int64),
            right=padded("right", 0, np.int64),
            value=padded("value", 0.0, np.float64),
            depth=int(data["depth"]),
            feature_names=tuple(data["features"]),
            sha256=sha256,
        )

    def predict(self, rows: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
        """One score per row (higher = more summary-worthy)."""
        x = np.asarray(rows, dtype=np.float64)
        if x.ndim != 2 or not len(x):
            return np.zeros(len(x))
        trees = np.arange(self.feature.shape[0])[:, None]
        samples = np.arange(x.shape[0])[None, :]
        node = np.zeros((self.feature.shape[0], x.shape[0]), dtype=np.int64)
        for _ in range(self.depth):
            goes_left = x[samples, self.feature[trees, node]] <= self.threshold[trees, node]
            node = np.where(goes_left, self.left[trees, node], self.right[trees, node])
        scores: np.ndarray = self.value[trees, node].sum(axis=0)
        return scores


def _broken(path: Path, why: str) -> ModelFileError:
    return ModelFileError(
        f"The sentence-ranking model {path} {why}; reinstall the package or rebuild it with "
        f"`{REBUILD_COMMAND}` (needs ../shared/data), or use ranker='centroid'."
    )


@lru_cache(maxsize=4)
def load_ranker(path: Path = MODEL_PATH) -> TreeEnsemble:
    """The shipped model, read and checked once per process."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _broken(path, "is missing") from None
    except OSError as exc:
        raise _broken(path, f"cannot be read ({exc.strerror})") from None
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise _broken(path, f"is not a {FORMAT} file")
        if tuple(data["features"]) != FEATURE_NAMES:
            raise _broken(path, "was trained on other features than this version computes")
        model = TreeEnsemble.from_dict(data, hashlib.sha256(raw).hexdigest())
    except ModelFileError:
        raise
    except (ValueError, KeyError, TypeError, IndexError):
        raise _broken(path, "is corrupt") from None
    return model
