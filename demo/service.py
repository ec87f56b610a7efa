"""What the demo's page and its API endpoints do, free of any Gradio import.

Input collection (pasted text, uploads, URLs) and validation (limits, decoding), calls to the
public API (:class:`summarizer.Summarizer`, :mod:`summarizer.load`), lazy ViT5 loading with a
remembered failure, and ROUGE scoring through :mod:`summarizer_eval.rouge`. Every user mistake
raises :class:`DemoInputError` (a message key and its values, worded in either language by
:mod:`summarizer_demo.i18n`) or a :class:`summarizer.SummarizerError`; the Gradio layer turns
those into messages in the page. Operators' details (paths, download commands) go to the log.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from summarizer_demo.i18n import MESSAGES, t

from summarizer import ClusterSummary, ModelUnavailableError, Summarizer, SummarizerError
from summarizer.errors import FetchError, InputDecodeError, MissingExtraError
from summarizer.load import (
    DEFAULT_TIMEOUT_S,
    HTML_SUFFIXES,
    SourceDocument,
    decode_bytes,
    document_from_html,
    is_url,
    load_url,
    looks_like_html,
    split_articles,
)
from summarizer.vit5.options import DEFAULT_MODEL

log = logging.getLogger("summarizer_demo")

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
# The separator between pasted articles: a line holding only three or more "=" (as on stdin
# for `summarizer summarize -`).
SEPARATOR_TEXT = "\n\n===\n\n"
METHODS = ("extractive", "vit5", "both")
DEFAULT_VIT5_MODEL = DEFAULT_MODEL  # summarizer.vit5.ViT5Options' default
MIN_WORDS, MAX_WORDS = 10, 1000
# After ViT5 failed to load, retry only after this long: a missing model fails in seconds,
# but every request paying those seconds again would slow extractive users in "both" mode.
VIT5_RETRY_S = 300.0
# Fetched pages are kept this long, so changing a length and pressing Summarize again does
# not fetch every page again.
PAGE_CACHE_S, PAGE_CACHE_SIZE = 600.0, 64
FETCH_WORKERS = 4


class DemoInputError(SummarizerError, ValueError):
    """Input the demo refuses; ``key`` and ``params`` word it in the page's language.

    ``str()`` is the English wording: what API clients and the log see. A ``key`` that is
    not a message key is taken as a finished sentence (the command line's option errors).
    """

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        if self.key not in MESSAGES["en"]:
            return self.key
        return t(lang, self.key, **self.params)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DemoInputError("bad_env", name=name, value=repr(raw)) from None
    if value < 1:
        raise DemoInputError("bad_env", name=name, value=repr(raw))
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

    def check_count(self, count: int) -> None:
        if count > self.max_articles:
            raise DemoInputError("too_many", count=count, limit=self.max_articles)

    def check(self, documents: Sequence[str]) -> None:
        """Refuse too many articles or too much text, saying by how much."""
        self.check_count(len(documents))
        total = sum(len(d) for d in documents)
        if total > self.max_total_chars:
            raise DemoInputError("too_long", total=total, limit=self.max_total_chars)


def split_pasted(text: str | None) -> list[str]:
    """Pasted text → articles, split at lines of ``===``; blank pieces are dropped."""
    return split_articles(text) if text else []


def web_page(page: str | bytes, name: str) -> SourceDocument:
    """A web page's article (:func:`summarizer.load.document_from_html`), errors worded."""
    try:
        return document_from_html(page, name)
    except MissingExtraError:
        raise DemoInputError("html_missing") from None
    except InputDecodeError:
        raise DemoInputError("no_page_text", name=name) from None


def as_document(text: str, number: int) -> SourceDocument:
    """One pasted or API article: a whole web page goes through the extractor; unnamed."""
    if looks_like_html(text):
        return replace(web_page(text, f"#{number}"), name="")
    return SourceDocument("", text)


def pasted_documents(text: str | None) -> list[SourceDocument]:
    """The articles pasted in the text box, split at lines of ``===``."""
    return [as_document(piece, n) for n, piece in enumerate(split_pasted(text), start=1)]


def read_upload(path: str | os.PathLike[str]) -> SourceDocument:
    """An uploaded file: UTF-8 text (or UTF-16 with a BOM), or a web page; else refused."""
    file = Path(path)
    stat = file.stat() if file.exists() else None
    return _read_upload(str(file), stat.st_size if stat else -1, stat.st_mtime if stat else 0.0)


@functools.lru_cache(maxsize=128)
def _read_upload(path: str, size: int, mtime: float) -> SourceDocument:
    """Cached by path, size and time: the input line re-counts uploads on every keystroke."""
    file = Path(path)
    name = file.name
    try:
        data = file.read_bytes()
    except OSError:
        raise DemoInputError("unreadable", name=name) from None
    if file.suffix.lower() in HTML_SUFFIXES:
        return web_page(data, name)  # the page declares its own charset
    try:
        text = decode_bytes(data, name)
    except InputDecodeError:
        raise DemoInputError("not_utf8", name=name) from None
    return web_page(text, name) if looks_like_html(text) else SourceDocument(name, text)


def url_lines(text: str | None) -> list[str]:
    """The addresses in the URL box, one per line; blank lines skipped, others checked."""
    urls = [line.strip() for line in (text or "").splitlines() if line.strip()]
    for url in urls:
        if not is_url(url):
            raise DemoInputError("bad_url", url=url)
    return urls


def fetch_error(exc: FetchError) -> DemoInputError:
    """A fetch failure worded for the page, naming the address."""
    key = {
        "timeout": "fetch_timeout",
        "http": "fetch_http",
        "connect": "fetch_connect",
        "not-html": "fetch_not_html",
        "too-big": "fetch_too_big",
        "scheme": "bad_url",
    }.get(exc.kind, "fetch_other")
    return DemoInputError(
        key, url=exc.url, seconds=exc.detail, status=exc.detail, detail=exc.detail
    )


def seed_example() -> str:
    """The seed cluster as pasted text (articles joined by the separator)."""
    files = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not files:
        raise DemoInputError("no_articles")
    return SEPARATOR_TEXT.join(p.read_text(encoding="utf-8").strip() for p in files)


def _words(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise DemoInputError("bad_length", name=name, low=MIN_WORDS, high=MAX_WORDS, value=value)
    if not MIN_WORDS <= value <= MAX_WORDS:
        raise DemoInputError(
            "bad_length", name=name, low=MIN_WORDS, high=MAX_WORDS, value=int(value)
        )
    return int(value)


def check_texts(articles: object) -> list[str]:
    """A list of article texts, or an error naming the first item that is not one."""
    if isinstance(articles, str | bytes) or not isinstance(articles, Sequence):
        raise DemoInputError("not_a_list", kind=type(articles).__name__)
    for index, item in enumerate(articles):
        if not isinstance(item, str):
            raise DemoInputError(
                "not_a_string", index=index, number=str(index + 1), kind=type(item).__name__
            )
    return list(articles)


@dataclass
class DemoRun:
    """One request's summaries by method, the methods that could not run, and the inputs."""

    method: str
    results: dict[str, ClusterSummary] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    wall_ms: float = 0.0
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The API's answer: JSON-serialisable; ``inputs`` describe each article (0-based)."""
        return {
            "method": self.method,
            "results": {name: r.to_dict() for name, r in self.results.items()},
            "unavailable": dict(self.unavailable),
            "inputs": [dict(s) for s in self.sources],
            "wall_ms": round(self.wall_ms, 3),
        }

    def merged_texts(self) -> dict[str, str]:
        return {name: r.merged.text for name, r in self.results.items()}


@dataclass(frozen=True)
class ModelStatus:
    """Whether ViT5 can be used: ``unchecked``, ``loading``, ``ready`` or ``unavailable``.

    ``message`` is short and safe to show anyone; the reason stays in the server log.
    """

    state: str
    message: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"state": self.state, "message": self.message}


VIT5_MESSAGES = {
    "ready": "ViT5 is ready.",
    "loading": "ViT5 is loading.",
    "unavailable": "ViT5 is not available on this server; extractive summaries work.",
    "unchecked": "ViT5 loads on first use.",
}


class _PageCache:
    """Recently fetched pages by address, for a few minutes (thread-safe)."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, tuple[float, SourceDocument]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, url: str) -> SourceDocument | None:
        with self._lock:
            hit = self._pages.get(url)
            if hit and time.monotonic() - hit[0] < PAGE_CACHE_S:
                return hit[1]
            return None

    def put(self, url: str, document: SourceDocument) -> None:
        with self._lock:
            self._pages[url] = (time.monotonic(), document)
            self._pages.move_to_end(url)
            while len(self._pages) > PAGE_CACHE_SIZE:
                self._pages.popitem(last=False)


class DemoService:
    """Summarizers kept loaded across requests, ViT5 loaded once and on demand.

    ``vit5_model`` (a Hub id or a checkpoint directory) defaults to the
    SUMMARIZER_VIT5_MODEL environment variable, then to the ViT5 vietnews checkpoint.
    ``fetch_urls`` lets the page fetch articles from addresses (off for servers that must
    not make outgoing requests; default: on unless SUMMARIZER_DEMO_FETCH_URLS=0);
    ``fetch_timeout`` bounds each page, in seconds.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        vit5_model: str | None = None,
        vit5_options: dict[str, Any] | None = None,
        fetch_urls: bool | None = None,
        fetch_timeout: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.limits = limits or Limits.from_env()
        self.vit5_model = (
            vit5_model or os.environ.get("SUMMARIZER_VIT5_MODEL", "").strip() or DEFAULT_VIT5_MODEL
        )
        self.vit5_options = dict(vit5_options or {})
        if fetch_urls is None:
            fetch_urls = os.environ.get("SUMMARIZER_DEMO_FETCH_URLS", "1").strip() != "0"
        self.fetch_urls, self.fetch_timeout = fetch_urls, fetch_timeout
        self._pages = _PageCache()
        self._extractive = Summarizer("extractive")
        self._vit5: Summarizer | None = None
        self._vit5_lock = threading.Lock()
        self._vit5_failed_at: float | None = None
        self._vit5_settled = threading.Event()  # set whenever no load is in progress
        self._vit5_settled.set()

    # -- ViT5 ------------------------------------------------------------------------------

    def vit5_status(self, wait_s: float = 0.0) -> ModelStatus:
        """Where ViT5 stands; waits up to ``wait_s`` for a load in progress, loads nothing."""
        self._vit5_settled.wait(wait_s)
        if self._vit5 is not None:
            state = "ready"
        elif not self._vit5_settled.is_set():
            state = "loading"
        elif self._vit5_failed_at is not None:
            state = "unavailable"
        else:
            state = "unchecked"
        return ModelStatus(state, VIT5_MESSAGES[state])

    def vit5(self) -> Summarizer:
        """The loaded ViT5 summarizer; raises ModelUnavailableError (remembered for a while).

        The reason (a missing directory, a download command) is logged for the operator;
        callers get the short message only.
        """
        with self._vit5_lock:
            if self._vit5 is not None:
                return self._vit5
            failed_at = self._vit5_failed_at
            if failed_at is not None and time.monotonic() - failed_at < VIT5_RETRY_S:
                raise ModelUnavailableError(VIT5_MESSAGES["unavailable"])
            self._vit5_settled.clear()
            try:
                candidate = Summarizer("vit5", model=self.vit5_model, **self.vit5_options)
                getattr(candidate.method, "backend", None)  # load the weights now, once
                self._vit5, self._vit5_failed_at = candidate, None
            except (ModelUnavailableError, ImportError) as exc:
                self._vit5_failed_at = time.monotonic()
                log.warning("ViT5 unavailable (model %s): %s", self.vit5_model, exc)
                raise ModelUnavailableError(VIT5_MESSAGES["unavailable"]) from None
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
                self._vit5_failed_at = time.monotonic()
            finally:
                self._vit5_settled.set()

        self._vit5_settled.clear()  # pages loaded from now on wait for the outcome
        thread = threading.Thread(target=load, name="vit5-preload", daemon=True)
        thread.start()
        return thread

    # -- inputs ----------------------------------------------------------------------------

    def fetch(self, url: str) -> SourceDocument:
        """A web page's article, from the cache when fetched in the last minutes."""
        cached = self._pages.get(url)
        if cached is not None:
            return cached
        try:
            document = load_url(url, self.fetch_timeout)
        except FetchError as exc:
            raise fetch_error(exc) from None
        except MissingExtraError:
            raise DemoInputError("html_missing") from None
        except InputDecodeError:
            raise DemoInputError("no_page_text", name=url) from None
        self._pages.put(url, document)
        return document

    def collect(
        self,
        text: str | None,
        files: Sequence[str | os.PathLike[str]] | None = None,
        urls: str | None = None,
        check_count: bool = True,
    ) -> list[SourceDocument]:
        """Pasted articles, then uploads, then fetched pages (in parallel, each bounded).

        ``check_count=False`` reads past the article limit (to say by how much).
        """
        addresses = url_lines(urls)
        if addresses and not self.fetch_urls:
            raise DemoInputError("urls_disabled")
        documents = pasted_documents(text) + [read_upload(p) for p in files or []]
        if check_count:
            self.limits.check_count(len(documents) + len(addresses))
        if addresses:
            with ThreadPoolExecutor(min(FETCH_WORKERS, len(addresses))) as pool:
                documents += list(pool.map(self.fetch, addresses))
        return documents

    def documents_from_api(self, articles: object) -> list[SourceDocument]:
        """The API's article strings; a whole web page among them goes through the extractor."""
        texts = check_texts(articles)
        self.limits.check_count(len(texts))
        return [as_document(text, n) for n, text in enumerate(texts, start=1)]

    # -- summaries -------------------------------------------------------------------------

    def summarize(
        self,
        documents: Sequence[str | SourceDocument],
        names: Sequence[str] | None = None,
        method: str = "extractive",
        max_words: int | float = 150,
        article_max_words: int | float = 60,
    ) -> DemoRun:
        """Summaries with one method or both; an unavailable ViT5 is reported, not raised.

        Raises only for bad input, or when no method at all could run.
        """
        if method not in METHODS:
            raise DemoInputError("bad_method", choices=", ".join(METHODS), value=repr(method))
        if isinstance(documents, str):
            raise DemoInputError("not_a_list", kind="str")
        sources = [d if isinstance(d, SourceDocument) else SourceDocument("", d) for d in documents]
        texts = check_texts([d.text for d in sources])
        self.limits.check(texts)
        names = list(names) if names is not None else [d.name for d in sources]
        if len(names) == len(sources):  # else the library says the counts differ
            sources = [replace(d, name=str(n)) for d, n in zip(sources, names, strict=True)]
        budget = {
            "max_words": _words("max_words", max_words),
            "article_max_words": _words("article_max_words", article_max_words),
            "names": names,
            "published": [d.published for d in sources],  # a web page's date; else the dateline
        }
        started = time.perf_counter()
        run = DemoRun(method, sources=[d.metadata() for d in sources])
        for name in ("extractive", "vit5") if method == "both" else (method,):
            try:
                summarizer = self._extractive if name == "extractive" else self.vit5()
            except ModelUnavailableError as exc:
                run.unavailable[name] = str(exc)
                continue
            run.results[name] = summarizer.summarize(texts, **budget)
        run.wall_ms = (time.perf_counter() - started) * 1000
        if not run.results:
            raise DemoInputError("vit5_unavailable")
        return run

    def summarize_api(
        self,
        articles: Sequence[str],
        method: str = "extractive",
        max_words: int = 150,
        article_max_words: int = 60,
        names: Sequence[str] | None = None,
    ) -> dict[str, Any]:
        """The ``/summarize`` endpoint: article texts in, :meth:`DemoRun.to_dict` out."""
        if isinstance(articles, str):
            articles = split_pasted(articles)
        if names is not None and len(names) == 0:
            names = None
        documents = self.documents_from_api(articles)
        return self.summarize(documents, names, method, max_words, article_max_words).to_dict()


def split_references(text: str | Sequence[str] | None) -> list[str]:
    """One reference, several separated by lines of ``===``, or a list of them."""
    items = split_pasted(text) if isinstance(text, str) or text is None else list(text)
    references = [r.strip() for r in items if isinstance(r, str) and r.strip()]
    if not references:
        raise DemoInputError("no_reference")
    return references


def score(
    prediction: str, references: str | Sequence[str], tokenizer: str = "syllable"
) -> dict[str, Any]:
    """ROUGE-1/2/L/Lsum P/R/F1 of a prediction against references, with the signature."""
    from summarizer_eval import rouge

    if not isinstance(prediction, str) or not prediction.strip():
        raise DemoInputError("no_prediction")
    refs = split_references(references)
    if tokenizer not in rouge.TOKENIZERS:
        raise DemoInputError(
            "bad_tokenizer", choices=", ".join(rouge.TOKENIZERS), value=repr(tokenizer)
        )
    report = rouge.shared_scorer(tokenizer).report(prediction, refs).to_dict()
    return {**report["scores"], "signature": report["signature"]}
