"""Stage 4a: what the rankers know about each sentence of a cluster.

:func:`analyse_cluster` tokenizes every sentence once (syllables, content terms, syllable
bigrams) and :func:`sentence_features` turns that into one row of numbers per sentence,
the input of the learned ranker (:mod:`summarizer.learned`). Training
(``scripts/train_ranker.py``) and inference call the same two functions, so a feature can
never mean one thing when learned and another when used.

Every feature is cheap and linear in the cluster size (a 5 MB article stays fast); the
only cross-article signal is the share of a sentence's word pairs that other outlets print,
counted with an index of pairs per article rather than sentence-by-sentence comparison.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizer.discourse import BACK_REFERENCE_OPENERS
from summarizer.normalize import nfc
from summarizer.redundancy import shingles_of
from summarizer.tokenize import STOPWORDS, syllable_pairs, syllables, syllables_of_tokens
from summarizer.types import PreparedArticle, SourceRef

Tokenizer = Callable[[str], list[str]]

# Verbs of reporting: a sentence that quotes an official is often the news itself.
_REPORTING = frozenset(("cho biết", "cho hay", "khẳng định", "nhấn mạnh", "thông tin", "nói"))
_FUTURE = frozenset(("sẽ", "sắp", "dự kiến"))


@dataclass(frozen=True)
class SentenceInfo:
    """One sentence, tokenized once for every ranker and for redundancy checks."""

    ref: SourceRef
    text: str
    syllables: int  # length in the budget unit
    terms: tuple[str, ...]  # content syllables and syllable bigrams (ranking terms)
    shingles: frozenset[str]  # syllable bigrams (redundancy)
    tokens: tuple[str, ...]  # normalised syllables
    term_norm: float  # Euclidean norm of the term counts (cosine denominators)


@dataclass(frozen=True)
class ClusterAnalysis:
    sentences: list[SentenceInfo]
    articles: list[PreparedArticle]


def ranking_terms(tokens: Sequence[str], bigrams: Sequence[str]) -> list[str]:
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


def analyse_cluster(
    articles: Sequence[PreparedArticle], tokenizer: Tokenizer = syllables
) -> ClusterAnalysis:
    """Tokenize every sentence once. ``tokenizer`` gives the ranking terms (syllables by
    default, or pyvi words); lengths and shingles are always syllables."""
    infos: list[SentenceInfo] = []
    for article in articles:
        for index, text in enumerate(article.sentences):
            tokens = syllables_of_tokens(nfc(text).lower().split())
            bigrams = syllable_pairs(tokens)
            if tokenizer is syllables:
                terms = ranking_terms(tokens, bigrams)
            else:
                words = tokenizer(text)
                terms = ranking_terms(words, syllable_pairs(words))
            infos.append(
                SentenceInfo(
                    SourceRef(article.index, index),
                    text,
                    len(tokens),
                    tuple(terms),
                    shingles_of(tokens, bigrams),
                    tuple(tokens),
                    math.hypot(*Counter(terms).values()) or 1.0,
                )
            )
    return ClusterAnalysis(infos, list(articles))


def centroid_similarity(analysis: ClusterAnalysis) -> list[float]:
    """Cosine of each sentence with the cluster's term centroid, terms weighted by how
    many articles use them: facts repeated by several outlets count more."""
    spread: Counter[str] = Counter()
    frequency: Counter[str] = Counter()
    by_article: dict[int, set[str]] = {}
    for info in analysis.sentences:
        frequency.update(info.terms)
        by_article.setdefault(info.ref.article, set()).update(info.terms)
    for terms in by_article.values():
        spread.update(terms)
    n_articles = max(sum(1 for t in by_article.values() if t), 1)
    centroid = {term: count * spread[term] / n_articles for term, count in frequency.items()}
    centroid_norm = math.hypot(*centroid.values()) or 1.0
    similarities = []
    for info in analysis.sentences:
        similarities.append(
            sum(map(centroid.__getitem__, info.terms)) / (info.term_norm * centroid_norm)
        )
    return similarities


FEATURE_NAMES: tuple[str, ...] = (
    "position",  # 0-based sentence number in its article
    "relative_position",  # position / sentences in the article
    "article_sentences",
    "syllables",
    "title_recall",  # share of the title's content syllables the sentence repeats
    "title_pairs",  # share of the title's syllable pairs the sentence repeats
    "article_centrality",  # cosine with the article's own term totals
    "lead_overlap",  # share of the sentence's pairs found in the article's first sentence
    "numbers",  # words with a digit
    "capitalised",  # share of words (after the first) that start with a capital
    "quoted",  # has a quotation mark
    "back_reference",  # opens by pointing back at an earlier sentence
    "question",
    "reporting",  # "cho biết", "khẳng định", ...
    "future",  # "sẽ", "sắp", "dự kiến"
    "has_title",
    "dated",  # names a day or date ("ngày 17/2", "20.2"): leads anchor the event in time
    "function_share",  # share of function syllables
    "long_position",  # position among the article's sentences of 10+ syllables
    "title_rank",  # rank of title_recall within the article (0 = best)
    "centrality_rank",  # rank of article_centrality within the article (0 = best)
    "previous_title_recall",  # title_recall of the sentence before (0 for the first)
)
"""What the learned ranker reads: properties of a sentence within its own article only, so
one model serves single articles and every article of a cluster alike (cross-article
evidence enters the merged score through :func:`centroid_similarity`)."""

_DATED = re.compile(
    r"\b(?:ngày|hôm|sáng|chiều|tối|trưa|đêm)\s+(?:\d|qua|nay|mai)|\b\d{1,2}[/.-]\d{1,2}\b"
)
_LONG = 10
_TITLE_RECALL = FEATURE_NAMES.index("title_recall")
_TITLE_RANK = FEATURE_NAMES.index("title_rank")
_ARTICLE_CENTRALITY = FEATURE_NAMES.index("article_centrality")
_CENTRALITY_RANK = FEATURE_NAMES.index("centrality_rank")


def _content(tokens: Sequence[str]) -> set[str]:
    return {t for t in tokens if t not in STOPWORDS and not t.isdigit()}


def _fill_ranks(rows: list[list[float]], source: int, target: int) -> None:
    """Write each row's rank by column ``source`` (0 = highest) into column ``target``."""
    order = sorted(range(len(rows)), key=lambda i: -rows[i][source])
    for rank, i in enumerate(order):
        rows[i][target] = float(rank)


def _article_rows(infos: Sequence[SentenceInfo], title: str | None) -> list[list[float]]:
    title_tokens = syllables(title or "")
    title_content = _content(title_tokens)
    title_pairs = set(syllable_pairs(title_tokens))
    article_terms: Counter[str] = Counter()
    for info in infos:
        article_terms.update(info.terms)
    article_norm = math.hypot(*article_terms.values()) or 1.0
    lead = infos[0].shingles
    n = len(infos)
    rows: list[list[float]] = []
    long_seen = 0
    previous_title_recall = 0.0
    for info in infos:
        tokens = info.tokens
        content = _content(tokens)
        words = info.text.split()
        pairs = info.shingles
        joined = " ".join(tokens)
        title_recall = len(content & title_content) / len(title_content) if title_content else 0.0
        rows.append(
            [
                float(info.ref.index),
                info.ref.index / n,
                float(n),
                float(info.syllables),
                title_recall,
                len(pairs & title_pairs) / len(title_pairs) if title_pairs else 0.0,
                sum(map(article_terms.__getitem__, info.terms)) / (info.term_norm * article_norm),
                len(pairs & lead) / len(pairs) if pairs and info.ref.index else 1.0,
                float(sum(1 for w in words if any(c.isdigit() for c in w))),
                sum(1 for w in words[1:] if w[:1].isupper()) / max(len(words) - 1, 1),
                float(any(q in info.text for q in '"“”')),
                float(info.text.startswith(BACK_REFERENCE_OPENERS)),
                float(info.text.rstrip().endswith("?")),
                float(any(cue in joined for cue in _REPORTING)),
                float(any(t in _FUTURE for t in tokens) or "dự kiến" in joined),
                float(bool(title_content)),
                float(bool(_DATED.search(info.text.lower()))),
                sum(1 for t in tokens if t in STOPWORDS) / max(len(tokens), 1),
                float(long_seen),
                0.0,  # title_rank, filled below
                0.0,  # centrality_rank, filled below
                previous_title_recall,
            ]
        )
        long_seen += info.syllables >= _LONG
        previous_title_recall = title_recall
    _fill_ranks(rows, _TITLE_RECALL, _TITLE_RANK)
    _fill_ranks(rows, _ARTICLE_CENTRALITY, _CENTRALITY_RANK)
    return rows


def sentence_features(analysis: ClusterAnalysis) -> list[list[float]]:
    """One row of :data:`FEATURE_NAMES` per sentence of ``analysis``, in its order."""
    titles = {a.index: a.title for a in analysis.articles}
    rows: list[list[float]] = []
    start = 0
    sentences = analysis.sentences
    while start < len(sentences):
        article = sentences[start].ref.article
        end = start
        while end < len(sentences) and sentences[end].ref.article == article:
            end += 1
        rows.extend(_article_rows(sentences[start:end], titles[article]))
        start = end
    return rows
