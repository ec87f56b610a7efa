"""The extractive method: rank → select within budget → order, for the cluster and each article."""

from __future__ import annotations

from dataclasses import asdict
from typing import ClassVar

from summarizer.assemble import article_score, build_summary, known_shingles, select_sentences
from summarizer.errors import InvalidOptionError
from summarizer.learned import load_ranker
from summarizer.methods.base import SummarizationMethod
from summarizer.rank import RANKERS, RankedSentence, RankingWeights, rank_sentences
from summarizer.timeline import reports_plan, superseded_articles
from summarizer.tokenize import syllables, word_segment
from summarizer.types import ArticleSummary, Budget, PreparedArticle, Summary

TOKENIZERS = {"syllable": syllables, "word": word_segment}
# Within one article, near-duplicates are dropped but similar sentences are not penalised:
# an article rarely repeats itself, and its learned scores already rank its content.
ARTICLE_REDUNDANCY = 0.0
# The best sentence longer than the whole budget: "shorten" it to the budget (default), or
# "skip" it for the best one that fits (the first release's rule, kept for comparison).
LONG_SENTENCE_RULES = ("shorten", "skip")
def without_superseded_plans(
    ranked: list[RankedSentence], articles: list[PreparedArticle]
) -> list[RankedSentence]:
    """Ranked sentences for the merged summary, without plans ("sẽ dự", "dự kiến") told by
    articles that a later day's report supersedes: the later report says what happened, and
    an editor would not print "will attend" beside "left after attending"."""
    superseded = superseded_articles(articles)
    if not superseded:
        return ranked
    return [r for r in ranked if r.ref.article not in superseded or not reports_plan(r.text)]


class ExtractiveMethod(SummarizationMethod):
    """Sentences copied from the articles: the learned ranker orders each article, position
    and cluster centrality (plus the learned score) the merged summary.

    ``features="syllable"`` (default) builds centroid terms from syllables and syllable
    bigrams; ``features="word"`` from pyvi-segmented words (slower, see README).
    ``ranker="centroid"`` uses the unsupervised ranker of earlier versions throughout;
    ``long_sentences="skip"`` passes over a best sentence longer than the budget.
    """

    name: ClassVar[str] = "extractive"

    def __init__(
        self,
        features: str = "syllable",
        weights: RankingWeights | None = None,
        ranker: str = "learned",
        long_sentences: str = "shorten",
    ) -> None:
        if features not in TOKENIZERS:
            raise InvalidOptionError(
                f"features must be one of {', '.join(TOKENIZERS)}, got {features!r}."
            )
        if ranker not in RANKERS:
            raise InvalidOptionError(f"ranker must be one of {', '.join(RANKERS)}, got {ranker!r}.")
        if long_sentences not in LONG_SENTENCE_RULES:
            raise InvalidOptionError(
                f"long_sentences must be one of {', '.join(LONG_SENTENCE_RULES)}, "
                f"got {long_sentences!r}."
            )
        self.long_sentences = long_sentences
        self.features = features
        self.weights = weights or RankingWeights()
        self.ranker = ranker
        if ranker == "learned":
            load_ranker()  # a missing or corrupt model file fails here, not mid-batch

    def settings(self) -> dict[str, object]:
        settings: dict[str, object] = {
            "features": self.features,
            "ranker": self.ranker,
            "long_sentences": self.long_sentences,
            "weights": asdict(self.weights),
        }
        if self.ranker == "learned":
            settings["ranker_sha256"] = load_ranker().sha256
        return settings

    def summarize_cluster(
        self,
        articles: list[PreparedArticle],
        merged_budget: Budget,
        article_budget: Budget | None,
    ) -> tuple[Summary, list[ArticleSummary]]:
        ranked = rank_sentences(articles, self.weights, TOKENIZERS[self.features], self.ranker)
        known = known_shingles(ranked)
        merged_pool = without_superseded_plans(ranked, articles)
        shorten = self.long_sentences == "shorten"
        merged_chosen = select_sentences(merged_pool, merged_budget, shorten_best=shorten)
        merged = build_summary(merged_chosen, articles, known)
        per_article: list[ArticleSummary] = []
        if article_budget is None:  # merged summary only
            return merged, per_article
        for article in articles:
            own = [r for r in ranked if r.ref.article == article.index]
            chosen = select_sentences(
                own, article_budget, ARTICLE_REDUNDANCY, article_score, shorten_best=shorten
            )
            summary = build_summary(chosen, articles, known)
            per_article.append(
                ArticleSummary(summary.sentences, article=article.index, title=article.title)
            )
        return merged, per_article
