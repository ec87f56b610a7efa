"""The ViT5 abstractive method: per-article and merged summaries from a T5-family model.

Default checkpoint ``VietAI/vit5-base-vietnews-summarization`` (any T5-family seq2seq
checkpoint works, by Hub id or local directory). The model is loaded when the method is
created, which :class:`summarizer.Summarizer` does on first use, and is shared per process
(per model/backend/device/threads), so repeated calls never reload it.
Inputs never exceed the model window (:mod:`summarizer.vit5_input`); outputs are cut to
the budget at sentence boundaries and tied to their source sentences by
:func:`summarizer.align.align_summary`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from summarizer.align import align_summary
from summarizer.errors import InvalidOptionError
from summarizer.methods.base import SummarizationMethod
from summarizer.split import split_sentences
from summarizer.types import (
    ArticleSummary,
    Budget,
    PreparedArticle,
    SourceRef,
    Summary,
    SummarySentence,
)
from summarizer.vit5_input import (
    Piece,
    chunk_article,
    generation_cap,
    join,
    measure,
    pack_chunks,
    select_input,
    trim_to_budget,
)
from summarizer.vit5_model import (
    DEFAULT_MODEL,
    GenerationSettings,
    Seq2SeqBackend,
    resolve_source,
)

BACKENDS = ("transformers", "ctranslate2")
LONG_INPUT = ("select", "chunk")
MERGE = ("select", "fuse")
LARGE_PREFIX = "vietnews: "
_REDUCE_ROUNDS = 3
_NO_REF = SourceRef(-1, -1)  # chunk summaries are model text, not input sentences

# Loaded backends, shared by every ViT5Method of this process with the same key.
_LOADED: dict[tuple[Any, ...], Seq2SeqBackend] = {}


def default_prefix(model: str) -> str:
    """The model cards: the large vietnews checkpoint wants ``vietnews: ``, the base none."""
    return LARGE_PREFIX if "vit5-large-vietnews" in model.lower() else ""


def load_backend(
    model: str,
    backend: str = "transformers",
    device: str = "auto",
    threads: int | None = None,
    compute_type: str | None = None,
) -> Seq2SeqBackend:
    """A loaded backend, reused across calls with the same settings."""
    source = resolve_source(model)
    key = (source.ref, backend, device, threads, compute_type)
    if key not in _LOADED:
        if backend == "ctranslate2":
            from summarizer.ct2_backend import CTranslate2Backend

            _LOADED[key] = CTranslate2Backend(source, device, compute_type, threads)
        else:
            from summarizer.vit5_model import TransformersBackend

            _LOADED[key] = TransformersBackend(source, device, threads)
    return _LOADED[key]


def _positive(name: str, value: Any, minimum: int = 1, optional: bool = False) -> None:
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidOptionError(f"{name} must be an integer >= {minimum}, got {value!r}.")


def _choice(name: str, value: Any, choices: Sequence[str]) -> None:
    if value not in choices:
        raise InvalidOptionError(f"{name} must be one of {', '.join(choices)}, got {value!r}.")


class ViT5Method(SummarizationMethod):
    """Abstractive summaries from ViT5 (or any T5-family checkpoint).

    ``long_input`` says what happens to an article longer than the window: ``chunk``
    (default) summarizes window-sized chunks and then their joined summaries, so the model
    reads every sentence; ``select`` keeps the ranker's best sentences (one generation).
    ``merge`` builds the cluster summary from a window of salient sentences of every article
    (``select``, default) or from the joined per-article summaries (``fuse``).
    """

    name: ClassVar[str] = "vit5"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        backend: str = "transformers",
        device: str = "auto",
        num_beams: int = 4,
        no_repeat_ngram_size: int = 3,
        length_penalty: float = 1.0,
        min_new_tokens: int | None = None,
        max_new_tokens: int = 256,
        batch_size: int = 8,
        threads: int | None = None,
        input_prefix: str | None = None,
        max_input_tokens: int = 1024,
        long_input: str = "chunk",
        merge: str = "select",
        max_chunks: int = 8,
        compute_type: str | None = None,
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise InvalidOptionError(f"model must be a Hub id or a directory, got {model!r}.")
        _choice("backend", backend, BACKENDS)
        _choice("long_input", long_input, LONG_INPUT)
        _choice("merge", merge, MERGE)
        _positive("num_beams", num_beams)
        _positive("no_repeat_ngram_size", no_repeat_ngram_size, minimum=0)
        _positive("min_new_tokens", min_new_tokens, minimum=0, optional=True)
        _positive("max_new_tokens", max_new_tokens)
        _positive("batch_size", batch_size)
        _positive("threads", threads, optional=True)
        _positive("max_input_tokens", max_input_tokens, minimum=32)
        _positive("max_chunks", max_chunks)
        if isinstance(length_penalty, bool) or not isinstance(length_penalty, int | float):
            raise InvalidOptionError(f"length_penalty must be a number, got {length_penalty!r}.")
        if min_new_tokens is not None and min_new_tokens > max_new_tokens:
            raise InvalidOptionError(
                f"min_new_tokens ({min_new_tokens}) is larger than "
                f"max_new_tokens ({max_new_tokens})."
            )
        if input_prefix is not None and not isinstance(input_prefix, str):
            raise InvalidOptionError(f"input_prefix must be a string, got {input_prefix!r}.")
        if not isinstance(device, str):
            raise InvalidOptionError(f"device must be a string, got {device!r}.")
        self.model = model
        self.backend_name = backend
        self.device = device
        self.generation = GenerationSettings(
            num_beams=num_beams,
            no_repeat_ngram_size=no_repeat_ngram_size,
            length_penalty=float(length_penalty),
            min_new_tokens=min_new_tokens,
            max_new_tokens=max_new_tokens,
        )
        self.batch_size = batch_size
        self.threads = threads
        self.input_prefix = default_prefix(model) if input_prefix is None else input_prefix
        self.max_input_tokens = max_input_tokens
        self.long_input = long_input
        self.merge = merge
        self.max_chunks = max_chunks
        self.compute_type = compute_type
        # Creating the method loads the model (the harness relies on that to fail early);
        # Summarizer creates its method on first use, and load_backend shares it per process.
        self.backend: Seq2SeqBackend = load_backend(model, backend, device, threads, compute_type)

    def settings(self) -> dict[str, object]:
        loaded = self.backend.describe()
        return {
            "model": self.model,
            "backend": self.backend_name,
            "device": loaded.get("device", self.device),
            **self.generation.as_dict(),
            "batch_size": self.batch_size,
            "input_prefix": self.input_prefix,
            "max_input_tokens": self.max_input_tokens,
            "long_input": self.long_input,
            "merge": self.merge,
        }

    # -- model input -------------------------------------------------------------------

    def format_input(self, text: str) -> str:
        """As on the model cards: optional task prefix, the text, then ``</s>``."""
        return f"{self.input_prefix}{text} </s>"

    def window(self) -> int:
        """Tokens left for text once the prefix and the end-of-sequence tokens are counted."""
        overhead = len(self.backend.encode([self.format_input("")], self.max_input_tokens)[0])
        return max(self.max_input_tokens - overhead, 1)

    def settings_for(self, budget: Budget) -> GenerationSettings:
        cap = generation_cap(budget, self.generation.max_new_tokens)
        minimum = self.generation.min_new_tokens
        return GenerationSettings(
            num_beams=self.generation.num_beams,
            no_repeat_ngram_size=self.generation.no_repeat_ngram_size,
            length_penalty=self.generation.length_penalty,
            min_new_tokens=None if minimum is None else min(minimum, cap),
            max_new_tokens=cap,
        )

    def generate(self, texts: list[str], settings: GenerationSettings) -> list[str]:
        if not texts:
            return []
        return self.backend.generate(
            [self.format_input(t) for t in texts], settings, self.max_input_tokens, self.batch_size
        )

    def pack(self, summaries: list[str], window: int) -> list[str]:
        """Consecutive summaries joined into as few window-sized inputs as they fit."""
        counts = self.backend.count_tokens(summaries)
        parts = [Piece(_NO_REF, s, n) for s, n in zip(summaries, counts, strict=True)]
        return [join(chunk) for chunk in pack_chunks(parts, window)]

    def summarize_groups(
        self, groups: list[list[str]], settings: GenerationSettings, pack_first: bool = False
    ) -> list[str]:
        """One summary per group of texts, every round batched across all groups.

        Round one summarizes each text (or, with ``pack_first``, the group's texts packed
        into window-sized inputs); later rounds pack the summaries of groups that still have
        several and summarize those, until each group has one (at most a few rounds).
        """
        window = self.window()
        current = [list(g) for g in groups]
        for round_no in range(_REDUCE_ROUNDS + 1):
            inputs = []
            for texts in current:
                if round_no == 0 and not pack_first:
                    inputs.append(texts)
                elif len(texts) > 1 or (round_no == 0 and texts):
                    inputs.append(self.pack(texts, window))
                else:
                    inputs.append([])
            flat = [text for texts in inputs for text in texts]
            if not flat:
                break
            outputs = iter(self.generate(flat, settings))
            current = [
                [next(outputs) for _ in new] if new else old
                for new, old in zip(inputs, current, strict=True)
            ]
        return [" ".join(texts) for texts in current]

    # -- summaries ---------------------------------------------------------------------

    def article_texts(
        self, articles: list[PreparedArticle], pieces: dict[int, list[Piece]], window: int
    ) -> list[list[str]]:
        """Model inputs per article: one (fits, or selected) or several chunks."""
        count = self.backend.count_tokens
        plans = []
        for article in articles:
            own = pieces[article.index]
            if not own:
                plans.append([])
            elif self.long_input == "chunk":
                chunks = chunk_article(article, own, window, self.max_chunks, count)
                plans.append([join(c) for c in chunks])
            else:
                plans.append([join(select_input([article], {article.index: own}, window, count))])
        return plans

    def summarize_cluster(
        self,
        articles: list[PreparedArticle],
        merged_budget: Budget,
        article_budget: Budget | None,
    ) -> tuple[Summary, list[ArticleSummary]]:
        window = self.window()
        count = self.backend.count_tokens
        pieces = {a.index: measure(a, count, window) for a in articles}
        # Article summaries are generated when asked for, or when the merge fuses them.
        plans: list[list[str]] = []
        article_outputs: list[str] = []
        article_settings = self.settings_for(article_budget or merged_budget)
        if article_budget is not None or self.merge == "fuse":
            plans = self.article_texts(articles, pieces, window)
            article_outputs = self.summarize_groups(plans, article_settings)

        merged_settings = self.settings_for(merged_budget)
        if self.merge == "fuse":
            fused = [text for text in article_outputs if text]
            merged_output = self.summarize_groups([fused], merged_settings, pack_first=True)[0]
        else:
            merged_input = join(select_input(articles, pieces, window, count))
            reusable = {
                plan[0]: out
                for plan, out in zip(plans, article_outputs, strict=True)
                if len(plan) == 1 and merged_settings == article_settings
            }
            if merged_input in reusable:
                merged_output = reusable[merged_input]
            else:
                merged_output = (
                    self.generate([merged_input], merged_settings)[0] if merged_input else ""
                )

        merged = Summary(self.to_sentences(merged_output, merged_budget, articles))
        if article_budget is None:
            return merged, []
        per_article = [
            ArticleSummary(
                self.to_sentences(output, article_budget, [article]),
                article=article.index,
                title=article.title,
            )
            for article, output in zip(articles, article_outputs, strict=True)
        ]
        return merged, per_article

    @staticmethod
    def to_sentences(
        text: str, budget: Budget, articles: list[PreparedArticle]
    ) -> list[SummarySentence]:
        """Generated text → sentences within the budget, each tied to its source sentence."""
        if not text.strip():
            return []
        return align_summary(trim_to_budget(split_sentences(text), budget), articles)
