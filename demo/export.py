"""The edited merged summary as a file an editor can send on: .txt, .md or .docx.

Each export holds the summary exactly as edited in the page, a line saying how it was made,
the sources (title, outlet, time, address or file) and each article's own summary.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from summarizer_demo.i18n import t
from summarizer_demo.render import article_details, article_title, method_label
from summarizer_demo.service import DemoInputError, DemoRun

from summarizer.extras import require
from summarizer.tokenize import count_syllables

FORMATS = ("txt", "md", "docx")
EXPORT_DIR = Path(tempfile.gettempdir()) / "summarizer-demo-exports"
KEEP_S = 3600.0  # exported files are deleted after an hour
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@dataclass(frozen=True)
class ExportDocument:
    """What goes into every format, already worded in the page's language."""

    lang: str
    title: str
    meta: str
    summary: str
    sources: list[str]
    links: list[str | None]
    articles: list[tuple[str, str]]


def build(run: DemoRun, method: str, text: str, lang: str) -> ExportDocument:
    """The export of ``method``'s merged summary as edited (``text``)."""
    cluster = run.results.get(method)
    if cluster is None or not text.strip():
        raise DemoInputError("nothing_to_export")
    summary = text.strip()
    title = t(lang, "export_title")
    if summary != cluster.merged.text.strip():
        title += f" ({t(lang, 'export_edited')})"
    meta = t(
        lang,
        "export_meta",
        method=method_label(method, lang),
        count=len(cluster.articles),
        syllables=count_syllables(summary),
        when=datetime.now().strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M"),
    )
    sources, links = [], []
    for article in cluster.articles:
        source = run.sources[article.index] if article.index < len(run.sources) else {}
        line = article_title(article, source, lang)
        details = article_details(article, {**source, "url": None}, lang)
        sources.append(line + (f" — {details}" if details else ""))
        links.append(source.get("url"))
    articles = [
        (article_title(cluster.articles[s.article], _source(run, s.article), lang), s.text)
        for s in cluster.per_article
    ]
    return ExportDocument(lang, title, meta, summary, sources, links, articles)


def _source(run: DemoRun, index: int) -> dict:
    return run.sources[index] if index < len(run.sources) else {}


def to_text(doc: ExportDocument) -> str:
    lines = [doc.title, doc.meta, "", doc.summary, "", t(doc.lang, "export_sources")]
    for number, (source, link) in enumerate(zip(doc.sources, doc.links, strict=True), start=1):
        lines.append(f"{number}. {source}" + (f" — {link}" if link else ""))
    if doc.articles:
        lines += ["", t(doc.lang, "export_articles")]
        for number, (label, summary) in enumerate(doc.articles, start=1):
            lines += ["", f"{number}. {label}", summary]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text that Markdown shows as written (no accidental emphasis, links or headings)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([#+-]|\d+\.)(\s)", r"\1\\\2\3", escaped, flags=re.MULTILINE)


def to_markdown(doc: ExportDocument) -> str:
    lines = [f"# {_md(doc.title)}", "", f"_{_md(doc.meta)}_", "", _md(doc.summary), ""]
    lines += [f"## {t(doc.lang, 'export_sources')}", ""]
    for number, (source, link) in enumerate(zip(doc.sources, doc.links, strict=True), start=1):
        lines.append(f"{number}. {_md(source)}" + (f" — <{link}>" if link else ""))
    if doc.articles:
        lines += ["", f"## {t(doc.lang, 'export_articles')}"]
        for number, (label, summary) in enumerate(doc.articles, start=1):
            lines += ["", f"### {number}. {_md(label)}", "", _md(summary)]
    return "\n".join(lines) + "\n"


def to_docx(doc: ExportDocument, path: Path) -> None:
    """A Word document with headings, the summary's paragraphs and numbered sources."""
    require("export to .docx", ["docx"])
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = Document()
    document.core_properties.title = doc.title
    document.core_properties.language = "vi-VN" if doc.lang == "vi" else "en-US"
    normal = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), document.core_properties.language)
    normal.append(language)  # spelling checked in the right language
    document.add_heading(doc.title, level=1)
    document.add_paragraph().add_run(doc.meta).italic = True
    for paragraph in doc.summary.split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    document.add_heading(t(doc.lang, "export_sources"), level=2)
    for source, link in zip(doc.sources, doc.links, strict=True):
        document.add_paragraph(source + (f" — {link}" if link else ""), style="List Number")
    if doc.articles:
        document.add_heading(t(doc.lang, "export_articles"), level=2)
        for number, (label, summary) in enumerate(doc.articles, start=1):
            document.add_heading(f"{number}. {label}", level=3)
            document.add_paragraph(summary)
    document.save(str(path))


def _prune(folder: Path) -> None:
    """Delete exports older than :data:`KEEP_S`: a long-running server must not fill its disk."""
    cutoff = time.time() - KEEP_S
    for old in folder.glob("*"):
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)


def write_export(
    run: DemoRun | None, method: str, text: str, fmt: str, lang: str, folder: Path = EXPORT_DIR
) -> Path:
    """Write the export in ``fmt`` to a fresh folder; returns the file's path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    if run is None:
        raise DemoInputError("nothing_to_export")
    doc = build(run, method, text or "", lang)
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder)
    target = folder / uuid.uuid4().hex
    target.mkdir()
    path = target / f"{t(lang, 'export_filename')}-{datetime.now():%Y%m%d-%H%M}.{fmt}"
    if fmt == "docx":
        to_docx(doc, path)
    else:
        path.write_text(to_text(doc) if fmt == "txt" else to_markdown(doc), encoding="utf-8")
    return path
