"""Human-readable views of a :class:`ClusterSummary` for the terminal and Markdown."""

from __future__ import annotations

import textwrap

from summarizer.types import ClusterSummary, PreparedArticle, SummarySentence

_WIDTH = 100


def article_label(article: PreparedArticle) -> str:
    return article.name or article.title or f"article {article.index + 1}"


def _sources_note(sentence: SummarySentence) -> str:
    if not sentence.sources:
        return "[no single source]"
    return "[" + ", ".join(f"{r.article + 1}:{r.index + 1}" for r in sentence.sources) + "]"


def render_text(result: ClusterSummary, show_removed: bool = False) -> str:
    """Merged summary with numbered sources, then each article's summary."""
    merged = result.merged
    lines = [f"== Merged summary ({merged.syllable_count} syllables, method {result.method}) =="]
    for sentence in result.merged.sentences:
        lines.extend(
            textwrap.wrap(
                f"{sentence.text} {_sources_note(sentence)}", _WIDTH, subsequent_indent="  "
            )
        )
    lines.append("   sources are [article:sentence], first = where the sentence was taken from")
    for summary in result.per_article:
        article = result.articles[summary.article]
        lines.append("")
        lines.append(f"== Article {article.index + 1}: {article_label(article)} ==")
        lines.extend(textwrap.wrap(summary.text or "(no story text)", _WIDTH))
    if show_removed:
        lines.append("")
        lines.append("== Removed as noise ==")
        for article in result.articles:
            for removal in article.removed:
                where = f"{article.index + 1}:{removal.line + 1}"
                lines.append(f"  {where} {removal.reason}: {removal.text[:80]}")
    lines.append("")
    lines.append(f"({result.timings_ms.get('total', 0.0):.0f} ms)")
    return "\n".join(lines)


def render_markdown(result: ClusterSummary, show_removed: bool = False) -> str:
    lines = ["## Merged summary", ""]
    for sentence in result.merged.sentences:
        notes = ", ".join(
            f"article {r.article + 1} sentence {r.index + 1}" for r in sentence.sources
        )
        lines.append(f"- {sentence.text} _({notes or 'no single source'})_")
    for summary in result.per_article:
        article = result.articles[summary.article]
        lines += [
            "",
            f"### Article {article.index + 1}: {article_label(article)}",
            "",
            summary.text,
        ]
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
