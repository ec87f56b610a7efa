"""Stage 4 (extractive): score every sentence of a cluster by how central it is to the event.

Two signals, combined linearly (weights tuned on vnmds-dev, see README "Extractive method"):

* **position** – news is written lead-first; early sentences carry the event.
* **centroid** – cosine similarity to the cluster's term centroid: content syllables and
  syllable bigrams, each weighted by the share of articles that use it, so facts repeated
  by several outlets count more than one outlet's colour.

A separate cross-outlet "support" score (share of a sentence's word pairs printed by other
outlets) was measured and lowered ROUGE on vnmds-dev once centroid weighting by spread was
in; it is not used. Both signals are computed in one pass, linear in the cluster size, so a
5 MB article stays fast.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.normalize import nfc
from summarizer.redundancy import shingles_of
from summarizer.tokenize import STOPWORDS, syllable_pairs, syllables, syllables_of_tokens
from summarizer.types import PreparedArticle, SourceRef


@dataclass(frozen=True)
class RankingWeights:
    position: float = 1.0
    centroid: float = 1.0
    position_decay: float = 0.5  # position score = 1 / (1 + index) ** decay
    min_syllables: int = 8  # shorter sentences are rarely self-contained facts
    short_penalty: float = 0.5


@dataclass(frozen=True)
class RankedSentence:
    ref: SourceRef
    text: str
    score: float
    syllables: int  # length in the budget unit
    shingles: frozenset[str] = frozenset()  # syllable bigrams, for redundancy checks


def _terms(tokens: list[str], bigrams: list[str]) -> list[str]:
    """Content syllables plus syllable bigrams (a cheap stand-in for compound words).

    ``bigrams[i]`` joins ``tokens[i]`` and ``tokens[i + 1]``; pairs of two function words
    ("của các") say nothing about the topic and are left out.
    """
    stop = STOPWORDS
    terms = [t for t in tokens if t not in stop and not t.isdigit()]
    terms.extend(
        pair
        for pair, a, b in zip(bigrams, tokens, tokens[1:], strict=False)
        if a not in stop or b not in stop
    )
    return terms


Tokenizer = Callable[[str], list[str]]


def rank_sentences(
    articles: list[PreparedArticle],
    weights: RankingWeights | None = None,
    tokenizer: Tokenizer = syllables,
) -> list[RankedSentence]:
    """Every sentence of every article with its salience score, best first."""
    weights = weights or RankingWeights()
    # (ref, text, terms, term counts, syllable bigrams, syllable count) per sentence
    sentence_terms: list[tuple[SourceRef, str, list[str], Counter[str], frozenset[str], int]] = []
    spread: Counter[str] = Counter()  # term -> number of articles using it
    every_term: list[str] = []
    n_articles = 0
    for article in articles:
        seen: set[str] = set()
        for index, text in enumerate(article.sentences):
            spaced = nfc(text).lower().split()
            tokens = syllables_of_tokens(spaced) if tokenizer is syllables else tokenizer(text)
            bigrams = syllable_pairs(tokens)
            if tokenizer is syllables:
                pairs = shingles_of(tokens, bigrams)
                length = len(tokens)
            else:
                every_syllable = syllables(text)
                pairs = shingles_of(every_syllable)
                length = len(every_syllable)
            terms = _terms(tokens, bigrams)
            counts = Counter(terms)
            ref = SourceRef(article.index, index)
            sentence_terms.append((ref, text, terms, counts, pairs, length))
            seen.update(counts)
            every_term.extend(terms)
        spread.update(seen)
        n_articles += bool(seen)
    frequency = Counter(every_term)  # term -> occurrences in the cluster
    n_articles = max(n_articles, 1)
    centroid = {term: count * spread[term] / n_articles for term, count in frequency.items()}
    centroid_norm = math.hypot(*centroid.values()) or 1.0

    ranked = []
    for ref, text, terms, counts, pairs, length in sentence_terms:
        norm = math.hypot(*counts.values()) or 1.0
        # Summing the centroid weight of every occurrence is the dot product with counts.
        centrality = sum(map(centroid.__getitem__, terms)) / (norm * centroid_norm)
        position = 1.0 / (1.0 + ref.index) ** weights.position_decay
        score = weights.position * position + weights.centroid * centrality
        if length < weights.min_syllables:
            score *= weights.short_penalty
        ranked.append(RankedSentence(ref, text, score, length, pairs))
    ranked.sort(key=lambda r: (-r.score, r.ref.article, r.ref.index))
    return ranked
