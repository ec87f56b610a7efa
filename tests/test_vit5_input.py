"""What the ViT5 model reads: window-bounded inputs built from the seed articles.

Token counts come from the tiny checkpoint's SentencePiece tokenizer (the same code path
as the real ViT5 tokenizer); no generation happens here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import prepare_cluster
from summarizer.redundancy import is_near_duplicate
from summarizer.types import Budget, PreparedArticle
from summarizer.vit5.backend import Seq2SeqBackend
from summarizer.vit5.inputs import (
    CountTokens,
    chunk_article,
    head_words,
    measure,
    naive_input,
    select_input,
    trim_to_budget,
)
from tests.helpers import seed_texts
from tests.tiny_vit5 import cpu_backend


@pytest.fixture(scope="module")
def backend(tiny_vit5_dir: Path) -> Seq2SeqBackend:
    return cpu_backend(tiny_vit5_dir)


@pytest.fixture(scope="module")
def count(backend: Seq2SeqBackend) -> CountTokens:
    return backend.count_tokens


@pytest.fixture(scope="module")
def seeds() -> list[PreparedArticle]:
    return prepare_cluster(seed_texts()).articles


def test_sentence_token_counts_add_up_to_the_joined_text(count, seeds):
    sentences = seeds[0].sentences[:6]
    assert sum(count(sentences)) == count([" ".join(sentences)])[0]


def test_merged_input_takes_sentences_from_every_article_within_the_window(count, seeds):
    window = 300
    pieces = {a.index: measure(a, count, window) for a in seeds}
    assert sum(p.tokens for ps in pieces.values() for p in ps) > 5 * window  # must choose

    chosen = select_input(seeds, pieces, window, count)

    assert {p.ref.article for p in chosen} == {a.index for a in seeds}
    assert count([" ".join(p.text for p in chosen)])[0] <= window
    keys = [(p.ref.article, p.ref.index) for p in chosen]
    assert keys == sorted(keys)  # article order, then position
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            assert not is_near_duplicate(a.text, b.text), (a.text, b.text)


def test_naive_truncation_of_the_same_cluster_loses_articles(count, seeds):
    window = 300
    everything = [p for a in seeds for p in measure(a, count, window)]
    assert {p.ref.article for p in naive_input(everything, window)} == {0}


def test_fifty_articles_all_contribute_to_a_full_window(count, seeds):
    articles = prepare_cluster([seed_texts()[i % 5] for i in range(50)]).articles
    window = 1000
    pieces = {a.index: measure(a, count, window) for a in articles}

    chosen = select_input(articles, pieces, window, count)

    # Copies of one outlet's text are redundant; every distinct outlet still contributes
    # and the window holds.
    outlets = {p.ref.article % 5 for p in chosen}
    assert outlets == set(range(5))
    assert sum(p.tokens for p in chosen) <= window


def test_fifty_distinct_articles_are_cut_to_a_fair_share_so_all_contribute(count, seeds):
    distinct: list[str] = []
    for sentence in (s for a in seeds for s in a.sentences if len(s.split()) >= 15):
        if not any(is_near_duplicate(sentence, other) for other in distinct):
            distinct.append(sentence)
    articles = prepare_cluster(distinct[:50]).articles
    assert len(articles) == 50
    window = 400
    pieces = {a.index: measure(a, count, window) for a in articles}
    assert sum(p.tokens for ps in pieces.values() for p in ps) > 2 * window

    chosen = select_input(articles, pieces, window, count)

    assert {p.ref.article for p in chosen} == set(range(50))
    assert sum(p.tokens for p in chosen) <= window


def test_a_run_on_sentence_longer_than_the_window_is_wrapped_not_dropped(count):
    words = " ".join(prepare_cluster(seed_texts()).articles[4].sentences).replace(".", "")
    article = PreparedArticle(index=0, sentences=[words])
    pieces = measure(article, count, 120)

    assert len(pieces) > 3
    assert all(p.tokens <= 120 for p in pieces)
    assert " ".join(p.text for p in pieces).split() == words.split()


def test_chunks_cover_every_sentence_once_in_order(count, seeds):
    article = seeds[4]
    pieces = measure(article, count, 200)

    chunks = chunk_article(article, pieces, 200, max_chunks=100, count_tokens=count)

    assert len(chunks) > 1
    assert all(sum(p.tokens for p in c) <= 200 for c in chunks)
    assert [p.text for c in chunks for p in c] == [p.text for p in pieces]


def test_a_huge_article_is_preselected_down_to_max_chunks(count, seeds):
    article = seeds[4]
    pieces = measure(article, count, 100)

    chunks = chunk_article(article, pieces, 100, max_chunks=3, count_tokens=count)

    assert len(chunks) <= 3
    kept = [(p.ref.index, p.part) for c in chunks for p in c]
    assert kept == sorted(kept)  # still document order
    assert len(kept) < len(pieces)


def test_trim_keeps_whole_sentences_within_the_word_budget():
    sentences = [
        "Tổng Bí thư Tô Lâm dự phiên khai mạc Hội đồng Hòa bình.",
        "Hội nghị diễn ra tại Washington.",
        "Nhiều nước cam kết đóng góp cho tái thiết Gaza.",
    ]
    assert trim_to_budget(sentences, Budget(max_words=20)) == sentences[:2]
    assert trim_to_budget(sentences, Budget(max_sentences=1)) == sentences[:1]


def test_trim_cuts_a_first_sentence_longer_than_the_budget_visibly():
    kept = trim_to_budget(["Tổng Bí thư Tô Lâm dự phiên khai mạc Hội đồng Hòa bình."], Budget(5))
    assert kept == ["Tổng Bí thư Tô Lâm…"]


def test_the_head_of_an_article_holds_at_least_a_full_window(backend, count):
    text = " ".join(prepare_cluster(seed_texts()).articles[4].sentences)
    window = 120
    head = head_words(text, window)

    assert text.startswith(head) and len(head.split()) == window
    # Tokenizer truncation of the head reads exactly what it reads of the whole text.
    assert backend.encode([head], window) == backend.encode([text], window)
    assert head_words("ba từ thôi", window) == "ba từ thôi"
