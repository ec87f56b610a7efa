"""The public entry points: :func:`summarize` and the reusable :class:`Summarizer`."""

from __future__ import annotations

import time
import warnings
from collections.abc import Sequence
from typing import Any

from summarizer.errors import InvalidOptionError
from summarizer.methods import SummarizationMethod, create_method
from summarizer.methods.base import ClusterJob
from summarizer.prepare import prepare_cluster
from summarizer.types import Budget, ClusterSummary

DEFAULT_MERGED_WORDS = 150
DEFAULT_ARTICLE_WORDS = 60


def _check_budget(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidOptionError(f"{name} must be a positive integer, got {value!r}.")
    return value


def make_budget(
    max_words: int | None, max_sentences: int | None, default_words: int, prefix: str = ""
) -> Budget:
    """A budget from user options; neither given means ``default_words`` syllables.
    ``prefix`` ("article_") names the options in error messages."""
    max_words = _check_budget(f"{prefix}max_words", max_words)
    max_sentences = _check_budget(f"{prefix}max_sentences", max_sentences)
    if max_words is None and max_sentences is None:
        max_words = default_words
    return Budget(max_words=max_words, max_sentences=max_sentences)


class Summarizer:
    """Summarizes clusters repeatedly with one method, keeping its resources loaded.

    >>> s = Summarizer("extractive")
    >>> result = s.summarize(
    ...     ["Hà Nội mưa lớn chiều nay. Nhiều tuyến phố ngập sâu.",
    ...      "Chiều nay Hà Nội có mưa lớn. Giao thông ùn tắc."],
    ...     max_words=20,
    ... )
    >>> result.merged.text
    'Hà Nội mưa lớn chiều nay. Nhiều tuyến phố ngập sâu. Giao thông ùn tắc.'
    >>> [s.sources[0].article for s in result.merged.sentences]
    [0, 0, 1]
    """

    def __init__(self, method: str = "extractive", **method_options: Any) -> None:
        self.method_name = method
        self.method_options = dict(method_options)
        self._method: SummarizationMethod | None = None

    @property
    def method(self) -> SummarizationMethod:
        """The method instance, created (and its model loaded) on first use."""
        if self._method is None:
            self._method = create_method(self.method_name, **self.method_options)
        return self._method

    def summarize(
        self,
        documents: Sequence[str],
        max_words: int | None = None,
        max_sentences: int | None = None,
        article_max_words: int | None = None,
        article_max_sentences: int | None = None,
        names: Sequence[str] | None = None,
        per_article: bool = True,
        published: Sequence[object] | None = None,
    ) -> ClusterSummary:
        """Summarize one cluster: a merged summary plus one summary per article.

        ``max_words`` and ``article_max_words`` count syllables as ROUGE does
        (:func:`summarizer.tokenize.count_syllables`); budgets default to 150 merged and 60
        per article. ``per_article=False`` skips the article summaries (``.per_article`` is
        then empty): for ViT5 that is one generation per cluster instead of one per article
        plus one. ``published`` gives each document's publication time (ISO text, ``date``,
        ``datetime`` or None = read the article's dateline); when a cluster spans several
        days the merged summary reports the latest state of the story.
        """
        return self.summarize_many(
            [documents],
            max_words=max_words,
            max_sentences=max_sentences,
            article_max_words=article_max_words,
            article_max_sentences=article_max_sentences,
            names=None if names is None else [names],
            per_article=per_article,
            published=None if published is None else [published],
        )[0]

    def summarize_many(
        self,
        clusters: Sequence[Sequence[str]],
        max_words: int | Sequence[int | None] | None = None,
        max_sentences: int | None = None,
        article_max_words: int | Sequence[int | None] | None = None,
        article_max_sentences: int | None = None,
        names: Sequence[Sequence[str] | None] | None = None,
        per_article: bool = True,
        published: Sequence[Sequence[object] | None] | None = None,
    ) -> list[ClusterSummary]:
        """Summarize many clusters in one call, in order; options as for :meth:`summarize`.

        A model-backed method batches its work across all clusters (ViT5: length-sorted
        generation batches over every article of every cluster), which is what makes
        benchmark-scale runs fast. ``max_words`` and ``article_max_words`` may give one value
        per cluster. ``timings_ms["summarize"]`` is the shared time divided evenly.
        """
        count = len(clusters)
        merged_words = _per_cluster("max_words", max_words, count)
        article_words = _per_cluster("article_max_words", article_max_words, count)
        cluster_names = _per_cluster("names", names, count)
        cluster_times = _per_cluster("published", published, count)
        jobs, prepared_all, prepare_ms, article_budgets = [], [], [], []
        for i, documents in enumerate(clusters):
            started = time.perf_counter()
            merged_budget = make_budget(merged_words[i], max_sentences, DEFAULT_MERGED_WORDS)
            article_budget = make_budget(
                article_words[i], article_max_sentences, DEFAULT_ARTICLE_WORDS, "article_"
            )
            prepared = prepare_cluster(
                documents, names=cluster_names[i], published=cluster_times[i]
            )
            if len(prepared.articles) == 1:
                article_budget = merged_budget  # one article: its summary *is* the merged one
            jobs.append(ClusterJob(prepared.articles, merged_budget, article_budget))
            article_budgets.append(article_budget)
            prepared_all.append(prepared)
            prepare_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        outputs = self.method.summarize_clusters(
            [
                ClusterJob(j.articles, j.merged_budget, j.article_budget if per_article else None)
                for j in jobs
            ]
        )
        summarize_ms = (time.perf_counter() - started) * 1000 / max(count, 1)
        results = []
        for job, article_budget, prepared, ms, (merged, article_summaries) in zip(
            jobs, article_budgets, prepared_all, prepare_ms, outputs, strict=True
        ):
            for message in prepared.warnings:
                warnings.warn(message, stacklevel=2)
            results.append(
                ClusterSummary(
                    method=self.method_name,
                    merged=merged,
                    per_article=article_summaries,
                    articles=prepared.articles,
                    settings={
                        "method": self.method_name,
                        "max_words": job.merged_budget.max_words,
                        "max_sentences": job.merged_budget.max_sentences,
                        "article_max_words": article_budget.max_words,
                        "article_max_sentences": article_budget.max_sentences,
                        "per_article": per_article,
                        **self.method.settings(),
                    },
                    warnings=list(prepared.warnings),
                    timings_ms={
                        "prepare": ms,
                        "summarize": summarize_ms,
                        "total": ms + summarize_ms,
                    },
                )
            )
        return results


def _per_cluster(name: str, value: Any, count: int) -> list[Any]:
    """One value per cluster: a scalar (or None) repeated, or a sequence of ``count`` values."""
    if name in ("names", "published"):
        values = [None] * count if value is None else list(value)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        values = list(value)
    else:
        return [value] * count
    if len(values) != count:
        raise InvalidOptionError(f"{name} gives {len(values)} values for {count} clusters.")
    return values


_SHARED: dict[tuple[str, tuple[tuple[str, Any], ...]], Summarizer] = {}

_BUDGET_OPTIONS = (
    "max_sentences",
    "article_max_words",
    "article_max_sentences",
    "names",
    "per_article",
    "published",
)


def summarize(
    documents: Sequence[str],
    method: str = "extractive",
    max_words: int | None = None,
    **options: Any,
) -> ClusterSummary:
    """Summarize a cluster of Vietnamese news articles about one event.

    Per-call options (``max_sentences``, ``article_max_words``, ``article_max_sentences``,
    ``names``, ``per_article``, ``published``) apply to this call; any other option
    configures the method (for ViT5: ``model``, ``num_beams``, ...). Methods are cached
    per configuration, so repeated calls do not reload models.
    """
    call_options = {k: options.pop(k) for k in _BUDGET_OPTIONS if k in options}
    try:
        key = (method, tuple(sorted(options.items())))
        hash(key)
    except TypeError:
        raise InvalidOptionError("Method options must be hashable values.") from None
    summarizer = _SHARED.get(key)
    if summarizer is None:
        summarizer = _SHARED[key] = Summarizer(method, **options)
    return summarizer.summarize(documents, max_words=max_words, **call_options)
