"""The ROUGE scorer pinned on hand-computed Vietnamese examples."""

from __future__ import annotations

import random
import unicodedata

import pytest
from summarizer_eval.comparable import check_comparable, parse_signature
from summarizer_eval.engine import lcs_indices
from summarizer_eval.errors import SignatureMismatchError
from summarizer_eval.rouge import RougeScore, Scorer, score
from summarizer_eval.tokenizers import pyvi_tokens, syllable_tokens

from tests.helpers import seed_texts


def test_syllable_tokens_keep_vietnamese_letters_where_rouge_score_drops_them():
    assert syllable_tokens("Tổng Bí thư Tô Lâm") == ["tổng", "bí", "thư", "tô", "lâm"]
    ascii_result = score("Bà đi chợ", ["Bố đi chơi"], tokenizer="ascii")["rouge1"]
    real = score("Bà đi chợ", ["Bố đi chơi"])["rouge1"]
    # ascii: "b i ch" vs "b i ch i" -> P 3/3, R 3/4; real syllables share only "đi".
    assert ascii_result.precision == 1.0 and ascii_result.recall == 0.75
    assert real.precision == real.recall == pytest.approx(1 / 3)


def test_hand_computed_rouge_on_a_vietnamese_sentence():
    result = score("Tổng Bí thư Tô Lâm thăm Mỹ.", ["Tổng Bí thư Tô Lâm sang Mỹ."])
    # 7 syllables each, 6 shared; bigrams 6 each, 4 shared; LCS 6.
    assert result["rouge1"].f1 == pytest.approx(6 / 7)
    assert result["rouge2"].precision == pytest.approx(4 / 6)
    assert result["rouge2"].recall == pytest.approx(4 / 6)
    assert result["rougeL"].f1 == pytest.approx(6 / 7)


def test_nfd_input_scores_like_nfc():
    reference = "Quốc hội thông qua luật đất đai sửa đổi."
    decomposed = unicodedata.normalize("NFD", reference)
    assert decomposed != reference
    result = score(decomposed, [reference])
    assert all(result[t].f1 == 1.0 for t in result)


def test_tone_mark_placement_and_case_do_not_change_the_score():
    result = score("HOÀ BÌNH cho khu vực, Thuý Kiều", ["hòa bình cho khu vực, Thúy Kiều"])
    assert result["rouge2"].f1 == 1.0


def test_several_references_are_averaged_by_default_and_maxed_on_request():
    prediction = "Hà Nội mưa to"
    references = ["Hà Nội mưa to", "Sài Gòn nắng gắt"]
    assert score(prediction, references)["rouge1"].f1 == pytest.approx(0.5)
    assert score(prediction, references, aggregate="max")["rouge1"].f1 == 1.0


def test_rouge_lsum_matches_sentences_in_any_order_while_rouge_l_does_not():
    prediction = "Câu một ở đây.\nCâu hai ở kia."
    result = score(prediction, ["Câu hai ở kia. Câu một ở đây."])
    assert result["rougeLsum"].f1 == 1.0
    assert result["rougeL"].f1 == pytest.approx(0.5)  # LCS 4 of 8 syllables


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
    assert score("", ["Một câu tham chiếu."])["rouge1"].f1 == 0.0
    with pytest.raises(ValueError, match="reference"):
        score("Một câu.", [])
    with pytest.raises(ValueError, match="reference"):
        score("Một câu.", "Một câu.")  # a bare string is not a list of references


def test_word_tokenizer_joins_the_syllables_of_a_word():
    assert "hà_nội" in pyvi_tokens("Tổng Bí thư đến Hà Nội.")
    result = score("Đến Hà Nội", ["Rời Hà Nội"], tokenizer="word-pyvi")
    assert result["rouge1"].f1 == pytest.approx(0.5)  # words: đến|rời, hà_nội


def test_signature_is_read_from_the_scorer_that_computed_the_number():
    fields = parse_signature(Scorer("word-pyvi", "max").signature(2, budget="185syl"))
    assert fields["tok"] == "word-pyvi" and fields["agg"] == "max" and fields["nrefs"] == "2"
    assert fields["norm"] == "nfc.lower.tone" and fields["stem"] == "no"
    assert fields["budget"] == "185syl" and fields["pyvi"] not in ("", "absent")
    assert fields["rouge-score"] and fields["summarizer"]
    ascii_fields = parse_signature(Scorer("ascii").signature(1))
    assert ascii_fields["norm"] == "lower.ascii-only" and "pyvi" not in ascii_fields


def test_check_comparable_names_each_differing_setting():
    check_comparable(Scorer().signature(2), Scorer().signature(2))
    with pytest.raises(SignatureMismatchError, match="tok: 'syllable' before, 'ascii' now"):
        check_comparable(Scorer().signature(2), Scorer("ascii").signature(2))
    with pytest.raises(SignatureMismatchError, match="nrefs: '2' before, '1' now"):
        check_comparable(Scorer().signature(2), Scorer().signature(1))


def test_unknown_scorer_settings_are_one_line_library_errors():
    from summarizer.errors import InvalidOptionError

    with pytest.raises(InvalidOptionError, match="tokenizer 'whitespace'"):
        Scorer("whitespace")
    with pytest.raises(InvalidOptionError, match="aggregate 'median'"):
        Scorer(aggregate="median")


def test_score_report_carries_scores_and_the_signature_of_that_call():
    report = Scorer(aggregate="max").report("Hà Nội mưa to", ["Hà Nội mưa to", "Sài Gòn nắng"])
    data = report.to_dict()
    assert data["scores"]["rouge1"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert "nrefs:2|agg:max|" in data["signature"]
    assert RougeScore.from_dict(data["scores"]["rouge2"]) == report.scores["rouge2"]


def test_score_many_in_processes_equals_scoring_one_by_one():
    sentences = [s for text in seed_texts() for s in text.split(". ") if len(s) > 20]
    n = len(sentences)
    pairs = [(sentences[i % n], [sentences[(i + 1) % n], sentences[i * 7 % n]]) for i in range(70)]
    scorer = Scorer()
    assert scorer.score_many(pairs, jobs=2) == [scorer.score(p, refs) for p, refs in pairs]
