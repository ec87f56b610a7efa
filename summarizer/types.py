"""Data passed between pipeline stages and returned by the public API.

Kept free of behaviour (apart from serialisation) so every stage, the eval harness and the
demo can share them without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from summarizer.tokenize import count_syllables


@dataclass(frozen=True)
class SourceRef:
    """A sentence of the prepared input: article number and sentence number, both 0-based."""

    article: int
    index: int


@dataclass(frozen=True)
class Removal:
    """A piece of web noise the cleaner dropped, with the rule that dropped it."""

    text: str
    reason: str
    line: int


@dataclass
class PreparedArticle:
    """One input document after load → clean → split.

    ``sentences`` hold the original surface text (NFC) so output reads as the source did;
    ``headings`` are title and section lines: used as ranking evidence, never output.
    ``published`` is the publication time as ISO 8601 text (``2026-02-17`` or
    ``2026-02-17T13:23``): given by the caller, or read from the article's dateline.
    """

    index: int
    sentences: list[str]
    title: str | None = None
    headings: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    name: str | None = None
    published: str | None = None

    def metadata(self) -> dict[str, Any]:
        """What the article is, for ``to_dict()``: number, name, title, publication time."""
        return {
            "index": self.index,
            "name": self.name,
            "title": self.title,
            "published": self.published,
            "sentences": len(self.sentences),
        }

    @property
    def syllable_count(self) -> int:
        return sum(map(count_syllables, self.sentences))


@dataclass
class SummarySentence:
    """An output sentence and where it came from.

    ``sources[0]`` is the sentence the text was taken from (extractive) or the input
    sentence it is closest to (abstractive); the others are near-duplicates of it in other
    articles. Abstractive sentences with no close input sentence have no sources.
    """

    text: str
    sources: tuple[SourceRef, ...] = ()

    @property
    def article(self) -> int | None:
        return self.sources[0].article if self.sources else None

    @property
    def index(self) -> int | None:
        return self.sources[0].index if self.sources else None

    @property
    def articles(self) -> list[int]:
        """Every article carrying this sentence (or a near-duplicate), source first."""
        seen: list[int] = []
        for ref in self.sources:
            if ref.article not in seen:
                seen.append(ref.article)
        return seen


@dataclass
class Summary:
    sentences: list[SummarySentence]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def syllable_count(self) -> int:
        """Length in the budget unit (:func:`summarizer.tokenize.count_syllables`)."""
        return count_syllables(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "syllables": self.syllable_count,
            "sentences": [
                {"text": s.text, "sources": [asdict(r) for r in s.sources]} for s in self.sentences
            ],
        }


@dataclass
class ArticleSummary(Summary):
    article: int = 0
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "title": self.title, **super().to_dict()}


@dataclass
class ClusterSummary:
    """Result of :func:`summarizer.summarize`: one merged summary and one per article."""

    method: str
    merged: Summary
    per_article: list[ArticleSummary]
    articles: list[PreparedArticle]
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable view (what the CLI's ``--format json`` prints)."""
        return {
            "method": self.method,
            "settings": self.settings,
            "merged": self.merged.to_dict(),
            "per_article": [a.to_dict() for a in self.per_article],
            "articles": [a.metadata() for a in self.articles],
            "removed": [
                {"article": a.index, "name": a.name, "items": [asdict(r) for r in a.removed]}
                for a in self.articles
            ],
            "warnings": list(self.warnings),
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }


@dataclass(frozen=True)
class Budget:
    """A length limit: syllables (:func:`summarizer.tokenize.count_syllables`) and/or sentences.

    Both None means unlimited; both set means whichever binds first.
    """

    max_words: int | None = None
    max_sentences: int | None = None

    def allows(self, words: int, sentences: int) -> bool:
        """Whether a summary of this many words and sentences is within the budget."""
        if self.max_words is not None and words > self.max_words:
            return False
        return self.max_sentences is None or sentences <= self.max_sentences
