"""The one interface every summarization method implements (one class per method)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from summarizer.types import ArticleSummary, Budget, PreparedArticle, Summary


@dataclass(frozen=True)
class ClusterJob:
    """One cluster to summarize, with its budgets (``article_budget`` None: merged only)."""

    articles: list[PreparedArticle]
    merged_budget: Budget
    article_budget: Budget | None


class SummarizationMethod(ABC):
    """Turns prepared articles into a merged summary and one summary per article.

    Instances may hold expensive resources (a loaded model); :class:`summarizer.Summarizer`
    keeps them alive across calls.
    """

    name: ClassVar[str]

    @abstractmethod
    def summarize_cluster(
        self,
        articles: list[PreparedArticle],
        merged_budget: Budget,
        article_budget: Budget | None,
    ) -> tuple[Summary, list[ArticleSummary]]:
        """Return the merged summary and the per-article summaries, in input order.

        ``article_budget`` None means only the merged summary is wanted (an empty list is
        returned for the articles), which saves a model one generation per article.
        """

    def summarize_clusters(
        self, jobs: list[ClusterJob]
    ) -> list[tuple[Summary, list[ArticleSummary]]]:
        """Several clusters at once; a model-backed method batches its work across them."""
        return [
            self.summarize_cluster(job.articles, job.merged_budget, job.article_budget)
            for job in jobs
        ]

    def settings(self) -> dict[str, object]:
        """Settings that change the output, recorded in ``ClusterSummary.settings``."""
        return {}
