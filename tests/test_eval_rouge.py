"""The ROUGE scorer pinned on hand-computed Vietnamese examples."""

from __future__ import annotations

import random
import unicodedata

import pytest
from summarizer_eval.errors import SignatureMismatchError
from summarizer_eval.rouge import (
    Scorer,
    check_comparable,
    lcs_indices,
    parse_signature,
    pyvi_tokens,
    score,
    signature,
    syllable_tokens,
)

from tests.helpers import seed_texts


def test_syllable_tokens_keep_vietnamese_letters_where_rouge_score_drops_them():
    assert syllable_tokens("Tổng Bí thư Tô Lâm") == ["tổng", "bí", "thư", "tô", "lâm"]
    ascii_result = score("Bà đi chợ", ["Bố đi chơi"], tokenizer="ascii")["rouge1"]
    real = score("Bà đi chợ", ["Bố đi chơi"])["rouge1"]
    # ascii: "b i ch" vs "b i ch i" -> P 3/3, R 3/4; real syllables share only "đi".
    assert ascii_result["precision"] == 1.0 and ascii_result["recall"] == 0.75
    assert real["precision"] == real["recall"] == pytest.approx(1 / 3)


def test_hand_computed_rouge_on_a_vietnamese_sentence():
    result = score("Tổng Bí thư Tô Lâm thăm Mỹ.", ["Tổng Bí thư Tô Lâm sang Mỹ."])
    # 7 syllables each, 6 shared; bigrams 6 each, 4 shared; LCS 6.
    assert result["rouge1"]["f1"] == pytest.approx(6 / 7)
    assert result["rouge2"]["precision"] == pytest.approx(4 / 6)
    assert result["rouge2"]["recall"] == pytest.approx(4 / 6)
    assert result["rougeL"]["f1"] == pytest.approx(6 / 7)


def test_nfd_input_scores_like_nfc():
    reference = "Quốc hội thông qua luật đất đai sửa đổi."
    decomposed = unicodedata.normalize("NFD", reference)
    assert decomposed != reference
    result = score(decomposed, [reference])
    assert all(result[t]["f1"] == 1.0 for t in result)


def test_tone_mark_placement_and_case_do_not_change_the_score():
    result = score("HOÀ BÌNH cho khu vực, Thuý Kiều", ["hòa bình cho khu vực, Thúy Kiều"])
    assert result["rouge2"]["f1"] == 1.0


def test_several_references_are_averaged_by_default_and_maxed_on_request():
    prediction = "Hà Nội mưa to"
    references = ["Hà Nội mưa to", "Sài Gòn nắng gắt"]
    assert score(prediction, references)["rouge1"]["f1"] == pytest.approx(0.5)
    assert score(prediction, references, aggregate="max")["rouge1"]["f1"] == 1.0


def test_rouge_lsum_matches_sentences_in_any_order_while_rouge_l_does_not():
    prediction = "Câu một ở đây.\nCâu hai ở kia."
    result = score(prediction, ["Câu hai ở kia. Câu một ở đây."])
    assert result["rougeLsum"]["f1"] == 1.0
    assert result["rougeL"]["f1"] == pytest.approx(0.5)  # LCS 4 of 8 syllables


def test_fast_engine_gives_exactly_rouge_score_numbers():
    sentences = [s for text in seed_texts() for s in text.split(". ") if len(s) > 20]
    rng = random.Random(7)
    fast, reference = Scorer(), Scorer(engine="rouge-score")
    for _ in range(60):
        prediction = "\n".join(rng.sample(sentences, rng.randint(1, 4)))
        refs = [" ".join(rng.sample(sentences, rng.randint(1, 3))) for _ in range(2)]
        assert fast.score(prediction, refs) == reference.score(prediction, refs)


def test_lcs_indices_follow_rouge_score_tie_breaking():
    from rouge_score import rouge_scorer

    ref = ["a", "b", "c", "a", "b", "d", "c", "a"]
    can = ["b", "a", "c", "d", "a", "b", "c", "a", "b"]
    assert lcs_indices(ref, can) == rouge_scorer.lcs_ind(ref, can)


def test_empty_prediction_scores_zero_and_missing_references_are_refused():
    assert score("", ["Một câu tham chiếu."])["rouge1"]["f1"] == 0.0
    with pytest.raises(ValueError, match="reference"):
        score("Một câu.", [])
    with pytest.raises(ValueError, match="reference"):
        score("Một câu.", "Một câu.")  # a bare string is not a list of references


def test_word_tokenizer_joins_the_syllables_of_a_word():
    assert "hà_nội" in pyvi_tokens("Tổng Bí thư đến Hà Nội.")
    result = score("Đến Hà Nội", ["Rời Hà Nội"], tokenizer="word-pyvi")
    assert result["rouge1"]["f1"] == pytest.approx(0.5)  # words: đến|rời, hà_nội


def test_signature_records_every_setting_and_refuses_different_ones():
    fields = parse_signature(signature("syllable", "mean", 2, budget="185syl"))
    assert fields["tok"] == "syllable" and fields["agg"] == "mean" and fields["nrefs"] == "2"
    assert fields["stem"] == "no" and fields["budget"] == "185syl"
    assert fields["rouge-score"] and fields["summarizer"]
    check_comparable(signature(nrefs=2), signature(nrefs=2))
    with pytest.raises(SignatureMismatchError, match="tok: syllable vs ascii"):
        check_comparable(signature(nrefs=2), signature("ascii", nrefs=2))
    with pytest.raises(ValueError, match="tokenizer"):
        signature("whitespace")
