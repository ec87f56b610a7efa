"""What the demo's page and its API endpoints do, free of any Gradio import.

Input validation (limits, decoding uploads), calls to the public API
(:class:`summarizer.Summarizer`), lazy ViT5 loading with a remembered failure, and ROUGE
scoring through :mod:`summarizer_eval.rouge`. Every user mistake raises
:class:`DemoInputError` or a :class:`summarizer.SummarizerError` with a one-line message;
the Gradio layer turns those into messages in the page.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer import ClusterSummary, ModelUnavailableError, Summarizer, SummarizerError
from summarizer.errors import InputDecodeError
from summarizer.load import decode_bytes, split_articles

log = logging.getLogger("summarizer_demo")

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
# The separator between pasted articles: a line holding only three or more "=" (as on stdin
# for `summarizer summarize -`).
SEPARATOR_TEXT = "\n\n===\n\n"
METHODS = ("extractive", "vit5", "both")
DEFAULT_VIT5_MODEL = "VietAI/vit5-base-vietnews-summarization"
MIN_WORDS, MAX_WORDS = 10, 1000
# After ViT5 failed to load, retry only after this long: a missing model fails in seconds,
# but every request paying those seconds again would slow extractive users in "both" mode.
VIT5_RETRY_S = 300.0


class DemoInputError(ValueError):
    """Input the demo refuses (over a limit, not UTF-8, ...); the message is for the user."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DemoInputError(f"{name} must be a positive integer, got {raw!r}.") from None
    if value < 1:
        raise DemoInputError(f"{name} must be a positive integer, got {raw!r}.")
    return value


@dataclass(frozen=True)
class Limits:
    """What one request may carry: bounds memory and model time per request."""

    max_articles: int = 20
    max_total_chars: int = 500_000

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults overridden by SUMMARIZER_DEMO_MAX_ARTICLES / SUMMARIZER_DEMO_MAX_CHARS."""
        return cls(
            max_articles=_env_int("SUMMARIZER_DEMO_MAX_ARTICLES", cls.max_articles),
            max_total_chars=_env_int("SUMMARIZER_DEMO_MAX_CHARS", cls.max_total_chars),
        )

    def check(self, documents: Sequence[str]) -> None:
        """Refuse too many articles or too much text, saying by how much."""
        if len(documents) > self.max_articles:
            raise DemoInputError(
                f"Too many articles: {len(documents)} given, the limit is {self.max_articles}. "
                "Remove some articles and try again."
            )
        total = sum(len(d) for d in documents)
        if total > self.max_total_chars:
            raise DemoInputError(
                f"The articles are too long: {total:,} characters in total, the limit is "
                f"{self.max_total_chars:,}. Remove or shorten some articles and try again."
            )


def split_pasted(text: str | None) -> list[str]:
    """Pasted text → articles, split at lines of ``===``; blank pieces are dropped."""
    return split_articles(text) if text else []


def read_upload(path: str | os.PathLike[str]) -> str:
    """An uploaded file as text: UTF-8 (or UTF-16 with a BOM), anything else refused."""
    file = Path(path)
    name = file.name
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise DemoInputError(f"{name}: the upload could not be read ({exc.strerror}).") from None
    try:
        return decode_bytes(data, name)
    except InputDecodeError:
        raise DemoInputError(
            f"{name} is not a UTF-8 text file; only plain-text (.txt) articles in UTF-8 can be "
            "summarized. Save it as UTF-8 text and upload it again."
        ) from None


def collect_articles(
    text: str | None, files: Sequence[str | os.PathLike[str]] | None
) -> tuple[list[str], list[str]]:
    """Pasted articles then uploaded files, with display names for each."""
    documents = split_pasted(text)
    names = [f"Article {i + 1}" for i in range(len(documents))]
    for path in files or []:
        documents.append(read_upload(path))
        names.append(Path(path).name)
    return documents, names


def seed_example() -> str:
    """The seed cluster as pasted text (articles joined by the separator)."""
    files = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not files:
        raise DemoInputError(
            f"The example cluster is not available: no .txt files in {SEEDS_DIR}. "
            "Run the demo from a checkout of the project."
        )
    return SEPARATOR_TEXT.join(p.read_text(encoding="utf-8").strip() for p in files)


def _words(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise DemoInputError(f"{name} must be a whole number of words, got {value!r}.")
    if not MIN_WORDS <= value <= MAX_WORDS:
        raise DemoInputError(
            f"{name} must be between {MIN_WORDS} and {MAX_WORDS} words, got {int(value)}."
        )
    return int(value)


@dataclass
class RunResult:
    """One request's summaries by method, and the methods that could not run (with why)."""

    method: str
    results: dict[str, ClusterSummary] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    wall_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The API's answer: JSON-serialisable."""
        return {
            "method": self.method,
            "results": {name: r.to_dict() for name, r in self.results.items()},
            "unavailable": dict(self.unavailable),
            "wall_ms": round(self.wall_ms, 3),
        }

    def merged_texts(self) -> dict[str, str]:
        return {name: r.merged.text for name, r in self.results.items()}


@dataclass(frozen=True)
class ModelStatus:
    """Whether ViT5 can be used: ``unchecked``, ``loading``, ``ready`` or ``unavailable``."""

    state: str
    model: str
    message: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"state": self.state, "model": self.model, "message": self.message}


class DemoService:
    """Summarizers kept loaded across requests, ViT5 loaded once and on demand.

    ``vit5_model`` (a Hub id or a checkpoint directory) defaults to the
    SUMMARIZER_VIT5_MODEL environment variable, then to the ViT5 vietnews checkpoint.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        vit5_model: str | None = None,
        vit5_options: dict[str, Any] | None = None,
    ) -> None:
        self.limits = limits or Limits.from_env()
        self.vit5_model = (
            vit5_model or os.environ.get("SUMMARIZER_VIT5_MODEL", "").strip() or DEFAULT_VIT5_MODEL
        )
        self.vit5_options = dict(vit5_options or {})
        self._extractive = Summarizer("extractive")
        self._vit5: Summarizer | None = None
        self._vit5_lock = threading.Lock()
        self._vit5_error: str | None = None
        self._vit5_failed_at = 0.0
        self._vit5_settled = threading.Event()  # set whenever no load is in progress
        self._vit5_settled.set()

    # -- ViT5 ------------------------------------------------------------------------------

    def vit5_status(self, wait_s: float = 0.0) -> ModelStatus:
        """Where ViT5 stands; waits up to ``wait_s`` for a load in progress, loads nothing."""
        self._vit5_settled.wait(wait_s)
        if self._vit5 is not None:
            return ModelStatus("ready", self.vit5_model, f"ViT5 is loaded from {self.vit5_model}.")
        if not self._vit5_settled.is_set():
            return ModelStatus("loading", self.vit5_model, f"Loading ViT5 ({self.vit5_model})…")
        if self._vit5_error is not None:
            return ModelStatus("unavailable", self.vit5_model, self._vit5_error)
        return ModelStatus(
            "unchecked", self.vit5_model, f"ViT5 ({self.vit5_model}) loads on first use."
        )

    def vit5(self) -> Summarizer:
        """The loaded ViT5 summarizer; raises ModelUnavailableError (remembered for a while)."""
        with self._vit5_lock:
            if self._vit5 is not None:
                return self._vit5
            if (
                self._vit5_error is not None
                and time.monotonic() - self._vit5_failed_at < VIT5_RETRY_S
            ):
                raise ModelUnavailableError(self._vit5_error)
            self._vit5_settled.clear()
            try:
                candidate = Summarizer("vit5", model=self.vit5_model, **self.vit5_options)
                getattr(candidate.method, "backend", None)  # load the weights now, once
                self._vit5, self._vit5_error = candidate, None
            except (ModelUnavailableError, ImportError) as exc:
                message = str(exc)
                if isinstance(exc, ImportError):
                    message = (
                        f"ViT5 needs torch and transformers ({exc}); install them with "
                        "pip install 'vn-cluster-summarizer[vit5]'."
                    )
                self._vit5_error, self._vit5_failed_at = message, time.monotonic()
                log.warning("ViT5 unavailable: %s", message)
                raise ModelUnavailableError(message) from None
            finally:
                self._vit5_settled.set()
            return candidate

    def preload_vit5(self) -> threading.Thread:
        """Start loading ViT5 in the background so the page can say early if it is missing."""

        def load() -> None:
            try:
                self.vit5()
            except SummarizerError:
                pass  # remembered in vit5_status()
            except Exception:  # a broken install must not kill the server; the log says why
                log.exception("Loading ViT5 failed")
            finally:
                self._vit5_settled.set()

        self._vit5_settled.clear()  # pages loaded from now on wait for the outcome
        thread = threading.Thread(target=load, name="vit5-preload", daemon=True)
        thread.start()
        return thread

    # -- summaries -------------------------------------------------------------------------

    def summarize(
        self,
        documents: Sequence[str],
        names: Sequence[str] | None = None,
        method: str = "extractive",
        max_words: int | float = 150,
        article_max_words: int | float = 60,
    ) -> RunResult:
        """Summaries with one method or both; an unavailable ViT5 is reported, not raised.

        Raises only for bad input, or when no method at all could run.
        """
        if method not in METHODS:
            raise DemoInputError(f"method must be one of {', '.join(METHODS)}, got {method!r}.")
        if isinstance(documents, str):
            raise DemoInputError("articles must be a list of article texts, not one string.")
        documents = list(documents)
        self.limits.check(documents)
        budget = {
            "max_words": _words("max_words", max_words),
            "article_max_words": _words("article_max_words", article_max_words),
            "names": list(names) if names is not None else None,
        }
        started = time.perf_counter()
        run = RunResult(method)
        for name in ("extractive", "vit5") if method == "both" else (method,):
            try:
                summarizer = self._extractive if name == "extractive" else self.vit5()
            except ModelUnavailableError as exc:
                run.unavailable[name] = str(exc)
                continue
            run.results[name] = summarizer.summarize(documents, **budget)
        run.wall_ms = (time.perf_counter() - started) * 1000
        if not run.results:
            raise ModelUnavailableError(
                "ViT5 is not available: " + run.unavailable["vit5"] + " Choose Extractive."
            )
        return run

    def summarize_api(
        self,
        articles: Sequence[str],
        method: str = "extractive",
        max_words: int = 150,
        article_max_words: int = 60,
        names: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """The ``/summarize`` endpoint: article texts in, :meth:`RunResult.to_dict` out."""
        if isinstance(articles, str):
            articles = split_pasted(articles)
        if names is not None and len(names) == 0:
            names = None
        return self.summarize(articles, names, method, max_words, article_max_words).to_dict()


def split_references(text: str | Sequence[str] | None) -> list[str]:
    """One reference, several separated by lines of ``===``, or a list of them."""
    items = split_pasted(text) if isinstance(text, str) or text is None else list(text)
    references = [r.strip() for r in items if isinstance(r, str) and r.strip()]
    if not references:
        raise DemoInputError("Paste a reference summary to score against.")
    return references


def score(
    prediction: str, references: str | Sequence[str], tokenizer: str = "syllable"
) -> dict[str, Any]:
    """ROUGE-1/2/L/Lsum P/R/F1 of a prediction against references, with the signature."""
    from summarizer_eval import rouge

    if not isinstance(prediction, str) or not prediction.strip():
        raise DemoInputError("There is no summary to score: give a non-empty prediction.")
    refs = split_references(references)
    if tokenizer not in rouge.TOKENIZERS:
        raise DemoInputError(
            f"tokenizer must be one of {', '.join(rouge.TOKENIZERS)}, got {tokenizer!r}."
        )
    scores: dict[str, Any] = rouge.score(prediction, refs, tokenizer=tokenizer)
    return {**scores, "signature": rouge.signature(tokenizer, "mean", nrefs=len(refs))}
