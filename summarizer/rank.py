"""Stage 4 (extractive): score every sentence, within its article and within the cluster.

Two scores per sentence, because the two summaries ask different questions:

* ``article_score`` – how summary-worthy the sentence is *within its article*: the learned
  ranker (:mod:`summarizer.learned`, trees trained on VietNews articles and their
  abstracts) reading :mod:`summarizer.features`. It orders the per-article summary.
* ``score`` – how central the sentence is *to the event*, for the merged summary: position
  (news is written lead first) plus cosine with the cluster centroid (terms weighted by
  how many outlets use them), plus a small share of the learned article score.

``ranker="centroid"`` is the unsupervised ranker of earlier versions (position + centroid
for both summaries), kept for comparison. Everything is linear in the cluster size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summarizer.errors import InvalidOptionError
from summarizer.features import (
    Tokenizer,
    analyse_cluster,
    centroid_similarity,
    sentence_features,
)
from summarizer.learned import load_ranker
from summarizer.tokenize import syllables
from summarizer.types import PreparedArticle, SourceRef

RANKERS = ("learned", "centroid")


@dataclass(frozen=True)
class RankingWeights:
    """Weights of the merged score; tuned on vnmds-dev and abmusu-train (README "Quality")."""

    position: float = 1.0
    centroid: float = 1.0
    position_decay: float = 0.5  # position score = 1 / (1 + index) ** decay
    min_syllables: int = 8  # shorter sentences are rarely self-contained facts
    short_penalty: float = 0.5
    # Weight of the article score (standardised over the cluster) for articles with a
    # headline; without one the learned score is little more than position (README).
    learned: float = 0.2


@dataclass(frozen=True)
class RankedSentence:
    ref: SourceRef
    text: str
    score: float  # salience in the cluster (merged summary)
    syllables: int  # length in the budget unit
    shingles: frozenset[str] = frozenset()  # syllable bigrams, for redundancy checks
    article_score: float = 0.0  # salience within its own article (article summary)


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def rank_sentences(
    articles: list[PreparedArticle],
    weights: RankingWeights | None = None,
    tokenizer: Tokenizer = syllables,
    ranker: str = "learned",
) -> list[RankedSentence]:
    """Every sentence of every article with both scores, best merged score first."""
    if ranker not in RANKERS:
        raise InvalidOptionError(f"ranker must be one of {', '.join(RANKERS)}, got {ranker!r}.")
    weights = weights or RankingWeights()
    analysis = analyse_cluster(articles, tokenizer)
    if not analysis.sentences:
        return []
    centrality = np.asarray(centroid_similarity(analysis))
    index = np.asarray([s.ref.index for s in analysis.sentences], dtype=np.float64)
    lengths = np.asarray([s.syllables for s in analysis.sentences])
    score = weights.position / (1.0 + index) ** weights.position_decay
    score = score + weights.centroid * centrality
    score = np.where(lengths < weights.min_syllables, score * weights.short_penalty, score)
    if ranker == "learned":
        article_score = load_ranker().predict(sentence_features(analysis))
        titled = {a.index for a in articles if a.title}
        has_title = np.asarray([s.ref.article in titled for s in analysis.sentences])
        score = score + np.where(has_title, weights.learned, 0.0) * _standardised(article_score)
    else:
        article_score = score
    ranked = [
        RankedSentence(s.ref, s.text, float(m), s.syllables, s.shingles, float(a))
        for s, m, a in zip(analysis.sentences, score, article_score, strict=True)
    ]
    ranked.sort(key=lambda r: (-r.score, r.ref.article, r.ref.index))
    return ranked
