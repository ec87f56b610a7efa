"""The extractive method: rank → select within budget → order, for the cluster and each article."""

from __future__ import annotations

from typing import ClassVar

from summarizer.assemble import build_summary, known_shingles, select_sentences
from summarizer.errors import InvalidOptionError
from summarizer.methods.base import SummarizationMethod
from summarizer.rank import RankingWeights, rank_sentences
from summarizer.tokenize import syllables, word_segment
from summarizer.types import ArticleSummary, Budget, PreparedArticle, Summary

TOKENIZERS = {"syllable": syllables, "word": word_segment}


class ExtractiveMethod(SummarizationMethod):
    """Sentences copied from the articles, chosen by position, cross-outlet support and centrality.

    ``features="syllable"`` (default) ranks on syllables and syllable bigrams;
    ``features="word"`` on pyvi-segmented words (slower, see README for the comparison).
    """

    name: ClassVar[str] = "extractive"

    def __init__(self, features: str = "syllable", weights: RankingWeights | None = None) -> None:
        if features not in TOKENIZERS:
            raise InvalidOptionError(
                f"features must be one of {', '.join(TOKENIZERS)}, got {features!r}."
            )
        self.features = features
        self.weights = weights or RankingWeights()

    def settings(self) -> dict[str, object]:
        return {"features": self.features}

    def summarize_cluster(
        self,
        articles: list[PreparedArticle],
        merged_budget: Budget,
        article_budget: Budget | None,
    ) -> tuple[Summary, list[ArticleSummary]]:
        ranked = rank_sentences(articles, self.weights, TOKENIZERS[self.features])
        known = known_shingles(ranked)
        merged = build_summary(select_sentences(ranked, merged_budget), articles, known)
        per_article: list[ArticleSummary] = []
        for article in articles if article_budget is not None else []:
            own = [r for r in ranked if r.ref.article == article.index]
            summary = build_summary(select_sentences(own, article_budget), articles, known)
            per_article.append(
                ArticleSummary(summary.sentences, article=article.index, title=article.title)
            )
        return merged, per_article
