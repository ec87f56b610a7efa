"""The ViT5 method end to end on the tiny checkpoint: budgets, long inputs, merging, batching.

The tiny model's weights are random, so its text is gibberish made of Vietnamese pieces;
what is checked is everything around the model: what it is given to read (recorded from
the real backend call), batching, determinism, budgets and provenance.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import summarizer
from summarizer import prepare_cluster
from summarizer.types import Budget
from summarizer.vit5.backend import GenerationSettings
from summarizer.vit5.inputs import generation_cap
from summarizer.vit5.method import ViT5Method
from tests.helpers import seed_texts

FAST = {"device": "cpu", "num_beams": 1, "max_new_tokens": 24}


def recorded_inputs(method: ViT5Method, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every batch of texts the method sends to its (real) backend."""
    calls: list[list[str]] = []
    real_generate = method.backend.generate

    def generate(texts, *args, **kwargs):
        calls.append(list(texts))
        return real_generate(texts, *args, **kwargs)

    monkeypatch.setattr(method.backend, "generate", generate)
    return calls


def input_tokens(method: ViT5Method, text: str) -> int:
    """Tokens of a formatted model input, counted without any truncation."""
    return len(method.backend.tokenizer(text)["input_ids"])


def test_summaries_respect_budgets_and_point_at_real_sentences(tiny_vit5_dir: Path):
    result = summarizer.summarize(
        seed_texts(),
        method="vit5",
        model=str(tiny_vit5_dir),
        max_words=40,
        article_max_words=12,
        **FAST,
    )
    assert result.method == "vit5"
    assert len(result.per_article) == 5
    assert 0 < result.merged.syllable_count <= 40
    for summary in result.per_article:
        assert summary.syllable_count <= 12
    for sentence in result.merged.sentences:
        for ref in sentence.sources:
            assert 0 <= ref.index < len(result.articles[ref.article].sentences)
    assert result.settings["model"] == str(tiny_vit5_dir)
    assert result.settings["num_beams"] == 1


def test_a_long_article_is_truncated_at_the_window_by_default_in_one_generation(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(model=str(tiny_vit5_dir), max_input_tokens=160, **FAST)
    calls = recorded_inputs(method, monkeypatch)
    article = prepare_cluster([seed_texts()[4]]).articles

    merged, per_article = method.summarize_cluster(article, Budget(60), Budget(60))

    assert method.options.long_input == "truncate"
    (texts,) = calls  # one generation serves the article and the (one-article) merged summary
    (text,) = texts
    whole = " ".join(article[0].sentences).split()
    assert text.split() == whole[: len(text.split())]  # the article's head, in order
    assert input_tokens(method, text) > 160  # longer than the window ...
    encoded = method.backend.encode([method.format_input(text)], 160)[0]
    assert len(encoded) == 160  # ... so the tokenizer cuts it there, as in fine-tuning
    assert merged.text == per_article[0].text


def test_a_long_article_is_chunked_and_every_sentence_is_read(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(
        model=str(tiny_vit5_dir), max_input_tokens=160, max_chunks=64, long_input="chunk", **FAST
    )
    calls = recorded_inputs(method, monkeypatch)
    article = prepare_cluster([seed_texts()[4]]).articles

    method.summarize_cluster(article, Budget(60), Budget(60))

    first_round = calls[0]
    assert len(first_round) > 3
    assert all(input_tokens(method, method.format_input(t)) <= 160 for t in first_round)
    assert " ".join(first_round).split() == " ".join(article[0].sentences).split()
    assert len(calls) >= 2  # the chunk summaries were summarized again
    assert len(calls[1]) < len(first_round)


def test_select_mode_reads_one_window_of_the_article_in_document_order(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(model=str(tiny_vit5_dir), max_input_tokens=400, long_input="select", **FAST)
    calls = recorded_inputs(method, monkeypatch)
    article = prepare_cluster([seed_texts()[4]]).articles[0]

    method.summarize_cluster([article], Budget(60), Budget(60))

    (text,) = calls[0]
    assert input_tokens(method, method.format_input(text)) <= 400
    chosen = [i for i, sentence in enumerate(article.sentences) if sentence in text]
    assert 1 < len(chosen) < len(article.sentences)
    offsets = [text.index(article.sentences[i]) for i in chosen]
    assert offsets == sorted(offsets)


def test_the_merged_input_fits_the_window_and_quotes_every_article(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(model=str(tiny_vit5_dir), max_input_tokens=900, **FAST)
    calls = recorded_inputs(method, monkeypatch)
    articles = prepare_cluster(seed_texts()).articles

    method.summarize_cluster(articles, Budget(80), Budget(20))

    merged_input = calls[-1][-1]  # batched with the articles, after them
    assert input_tokens(method, method.format_input(merged_input)) <= 900
    for article in articles:
        assert any(s in merged_input for s in article.sentences), article.index


def test_fuse_mode_summarizes_the_joined_article_summaries(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(model=str(tiny_vit5_dir), merge="fuse", long_input="select", **FAST)
    calls = recorded_inputs(method, monkeypatch)
    articles = prepare_cluster(seed_texts()[:3]).articles

    merged, per_article = method.summarize_cluster(articles, Budget(80), Budget(40))

    assert len(calls) == 2  # the articles (one batch), then their fused summaries
    (fused_input,) = calls[1]
    assert fused_input.split() == " ".join(s.text for s in per_article).split()
    assert merged.syllable_count <= 80


def test_batched_generation_equals_one_article_at_a_time(tiny_vit5_dir: Path):
    method = ViT5Method(model=str(tiny_vit5_dir), **FAST)
    texts = [method.format_input(a.sentences[0]) for a in prepare_cluster(seed_texts()).articles]
    settings = GenerationSettings(num_beams=2, max_new_tokens=16)

    batched = method.backend.generate(texts, settings, 1024, batch_size=5)
    single = method.backend.generate(texts, settings, 1024, batch_size=1)

    assert batched == single
    assert len(set(batched)) > 1  # different inputs, different outputs


def test_the_same_input_gives_the_same_summary_twice(tiny_vit5_dir: Path):
    options = {"model": str(tiny_vit5_dir), "device": "cpu", "num_beams": 3, "max_new_tokens": 20}
    first = summarizer.Summarizer("vit5", **options).summarize(seed_texts()[:2])
    second = summarizer.Summarizer("vit5", **options).summarize(seed_texts()[:2])
    assert first.merged.text == second.merged.text
    assert [a.text for a in first.per_article] == [a.text for a in second.per_article]


def test_min_new_tokens_forces_longer_output(tiny_vit5_dir: Path):
    method = ViT5Method(model=str(tiny_vit5_dir), device="cpu", num_beams=1)
    text = [method.format_input("Hà Nội mưa lớn.")]
    short = method.backend.generate_ids(
        text, GenerationSettings(num_beams=1, max_new_tokens=4), 64, 1
    )
    long = method.backend.generate_ids(
        text, GenerationSettings(num_beams=1, min_new_tokens=12, max_new_tokens=12), 64, 1
    )
    assert len(short[0]) <= 4 and len(long[0]) == 12


def test_a_single_short_sentence_still_gets_a_summary(tiny_vit5_dir: Path):
    result = summarizer.summarize(
        ["Hà Nội mưa lớn."], method="vit5", model=str(tiny_vit5_dir), max_words=10, **FAST
    )
    assert len(result.per_article) == 1
    assert result.merged.syllable_count <= 10


def test_fifty_articles_are_summarized_in_bounded_batches(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(
        model=str(tiny_vit5_dir),
        batch_size=16,
        max_input_tokens=256,
        device="cpu",
        num_beams=1,
        no_repeat_ngram_size=0,
        max_new_tokens=8,
    )
    batches: list[int] = []
    real_batch = method.backend._generate_batch

    def spy(batch, settings):
        batches.append(len(batch))
        return real_batch(batch, settings)

    monkeypatch.setattr(method.backend, "_generate_batch", spy)
    seeds = prepare_cluster(seed_texts()).articles
    texts = [" ".join(seeds[i % 5].sentences[i // 5 : i // 5 + 3]) for i in range(50)]
    articles = prepare_cluster(texts).articles  # fifty different articles

    merged, per_article = method.summarize_cluster(articles, Budget(60), Budget(20))

    assert len(per_article) == 50
    distinct = len({" ".join(a.sentences) for a in articles if a.sentences})
    assert distinct > 40
    assert max(batches) <= 16 and sum(batches) == distinct + 1  # articles + the merged input
    assert len(batches) == -(-(distinct + 1) // 16)  # full batches, not one per article
    assert merged.syllable_count <= 60


def test_the_same_article_twice_is_generated_once(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    method = ViT5Method(model=str(tiny_vit5_dir), **FAST)
    calls = recorded_inputs(method, monkeypatch)
    articles = prepare_cluster([seed_texts()[0], seed_texts()[0], seed_texts()[1]]).articles

    _, per_article = method.summarize_cluster(articles, Budget(60), Budget(20))

    assert sum(len(texts) for texts in calls) == 3  # two distinct articles + the merged input
    assert per_article[0].text == per_article[1].text


def test_empty_input_is_a_clear_error(tiny_vit5_dir: Path):
    with pytest.raises(summarizer.EmptyInputError):
        summarizer.summarize(["", "  "], method="vit5", model=str(tiny_vit5_dir), **FAST)


def test_merged_only_generates_once_and_matches_the_full_run(tiny_vit5_dir: Path):
    s = summarizer.Summarizer("vit5", model=str(tiny_vit5_dir), **FAST)
    full = s.summarize(seed_texts(), max_words=40)
    calls = []
    method = s.method
    original = method.generate

    def counting(texts, settings):  # a spy: the real generation runs
        calls.append(len(texts))
        return original(texts, settings)

    method.generate = counting
    try:
        merged_only = s.summarize(seed_texts(), max_words=40, per_article=False)
    finally:
        del method.generate
    assert merged_only.per_article == []
    assert merged_only.merged.text == full.merged.text
    assert calls == [1]  # one generation for the whole cluster


def test_many_clusters_share_generation_batches_and_match_one_at_a_time(
    tiny_vit5_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    options = {"model": str(tiny_vit5_dir), **FAST, "batch_size": 16}
    clusters = [[seed_texts()[i % 5], seed_texts()[(i + 1) % 5]] for i in range(6)]
    clusters += [[text] for text in seed_texts()]  # VietNews-style one-article items
    one_by_one = [summarizer.Summarizer("vit5", **options).summarize(c) for c in clusters]
    batched_summarizer = summarizer.Summarizer("vit5", **options)
    batches: list[int] = []
    real_batch = batched_summarizer.method.backend._generate_batch

    def spy(batch, settings):
        batches.append(len(batch))
        return real_batch(batch, settings)

    monkeypatch.setattr(batched_summarizer.method.backend, "_generate_batch", spy)
    batched = batched_summarizer.summarize_many(clusters)

    assert [r.merged.text for r in batched] == [r.merged.text for r in one_by_one]
    assert [[a.text for a in r.per_article] for r in batched] == [
        [a.text for a in r.per_article] for r in one_by_one
    ]
    # 5 distinct articles + 6 two-article merged inputs (the one-article clusters reuse the
    # article generations), sent as full batches rather than one call per cluster.
    assert sum(batches) == 11 and batches == [11]


def test_per_cluster_budgets_apply_to_their_own_cluster(tiny_vit5_dir: Path):
    s = summarizer.Summarizer("vit5", model=str(tiny_vit5_dir), **FAST)
    results = s.summarize_many([seed_texts()[:2], seed_texts()[2:4]], max_words=[5, 40])
    assert [r.settings["max_words"] for r in results] == [5, 40]
    assert results[0].merged.syllable_count <= 5
    with pytest.raises(summarizer.InvalidOptionError, match="2 values for 3 clusters"):
        s.summarize_many([seed_texts()[:1]] * 3, max_words=[5, 40])


def test_the_paper_preset_decodes_greedily_and_keeps_the_whole_output(tiny_vit5_dir: Path):
    s = summarizer.Summarizer("vit5", model=str(tiny_vit5_dir), device="cpu", preset="paper")
    result = s.summarize([seed_texts()[0]], max_words=5)

    settings = result.settings
    assert settings["preset"] == "paper" and settings["num_beams"] == 1
    assert settings["max_new_tokens"] == 256 and settings["max_input_tokens"] == 1024
    assert settings["long_input"] == "truncate" and settings["no_repeat_ngram_size"] == 0
    method = s.method
    article = result.articles[0]
    raw = method.generate([" ".join(article.sentences)], method.generation)[0]
    # A budgeted run would stop generating at the budget's cap; the preset keeps it all.
    assert method.backend.count_tokens([raw])[0] > generation_cap(Budget(5), 256)
    assert result.merged.text.split() == raw.split()


def test_an_option_after_a_preset_overrides_it(tiny_vit5_dir: Path):
    method = ViT5Method(model=str(tiny_vit5_dir), device="cpu", preset="paper", num_beams=3)
    assert method.options.num_beams == 3 and method.options.fit_budget is False


def test_generation_batches_are_length_sorted_bounded_and_little_padded():
    from summarizer.vit5.backend import MAX_PADDING, length_batches

    lengths = [1000, 260, 600, 255, 990, 610, 250, 1020] * 4
    batches = length_batches(lengths, batch_size=8)

    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        longest = max(lengths[i] for i in batch)
        padding = sum(longest - lengths[i] for i in batch) / (longest * len(batch))
        assert len(batch) <= 8 and padding <= MAX_PADDING
    assert len(batches) == 5  # length groups of 12, 8 and 12 inputs: 2 + 1 + 2 batches
    assert length_batches([7] * 5, batch_size=2) == [[0, 1], [2, 3], [4]]


def test_settings_record_which_checkpoint_ran_by_content_not_by_folder_name(
    tiny_vit5_dir: Path, tiny_untied_dir: Path, tmp_path: Path
):
    import shutil

    copy = tmp_path / "ckpt"
    shutil.copytree(tiny_vit5_dir, copy)
    original = ViT5Method(model=str(tiny_vit5_dir), device="cpu").settings()
    renamed = ViT5Method(model=str(copy), device="cpu").settings()
    other = ViT5Method(model=str(tiny_untied_dir), device="cpu").settings()
    assert len(str(original["checkpoint_sha256"])) == 64
    assert renamed["checkpoint_sha256"] == original["checkpoint_sha256"]
    assert other["checkpoint_sha256"] != original["checkpoint_sha256"]
