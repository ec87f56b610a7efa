"""HTML for the demo page: summaries coloured by source article, removals, timings, scores.

Pure functions of the result objects and a language (no Gradio), so they can be tested on
their own. Every piece of user or article text goes through :func:`html.escape`. Colours are
a hue per article in a CSS variable (``--sd-h``); the stylesheet picks pale backgrounds in
light mode and deep ones in dark mode, so text stays readable in both. Chip numbers are CSS
generated content, so copying or selecting a summary never picks them up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from summarizer_demo.i18n import library_message, number, published, reason, t
from summarizer_demo.service import DemoRun, Limits, ModelStatus
from summarizer_eval.comparable import check_comparable

from summarizer import ClusterSummary, PreparedArticle, Summary, SummarySentence

ROUGE_LABELS = {
    "rouge1": "ROUGE-1",
    "rouge2": "ROUGE-2",
    "rougeL": "ROUGE-L",
    "rougeLsum": "ROUGE-Lsum",
}
_GOLDEN_ANGLE = 137.508
_LABEL_CHARS = 90

Source = Mapping[str, Any]


def hue(article: int) -> int:
    """An article's hue; consecutive articles are spread by the golden angle."""
    return round((article * _GOLDEN_ANGLE + 200) % 360)


def _hue_style(article: int) -> str:
    return f' style="--sd-h:{hue(article)}"'


def method_label(name: str, lang: str) -> str:
    return t(lang, f"method_{name}")


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source(sources: Sequence[Source], index: int) -> Source:
    return sources[index] if index < len(sources) else {}


def article_title(article: PreparedArticle, source: Source | None, lang: str) -> str:
    """The page's title, else the cleaner's, else "Bài 3" — never a file name alone."""
    source = source or {}
    return source.get("title") or article.title or t(lang, "article_n", n=article.index + 1)


def article_details(article: PreparedArticle, source: Source | None, lang: str) -> str:
    """Outlet and publication time where known: ``Báo Tin Nhanh · 17/02/2026 13:23``."""
    source = source or {}
    when = published(source.get("published") or getattr(article, "published", None), lang)
    origin = source.get("outlet") or source.get("url") or source.get("name")
    return " · ".join(p for p in (origin, when) if p)


def labels_for(cluster: ClusterSummary, sources: Sequence[Source], lang: str) -> list[str]:
    return [article_title(a, _source(sources, a.index), lang) for a in cluster.articles]


def _chip(article: int, labels: Sequence[str]) -> str:
    title = escape(labels[article], quote=True) if article < len(labels) else ""
    return (
        f'<span class="sd-chip" data-n="{article + 1}"{_hue_style(article)} title="{title}"></span>'
    )


def _sentence(
    sentence: SummarySentence, labels: Sequence[str], lang: str, own: int | None = None
) -> str:
    """A sentence on its source article's colour, chips naming every article carrying it.

    Inside article ``own``'s card the colour would say nothing: the sentence stays plain
    and only the other articles carrying it get chips.
    """
    text = escape(sentence.text)
    articles = [a for a in sentence.articles if a >= 0]
    if not articles:
        return (
            f'<span class="sd-sent sd-unsourced" title="{escape(t(lang, "unsourced"))}">'
            f"{text}</span>"
        )
    tip = t(lang, "from_article", n=articles[0] + 1, label=labels[articles[0]])
    if len(articles) > 1:
        items = ", ".join(f"{a + 1}: {labels[a]}" for a in articles[1:])
        tip += t(lang, "also_in", items=items)
    chips = "".join(_chip(a, labels) for a in articles if a != own)
    chips = f'<sup class="sd-chips">{chips}</sup>' if chips else ""
    tinted = own is None
    classes = "sd-sent sd-tinted" if tinted else "sd-sent"
    style = _hue_style(articles[0]) if tinted else ""
    numbers = " ".join(str(a + 1) for a in articles)
    return (
        f'<span class="{classes}"{style} data-articles="{numbers}" '
        f'title="{escape(tip, quote=True)}">{text}{chips}</span>'
    )


def _sentences(summary: Summary, labels: Sequence[str], lang: str, own: int | None = None) -> str:
    if not summary.sentences:
        return f'<p class="sd-empty">{escape(t(lang, "no_summary"))}</p>'
    body = " ".join(_sentence(s, labels, lang, own) for s in summary.sentences)
    return f'<p class="sd-text">{body}</p>'


def _legend(
    cluster: ClusterSummary, labels: Sequence[str], sources: Sequence[Source], lang: str
) -> str:
    items = []
    for article in cluster.articles:
        details = article_details(article, _source(sources, article.index), lang)
        tip = labels[article.index] + (f" — {details}" if details else "")
        items.append(
            f'<li{_hue_style(article.index)} title="{escape(tip, quote=True)}">'
            f"<b>{article.index + 1}</b> {escape(_short(labels[article.index]))}</li>"
        )
    return '<ul class="sd-legend">' + "".join(items) + "</ul>"


def _card(
    cluster: ClusterSummary,
    summary: Summary,
    index: int,
    labels: Sequence[str],
    sources: Sequence[Source],
    lang: str,
) -> str:
    article = cluster.articles[index]
    details = article_details(article, _source(sources, index), lang)
    details_html = f'<span class="sd-details">{escape(details)}</span>' if details else ""
    copy = escape(t(lang, "copy_article", n=index + 1), quote=True)
    return (
        f'<div class="sd-article-summary" data-article="{index + 1}"{_hue_style(index)}>'
        f'<h5><b class="sd-num">{index + 1}</b> <span class="sd-title">'
        f"{escape(_short(labels[index]))}</span> {details_html}"
        f" <small>{escape(t(lang, 'n_syllables', n=summary.syllable_count))}</small>"
        f'<button type="button" class="sd-copy" title="{copy}" aria-label="{copy}">'
        f"{escape(t(lang, 'copy_button'))}</button></h5>"
        f"{_sentences(summary, labels, lang, own=index)}</div>"
    )


def _method_section(
    name: str, cluster: ClusterSummary, sources: Sequence[Source], lang: str
) -> str:
    labels = labels_for(cluster, sources, lang)
    merged = (
        f'<div class="sd-merged" data-method="{name}"><h4>{escape(t(lang, "merged_heading"))} '
        f"<small>{escape(t(lang, 'n_syllables', n=cluster.merged.syllable_count))}</small></h4>"
        f"{_sentences(cluster.merged, labels, lang)}{_legend(cluster, labels, sources, lang)}</div>"
    )
    cards = "".join(
        _card(cluster, s, s.article, labels, sources, lang) for s in cluster.per_article
    )
    count = t(lang, "n_articles", n=len(cluster.per_article))
    per_article = (
        f'<div class="sd-per-article"><h4>{escape(t(lang, "per_article_heading"))} '
        f"<small>{escape(count)}</small></h4>{cards}</div>"
    )
    warnings = "".join(
        f'<p class="sd-warning">⚠ {escape(library_message(w, lang))}</p>' for w in cluster.warnings
    )
    return (
        f'<section class="sd-method" data-method="{name}">'
        f"<h3>{escape(method_label(name, lang))}</h3>"
        f'{warnings}<div class="sd-pair">{merged}{per_article}</div></section>'
    )


def notice_html(message: str) -> str:
    """A warning box of one short line."""
    return f'<div class="sd-notice" role="status">⚠ {escape(message)}</div>'


def unavailable_section(name: str, lang: str) -> str:
    label = method_label(name, lang)
    return (
        f'<section class="sd-method sd-unavailable" data-method="{name}">'
        f"<h3>{escape(label)}</h3>{notice_html(t(lang, 'unavailable', method=label))}</section>"
    )


def results_html(run: DemoRun | None, lang: str) -> str:
    """Merged and per-article summaries of each method; two methods side by side."""
    if run is None:
        return ""
    sections = [_method_section(n, r, run.sources, lang) for n, r in run.results.items()]
    sections += [unavailable_section(n, lang) for n in run.unavailable]
    layout = "sd-both" if len(sections) > 1 else "sd-single"
    return f'<div class="sd-results {layout}" lang="{lang}">{"".join(sections)}</div>'


def model_notice_html(status: ModelStatus, lang: str) -> str:
    """The banner about ViT5: a short warning when it cannot be used, a note otherwise."""
    if status.state == "unavailable":
        return notice_html(t(lang, "vit5_unavailable_notice"))
    return f'<div class="sd-note">{escape(t(lang, f"vit5_{status.state}"))}</div>'


def timings_html(run: DemoRun | None, lang: str) -> str:
    if run is None:
        return ""
    keys = ("prepare", "summarize", "total")
    rows = "".join(
        f"<tr><td>{escape(method_label(name, lang))}</td>"
        + "".join(f"<td>{number(r.timings_ms.get(k, 0.0), lang)}</td>" for k in keys)
        + "</tr>"
        for name, r in run.results.items()
    )
    heads = "".join(f"<th>{escape(t(lang, f'timing_{k}'))}</th>" for k in keys)
    return (
        f'<div class="sd-scroll"><table class="sd-table sd-timings"><thead><tr>'
        f"<th>{escape(t(lang, 'timings_heading'))}</th>{heads}</tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
        f'<p class="sd-muted">{escape(t(lang, "whole_request", ms=number(run.wall_ms, lang)))}</p>'
    )


def removed_html(run: DemoRun | None, lang: str) -> str:
    """What the cleaner dropped from each article, with the rule that dropped it."""
    if run is None or not run.results:
        return f'<p class="sd-muted">{escape(t(lang, "removed_placeholder"))}</p>'
    cluster = next(iter(run.results.values()))
    labels = labels_for(cluster, run.sources, lang)
    blocks = []
    for article in cluster.articles:
        head = (
            f'<h5{_hue_style(article.index)}><b class="sd-num">{article.index + 1}</b> '
            f"{escape(_short(labels[article.index]))} "
            f"<small>{escape(t(lang, 'n_removed', n=len(article.removed)))}</small></h5>"
        )
        if not article.removed:
            blocks.append(head + f'<p class="sd-muted">{escape(t(lang, "nothing_removed"))}</p>')
            continue
        rows = "".join(
            f"<tr><td>{r.line + 1}</td><td>{escape(reason(r.reason, lang))}</td>"
            f'<td title="{escape(r.text, quote=True)}">'
            f"{escape(_short(_removed_text(r.reason, r.text, lang), 240))}</td></tr>"
            for r in article.removed
        )
        blocks.append(
            head + f'<table class="sd-table sd-removed-table"><thead><tr>'
            f"<th>{escape(t(lang, 'col_line'))}</th><th>{escape(t(lang, 'col_reason'))}</th>"
            f"<th>{escape(t(lang, 'col_text'))}</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return '<div class="sd-removed">' + "".join(blocks) + "</div>"


def _removed_text(code: str, text: str, lang: str) -> str:
    """The removed text; the cleaner's own summary of stripped markup is a reason, worded."""
    return reason(code, lang) if code == "html-markup" else text


def scores_html(scores: Mapping[str, Mapping[str, Any]] | None, lang: str) -> str:
    """ROUGE P/R/F1 per method, then the signature that says how they were computed."""
    if not scores:
        return ""
    head = "".join(f'<th colspan="3">{label}</th>' for label in ROUGE_LABELS.values())
    sub = "<th>P</th><th>R</th><th>F1</th>" * len(ROUGE_LABELS)
    decimal = "," if lang == "vi" else "."
    rows = "".join(
        f"<tr><td>{escape(method_label(name, lang))}</td>"
        + "".join(
            f"<td>{result[key][m] * 100:.2f}</td>".replace(".", decimal)
            for key in ROUGE_LABELS
            for m in ("precision", "recall", "f1")
        )
        + "</tr>"
        for name, result in scores.items()
    )
    signature = _one_signature([str(r["signature"]) for r in scores.values()])
    return (
        f'<div class="sd-scroll"><table class="sd-table sd-scores"><thead><tr>'
        f'<th rowspan="2">{escape(t(lang, "scores_heading"))}</th>'
        f"{head}</tr><tr>{sub}</tr></thead><tbody>{rows}</tbody></table></div>"
        + f'<p class="sd-muted sd-signature">{escape(t(lang, "signature"))}: '
        f"<code>{escape(signature)}</code></p>"
    )


def _one_signature(signatures: Sequence[str]) -> str:
    """The table's one signature: rows computed with other settings are refused, not shown."""
    first, *others = signatures
    for other in others:
        check_comparable(first, other)
    return first


def input_summary(count: int, chars: int, url_count: int, limits: Limits, lang: str) -> str:
    """One line under the inputs: how many articles and characters, against the limits."""
    line = t(
        lang,
        "input_info",
        count=count,
        chars=chars,
        max_articles=limits.max_articles,
        max_chars=limits.max_total_chars,
    )
    if url_count:
        line += t(lang, "input_urls", count=url_count)
    if count + url_count > limits.max_articles or chars > limits.max_total_chars:
        line += t(lang, "over_limit")
    return line


def uploads_html(names: Sequence[str], lang: str) -> str:
    if not names:
        return f'<p class="sd-muted">{escape(t(lang, "uploads_none"))}</p>'
    items = "".join(f"<li>{escape(n)}</li>" for n in names)
    heading = f'<p class="sd-muted">{escape(t(lang, "uploads_some"))}:</p>'
    return f'{heading}<ul class="sd-files">{items}</ul>'


def stale_html(stale: bool, lang: str) -> str:
    """The marker over results whose inputs have changed since; empty when they match."""
    if not stale:
        return ""
    return f'<div class="sd-stale-note" role="status">⟳ {escape(t(lang, "stale"))}</div>'
