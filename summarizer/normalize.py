"""Unicode and tone-mark normalisation.

Vietnamese text in the wild mixes NFC and NFD, and two conventions for where the tone mark
sits (``hoà``/``hòa``, ``thuý``/``thúy``). Output keeps the writer's surface form; these
functions build *keys* so that matching, deduplication and ROUGE see one form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Any

# The five tone marks as combining characters (after NFD).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vowels carrying a shape diacritic take the tone mark whatever the convention.
_SHAPED_VOWELS = frozenset("ăâêôơư")
_VOWELS = frozenset("aeiouyăâêôơư")
_WORD = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _strip_tone(word: str) -> tuple[str, str | None]:
    """Split a (lowercase) word into its toneless NFC form and its tone mark, if any."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = None
    kept = []
    for char in decomposed:
        if char in TONE_MARKS:
            tone = char
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _tone_position(base: str) -> int | None:
    """Index of the vowel that takes the tone mark, by the 'new style' rules (hoà, thuỷ)."""
    positions = [i for i, c in enumerate(base) if c in _VOWELS]
    if not positions:
        return None
    # 'qu' and 'gi' + vowel: the u / i belong to the initial consonant.
    if len(positions) > 1 and positions[0] == 1 and base[:2] in ("qu", "gi"):
        positions = positions[1:]
    # The vowel nucleus is the first contiguous run of vowels.
    run = [positions[0]]
    for pos in positions[1:]:
        if pos == run[-1] + 1:
            run.append(pos)
        else:
            break
    shaped = [p for p in run if base[p] in _SHAPED_VOWELS]
    if shaped:
        return shaped[-1]  # ươ -> ơ; single shaped vowel otherwise
    if len(run) == 1:
        return run[0]
    closed = run[-1] + 1 < len(base)
    if closed:
        return run[-1]
    if base[run[0] : run[0] + 2] in ("oa", "oe", "uy"):
        return run[0] + 1
    return run[-2]


@lru_cache(maxsize=65536)
def unify_tone_word(word: str) -> str:
    """Re-place the tone mark of one lowercase word by one fixed rule."""
    base, tone = _strip_tone(word)
    if tone is None:
        return base
    position = _tone_position(base)
    if position is None:
        return unicodedata.normalize("NFC", word)
    decomposed = list(unicodedata.normalize("NFD", base[position]))
    decomposed.append(tone)
    return (
        base[:position] + unicodedata.normalize("NFC", "".join(decomposed)) + base[position + 1 :]
    )


class TokenCache(dict[str, Any]):
    """token -> a value derived from it, computed on first lookup.

    News reuses its vocabulary, so nearly every lookup is a plain dict hit (no Python call);
    the cache empties itself when full, which bounds memory on endless streams of text.
    """

    def __init__(self, derive: Callable[[str], Any], limit: int = 500_000) -> None:
        super().__init__()
        self.derive = derive
        self.limit = limit

    def __missing__(self, token: str) -> Any:
        value = self.derive(token)
        if len(self) >= self.limit:
            self.clear()
        self[token] = value
        return value


_token_keys = TokenCache(lambda token: _WORD.sub(lambda m: unify_tone_word(m.group(0)), token))


def normalize_key(text: str) -> str:
    """NFC, lowercase, one tone-mark convention, single spaces: the form used to compare texts.

    Also repairs marks that old encoding converters put on the wrong vowel (``thâý`` →
    ``thấy``), which the VN-MDS corpus is full of. Tokens are cached: news reuses words.
    """
    return " ".join(map(_token_keys.__getitem__, nfc(text).lower().split()))
