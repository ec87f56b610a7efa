"""What ``summarize()`` and the loaders accept, and the one-line errors for what they refuse."""

from __future__ import annotations

import sys

import pytest

import summarizer
from summarizer.errors import FetchError, InvalidOptionError, MissingExtraError
from summarizer.extras import missing_extra_error, require
from summarizer.load import document_from_html, looks_like_html, split_articles
from tests.helpers import seed_texts
from tests.web_server import GAZA_PAGE, PAGES

SEEDS = seed_texts()


@pytest.mark.parametrize(
    ("documents", "message"),
    [
        (None, "documents must be a list of article texts, got None."),
        ({"a": SEEDS[0]}, "documents must be a list of article texts, got dict."),
        (SEEDS[0], "documents must be a list of article texts, got one string."),
        ({SEEDS[0]}, "documents must be a list of article texts, got set."),
        ((t for t in SEEDS), "documents must be a list of article texts, got generator."),
        ([SEEDS[0], SEEDS[1], 42], "documents[2] must be a string (an article's text), got int."),
        (
            [SEEDS[0], SEEDS[1].encode()],
            "documents[1] must be a string (an article's text), got bytes (decode it first).",
        ),
        ([SEEDS[0], None], "documents[1] must be a string (an article's text), got NoneType."),
    ],
)
def test_summarize_refuses_what_is_not_a_list_of_texts_naming_the_bad_item(documents, message):
    with pytest.raises(InvalidOptionError) as caught:
        summarizer.summarize(documents)
    assert str(caught.value) == message


def test_a_tuple_of_texts_is_a_cluster():
    result = summarizer.summarize(tuple(SEEDS[:2]), max_words=60)
    assert len(result.per_article) == 2 and "Tô Lâm" in result.merged.text


def test_separators_split_lines_of_equals_glued_equals_and_form_feeds():
    text = "Bài một nói về bão.===\nBài hai nói về lũ.\n  =====  \nBài ba.\fBài bốn.\n===\n"
    assert split_articles(text) == [
        "Bài một nói về bão.",
        "Bài hai nói về lũ.",
        "Bài ba.",
        "Bài bốn.",
    ]
    assert split_articles("Tỷ số 2 == 2 trong trận đấu.") == ["Tỷ số 2 == 2 trong trận đấu."]


def test_whole_web_pages_are_told_from_articles_with_a_tag_or_two():
    page = (PAGES / GAZA_PAGE).read_text(encoding="utf-8")
    assert looks_like_html(page) and looks_like_html("\ufeff  <html lang='vi'><body>")
    assert not looks_like_html("Hà Nội mưa to. <b>Cảnh báo</b> ngập lụt.")


def test_web_page_extraction_drops_ads_and_related_news_and_keeps_metadata():
    doc = document_from_html((PAGES / GAZA_PAGE).read_bytes(), GAZA_PAGE)
    assert doc.title == "Tổng Bí thư Tô Lâm sẽ dự cuộc họp Hội đồng Hòa bình về Gaza tại Mỹ"
    assert doc.outlet == "Báo Tin Nhanh"
    assert doc.published is not None and doc.published.startswith("2026-02-17T13:23")
    assert doc.text.startswith(doc.title)
    assert "Phó thủ tướng Bùi Thanh Sơn" in doc.text
    for noise in ("Quảng cáo", "Giá vàng", "Tin liên quan", "Đọc nhiều", "Giấy phép"):
        assert noise not in doc.text


def test_a_page_without_article_text_is_refused_by_name():
    with pytest.raises(summarizer.InputDecodeError, match=r"^trang\.html: no article text"):
        page = "<!DOCTYPE html><html><head><script>var a = 1;</script></head><body></body></html>"
        document_from_html(page, "trang.html")


def test_missing_extras_name_the_extra_to_install():
    error = missing_extra_error("--method vit5", ["torch", "transformers"])
    assert isinstance(error, ImportError) and isinstance(error, summarizer.SummarizerError)
    assert str(error) == (
        "--method vit5 needs torch, transformers: install the `vit5` extra: "
        "pip install 'vn-cluster-summarizer[vit5]'."
    )
    docx = missing_extra_error("export to .docx", ["docx"])
    assert str(docx).startswith("export to .docx needs python-docx: install the `demo` extra")
    require("the summary", ["json"])  # installed: nothing raised
    with pytest.raises(MissingExtraError, match=r"^the summary needs no_such_module_x: install"):
        require("the summary", ["json", "no_such_module_x"])


def test_fetch_errors_are_summarizer_errors():
    assert issubclass(FetchError, summarizer.SummarizerError)


@pytest.mark.parametrize("option", ["max_words", "article_max_words", "article_max_sentences"])
def test_a_bad_budget_is_refused_under_its_own_name(option):
    with pytest.raises(InvalidOptionError, match=f"^{option} must be a positive integer, got 0"):
        summarizer.summarize(SEEDS[:2], **{option: 0})


def test_vit5_without_its_libraries_names_the_extra_not_an_import(monkeypatch):
    for module in ("torch", "transformers"):
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    with pytest.raises(MissingExtraError, match=r"^ViT5 needs torch, transformers: .*\[vit5\]"):
        summarizer.Summarizer("vit5").summarize(SEEDS[:2])
