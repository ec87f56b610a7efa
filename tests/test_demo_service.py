"""The demo's service and HTML, without a server: validation, summaries, sources, scores."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from summarizer_demo import render
from summarizer_demo.service import (
    DemoInputError,
    DemoService,
    Limits,
    collect_articles,
    read_upload,
    score,
    seed_example,
    split_pasted,
)

from summarizer import ModelUnavailableError
from tests.helpers import seed_texts

SEEDS = seed_texts()
SPAN = re.compile(r'<span class="sd-sent" style="background:([^"]+)" data-articles="([^"]*)"')


@pytest.fixture(scope="module")
def offline_service(tmp_path_factory: pytest.TempPathFactory) -> DemoService:
    """ViT5 pointed at a checkpoint directory that does not exist: unavailable, at once."""
    missing = tmp_path_factory.mktemp("models") / "no-such-checkpoint"
    return DemoService(
        limits=Limits(max_articles=6, max_total_chars=60_000), vit5_model=str(missing)
    )


def test_pasted_text_splits_into_articles_at_separator_lines() -> None:
    text = "Bài một nói về bão.\n===\nBài hai nói về lũ.\n\n=====\n\n   \n===\n"
    assert split_pasted(text) == ["Bài một nói về bão.", "Bài hai nói về lũ."]


def test_uploads_follow_pasted_articles_and_keep_their_file_names(tmp_path: Path) -> None:
    upload = tmp_path / "bao-lu.txt"
    upload.write_text("Mưa lớn gây ngập ở Huế.", encoding="utf-8")
    documents, names = collect_articles("Bão số 3 đổ bộ.", [str(upload)])
    assert documents == ["Bão số 3 đổ bộ.", "Mưa lớn gây ngập ở Huế."]
    assert names == ["Article 1", "bao-lu.txt"]


def test_upload_in_a_legacy_code_page_is_refused_with_its_name(tmp_path: Path) -> None:
    legacy = tmp_path / "cp1258.txt"
    legacy.write_bytes("Tổng Bí thư thăm Mỹ".encode("cp1258", errors="replace"))
    with pytest.raises(DemoInputError, match=r"^cp1258\.txt is not a UTF-8 text file"):
        read_upload(legacy)


def test_binary_upload_is_refused(tmp_path: Path) -> None:
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    with pytest.raises(DemoInputError, match=r"anh\.png is not a UTF-8 text file"):
        read_upload(image)


def test_utf8_upload_with_bom_is_read(tmp_path: Path) -> None:
    upload = tmp_path / "bom.txt"
    upload.write_bytes("\ufeffHà Nội mưa to.".encode())
    assert read_upload(upload) == "Hà Nội mưa to."


def test_limits_refuse_too_many_articles_and_too_much_text() -> None:
    limits = Limits(max_articles=2, max_total_chars=30)
    with pytest.raises(DemoInputError, match="Too many articles: 3 given, the limit is 2"):
        limits.check(["a", "b", "c"])
    with pytest.raises(DemoInputError, match="31 characters in total, the limit is 30"):
        limits.check(["x" * 31])
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


def test_extractive_sentences_point_at_the_sentences_they_came_from(
    offline_service: DemoService,
) -> None:
    run = offline_service.summarize(SEEDS, None, "extractive", 120, 40)
    cluster = run.results["extractive"]
    assert len(cluster.per_article) == len(SEEDS) == 5
    assert 0 < cluster.merged.syllable_count <= 120
    for sentence in cluster.merged.sentences:
        for ref in sentence.sources[:1]:
            assert cluster.articles[ref.article].sentences[ref.index] == sentence.text
    assert "Tô Lâm" in cluster.merged.text


def test_both_methods_without_vit5_weights_give_extractive_and_the_reason(
    offline_service: DemoService,
) -> None:
    run = offline_service.summarize(SEEDS, None, "both")
    assert list(run.results) == ["extractive"]
    assert "no-such-checkpoint" in run.unavailable["vit5"]
    assert offline_service.vit5_status().state == "unavailable"
    html = render.results_html(run)
    assert 'class="sd-results sd-both"' in html
    assert 'sd-unavailable" data-method="vit5"' in html
    assert "ViT5 (abstractive) is not available on this server." in html


def test_vit5_alone_without_weights_is_refused_with_the_model_message(
    offline_service: DemoService,
) -> None:
    with pytest.raises(ModelUnavailableError, match=r"no-such-checkpoint.*Choose Extractive\.$"):
        offline_service.summarize(SEEDS, None, "vit5")


def test_unknown_method_and_out_of_range_lengths_are_refused(offline_service: DemoService) -> None:
    with pytest.raises(DemoInputError, match="method must be one of extractive, vit5, both"):
        offline_service.summarize(SEEDS, None, "abstractive")
    with pytest.raises(DemoInputError, match="max_words must be between 10 and 1000 words"):
        offline_service.summarize(SEEDS, None, "extractive", max_words=5000)


def test_merged_html_colours_each_sentence_by_its_source_article(
    offline_service: DemoService,
) -> None:
    names = [f"seed-{i}.txt" for i in range(5)]
    run = offline_service.summarize(SEEDS, names, "extractive", 150, 50)
    cluster = run.results["extractive"]
    html = render.results_html(run)
    merged_html = html[html.index('class="sd-merged"') : html.index('class="sd-per-article"')]
    spans = SPAN.findall(merged_html)
    assert len(spans) == len(cluster.merged.sentences)
    for (background, numbers), sentence in zip(spans, cluster.merged.sentences, strict=True):
        assert background == render.colours(sentence.article)[0]
        assert numbers.split() == [str(a + 1) for a in sentence.articles]
    titled = next(a for a in cluster.articles if a.title)
    assert titled.title is not None and render.article_label(titled) == titled.title
    assert unescape(titled.title[:40]) in unescape(html)


def test_article_text_is_escaped_in_the_page(offline_service: DemoService) -> None:
    hostile = "Hà Nội <script>alert(1)</script> mưa rất to trong đêm qua và sáng nay."
    run = offline_service.summarize([hostile], None, "extractive")
    html = render.results_html(run)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


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
    html = render.scores_html({"extractive": result})
    assert "<td>50.00</td>" in html and "nrefs:2" in html


def test_rouge_without_reference_is_refused() -> None:
    with pytest.raises(DemoInputError, match="Paste a reference summary"):
        score("Tô Lâm thăm Mỹ.", "  \n===\n ")


def test_input_summary_flags_input_over_the_limit() -> None:
    limits = Limits(max_articles=1, max_total_chars=100)
    assert "over the limit" in render.input_summary(["a", "b"], limits)
    assert "**1** article, **3** characters" in render.input_summary(["abc"], limits)


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
    html = render.results_html(run)
    assert html.count('<section class="sd-method"') == 2 and "sd-both" in html
