"""Human-readable views of a :class:`ClusterSummary` for the terminal and Markdown.

Articles and sentences are numbered from 1 here (as people count) and the output says so,
because the JSON view (``to_dict``) keeps Python's 0-based indices.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from summarizer.types import ClusterSummary, PreparedArticle, SummarySentence

_WIDTH = 100
NUMBERING_NOTE = (
    "sources are [article:sentence], counted from 1 (JSON output counts from 0); "
    "the first is where the sentence was taken from"
)

Source = Mapping[str, Any]
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def published_parts(value: object) -> tuple[date, str | None] | None:
    """(date, "HH:MM" or None) of a publication time given as ISO text, date or datetime.

    A time of exactly 00:00 is taken as "no time": pages that give only a date come back
    from the extractor at midnight.
    """
    if isinstance(value, datetime):
        day, clock = value.date(), value.strftime("%H:%M")
    elif isinstance(value, date):
        day, clock = value, None
    elif isinstance(value, str) and (match := _ISO.match(value.strip())):
        year, month, dom, hour, minute = match.groups()
        try:
            day = date(int(year), int(month), int(dom))
        except ValueError:
            return None
        clock = f"{hour}:{minute}" if hour else None
    else:
        return None
    return day, (None if clock == "00:00" else clock)


def format_published(value: object, day_first: bool = False) -> str | None:
    """``2026-02-17 13:23`` (or ``17/02/2026 13:23`` with ``day_first``); None if unknown."""
    parts = published_parts(value)
    if parts is None:
        return str(value) if value else None
    day, clock = parts
    text = day.strftime("%d/%m/%Y" if day_first else "%Y-%m-%d")
    return f"{text} {clock}" if clock else text


def article_heading(article: PreparedArticle, source: Source | None = None) -> str:
    """Title, outlet and publication time where known, then the file name or address."""
    source = source or {}
    title = source.get("title") or article.title
    parts = [title] if title else []
    outlet = source.get("outlet")
    published = format_published(source.get("published") or getattr(article, "published", None))
    details = ", ".join(str(p) for p in (outlet, published) if p)
    if details:
        parts.append(f"({details})")
    name = source.get("url") or article.name
    if name and name != title:
        parts.append(f"[{name}]")
    return " ".join(parts) or f"article {article.index + 1}"


def _source(sources: Sequence[Source] | None, index: int) -> Source | None:
    return sources[index] if sources is not None and index < len(sources) else None


def _sources_note(sentence: SummarySentence) -> str:
    if not sentence.sources:
        return "[no single source]"
    return "[" + ", ".join(f"{r.article + 1}:{r.index + 1}" for r in sentence.sources) + "]"


def render_text(
    result: ClusterSummary, show_removed: bool = False, sources: Sequence[Source] | None = None
) -> str:
    """Merged summary with numbered sources, then each article's summary.

    ``sources`` (one mapping per input, as :meth:`summarizer.load.SourceDocument.metadata`)
    adds titles, outlets and dates from web pages to the article headings.
    """
    merged = result.merged
    lines = [f"== Merged summary ({merged.syllable_count} syllables, method {result.method}) =="]
    for sentence in result.merged.sentences:
        lines.extend(
            textwrap.wrap(
                f"{sentence.text} {_sources_note(sentence)}", _WIDTH, subsequent_indent="  "
            )
        )
    lines.append(f"   {NUMBERING_NOTE}")
    for summary in result.per_article:
        article = result.articles[summary.article]
        lines.append("")
        label = article_heading(article, _source(sources, article.index))
        lines.append(f"== Article {article.index + 1}: {label} ==")
        lines.extend(textwrap.wrap(summary.text or "(no story text)", _WIDTH))
    if show_removed:
        lines.append("")
        lines.append("== Removed as noise ([article:line], counted from 1) ==")
        for article in result.articles:
            for removal in article.removed:
                where = f"{article.index + 1}:{removal.line + 1}"
                lines.append(f"  {where} {removal.reason}: {removal.text[:80]}")
    return "\n".join(lines)


def render_markdown(
    result: ClusterSummary, show_removed: bool = False, sources: Sequence[Source] | None = None
) -> str:
    """The same content as :func:`render_text`, as Markdown."""
    lines = ["## Merged summary", ""]
    for sentence in result.merged.sentences:
        notes = ", ".join(
            f"article {r.article + 1} sentence {r.index + 1}" for r in sentence.sources
        )
        lines.append(f"- {sentence.text} _({notes or 'no single source'})_")
    lines += ["", "_Articles and sentences are counted from 1 (JSON output counts from 0)._"]
    for summary in result.per_article:
        article = result.articles[summary.article]
        label = article_heading(article, _source(sources, article.index))
        lines += ["", f"### Article {article.index + 1}: {label}", "", summary.text]
    if show_removed:
        lines += [
            "",
            "### Removed as noise",
            "",
            "| article | line | reason | text |",
            "|---|---|---|---|",
        ]
        for article in result.articles:
            for removal in article.removed:
                text = removal.text[:80].replace("|", "\\|")
                lines.append(
                    f"| {article.index + 1} | {removal.line + 1} | {removal.reason} | {text} |"
                )
    return "\n".join(lines)
