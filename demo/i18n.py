"""Every word the page shows, in Vietnamese (the default) and English.

Messages are looked up by key (:func:`t`); removal reasons stay codes in the library and are
named here (:func:`reason`); the library's English warnings and errors are matched by shape
and translated (:func:`library_message`), falling back to the original text for any shape
this table does not know yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from summarizer.render import format_published

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

MESSAGES: dict[str, dict[str, str]] = {
    "vi": {
        "page_title": "Tóm tắt cụm tin tức tiếng Việt",
        "intro": (
            "# Tóm tắt cụm tin tức tiếng Việt\n"
            "Đưa vào nhiều bài báo về **cùng một sự kiện** (dán văn bản, nhập địa chỉ URL "
            "hoặc tải tệp .txt/.html) rồi bấm **Tóm tắt**. Bạn nhận được một **bản tóm tắt "
            "tổng hợp** cả cụm — mỗi câu tô màu theo bài gốc, các số nhỏ chỉ mọi bài cùng "
            "đưa tin đó — và **bản tóm tắt của từng bài**. Bản tổng hợp sửa được, sao chép "
            "và xuất ra .txt, .md, .docx."
        ),
        "lang_label": "Ngôn ngữ / Language",
        "articles_label": "Bài báo — ngăn cách các bài bằng một dòng chỉ có ===",
        "articles_placeholder": "Bài thứ nhất…\n\n===\n\nBài thứ hai…",
        "urls_label": "Địa chỉ bài báo (URL) — mỗi dòng một địa chỉ",
        "urls_placeholder": "https://…",
        "upload_button": "Tải lên tệp .txt hoặc .html",
        "clear_uploads": "Bỏ các tệp đã tải",
        "uploads_none": "Chưa tải tệp nào.",
        "uploads_some": "Tệp đã tải",
        "example_button": "Nạp cụm bài mẫu (5 bài)",
        "confirm_replace": "Thay nội dung bạn đã nhập bằng cụm bài mẫu?",
        "method_label": "Phương pháp",
        "method_extractive": "Trích xuất",
        "method_vit5": "ViT5 (tóm lược)",
        "method_both": "Cả hai, đặt cạnh nhau",
        "max_words_label": "Độ dài bản tóm tắt tổng hợp (âm tiết)",
        "article_words_label": "Độ dài tóm tắt từng bài (âm tiết)",
        "run_button": "Tóm tắt",
        "running_button": "Đang tóm tắt…",
        "input_info": "**{count}** bài, **{chars}** ký tự (giới hạn: {max_articles} bài, "
        "{max_chars} ký tự)",
        "input_urls": " · **{count}** địa chỉ URL, tải về khi bấm Tóm tắt",
        "over_limit": " — **vượt giới hạn**",
        "stale": "Kết quả bên dưới ứng với dữ liệu trước khi bạn thay đổi. "
        "Bấm Tóm tắt để cập nhật.",
        "editor_heading": "### Biên tập và xuất",
        "editor_label": "Bản tóm tắt tổng hợp — sửa được; sao chép và xuất dùng đúng nội dung này",
        "editor_placeholder": "Bấm Tóm tắt để có bản tóm tắt.",
        "edit_method_label": "Bản tóm tắt của phương pháp",
        "copy_button": "Sao chép",
        "copied": "Đã sao chép",
        "copy_failed": "Không sao chép được; hãy chọn văn bản rồi nhấn Ctrl+C.",
        "export_txt": "Xuất .txt",
        "export_md": "Xuất .md",
        "export_docx": "Xuất .docx",
        "export_file_label": "Tệp vừa xuất",
        "removed_accordion": "Những gì bộ lọc đã loại bỏ (nhiễu trang web)",
        "removed_placeholder": "Tóm tắt xong, các dòng bị loại bỏ sẽ hiện ở đây.",
        "score_accordion": "Chấm điểm với bản tóm tắt tham chiếu (ROUGE)",
        "reference_label": "Bản tóm tắt tham chiếu (nhiều bản: ngăn cách bằng dòng ===)",
        "tokenizer_label": "Đơn vị so khớp ROUGE",
        "score_button": "Chấm điểm bản tóm tắt tổng hợp",
        "json_accordion": "Kết quả dạng JSON (như /summarize trả về)",
        "script_accordion": "Dùng từ script",
        "api_help": (
            "Mọi kết quả ở đây cũng là một dịch vụ. Với `gradio_client` "
            "(`pip install gradio_client`):\n\n```python\n{client}\n```\n\n"
            "Qua HTTP (hai bước: bắt đầu một lượt gọi, rồi đọc kết quả dạng server-sent "
            "events):\n\n```bash\n{curl}\n```\n\n"
            "Danh sách đầy đủ các endpoint và tham số: [trang API]({url}?view=api). "
            "Thông báo lỗi của API bằng tiếng Anh, ổn định cho script."
        ),
        "merged_heading": "Bản tóm tắt tổng hợp",
        "per_article_heading": "Tóm tắt từng bài",
        "n_syllables": "{n} âm tiết",
        "n_articles": "{n} bài",
        "no_summary": "(không có tóm tắt: bài không còn nội dung)",
        "unsourced": "Không có câu gần giống trong các bài",
        "from_article": "Từ bài {n}: {label}",
        "also_in": "; cũng có trong {items}",
        "article_n": "Bài {n}",
        "copy_article": "Sao chép tóm tắt bài {n}",
        "unavailable": "{method} chưa dùng được trên máy chủ này.",
        "vit5_unavailable_notice": "ViT5 chưa sẵn sàng trên máy chủ này; "
        "tóm tắt trích xuất vẫn dùng bình thường.",
        "vit5_loading": "Đang nạp ViT5…",
        "vit5_ready": "ViT5 đã sẵn sàng.",
        "vit5_unchecked": "ViT5 sẽ được nạp khi dùng lần đầu.",
        "timings_heading": "Thời gian (ms)",
        "timing_prepare": "chuẩn bị",
        "timing_summarize": "tóm tắt",
        "timing_total": "tổng",
        "whole_request": "Cả yêu cầu: {ms} ms.",
        "n_removed": "{n} dòng bị loại",
        "nothing_removed": "Không loại bỏ gì.",
        "col_line": "dòng",
        "col_reason": "lý do",
        "col_text": "nội dung",
        "scores_heading": "bản tóm tắt tổng hợp",
        "signature": "Chữ ký thiết lập",
        "export_title": "Bản tóm tắt tổng hợp",
        "export_edited": "đã biên tập",
        "export_meta": "Phương pháp: {method} · {count} bài · {syllables} âm tiết · {when}",
        "export_sources": "Nguồn",
        "export_articles": "Tóm tắt từng bài",
        "export_filename": "tom-tat",
        "error_title": "Lỗi",
        # errors (DemoInputError keys)
        "no_articles": "Chưa có bài nào: dán bài báo (ngăn cách bằng dòng ===), nhập địa chỉ "
        "URL, tải tệp .txt/.html, hoặc nạp cụm bài mẫu.",
        "not_a_list": "Danh sách bài phải là một danh sách văn bản, không phải {kind}.",
        "not_a_string": "Bài số {number} không phải văn bản (nhận được {kind}).",
        "too_many": "Quá nhiều bài: {count} bài, giới hạn là {limit}. Bỏ bớt bài rồi thử lại.",
        "too_long": "Văn bản quá dài: tổng cộng {total} ký tự, giới hạn là {limit}. "
        "Bỏ bớt hoặc rút ngắn bài rồi thử lại.",
        "not_utf8": "{name} không phải tệp văn bản UTF-8; chỉ tóm tắt được bài dạng văn bản "
        "UTF-8 (.txt) hoặc trang web (.html). Hãy lưu lại dưới dạng UTF-8 rồi tải lên lại.",
        "unreadable": "Không đọc được tệp {name}.",
        "no_page_text": "{name}: không tìm thấy nội dung bài báo trong trang web này.",
        "bad_url": "{url} không phải địa chỉ http:// hoặc https://.",
        "urls_disabled": "Máy chủ này không tải bài từ địa chỉ URL; hãy dán nội dung bài.",
        "fetch_timeout": "Không tải được {url}: không có phản hồi sau {seconds} giây.",
        "fetch_http": "Không tải được {url}: máy chủ trả về lỗi HTTP {status}.",
        "fetch_connect": "Không tải được {url}: không kết nối được tới máy chủ.",
        "fetch_not_html": "Không tải được {url}: đây không phải trang web ({detail}).",
        "fetch_too_big": "Không tải được {url}: trang quá lớn.",
        "fetch_other": "Không tải được {url}.",
        "html_missing": "Máy chủ chưa cài thành phần đọc trang web (gói html).",
        "bad_method": "Phương pháp phải là một trong: {choices}; nhận được {value}.",
        "bad_length": "{name} phải là số nguyên từ {low} đến {high} âm tiết, nhận được {value}.",
        "vit5_unavailable": "ViT5 chưa sẵn sàng trên máy chủ này. Hãy chọn Trích xuất.",
        "no_reference": "Hãy dán một bản tóm tắt tham chiếu để chấm điểm.",
        "no_prediction": "Chưa có bản tóm tắt để chấm điểm: hãy tóm tắt trước.",
        "bad_tokenizer": "Đơn vị so khớp phải là một trong: {choices}; nhận được {value}.",
        "nothing_to_export": "Chưa có bản tóm tắt để xuất: hãy bấm Tóm tắt trước.",
        "bad_env": "{name} phải là số nguyên dương, nhận được {value}.",
        "internal": "Lỗi nội bộ ({kind}); nhật ký máy chủ có chi tiết.",
        # the library's messages, by shape (see LIBRARY_PATTERNS)
        "lib_no_documents": "Chưa có bài nào: hãy đưa vào ít nhất một bài.",
        "lib_no_text": "Không có văn bản để tóm tắt: hãy đưa vào ít nhất một bài có nội dung.",
        "lib_only_noise": "Sau khi lọc không còn nội dung bài: các văn bản chỉ gồm nhiễu "
        "trang web{reasons}.",
        "lib_empty": "Bài {n} trống nên đã được bỏ qua.",
        "lib_no_story": "Bài {n} không còn nội dung sau khi lọc nhiễu nên đã được bỏ qua.",
        "lib_not_vietnamese": "Bài {n} có vẻ không phải tiếng Việt; bản tóm tắt có thể kém.",
    },
    "en": {
        "page_title": "Vietnamese news cluster summarizer",
        "intro": (
            "# Vietnamese news cluster summarizer\n"
            "Give several articles about **one event** (paste text, enter URLs or upload "
            ".txt/.html files), then press **Summarize**. You get one **merged summary** of "
            "the cluster — each sentence coloured by its source article, the small numbers "
            "naming every article that reports it — and a **summary of each article**. The "
            "merged summary can be edited, copied and exported as .txt, .md or .docx."
        ),
        "lang_label": "Ngôn ngữ / Language",
        "articles_label": "Articles — separate articles with a line holding only ===",
        "articles_placeholder": "First article…\n\n===\n\nSecond article…",
        "urls_label": "Article addresses (URLs) — one per line",
        "urls_placeholder": "https://…",
        "upload_button": "Upload .txt or .html files",
        "clear_uploads": "Remove uploaded files",
        "uploads_none": "No files uploaded.",
        "uploads_some": "Uploaded files",
        "example_button": "Load the example cluster (5 articles)",
        "confirm_replace": "Replace what you typed with the example cluster?",
        "method_label": "Method",
        "method_extractive": "Extractive",
        "method_vit5": "ViT5 (abstractive)",
        "method_both": "Both, side by side",
        "max_words_label": "Merged summary length (syllables)",
        "article_words_label": "Per-article summary length (syllables)",
        "run_button": "Summarize",
        "running_button": "Summarizing…",
        "input_info": "**{count}** article(s), **{chars}** characters (limits: {max_articles} "
        "articles, {max_chars} characters)",
        "input_urls": " · **{count}** URL(s), fetched when you press Summarize",
        "over_limit": " — **over the limit**",
        "stale": "The results below are for the inputs before your changes. "
        "Press Summarize to update them.",
        "editor_heading": "### Edit and export",
        "editor_label": "Merged summary — editable; copy and export use exactly this text",
        "editor_placeholder": "Press Summarize to get a summary.",
        "edit_method_label": "Summary of method",
        "copy_button": "Copy",
        "copied": "Copied",
        "copy_failed": "Could not copy; select the text and press Ctrl+C.",
        "export_txt": "Export .txt",
        "export_md": "Export .md",
        "export_docx": "Export .docx",
        "export_file_label": "Exported file",
        "removed_accordion": "What the cleaner removed as noise",
        "removed_placeholder": "Run a summary to see the removed lines.",
        "score_accordion": "Score against a reference summary (ROUGE)",
        "reference_label": "Reference summary (several: separated by a line holding only ===)",
        "tokenizer_label": "ROUGE tokens",
        "score_button": "Score the merged summary",
        "json_accordion": "Result as JSON (what /summarize returns)",
        "script_accordion": "Use it from a script",
        "api_help": (
            "Every result here is also a service. With `gradio_client` "
            "(`pip install gradio_client`):\n\n```python\n{client}\n```\n\n"
            "Over HTTP (two steps: start a call, then read its result as server-sent "
            "events):\n\n```bash\n{curl}\n```\n\n"
            "All endpoints and parameters: [API page]({url}?view=api). API error messages "
            "are in English, stable for scripts."
        ),
        "merged_heading": "Merged summary",
        "per_article_heading": "Per-article summaries",
        "n_syllables": "{n} syllables",
        "n_articles": "{n} articles",
        "no_summary": "(no summary: no story text)",
        "unsourced": "No close sentence in the articles",
        "from_article": "From article {n}: {label}",
        "also_in": "; also in {items}",
        "article_n": "Article {n}",
        "copy_article": "Copy the summary of article {n}",
        "unavailable": "{method} is not available on this server.",
        "vit5_unavailable_notice": "ViT5 is not available on this server; extractive "
        "summaries work as usual.",
        "vit5_loading": "Loading ViT5…",
        "vit5_ready": "ViT5 is ready.",
        "vit5_unchecked": "ViT5 loads on first use.",
        "timings_heading": "Timings (ms)",
        "timing_prepare": "prepare",
        "timing_summarize": "summarize",
        "timing_total": "total",
        "whole_request": "Whole request: {ms} ms.",
        "n_removed": "{n} removed",
        "nothing_removed": "Nothing removed.",
        "col_line": "line",
        "col_reason": "reason",
        "col_text": "text",
        "scores_heading": "merged summary",
        "signature": "Signature",
        "export_title": "Merged summary",
        "export_edited": "edited",
        "export_meta": "Method: {method} · {count} articles · {syllables} syllables · {when}",
        "export_sources": "Sources",
        "export_articles": "Summary of each article",
        "export_filename": "summary",
        "error_title": "Error",
        "no_articles": "No articles yet: paste articles (separated by a line holding only "
        "===), enter URLs, upload .txt/.html files, or load the example cluster.",
        "not_a_list": "articles must be a list of article texts, not {kind}.",
        "not_a_string": "articles[{index}] must be a string (an article's text), got {kind}.",
        "too_many": "Too many articles: {count} given, the limit is {limit}. "
        "Remove some articles and try again.",
        "too_long": "The articles are too long: {total} characters in total, the limit is "
        "{limit}. Remove or shorten some articles and try again.",
        "not_utf8": "{name} is not a UTF-8 text file; only plain-text (.txt) articles in UTF-8 "
        "or web pages (.html) can be summarized. Save it as UTF-8 text and upload it again.",
        "unreadable": "{name}: the upload could not be read.",
        "no_page_text": "{name}: no article text found in this web page.",
        "bad_url": "{url} is not an http:// or https:// address.",
        "urls_disabled": "This server does not fetch articles from URLs; paste their text.",
        "fetch_timeout": "Could not fetch {url}: no answer within {seconds} s.",
        "fetch_http": "Could not fetch {url}: the server answered HTTP {status}.",
        "fetch_connect": "Could not fetch {url}: cannot connect to the server.",
        "fetch_not_html": "Could not fetch {url}: not a web page ({detail}).",
        "fetch_too_big": "Could not fetch {url}: the page is too large.",
        "fetch_other": "Could not fetch {url}.",
        "html_missing": "This server cannot read web pages (the html extra is not installed).",
        "bad_method": "method must be one of {choices}, got {value}.",
        "bad_length": "{name} must be a whole number between {low} and {high} syllables, "
        "got {value}.",
        "vit5_unavailable": "ViT5 is not available on this server. Choose Extractive.",
        "no_reference": "Paste a reference summary to score against.",
        "no_prediction": "There is no summary to score: give a non-empty prediction.",
        "bad_tokenizer": "tokenizer must be one of {choices}, got {value}.",
        "nothing_to_export": "There is no summary to export yet: press Summarize first.",
        "bad_env": "{name} must be a positive integer, got {value}.",
        "internal": "Internal error ({kind}); the server log has the details.",
        "lib_no_documents": "No documents given: give at least one article.",
        "lib_no_text": "No text to summarize: give at least one non-empty article.",
        "lib_only_noise": "No story text left after cleaning: the documents hold only web "
        "noise{reasons}.",
        "lib_empty": "Article {n} is empty; it was left out.",
        "lib_no_story": "Article {n} has no story text after cleaning; it was left out.",
        "lib_not_vietnamese": "Article {n} does not look like Vietnamese; the summary may be poor.",
    },
}

# Removal reasons: the library's codes, named for people.
REASONS: dict[str, dict[str, str]] = {
    "date-prefix": {"vi": "tiền tố ngày tháng", "en": "date prefix"},
    "outlet-tag": {"vi": "tên báo đầu bài", "en": "outlet tag"},
    "media-player": {"vi": "phần thừa của trình phát video", "en": "media player residue"},
    "no-letters": {"vi": "dòng không có chữ", "en": "line without letters"},
    "image-file": {"vi": "tên tệp ảnh", "en": "image file name"},
    "byline-timestamp": {"vi": "tác giả, thời gian đăng", "en": "byline or timestamp"},
    "photo-credit": {"vi": "nguồn ảnh", "en": "photo credit"},
    "photo-caption": {"vi": "chú thích ảnh", "en": "photo caption"},
    "section-label": {"vi": "tên chuyên mục", "en": "section label"},
    "source-credit": {"vi": "ghi nguồn", "en": "source credit"},
    "html-markup": {"vi": "thẻ HTML, script, chú thích hình", "en": "HTML tags, scripts, figures"},
    "duplicate-line": {"vi": "dòng lặp lại", "en": "repeated line"},
    "off-topic-teaser": {"vi": "tin liên quan khác chủ đề", "en": "unrelated news teaser"},
}


def normalize_lang(value: object) -> str:
    """``vi`` or ``en`` from a query parameter or a toggle (``en-US`` → ``en``); else ``vi``."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGS else DEFAULT_LANG


def number(value: float, lang: str) -> str:
    """Thousands grouped the local way: 500.000 in Vietnamese, 500,000 in English."""
    text = f"{value:,.0f}"
    return text.replace(",", ".") if lang == "vi" else text


def t(lang: str, key: str, **params: Any) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in (numbers grouped)."""
    template = MESSAGES[normalize_lang(lang)][key]
    values = {
        k: number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v
        for k, v in params.items()
    }
    return template.format(**values) if values else template


def reason(code: str, lang: str) -> str:
    """A removal reason for people; an unknown code is shown as it is."""
    names = REASONS.get(code)
    return names[normalize_lang(lang)] if names else code


def published(value: object, lang: str) -> str | None:
    """A publication time as people write it: 17/02/2026 13:23 in Vietnamese."""
    return format_published(value, day_first=normalize_lang(lang) == "vi")


def _reasons_suffix(match: re.Match[str], lang: str) -> dict[str, str]:
    codes = [c.strip() for c in (match.group("reasons") or "").split(",") if c.strip()]
    return {"reasons": f" ({', '.join(reason(c, lang) for c in codes)})" if codes else ""}


# The library's user-facing messages, by shape: (pattern, key, params from the match).
LIBRARY_PATTERNS: list[tuple[re.Pattern[str], str, Callable[[re.Match[str], str], dict]]] = [
    (re.compile(r"^No documents given\b"), "lib_no_documents", lambda m, lang: {}),
    (re.compile(r"^No text to summarize\b"), "lib_no_text", lambda m, lang: {}),
    (
        re.compile(r"^No story text left after cleaning\b.*?(?:\((?P<reasons>[^)]*)\))?\.?$"),
        "lib_only_noise",
        _reasons_suffix,
    ),
    (re.compile(r"^Document (\d+)\b.* is empty\b"), "lib_empty", lambda m, lang: {"n": m[1]}),
    (
        re.compile(r"^Document (\d+)\b.* has no story text after cleaning\b"),
        "lib_no_story",
        lambda m, lang: {"n": m[1]},
    ),
    (
        re.compile(r"^Document (\d+)\b.* does not look like Vietnamese\b"),
        "lib_not_vietnamese",
        lambda m, lang: {"n": m[1]},
    ),
]


def library_message(message: str, lang: str) -> str:
    """A warning or error of the summarizer library in ``lang``; unknown shapes unchanged."""
    for pattern, key, params in LIBRARY_PATTERNS:
        match = pattern.search(message)
        if match:
            return t(lang, key, **params(match, lang))
    return message
