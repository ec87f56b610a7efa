"""Stage 5: pick ranked sentences within a budget, drop repeats, order them, attach provenance."""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.rank import RankedSentence
from summarizer.redundancy import shingles, shingles_near_duplicate
from summarizer.types import Budget, PreparedArticle, SourceRef, Summary, SummarySentence

# Once less than this many words of budget are left, no sentence worth adding fits.
_MIN_USEFUL_WORDS = 6


def select_sentences(ranked: Iterable[RankedSentence], budget: Budget) -> list[RankedSentence]:
    """Greedy by score: skip near-duplicates of chosen sentences and sentences that overflow.

    If not even one sentence fits the word budget, the best one is cut at the budget, so a
    summary is never empty and never over budget.
    """
    chosen: list[RankedSentence] = []
    chosen_shingles: list[frozenset[str]] = []
    words = 0
    best: RankedSentence | None = None
    for candidate in ranked:
        best = best or candidate
        if budget.max_sentences is not None and len(chosen) >= budget.max_sentences:
            break
        if budget.max_words is not None:
            if budget.max_words - words < _MIN_USEFUL_WORDS and chosen:
                break
            if words + candidate.words > budget.max_words:
                continue
        candidate_shingles = shingles(candidate.text)
        if any(shingles_near_duplicate(candidate_shingles, s) for s in chosen_shingles):
            continue
        chosen.append(candidate)
        chosen_shingles.append(candidate_shingles)
        words += candidate.words
    if not chosen and best is not None and budget.max_words is not None:
        cut = " ".join(best.text.split()[: budget.max_words]).rstrip(",;:") + "…"
        chosen.append(RankedSentence(best.ref, cut, best.score, budget.max_words))
    return chosen


def order_sentences(
    chosen: list[RankedSentence], articles: list[PreparedArticle]
) -> list[RankedSentence]:
    """Story order: by relative position in the source article, then by article.

    Leads from every outlet come first and background last, the way the articles themselves
    are written; within one article this is plain document order.
    """
    lengths = {a.index: max(len(a.sentences), 1) for a in articles}
    return sorted(chosen, key=lambda r: (r.ref.index / lengths[r.ref.article], r.ref.article))


def find_duplicates(text: str, source: SourceRef, articles: list[PreparedArticle]) -> list[SourceRef]:
    """Near-duplicates of ``text`` in the other articles, one (the first) per article."""
    target = shingles(text)
    found = []
    for article in articles:
        if article.index == source.article:
            continue
        for index, sentence in enumerate(article.sentences):
            if shingles_near_duplicate(target, shingles(sentence)):
                found.append(SourceRef(article.index, index))
                break
    return found


def build_summary(chosen: list[RankedSentence], articles: list[PreparedArticle]) -> Summary:
    return Summary(
        sentences=[
            SummarySentence(r.text, (r.ref, *find_duplicates(r.text, r.ref, articles)))
            for r in order_sentences(chosen, articles)
        ]
    )
