"""Cleaning of the noise seen in the seed articles, and what must survive it."""

import pytest

from summarizer.clean import clean_document, strip_inline_caption
from summarizer.errors import EmptyInputError
from summarizer.prepare import prepare_cluster

from .helpers import seed_texts


def _removed(article_index):
    articles = prepare_cluster(seed_texts()).articles
    return {(r.reason, r.text) for r in articles[article_index].removed}, articles[article_index]


def test_date_prefix_is_removed_and_the_lead_sentence_kept():
    removed, article = _removed(0)
    assert ("date-prefix", "date 2026-02-17") in removed
    assert article.sentences[0].startswith("Ngày 17/2, Bộ Ngoại giao cho biết")


def test_byline_timestamp_and_section_label_are_removed():
    removed, article = _removed(1)
    assert ("section-label", "Chính trị") in removed
    assert ("byline", "Đậu Tiến Đạt") in removed
    assert ("byline-timestamp", "17/02/2026 13:23 GMT+7") in removed
    assert not any("GMT" in s or "Đậu Tiến Đạt" in s for s in article.sentences)


def test_photo_captions_and_credits_are_removed():
    removed, article = _removed(1)
    reasons = {reason for reason, _ in removed}
    assert {"photo-caption", "photo-credit"} <= reasons
    assert not any("Ảnh 1" in s or s == "ẢNH: TTXVN" for s in article.sentences)
    removed0, _ = _removed(0)
    assert ("photo-caption", "Tổng Bí thư Tô Lâm (Ảnh: TTXVN).") in removed0


def test_image_file_names_and_the_captions_under_them_are_removed():
    removed, article = _removed(2)
    files = [text for reason, text in removed if reason == "image-file"]
    assert len(files) == 4 and all(f.endswith(".jpg") for f in files)
    assert ("byline-timestamp", "PV 21/02/2026 11:05") in removed
    assert not any("Ảnh: TTXVN" in s for s in article.sentences)
    assert article.sentences[-1].startswith("Chuyến tham dự Cuộc họp Khai mạc")


def test_media_player_residue_and_outlet_tags_are_removed():
    removed, article = _removed(4)
    assert ("media-player", "0:00 / 0:00") in removed
    assert ("outlet-tag", "(Ngày Nay) -") in removed
    assert article.sentences[0].startswith("Theo Thông cáo của Bộ Ngoại giao")
    removed3, article3 = _removed(3)
    assert ("outlet-tag", "TPO -") in removed3
    assert article3.sentences[0].startswith("Trong chuyến công tác tới Mỹ")


def test_all_seven_unrelated_teasers_are_removed_and_the_story_ending_kept():
    removed, article = _removed(4)
    teasers = " ".join(text for reason, text in removed if reason == "off-topic-teaser")
    for topic in [
        "Cuba",
        "ghép mô",
        "Cải lương",
        "Hàn Quốc",
        "hạt nhân",
        "tháng 2 nóng",
        "Bách Khoa",
    ]:
        assert topic in teasers, topic
    story = " ".join(article.sentences)
    for topic in ["Cuba", "Copernicus", "Thanh Thanh Tâm", "Cho Hyun", "Phát Đạt"]:
        assert topic not in story
    assert article.sentences[-1].startswith("Ở khía cạnh song phương, chuyến công tác được kỳ vọng")


def test_on_topic_related_story_at_the_end_is_kept():
    _, article = _removed(1)
    assert article.sentences[-1].startswith("Ngày 13.2, Tổng Bí thư Tô Lâm đã tiếp Trợ lý")


def test_cleaning_never_drops_a_sentence_of_the_story():
    """Only captions and off-topic teasers may remove sentence-shaped lines (conservative)."""
    for text, article in zip(seed_texts(), prepare_cluster(seed_texts()).articles, strict=True):
        story = " ".join(article.sentences)
        for removal in article.removed:
            if removal.reason in ("off-topic-teaser", "photo-caption", "duplicate-line"):
                continue
            assert len(removal.text.split()) <= 8, removal
        for line in text.splitlines():
            line = " ".join(line.split())
            words = line.split()
            if len(words) >= 12 and line.endswith(".") and "Ảnh" not in line:
                teaser = any(
                    r.reason == "off-topic-teaser" and r.text in line for r in article.removed
                )
                assert teaser or " ".join(words[-4:]) in story, line


def test_headings_are_kept_as_evidence_not_as_sentences():
    doc = clean_document(
        "Tổng Bí thư Tô Lâm sẽ dự họp tại Mỹ\n\nNgày 17.2, Bộ Ngoại giao thông báo chuyến đi."
    )
    assert doc.title == "Tổng Bí thư Tô Lâm sẽ dự họp tại Mỹ"
    assert [text for _, text in doc.lines] == ["Ngày 17.2, Bộ Ngoại giao thông báo chuyến đi."]


def test_a_sentence_mentioning_a_photo_is_not_a_caption():
    doc = clean_document("Ông đã chụp nhiều bức ảnh. Những hình ảnh này được trưng bày tại Hà Nội.")
    assert not doc.removed


def test_inline_caption_glued_to_the_first_sentence_is_split_off():
    story, caption = strip_inline_caption(
        "Người ủng hộ đảng đối lập đi biểu tình sáng nay - Ảnh: AFP Theo Hãng tin AFP, "
        "Đảng Cứu quốc Campuchia tuyên bố cuộc biểu tình sẽ kéo dài ba ngày."
    )
    assert caption == "Người ủng hộ đảng đối lập đi biểu tình sáng nay - Ảnh: AFP"
    assert story.startswith("Theo Hãng tin AFP, Đảng Cứu quốc")
    story, caption = strip_inline_caption(
        "Quang cảnh cuộc họp (Ảnh: Đỗ Tuấn Anh) Tại cuộc họp báo sáng 23/10, Bộ Y tế cho biết."
    )
    assert caption == "Quang cảnh cuộc họp (Ảnh: Đỗ Tuấn Anh)"
    assert story.startswith("Tại cuộc họp báo sáng 23/10")


def test_pasted_html_becomes_plain_text_and_drops_figure_captions():
    html_text = (
        "<article><h1>Tổng Bí thư Tô Lâm sẽ dự họp tại Mỹ</h1>"
        "<figure><img src='a.jpg'><figcaption>Tổng Bí thư Tô Lâm. Ảnh: TTXVN</figcaption></figure>"
        "<p>Ngày 17/2, Bộ Ngoại giao thông báo chuyến công tác &amp; lịch trình.</p>"
        "<p>Hội đồng Hòa bình về Gaza họp từ ngày 18 đến <b>20/2</b>.</p></article>"
    )
    article = prepare_cluster([html_text]).articles[0]
    assert article.title == "Tổng Bí thư Tô Lâm sẽ dự họp tại Mỹ"
    assert article.sentences == [
        "Ngày 17/2, Bộ Ngoại giao thông báo chuyến công tác & lịch trình.",
        "Hội đồng Hòa bình về Gaza họp từ ngày 18 đến 20/2.",
    ]
    assert any(r.reason == "html-markup" for r in article.removed)


def test_text_with_angle_brackets_is_not_taken_for_html():
    article = prepare_cluster(
        ["Lạm phát < 4% và tăng trưởng > 6% là mục tiêu của năm nay."]
    ).articles[0]
    assert article.sentences == ["Lạm phát < 4% và tăng trưởng > 6% là mục tiêu của năm nay."]


def test_sentences_without_letters_are_dropped():
    article = prepare_cluster(
        ["Giá vàng tăng mạnh trong phiên sáng nay.\n\n...!!! ---\n\n123 456."]
    ).articles[0]
    assert article.sentences == ["Giá vàng tăng mạnh trong phiên sáng nay."]
    assert {r.reason for r in article.removed} == {"no-letters"}


def test_a_cluster_of_pure_noise_is_an_error_naming_what_was_found():
    with pytest.raises(EmptyInputError, match=r"only web noise.*image-file"):
        prepare_cluster(["0:00 / 0:00\nẢNH: TTXVN\nanh-1.jpg", "...!!!"])
