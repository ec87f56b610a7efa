"""ROUGE tokenizers as objects that say what they do: each reports its own ``signature()``.

rouge-score's default tokenizer keeps only ``[a-z0-9]``, so ``Tổng Bí thư`` becomes
``t ng b th``. The default here keeps Vietnamese syllables with their diacritics. As in
sacrebleu, where each tokenizer names itself in the signature, a number's signature is read
from the tokenizer that produced it, never from what a caller said it used.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable

from rouge_score import tokenizers

from summarizer.errors import InvalidOptionError
from summarizer.normalize import normalize_key
from summarizer.tokenize import join_syllables, syllables

_CACHE_LIMIT = 200_000


def package_version(package: str) -> str:
    """An installed distribution's version, or ``absent``: signatures record both."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def syllable_tokens(text: str) -> list[str]:
    """NFC, lowercase, unified tone marks, syllables with diacritics (``_`` splits too):
    exactly the summarizer's own :func:`summarizer.syllables`."""
    return syllables(text)


def pyvi_tokens(text: str) -> list[str]:
    """pyvi word segmentation; a word's syllables are joined by ``_``."""
    from pyvi import ViTokenizer

    words = (join_syllables(w) for w in ViTokenizer.tokenize(normalize_key(text)).split())
    return [w for w in words if w]


def underthesea_tokens(text: str) -> list[str]:
    """underthesea word segmentation; a word's syllables are joined by ``_``."""
    from underthesea import word_tokenize

    words = (join_syllables(w) for w in word_tokenize(normalize_key(text)))
    return [w for w in words if w]


def ascii_tokens(text: str) -> list[str]:
    """rouge-score's own tokenizer without stemming: only to reproduce published numbers."""
    tokens: list[str] = tokenizers.DefaultTokenizer(use_stemmer=False).tokenize(text)
    return tokens


class Tokenizer(tokenizers.Tokenizer):
    """A named tokenizer that remembers texts (references are scored many times)."""

    def __init__(
        self,
        name: str,
        function: Callable[[str], list[str]],
        normalisation: str,
        package: str | None = None,
    ) -> None:
        self.name, self.normalisation, self.package = name, normalisation, package
        self._function = function
        self._cache: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        tokens = self._cache.get(text)
        if tokens is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            tokens = self._cache[text] = self._function(text)
        return tokens

    def signature(self) -> dict[str, str]:
        """The signature fields this tokenizer decides: its name and normalisation."""
        return {"tok": self.name, "norm": self.normalisation}

    def versions(self) -> dict[str, str]:
        """The segmenter's version, when a third-party package does the segmenting."""
        return {self.package: package_version(self.package)} if self.package else {}


_TOKENIZERS: dict[str, tuple[Callable[[str], list[str]], str, str | None]] = {
    "syllable": (syllable_tokens, "nfc.lower.tone", None),
    "word-pyvi": (pyvi_tokens, "nfc.lower.tone", "pyvi"),
    "word-underthesea": (underthesea_tokens, "nfc.lower.tone", "underthesea"),
    "ascii": (ascii_tokens, "lower.ascii-only", None),
}
TOKENIZERS = tuple(_TOKENIZERS)


def create_tokenizer(name: str) -> Tokenizer:
    """The tokenizer called ``name`` (one of :data:`TOKENIZERS`)."""
    if name not in _TOKENIZERS:
        raise InvalidOptionError(
            f"Unknown ROUGE tokenizer {name!r}; choose one of: {', '.join(TOKENIZERS)}."
        )
    function, normalisation, package = _TOKENIZERS[name]
    return Tokenizer(name, function, normalisation, package)
