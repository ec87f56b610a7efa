"""HTML for the demo page: summaries coloured by source article, removals, timings, scores.

Pure functions of the result objects (no Gradio), so they can be tested on their own.
Every piece of user or article text goes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from summarizer_demo.service import Limits, ModelStatus, RunResult

from summarizer import ClusterSummary, PreparedArticle, Summary, SummarySentence

METHOD_LABELS = {"extractive": "Extractive", "vit5": "ViT5 (abstractive)"}
ROUGE_LABELS = {
    "rouge1": "ROUGE-1",
    "rouge2": "ROUGE-2",
    "rougeL": "ROUGE-L",
    "rougeLsum": "ROUGE-Lsum",
}
_GOLDEN_ANGLE = 137.508
_LABEL_CHARS = 70


def colours(article: int) -> tuple[str, str]:
    """(pale background, strong accent) for an article; hues spread by the golden angle."""
    hue = round((article * _GOLDEN_ANGLE + 200) % 360)
    return f"hsl({hue} 80% 86%)", f"hsl({hue} 65% 32%)"


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def article_label(article: PreparedArticle) -> str:
    """The article's title when the cleaner found one, else its name."""
    return article.title or article.name or f"Article {article.index + 1}"


def _chip(article: int, labels: Sequence[str]) -> str:
    _, strong = colours(article)
    title = escape(labels[article], quote=True) if article < len(labels) else ""
    return f'<span class="sd-chip" style="background:{strong}" title="{title}">{article + 1}</span>'


def _sentence(sentence: SummarySentence, labels: Sequence[str], own: int | None = None) -> str:
    """A sentence on its source article's colour, chips naming every article carrying it.

    Inside article ``own``'s card the colour would say nothing: the sentence stays plain
    and only the other articles carrying it get chips.
    """
    text = escape(sentence.text)
    articles = [a for a in sentence.articles if a >= 0]
    if not articles:
        return (
            '<span class="sd-sent sd-unsourced" title="No close sentence in the articles">'
            f"{text}</span>"
        )
    tip = f"From article {articles[0] + 1}: {labels[articles[0]]}"
    if len(articles) > 1:
        tip += "; also in " + ", ".join(f"{a + 1}: {labels[a]}" for a in articles[1:])
    chipped = [a for a in articles if a != own]
    chips = "".join(_chip(a, labels) for a in chipped)
    chips = f'<sup class="sd-chips">{chips}</sup>' if chips else ""
    style = "" if own is not None else f' style="background:{colours(articles[0])[0]}"'
    return (
        f'<span class="sd-sent"{style} data-articles="'
        f'{" ".join(str(a + 1) for a in articles)}" title="{escape(tip, quote=True)}">'
        f"{text}{chips}</span>"
    )


def _sentences(summary: Summary, labels: Sequence[str], own: int | None = None) -> str:
    if not summary.sentences:
        return '<p class="sd-empty">(no summary: no story text)</p>'
    return "<p>" + " ".join(_sentence(s, labels, own) for s in summary.sentences) + "</p>"


def _legend(cluster: ClusterSummary, labels: Sequence[str]) -> str:
    items = []
    for article in cluster.articles:
        pale, strong = colours(article.index)
        name = f" ({article.name})" if article.name and article.title else ""
        items.append(
            f'<li style="border-color:{strong};background:{pale}" '
            f'title="{escape(labels[article.index] + name, quote=True)}">'
            f'<b style="color:{strong}">{article.index + 1}</b> '
            f"{escape(_short(labels[article.index]))}</li>"
        )
    return '<ul class="sd-legend">' + "".join(items) + "</ul>"


def _method_section(name: str, cluster: ClusterSummary) -> str:
    labels = [article_label(a) for a in cluster.articles]
    merged = (
        f'<div class="sd-merged" data-method="{name}"><h4>Merged summary '
        f"<small>{cluster.merged.syllable_count} syllables</small></h4>"
        f"{_sentences(cluster.merged, labels)}{_legend(cluster, labels)}</div>"
    )
    cards = []
    for summary in cluster.per_article:
        pale, strong = colours(summary.article)
        cards.append(
            f'<div class="sd-article-summary" style="border-color:{strong}" '
            f'data-article="{summary.article + 1}">'
            f'<h5 style="background:{pale}"><b style="color:{strong}">{summary.article + 1}</b> '
            f"{escape(_short(labels[summary.article]))} "
            f"<small>{summary.syllable_count} syllables</small></h5>"
            f"{_sentences(summary, labels, own=summary.article)}</div>"
        )
    per_article = (
        f'<div class="sd-per-article"><h4>Per-article summaries '
        f"<small>{len(cards)} articles</small></h4>{''.join(cards)}</div>"
    )
    warnings = "".join(f'<p class="sd-warning">⚠ {escape(w)}</p>' for w in cluster.warnings)
    return (
        f'<section class="sd-method" data-method="{name}"><h3>{METHOD_LABELS[name]}</h3>'
        f'{warnings}<div class="sd-pair">{merged}{per_article}</div></section>'
    )


def notice_html(headline: str, details: str = "") -> str:
    """A warning box: one line to read, the full explanation folded under it."""
    more = f"<details><summary>Why, and how to fix it</summary>{escape(details)}</details>"
    return (
        f'<div class="sd-notice" role="status">⚠ {escape(headline)}{more if details else ""}</div>'
    )


def unavailable_section(name: str, message: str) -> str:
    return (
        f'<section class="sd-method sd-unavailable" data-method="{name}">'
        f"<h3>{METHOD_LABELS[name]}</h3>"
        f"{notice_html(f'{METHOD_LABELS[name]} is not available on this server.', message)}"
        "</section>"
    )


def results_html(run: RunResult) -> str:
    """Merged and per-article summaries of each method; two methods side by side."""
    sections = [_method_section(n, r) for n, r in run.results.items()]
    sections += [unavailable_section(n, m) for n, m in run.unavailable.items()]
    layout = "sd-both" if len(sections) > 1 else "sd-single"
    return f'<div class="sd-results {layout}">{"".join(sections)}</div>'


def model_notice_html(status: ModelStatus) -> str:
    """The banner about ViT5: a warning when it cannot be used, a note otherwise."""
    if status.state == "unavailable":
        return notice_html(
            "ViT5 is not available on this server (its weights could not be loaded); "
            "extractive summaries work as usual.",
            status.message,
        )
    return f'<div class="sd-note">{escape(status.message)}</div>'


def timings_html(run: RunResult) -> str:
    rows = "".join(
        f"<tr><td>{METHOD_LABELS[name]}</td>"
        + "".join(
            f"<td>{r.timings_ms.get(k, 0.0):,.0f}</td>" for k in ("prepare", "summarize", "total")
        )
        + "</tr>"
        for name, r in run.results.items()
    )
    return (
        '<table class="sd-table sd-timings"><thead><tr><th>Timings (ms)</th><th>prepare</th>'
        f"<th>summarize</th><th>total</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<p class="sd-muted">Whole request: {run.wall_ms:,.0f} ms.</p>'
    )


def removed_html(run: RunResult) -> str:
    """What the cleaner dropped from each article, with the rule that dropped it."""
    cluster = next(iter(run.results.values()))
    blocks = []
    for article in cluster.articles:
        _, strong = colours(article.index)
        head = (
            f'<h5><b style="color:{strong}">{article.index + 1}</b> '
            f"{escape(_short(article_label(article)))} "
            f"<small>{len(article.removed)} removed</small></h5>"
        )
        if not article.removed:
            blocks.append(head + '<p class="sd-muted">Nothing removed.</p>')
            continue
        rows = "".join(
            f"<tr><td>{r.line}</td><td><code>{escape(r.reason)}</code></td>"
            f'<td title="{escape(r.text, quote=True)}">{escape(_short(r.text, 240))}</td></tr>'
            for r in article.removed
        )
        blocks.append(
            head + '<table class="sd-table"><thead><tr><th>line</th><th>reason</th>'
            f"<th>text</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return '<div class="sd-removed">' + "".join(blocks) + "</div>"


def scores_html(scores: Mapping[str, Mapping[str, Any]]) -> str:
    """ROUGE P/R/F1 per method, then the signature that says how they were computed."""
    head = "".join(f'<th colspan="3">{label}</th>' for label in ROUGE_LABELS.values())
    sub = "<th>P</th><th>R</th><th>F1</th>" * len(ROUGE_LABELS)
    rows = "".join(
        f"<tr><td>{METHOD_LABELS.get(name, name)}</td>"
        + "".join(
            f"<td>{result[key][m] * 100:.2f}</td>"
            for key in ROUGE_LABELS
            for m in ("precision", "recall", "f1")
        )
        + "</tr>"
        for name, result in scores.items()
    )
    signatures = sorted({str(r["signature"]) for r in scores.values()})
    return (
        f'<table class="sd-table sd-scores"><thead><tr><th rowspan="2">merged summary</th>'
        f"{head}</tr><tr>{sub}</tr></thead><tbody>{rows}</tbody></table>"
        + "".join(
            f'<p class="sd-muted">Signature: <code>{escape(s)}</code></p>' for s in signatures
        )
    )


def input_summary(documents: Sequence[str], limits: Limits) -> str:
    """One line under the inputs: how many articles and characters, against the limits."""
    count, chars = len(documents), sum(len(d) for d in documents)
    line = (
        f"**{count}** article{'s' if count != 1 else ''}, **{chars:,}** characters "
        f"(limits: {limits.max_articles} articles, {limits.max_total_chars:,} characters)"
    )
    if count > limits.max_articles or chars > limits.max_total_chars:
        line += " — **over the limit**"
    return line
