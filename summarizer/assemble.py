"""Stage 5: pick ranked sentences within a budget, drop repeats, order them, attach provenance."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from summarizer.discourse import has_connective, needs_antecedent, shorten, strip_connective
from summarizer.rank import RankedSentence
from summarizer.redundancy import compare, shingles
from summarizer.timeline import latest_report, recency_order
from summarizer.tokenize import count_syllables
from summarizer.types import Budget, PreparedArticle, SourceRef, Summary, SummarySentence

# Once less than this many syllables of budget are left, no sentence worth adding fits.
_MIN_USEFUL_SYLLABLES = 6
# Maximal marginal relevance: a candidate loses this much score per unit of containment
# (share of its word pairs already in the summary). Tuned on vnmds-dev with the weights
# in summarizer.rank.
REDUNDANCY_PENALTY = 1.5
# Only the best-scored candidates are considered: bounds the work on huge inputs.
CANDIDATE_POOL = 200

Score = Callable[[RankedSentence], float]


def merged_score(r: RankedSentence) -> float:
    return r.score


def article_score(r: RankedSentence) -> float:
    return r.article_score


def _previous(ref: SourceRef) -> SourceRef:
    return SourceRef(ref.article, ref.index - 1)


def shortened(r: RankedSentence, limit: int) -> RankedSentence:
    text = shorten(r.text, limit)
    return replace(r, text=text, syllables=count_syllables(text))


def select_sentences(
    ranked: Iterable[RankedSentence],
    budget: Budget,
    redundancy_penalty: float = REDUNDANCY_PENALTY,
    score: Score = merged_score,
    shorten_best: bool = True,
) -> list[RankedSentence]:
    """Pick sentences by ``score`` minus redundancy with those already picked, within budget.

    Near-duplicates of a picked sentence are never picked, nor a sentence that needs its
    predecessor (:func:`summarizer.discourse.needs_antecedent`) without it. When the best
    sentence is longer than the whole budget it is not passed over for a lesser one that
    fits: it is shortened to the budget (:func:`summarizer.discourse.shorten`), so a long
    lead still opens the summary (``shorten_best=False``: the earlier rule, which passes it
    over). A summary is never empty and never over budget.
    """
    pool = heapq.nsmallest(CANDIDATE_POOL, ranked, key=lambda r: -score(r))  # stable
    pool_shingles = [r.shingles or shingles(r.text) for r in pool]
    redundancy = dict.fromkeys(range(len(pool)), 0.0)  # open slot -> containment in summary
    chosen: list[RankedSentence] = []
    chosen_refs: set[SourceRef] = set()
    dependent = {
        slot for slot, r in enumerate(pool) if r.ref.index > 0 and needs_antecedent(r.text)
    }
    used = 0

    def value(slot: int) -> tuple[float, int]:
        return score(pool[slot]) - redundancy_penalty * redundancy[slot], -slot

    while redundancy:
        if budget.max_sentences is not None and len(chosen) >= budget.max_sentences:
            break
        room = None if budget.max_words is None else budget.max_words - used
        if room is not None and chosen and room < _MIN_USEFUL_SYLLABLES:
            break
        eligible = [
            s for s in redundancy if s not in dependent or _previous(pool[s].ref) in chosen_refs
        ]
        if not eligible:
            break
        best = max(eligible, key=value)
        if room is not None and pool[best].syllables > room:
            fitting = [s for s in eligible if pool[s].syllables <= room]
            if fitting and (chosen or not shorten_best):
                best = max(fitting, key=value)
            elif chosen:
                break
            # else the summary is empty: the best sentence opens it, shortened to the budget
        picked = pool[best]
        if room is not None and picked.syllables > room:
            picked = shortened(picked, room)
        del redundancy[best]
        chosen.append(picked)
        chosen_refs.add(picked.ref)
        used += picked.syllables
        for slot in list(redundancy):
            duplicate, containment = compare(pool_shingles[slot], pool_shingles[best])
            if duplicate:
                del redundancy[slot]
            elif containment > redundancy[slot]:
                redundancy[slot] = containment
    return chosen


def _follows_previous(r: RankedSentence, chosen: set[SourceRef]) -> bool:
    """Whether ``r`` is read right after its predecessor, which is in the summary."""
    return (
        r.ref.index > 0
        and _previous(r.ref) in chosen
        and (needs_antecedent(r.text) or has_connective(r.text))
    )


def order_sentences(
    chosen: list[RankedSentence], articles: list[PreparedArticle]
) -> list[RankedSentence]:
    """Story order, with the latest report first and every sentence after its antecedent.

    Sentences go by relative position in their article, so leads come first and
    background last, as the articles themselves are written; between articles at the same
    depth the most recently published goes first (input order when undated). A cluster
    whose articles span several days opens with the latest report's first chosen sentence:
    the latest state of the event. A sentence that leans on its predecessor is placed right
    after it.
    """
    lengths = {a.index: max(len(a.sentences), 1) for a in articles}
    recency = recency_order(articles)
    refs = {r.ref for r in chosen}
    by_ref = {r.ref: r for r in chosen}
    anchors = sorted(
        (r for r in chosen if not _follows_previous(r, refs)),
        key=lambda r: (r.ref.index / lengths[r.ref.article], recency[r.ref.article]),
    )
    latest = latest_report(articles)
    opener = next((r for r in anchors if r.ref.article == latest), None)
    if opener is not None:
        anchors.remove(opener)
        anchors.insert(0, opener)
    ordered: list[RankedSentence] = []
    for anchor in anchors:
        ordered.append(anchor)
        following = by_ref.get(SourceRef(anchor.ref.article, anchor.ref.index + 1))
        while following is not None and _follows_previous(following, refs):
            ordered.append(following)
            following = by_ref.get(SourceRef(following.ref.article, following.ref.index + 1))
    return ordered


# Shingles of every sentence, by article number then sentence number, when already known.
KnownShingles = Mapping[int, Sequence[frozenset[str]]]


def known_shingles(ranked: Iterable[RankedSentence]) -> dict[int, list[frozenset[str]]]:
    """The shingles rank_sentences computed, arranged for :func:`find_duplicates`."""
    known: dict[int, dict[int, frozenset[str]]] = {}
    for r in ranked:
        known.setdefault(r.ref.article, {})[r.ref.index] = r.shingles
    return {a: [by_index[i] for i in range(len(by_index))] for a, by_index in known.items()}


def find_duplicates(
    text: str,
    source: SourceRef,
    articles: list[PreparedArticle],
    known: KnownShingles | None = None,
) -> list[SourceRef]:
    """Near-duplicates of ``text`` in the other articles, one (the first) per article."""
    target = shingles(text)
    found = []
    for article in articles:
        if article.index == source.article:
            continue
        others = known.get(article.index) if known else None
        if others is None:
            others = [shingles(sentence) for sentence in article.sentences]
        for index, other in enumerate(others):
            if compare(target, other)[0]:
                found.append(SourceRef(article.index, index))
                break
    return found


def build_summary(
    chosen: list[RankedSentence],
    articles: list[PreparedArticle],
    known: KnownShingles | None = None,
) -> Summary:
    """Ordered sentences with provenance; a linking opener ("Trước đó,") whose sentence no
    longer follows its predecessor is dropped."""
    ordered = order_sentences(chosen, articles)
    sentences = []
    for position, r in enumerate(ordered):
        after_previous = position > 0 and ordered[position - 1].ref == _previous(r.ref)
        text = r.text if after_previous else strip_connective(r.text)
        sources = (r.ref, *find_duplicates(r.text, r.ref, articles, known))
        sentences.append(SummarySentence(text, sources))
    return Summary(sentences=sentences)
