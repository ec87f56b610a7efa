"""The ViT5 abstractive method: per-article and merged summaries from a T5-family model.

Default checkpoint ``VietAI/vit5-base-vietnews-summarization`` (any T5-family seq2seq
checkpoint works, by Hub id or local directory); every choice is a field of
:class:`~summarizer.vit5.options.ViT5Options`. The model is loaded when the method is
created, which :class:`summarizer.Summarizer` does on first use, and is shared per process,
so repeated calls never reload it. Generation is batched across the articles of a cluster
and across clusters (:meth:`ViT5Method.summarize_clusters`), in length-sorted batches.
Outputs are cut to the budget at sentence boundaries (unless ``fit_budget`` is off) and tied
to their source sentences by :func:`summarizer.align.align_summary`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from summarizer.align import align_summary
from summarizer.extras import require
from summarizer.methods.base import ClusterJob, SummarizationMethod
from summarizer.split import split_sentences
from summarizer.types import (
    ArticleSummary,
    Budget,
    PreparedArticle,
    SourceRef,
    Summary,
    SummarySentence,
)
from summarizer.vit5.backend import GenerationSettings, Seq2SeqBackend, load_backend
from summarizer.vit5.inputs import (
    Piece,
    chunk_article,
    generation_cap,
    head_words,
    join,
    measure,
    pack_chunks,
    select_input,
    trim_to_budget,
)
from summarizer.vit5.options import ViT5Options

_REDUCE_ROUNDS = 3
PieceSource = Callable[[PreparedArticle], list[Piece]]  # an article's measured sentences
_NO_REF = SourceRef(-1, -1)  # chunk summaries are model text, not input sentences


@dataclass
class _Group:
    """Texts that end as one summary: one input, or chunks whose summaries are reduced."""

    texts: list[str]
    settings: GenerationSettings
    pack_first: bool = False


class ViT5Method(SummarizationMethod):
    """Abstractive summaries from ViT5 (or any T5-family checkpoint).

    Takes the fields of :class:`ViT5Options` as keywords (``preset="paper"`` included).
    ``long_input`` says what happens to an article longer than the window (``truncate``,
    default, as trained; ``chunk``; ``select``); ``merge`` builds the cluster summary from a
    window of salient sentences of every article (``select``, default) or from the joined
    per-article summaries (``fuse``).
    """

    name: ClassVar[str] = "vit5"

    def __init__(self, preset: str | None = None, **options: Any) -> None:
        self.options = ViT5Options.create(preset=preset, **options)
        # A missing library is an install instruction, not an import traceback.
        require("ViT5", ("torch", "transformers", "sentencepiece"), "vit5")
        if self.options.backend == "ctranslate2":
            require("The CTranslate2 backend", ("ctranslate2",), "fast")
        # Creating the method loads the model (the harness relies on that to fail early);
        # Summarizer creates its method on first use, and load_backend shares it per process.
        self.backend: Seq2SeqBackend = load_backend(self.options)
        prefix = self.options.input_prefix
        self.input_prefix = self.backend.info.default_prefix() if prefix is None else prefix
        self.generation = GenerationSettings.from_options(self.options)
        self._window: int | None = None

    def settings(self) -> dict[str, object]:
        loaded = self.backend.describe()
        return {
            **self.options.as_dict(),
            "device": loaded.get("device"),
            "compute_type": loaded.get("compute_type"),
            "input_prefix": self.input_prefix,
            "checkpoint_sha256": self.backend.info.fingerprint(),
        }

    # -- model input -------------------------------------------------------------------

    def format_input(self, text: str) -> str:
        """The task prefix and the text; the tokenizer adds the one ``</s>`` (as trained)."""
        return f"{self.input_prefix}{text}"

    def window(self) -> int:
        """Tokens left for text once the prefix and the end-of-sequence token are counted."""
        if self._window is None:
            max_tokens = self.options.max_input_tokens
            overhead = len(self.backend.encode([self.format_input("")], max_tokens)[0])
            self._window = max(max_tokens - overhead, 1)
        return self._window

    def settings_for(self, budget: Budget) -> GenerationSettings:
        """The decoding settings, with the new-token cap lowered to what the budget can use."""
        if not self.options.fit_budget:
            return self.generation
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
            [self.format_input(t) for t in texts],
            settings,
            self.options.max_input_tokens,
            self.options.batch_size,
        )

    def generate_requests(self, requests: list[tuple[str, GenerationSettings]]) -> list[str]:
        """Outputs for (text, settings) pairs: one batched pass per settings, duplicates once."""
        by_settings: dict[GenerationSettings, list[str]] = {}
        for text, settings in dict.fromkeys(requests):
            by_settings.setdefault(settings, []).append(text)
        done: dict[tuple[str, GenerationSettings], str] = {}
        for settings, texts in by_settings.items():
            for text, output in zip(texts, self.generate(texts, settings), strict=True):
                done[text, settings] = output
        return [done[request] for request in requests]

    def pack(self, summaries: list[str]) -> list[str]:
        """Consecutive summaries joined into as few window-sized inputs as they fit."""
        counts = self.backend.count_tokens(summaries)
        parts = [Piece(_NO_REF, s, n) for s, n in zip(summaries, counts, strict=True)]
        return [join(chunk) for chunk in pack_chunks(parts, self.window())]

    def run_groups(self, groups: list[_Group]) -> list[str]:
        """One summary per group, every round batched across all groups.

        Round one summarizes each text (or, with ``pack_first``, the group's texts packed
        into window-sized inputs); later rounds pack the summaries of groups that still have
        several and summarize those, until each group has one (at most a few rounds).
        """
        current = [list(g.texts) for g in groups]
        for round_no in range(_REDUCE_ROUNDS + 1):
            inputs: list[list[str]] = []
            for group, texts in zip(groups, current, strict=True):
                if round_no == 0 and not group.pack_first:
                    inputs.append(texts)
                elif len(texts) > 1 or (round_no == 0 and texts):
                    inputs.append(self.pack(texts))
                else:
                    inputs.append([])
            requests = [
                (text, group.settings)
                for group, texts in zip(groups, inputs, strict=True)
                for text in texts
            ]
            if not requests:
                break
            outputs = iter(self.generate_requests(requests))
            current = [
                [next(outputs) for _ in new] if new else old
                for new, old in zip(inputs, current, strict=True)
            ]
        return [" ".join(texts) for texts in current]

    # -- summaries ---------------------------------------------------------------------

    def article_texts(self, article: PreparedArticle, pieces: PieceSource) -> list[str]:
        """Model inputs for one article: the article (truncated, selected) or its chunks."""
        if not article.sentences:
            return []
        window = self.window()
        if self.options.long_input == "truncate":
            # The tokenizer cuts at the window, as in fine-tuning; head_words only spares it
            # tokenizing the part it would drop.
            return [head_words(" ".join(article.sentences), window)]
        own, count = pieces(article), self.backend.count_tokens
        if self.options.long_input == "chunk":
            chunks = chunk_article(article, own, window, self.options.max_chunks, count)
            return [join(c) for c in chunks]
        return [join(select_input([article], {article.index: own}, window, count))]

    def summarize_cluster(
        self,
        articles: list[PreparedArticle],
        merged_budget: Budget,
        article_budget: Budget | None,
    ) -> tuple[Summary, list[ArticleSummary]]:
        return self.summarize_clusters([ClusterJob(articles, merged_budget, article_budget)])[0]

    def summarize_clusters(
        self, jobs: list[ClusterJob]
    ) -> list[tuple[Summary, list[ArticleSummary]]]:
        """Several clusters at once: every generation round is batched across all of them."""
        count, window = self.backend.count_tokens, self.window()
        article_groups: list[list[_Group]] = []
        merged_groups: list[_Group | None] = []
        for job in jobs:
            measured: dict[int, list[Piece]] = {}

            def pieces(
                article: PreparedArticle, measured: dict[int, list[Piece]] = measured
            ) -> list[Piece]:
                if article.index not in measured:
                    measured[article.index] = measure(article, count, window)
                return measured[article.index]

            article_settings = self.settings_for(job.article_budget or job.merged_budget)
            merged_settings = self.settings_for(job.merged_budget)
            wanted = job.article_budget is not None or self.options.merge == "fuse"
            article_groups.append(
                [_Group(self.article_texts(a, pieces), article_settings) for a in job.articles]
                if wanted
                else []
            )
            if len(job.articles) == 1:
                # One article: its summary is the merged one (generated once when the budgets
                # agree, as the API makes them).
                texts = self.article_texts(job.articles[0], pieces)
                merged_groups.append(_Group(texts, merged_settings))
            elif self.options.merge == "fuse":
                merged_groups.append(None)  # built from the article summaries below
            else:
                every = {a.index: pieces(a) for a in job.articles}
                selected = join(select_input(job.articles, every, window, count))
                merged_groups.append(_Group([selected] if selected else [], merged_settings))

        # Round one: every article of every cluster and every selected merged input.
        flat = [g for groups in article_groups for g in groups]
        ready = [g for g in merged_groups if g is not None]
        outputs = iter(self.run_groups(flat + ready))
        article_outputs = [[next(outputs) for _ in groups] for groups in article_groups]
        merged_outputs: list[str | None] = [
            next(outputs) if g is not None else None for g in merged_groups
        ]

        # Fused merges read the article summaries of their cluster.
        fuse = [i for i, g in enumerate(merged_groups) if g is None]
        fused = self.run_groups(
            [
                _Group(
                    [t for t in article_outputs[i] if t],
                    self.settings_for(jobs[i].merged_budget),
                    pack_first=True,
                )
                for i in fuse
            ]
        )
        for i, text in zip(fuse, fused, strict=True):
            merged_outputs[i] = text

        return [
            self._result(job, merged or "", outputs_)
            for job, merged, outputs_ in zip(jobs, merged_outputs, article_outputs, strict=True)
        ]

    def _result(
        self, job: ClusterJob, merged_text: str, article_outputs: list[str]
    ) -> tuple[Summary, list[ArticleSummary]]:
        merged = Summary(self.to_sentences(merged_text, job.merged_budget, job.articles))
        if job.article_budget is None:
            return merged, []
        per_article = [
            ArticleSummary(
                self.to_sentences(output, job.article_budget, [article]),
                article=article.index,
                title=article.title,
            )
            for article, output in zip(job.articles, article_outputs, strict=True)
        ]
        return merged, per_article

    def to_sentences(
        self, text: str, budget: Budget, articles: list[PreparedArticle]
    ) -> list[SummarySentence]:
        """Generated text → sentences (within the budget), each tied to its source sentence."""
        if not text.strip():
            return []
        sentences = split_sentences(text)
        if self.options.fit_budget:
            sentences = trim_to_budget(sentences, budget)
        return align_summary(sentences, articles)
