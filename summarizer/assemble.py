"""Stage 5: pick ranked sentences within a budget, drop repeats, order them, attach provenance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import islice

from summarizer.rank import RankedSentence
from summarizer.redundancy import compare, shingles
from summarizer.tokenize import count_syllables, truncate_syllables
from summarizer.types import Budget, PreparedArticle, SourceRef, Summary, SummarySentence

# Once less than this many syllables of budget are left, no sentence worth adding fits.
_MIN_USEFUL_SYLLABLES = 6
# Maximal marginal relevance: a candidate loses this much score per unit of containment
# (share of its word pairs already in the summary). Tuned on vnmds-dev with the weights
# in summarizer.rank.
REDUNDANCY_PENALTY = 1.5
# Only the best-scored candidates are considered: bounds the work on huge inputs.
CANDIDATE_POOL = 200
# Openers that point back at the previous sentence ("This is also ...", "However, ...").
# Such a sentence is only picked after the sentence it follows, so it never dangles.
DANGLING_OPENERS = (
    "Đây ",
    "Điều này",
    "Việc này",
    "Đó là",
    "Như vậy",
    "Vì vậy",
    "Do đó",
    "Do vậy",
    "Tuy nhiên",
    "Ngoài ra",
    "Bên cạnh đó",
    "Trong khi đó",
    "Theo đó",
    "Cũng ",
)


def select_sentences(
    ranked: Iterable[RankedSentence], budget: Budget, redundancy_penalty: float = REDUNDANCY_PENALTY
) -> list[RankedSentence]:
    """Pick sentences by score minus redundancy with those already picked, within budget.

    Near-duplicates of a picked sentence are never picked. If not even one sentence fits the
    word budget, the best one is cut at the budget, so a summary is never empty and never
    over budget.
    """
    pool = list(islice(ranked, CANDIDATE_POOL))
    pool_shingles = [r.shingles or shingles(r.text) for r in pool]
    redundancy = dict.fromkeys(range(len(pool)), 0.0)  # open slot -> containment in summary
    chosen: list[RankedSentence] = []
    chosen_refs: set[SourceRef] = set()
    dangling = {
        slot
        for slot, r in enumerate(pool)
        if r.ref.index > 0 and r.text.startswith(DANGLING_OPENERS)
    }
    used = 0
    while redundancy:
        if budget.max_sentences is not None and len(chosen) >= budget.max_sentences:
            break
        room = None if budget.max_words is None else budget.max_words - used
        if room is not None and chosen and room < _MIN_USEFUL_SYLLABLES:
            break
        fitting = [
            s
            for s in redundancy
            if (room is None or pool[s].syllables <= room)
            and (
                s not in dangling
                or SourceRef(pool[s].ref.article, pool[s].ref.index - 1) in chosen_refs
            )
        ]
        if not fitting:
            break
        best = max(fitting, key=lambda s: (pool[s].score - redundancy_penalty * redundancy[s], -s))
        del redundancy[best]
        chosen.append(pool[best])
        chosen_refs.add(pool[best].ref)
        used += pool[best].syllables
        picked = pool_shingles[best]
        for slot in list(redundancy):
            duplicate, containment = compare(pool_shingles[slot], picked)
            if duplicate:
                del redundancy[slot]
            elif containment > redundancy[slot]:
                redundancy[slot] = containment
    if not chosen and pool and budget.max_words is not None:
        top = pool[0]
        cut = truncate_syllables(top.text, budget.max_words).rstrip(",;:") + "…"
        chosen.append(RankedSentence(top.ref, cut, top.score, count_syllables(cut)))
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
    return Summary(
        sentences=[
            SummarySentence(r.text, (r.ref, *find_duplicates(r.text, r.ref, articles, known)))
            for r in order_sentences(chosen, articles)
        ]
    )
