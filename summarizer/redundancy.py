"""Near-duplicate sentences: the same fact as reported by different outlets.

Compared on syllable bigrams of the normalised key (so NFD/NFC and ``hoà``/``hòa`` do not
matter). Containment (overlap over the shorter sentence) catches one outlet's sentence
embedded in another's longer one; Jaccard catches light rewording.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from summarizer.tokenize import syllable_pairs, syllables

JACCARD_THRESHOLD = 0.45
CONTAINMENT_THRESHOLD = 0.7
_MIN_SHINGLES = 3  # shorter sentences only match when identical


def shingles_of(tokens: Sequence[str], pairs: Sequence[str] | None = None) -> frozenset[str]:
    """Syllable bigrams of already-normalised syllables (``pairs``: them, if already built);
    a one-syllable sentence is its own shingle."""
    if len(tokens) < 2:
        return frozenset(tokens)
    return frozenset(syllable_pairs(tokens) if pairs is None else pairs)


@lru_cache(maxsize=16384)
def shingles(text: str) -> frozenset[str]:
    return shingles_of(syllables(text))


def compare(a: frozenset[str], b: frozenset[str]) -> tuple[bool, float]:
    """(near-duplicate?, containment) in one pass: selection needs both for every pair.

    The hottest function of the extractive method, hence the arithmetic inlined.
    """
    size_a, size_b = len(a), len(b)
    smaller = size_a if size_a < size_b else size_b
    if not smaller:
        return a == b, 0.0
    common = len(a & b)
    containment = common / smaller
    if smaller < _MIN_SHINGLES:
        return a == b, containment
    jaccard_hit = common >= JACCARD_THRESHOLD * (size_a + size_b - common)
    return jaccard_hit or containment >= CONTAINMENT_THRESHOLD, containment


def shingles_near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    return compare(a, b)[0]


def is_near_duplicate(a: str, b: str) -> bool:
    """Whether two sentences state the same thing in (nearly) the same words."""
    return shingles_near_duplicate(shingles(a), shingles(b))
