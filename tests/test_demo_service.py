"""The demo's service, words and HTML, without a server: validation, inputs from text, files
and web pages, summaries, sources, translations and scores."""

from __future__ import annotations

import re
import time
from html import unescape
from pathlib import Path

import pytest
from summarizer_demo import render
from summarizer_demo.i18n import MESSAGES, REASONS, library_message, normalize_lang, t
from summarizer_demo.service import (
    DemoInputError,
    DemoService,
    Limits,
    read_upload,
    score,
    seed_example,
    split_pasted,
)

import summarizer
from tests.helpers import REPO, seed_texts
from tests.web_server import CLOSING_PAGE, GAZA_PAGE, PAGES, serving_pages, silent_server

SEEDS = seed_texts()
TINTED = re.compile(r'<span class="sd-sent sd-tinted" style="--sd-h:(\d+)" data-articles="([^"]*)"')


@pytest.fixture(scope="module")
def offline_service(tmp_path_factory: pytest.TempPathFactory) -> DemoService:
    """ViT5 pointed at a checkpoint directory that does not exist: unavailable, at once."""
    missing = tmp_path_factory.mktemp("models") / "no-such-checkpoint"
    return DemoService(
        limits=Limits(max_articles=6, max_total_chars=60_000),
        vit5_model=str(missing),
        fetch_timeout=1.5,
    )


# -- inputs ------------------------------------------------------------------------------------


def test_pasted_text_splits_into_articles_at_separator_lines() -> None:
    text = "Bài một nói về bão.\n===\nBài hai nói về lũ.===\n\n=====\n\n   \n===\n"
    assert split_pasted(text) == ["Bài một nói về bão.", "Bài hai nói về lũ."]


def test_uploads_follow_pasted_articles_and_keep_their_file_names(
    tmp_path: Path, offline_service: DemoService
) -> None:
    upload = tmp_path / "bao-lu.txt"
    upload.write_text("Mưa lớn gây ngập ở Huế.", encoding="utf-8")
    documents = offline_service.collect("Bão số 3 đổ bộ.", [str(upload)])
    assert [d.text for d in documents] == ["Bão số 3 đổ bộ.", "Mưa lớn gây ngập ở Huế."]
    assert [d.name for d in documents] == ["", "bao-lu.txt"]


def test_html_uploads_and_html_saved_as_txt_are_read_as_web_pages(tmp_path: Path) -> None:
    saved = tmp_path / "bai-bao.txt"
    saved.write_bytes((PAGES / GAZA_PAGE).read_bytes())
    for path in (PAGES / GAZA_PAGE, saved):
        document = read_upload(path)
        assert (
            document.title == "Tổng Bí thư Tô Lâm sẽ dự cuộc họp Hội đồng Hòa bình về Gaza tại Mỹ"
        )
        assert document.outlet == "Báo Tin Nhanh" and document.name == path.name
        assert "Quảng cáo" not in document.text and "<" not in document.text


def test_upload_in_a_legacy_code_page_is_refused_with_its_name(tmp_path: Path) -> None:
    legacy = tmp_path / "cp1258.txt"
    legacy.write_bytes("Tổng Bí thư thăm Mỹ".encode("cp1258", errors="replace"))
    with pytest.raises(DemoInputError) as caught:
        read_upload(legacy)
    assert caught.value.message("vi").startswith("cp1258.txt không phải tệp văn bản UTF-8")
    assert str(caught.value).startswith("cp1258.txt is not a UTF-8 text file")


def test_binary_upload_is_refused(tmp_path: Path) -> None:
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    with pytest.raises(DemoInputError, match=r"anh\.png is not a UTF-8 text file"):
        read_upload(image)


def test_utf8_upload_with_bom_is_read(tmp_path: Path) -> None:
    upload = tmp_path / "bom.txt"
    upload.write_bytes("\ufeffHà Nội mưa to.".encode())
    assert read_upload(upload).text == "Hà Nội mưa to."


def test_urls_are_fetched_with_their_metadata_and_cached(offline_service: DemoService) -> None:
    with serving_pages() as base:
        urls = f"{base}{GAZA_PAGE}\n\n{base}{CLOSING_PAGE}\n"
        documents = offline_service.collect("", None, urls)
        assert [d.outlet for d in documents] == ["Báo Tin Nhanh", "Thời báo Toàn Cảnh"]
        assert documents[0].url == base + GAZA_PAGE
        assert documents[1].published is not None
        assert documents[1].published.startswith("2026-02-21T11:05")
    # the server is gone: the pages come from the cache
    again = offline_service.collect("", None, urls)
    assert [d.text for d in again] == [d.text for d in documents]


def test_a_url_that_does_not_answer_is_named_after_the_timeout(
    offline_service: DemoService,
) -> None:
    with silent_server() as url:
        started = time.monotonic()
        with pytest.raises(DemoInputError) as caught:
            offline_service.collect("", None, url)
    assert time.monotonic() - started < 10
    assert caught.value.message("vi") == f"Không tải được {url}: không có phản hồi sau 1.5 giây."
    assert str(caught.value) == f"Could not fetch {url}: no answer within 1.5 s."


def test_a_line_that_is_not_an_address_is_refused(offline_service: DemoService) -> None:
    with pytest.raises(DemoInputError, match=r"^ftp://x/y is not an http:// or https://"):
        offline_service.collect("", None, "ftp://x/y")


def test_a_server_without_url_fetching_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_DEMO_FETCH_URLS", "0")
    for service in (
        DemoService(vit5_model=str(tmp_path / "none"), fetch_urls=False),
        DemoService(vit5_model=str(tmp_path / "none")),
    ):
        with pytest.raises(DemoInputError) as caught:
            service.collect("", None, "https://example.org/bai.html")
        assert caught.value.message("vi").startswith("Máy chủ này không tải bài từ địa chỉ URL")


def test_limits_refuse_too_many_articles_and_too_much_text() -> None:
    limits = Limits(max_articles=2, max_total_chars=30)
    with pytest.raises(DemoInputError, match="Too many articles: 3 given, the limit is 2"):
        limits.check(["a", "b", "c"])
    with pytest.raises(DemoInputError) as caught:
        limits.check(["x" * 31])
    assert caught.value.message("vi").startswith("Văn bản quá dài: tổng cộng 31 ký tự")
    limits.check(["x" * 15, "y" * 15])


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_DEMO_MAX_ARTICLES", "3")
    monkeypatch.setenv("SUMMARIZER_DEMO_MAX_CHARS", "1000")
    assert Limits.from_env() == Limits(max_articles=3, max_total_chars=1000)
    monkeypatch.setenv("SUMMARIZER_DEMO_MAX_CHARS", "lots")
    with pytest.raises(DemoInputError, match="SUMMARIZER_DEMO_MAX_CHARS must be a positive"):
        Limits.from_env()


def test_seed_example_is_the_seed_cluster() -> None:
    assert split_pasted(seed_example()) == [t.strip() for t in SEEDS]


@pytest.mark.parametrize(
    ("articles", "english", "vietnamese"),
    [
        (None, "articles must be a list of article texts, not NoneType.", "không phải NoneType"),
        ({"a": "b"}, "articles must be a list of article texts, not dict.", "không phải dict"),
        (
            ["Bài một.", 42],
            "articles[1] must be a string (an article's text), got int.",
            "Bài số 2 không phải văn bản (nhận được int).",
        ),
    ],
)
def test_api_items_that_are_not_texts_are_named(
    offline_service: DemoService, articles: object, english: str, vietnamese: str
) -> None:
    with pytest.raises(DemoInputError) as caught:
        offline_service.summarize_api(articles)  # type: ignore[arg-type]
    assert str(caught.value) == english
    assert vietnamese in caught.value.message("vi")


# -- summaries ---------------------------------------------------------------------------------


def test_extractive_sentences_point_at_the_sentences_they_came_from(
    offline_service: DemoService,
) -> None:
    run = offline_service.summarize(SEEDS, None, "extractive", 120, 40)
    cluster = run.results["extractive"]
    assert len(cluster.per_article) == len(SEEDS) == 5
    assert 0 < cluster.merged.syllable_count <= 120
    for sentence in cluster.merged.sentences:
        for ref in sentence.sources[:1]:  # the source, maybe without a leading connective
            assert sentence.text[-60:] in cluster.articles[ref.article].sentences[ref.index]
    assert "Tô Lâm" in cluster.merged.text


def test_both_methods_without_vit5_weights_give_extractive_and_a_short_note(
    offline_service: DemoService,
) -> None:
    run = offline_service.summarize(SEEDS, None, "both")
    assert list(run.results) == ["extractive"]
    assert offline_service.vit5_status().state == "unavailable"
    for text in (run.unavailable["vit5"], str(offline_service.vit5_status().to_dict())):
        assert "no-such-checkpoint" not in text and "hf download" not in text
    html = render.results_html(run, "vi")
    assert 'class="sd-results sd-both"' in html
    assert 'sd-unavailable" data-method="vit5"' in html
    assert "ViT5 (tóm lược) chưa dùng được trên máy chủ này." in html


def test_vit5_alone_without_weights_is_refused_in_one_short_line(
    offline_service: DemoService,
) -> None:
    with pytest.raises(DemoInputError) as caught:
        offline_service.summarize(SEEDS, None, "vit5")
    assert caught.value.message("vi") == "ViT5 chưa sẵn sàng trên máy chủ này. Hãy chọn Trích xuất."
    assert "no-such-checkpoint" not in str(caught.value)


def test_unknown_method_and_out_of_range_lengths_are_refused(offline_service: DemoService) -> None:
    with pytest.raises(DemoInputError, match="method must be one of extractive, vit5, both"):
        offline_service.summarize(SEEDS, None, "abstractive")
    with pytest.raises(DemoInputError) as caught:
        offline_service.summarize(SEEDS, None, "extractive", max_words=5000)
    assert str(caught.value).startswith("max_words must be a whole number between 10 and 1,000")
    assert "từ 10 đến 1.000 âm tiết" in caught.value.message("vi")


# -- HTML --------------------------------------------------------------------------------------


def test_merged_html_colours_each_sentence_by_its_source_article(
    offline_service: DemoService,
) -> None:
    run = offline_service.summarize(SEEDS, None, "extractive", 150, 50)
    cluster = run.results["extractive"]
    html = render.results_html(run, "vi")
    merged_html = html[html.index('class="sd-merged"') : html.index('class="sd-per-article"')]
    spans = TINTED.findall(merged_html)
    assert len(spans) == len(cluster.merged.sentences)
    for (hue, numbers), sentence in zip(spans, cluster.merged.sentences, strict=True):
        assert int(hue) == render.hue(sentence.article)
        assert numbers.split() == [str(a + 1) for a in sentence.articles]
    # chip numbers are generated by CSS, so the text itself carries none
    paragraph = merged_html[merged_html.index('<p class="sd-text">') :]
    text = unescape(re.sub(r"<[^>]+>", "", paragraph[: paragraph.index("</p>")]))
    assert text == cluster.merged.text


def test_article_labels_are_titles_outlets_and_times_never_english(
    offline_service: DemoService,
) -> None:
    documents = offline_service.collect("\n===\n".join(SEEDS[:2]), [PAGES / GAZA_PAGE])
    run = offline_service.summarize(documents, None, "extractive", 120, 40)
    vi, en = render.results_html(run, "vi"), render.results_html(run, "en")
    assert "Bài 1" in vi and "Article 1" in en and "Article 1" not in vi
    assert "Tổng Bí thư Tô Lâm sẽ dự cuộc họp Hội đồng Hòa bình về Gaza tại Mỹ" in vi
    assert "Báo Tin Nhanh · 17/02/2026 13:23" in vi
    assert "Báo Tin Nhanh · 2026-02-17 13:23" in en


def test_removal_reasons_are_worded_in_either_language(offline_service: DemoService) -> None:
    run = offline_service.summarize(SEEDS, None, "extractive", 120, 40)
    vi, en = render.removed_html(run, "vi"), render.removed_html(run, "en")
    assert "tin liên quan khác chủ đề" in vi and "unrelated news teaser" in en
    assert "off-topic-teaser" not in vi + en
    assert "<th>lý do</th>" in vi and "<th>reason</th>" in en


def test_article_text_is_escaped_in_the_page(offline_service: DemoService) -> None:
    hostile = "Hà Nội <script>alert(1)</script> mưa rất to trong đêm qua và sáng nay."
    run = offline_service.summarize([hostile], None, "extractive")
    html = render.results_html(run, "vi")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_input_summary_flags_input_over_the_limit() -> None:
    limits = Limits(max_articles=1, max_total_chars=100)
    assert "vượt giới hạn" in render.input_summary(2, 3, 0, limits, "vi")
    line = render.input_summary(1, 1234, 2, limits, "vi")
    assert line.startswith("**1** bài, **1.234** ký tự") and "**2** địa chỉ URL" in line
    assert "**1,234** characters" in render.input_summary(1, 1234, 0, limits, "en")


# -- words -------------------------------------------------------------------------------------


def test_both_languages_have_every_message() -> None:
    assert set(MESSAGES["vi"]) == set(MESSAGES["en"])
    assert all(set(names) == {"vi", "en"} for names in REASONS.values())
    assert normalize_lang("en-US") == "en" and normalize_lang(None) == "vi"
    assert normalize_lang("fr") == "vi"


def test_every_removal_reason_the_library_can_give_has_a_name() -> None:
    """Reasons are code strings in the library; a new one must be named here too."""
    codes = set()
    for source in (REPO / "summarizer").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        codes |= set(re.findall(r'(?:Removal\([^)]*?|return\s+)"([a-z]+(?:-[a-z]+)+)"', text))
    assert len(codes) >= 10, codes
    assert codes <= set(REASONS), codes - set(REASONS)


def test_library_warnings_and_errors_are_translated() -> None:
    english = "Hanoi has heavy rain tonight and the storm moves west along the coast quickly."
    with pytest.warns(UserWarning):
        result = summarizer.summarize([SEEDS[0], "   ", english, "0:00 / 0:00"])
    translated = [library_message(w, "vi") for w in result.warnings]
    assert translated == [
        "Bài 2 trống nên đã được bỏ qua.",
        "Bài 3 có vẻ không phải tiếng Việt; bản tóm tắt có thể kém.",
        "Bài 4 không còn nội dung sau khi lọc nhiễu nên đã được bỏ qua.",
    ]
    for documents in ([], ["  "], ["0:00 / 0:00"]):
        with pytest.raises(summarizer.EmptyInputError) as caught:
            summarizer.summarize(documents)
        worded = library_message(str(caught.value), "vi")
        assert worded != str(caught.value) and worded.endswith(".")
    noise = library_message("No story text left after cleaning: x (media-player).", "vi")
    assert noise.endswith("(phần thừa của trình phát video).")


def test_messages_fill_in_numbers_the_local_way() -> None:
    assert t("vi", "too_many", count=25, limit=20).startswith("Quá nhiều bài: 25 bài")
    assert "500.000" in t("vi", "too_long", total=600_000, limit=500_000)
    assert "500,000" in t("en", "too_long", total=600_000, limit=500_000)


# -- scores ------------------------------------------------------------------------------------


def test_rouge_of_a_summary_against_itself_is_perfect_and_signed() -> None:
    text = "Tổng Bí thư Tô Lâm dự họp Hội đồng Hòa bình về Gaza."
    result = score(text, text)
    assert result["rouge1"]["f1"] == pytest.approx(1.0)
    assert result["rouge2"]["recall"] == pytest.approx(1.0)
    assert "tok:syllable" in result["signature"] and "nrefs:1" in result["signature"]


def test_rouge_with_two_references_averages_them() -> None:
    result = score("Tô Lâm thăm Mỹ.", "Tô Lâm thăm Mỹ.\n===\nBão lớn ở miền Trung.")
    assert result["rouge1"]["f1"] == pytest.approx(0.5)
    assert "nrefs:2" in result["signature"]
    assert "<td>50,00</td>" in render.scores_html({"extractive": result}, "vi")
    assert "<td>50.00</td>" in render.scores_html({"extractive": result}, "en")


def test_rouge_without_reference_is_refused() -> None:
    with pytest.raises(DemoInputError, match="Paste a reference summary"):
        score("Tô Lâm thăm Mỹ.", "  \n===\n ")


def test_both_methods_side_by_side_with_a_tiny_vit5(tiny_vit5_dir: Path) -> None:
    """Real (random-weight) generation through the same path a user with weights takes."""
    service = DemoService(
        vit5_model=str(tiny_vit5_dir),
        vit5_options={"num_beams": 1, "max_new_tokens": 16, "long_input": "select"},
    )
    run = service.summarize(SEEDS[:2], None, "both", max_words=30, article_max_words=15)
    assert list(run.results) == ["extractive", "vit5"] and not run.unavailable
    assert service.vit5_status().state == "ready"
    vit5 = run.results["vit5"]
    assert vit5.merged.text.strip() and len(vit5.per_article) == 2
    html = render.results_html(run, "vi")
    assert html.count('<section class="sd-method"') == 2 and "sd-both" in html
