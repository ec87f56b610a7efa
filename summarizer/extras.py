"""Optional dependencies: which extra installs what, and one-line messages when one is missing.

The core install (``pip install vn-cluster-summarizer``) is numpy, pyvi and rouge-score; every
other dependency comes with an extra. A missing one must read as an instruction
("install the `eval` extra: pip install ...") rather than a ``ModuleNotFoundError`` traceback.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable

from summarizer.errors import MissingExtraError

DISTRIBUTION = "vn-cluster-summarizer"

# Top-level import name -> the extra that installs it.
MODULE_EXTRAS: dict[str, str] = {
    "torch": "vit5",
    "transformers": "vit5",
    "sentencepiece": "vit5",
    "google": "vit5",  # protobuf
    "ctranslate2": "fast",
    "sumy": "eval",
    "matplotlib": "eval",
    "tqdm": "eval",
    "underthesea": "eval",
    "nltk": "eval",
    "trafilatura": "html",
    "gradio": "demo",
    "gradio_client": "demo",
    "docx": "demo",
    "fastapi": "serve",
    "uvicorn": "serve",
    "prometheus_client": "serve",
    "httpx": "serve",
    "ray": "scale",
    "pyarrow": "scale",
}


# Import names that differ from the name people install.
PACKAGE_NAMES = {"docx": "python-docx", "google": "protobuf"}


def install_hint(extra: str) -> str:
    """``install the `X` extra: pip install 'vn-cluster-summarizer[X]'``."""
    return f"install the `{extra}` extra: pip install '{DISTRIBUTION}[{extra}]'"


def installed(module: str) -> bool:
    """Whether ``module`` can be imported, without importing it."""
    if module in sys.modules:
        return sys.modules[module] is not None  # None: import blocked on purpose
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing_modules(modules: Iterable[str]) -> list[str]:
    """The modules of ``modules`` that cannot be imported here (nothing is imported)."""
    return [m for m in modules if not installed(m)]


def missing_extra_error(
    feature: str, modules: Iterable[str], extra: str | None = None
) -> MissingExtraError:
    """The one-line error for ``feature`` needing ``modules`` that are not installed;
    ``extra`` names the one extra that brings them all (else each module's own)."""
    names = sorted(set(modules))
    extras = [extra] if extra else sorted({MODULE_EXTRAS.get(m, "all") for m in names})
    hints = " and ".join(install_hint(e) for e in extras)
    packages = ", ".join(PACKAGE_NAMES.get(m, m) for m in names)
    return MissingExtraError(f"{feature} needs {packages}: {hints}.")


def require(feature: str, modules: Iterable[str], extra: str | None = None) -> None:
    """Raise :class:`MissingExtraError` before any work when ``feature`` cannot run here."""
    missing = missing_modules(modules)
    if missing:
        raise missing_extra_error(feature, missing, extra)


def explain_import_error(exc: ImportError, feature: str) -> MissingExtraError | None:
    """The install message for an ImportError of a known optional module, else None."""
    name = (exc.name or "").split(".")[0]
    if name not in MODULE_EXTRAS:
        return None
    return missing_extra_error(feature, [name])
