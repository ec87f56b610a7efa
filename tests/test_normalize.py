import unicodedata

import pytest

from summarizer.normalize import normalize_key
from summarizer.tokenize import syllables


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("hòa", "hoà"),
        ("thúy", "thuý"),
        ("Hòa Bình", "Hoà Bình"),
        ("khỏe", "khoẻ"),
        ("Thụy Sỹ", "Thuỵ Sỹ"),
        ("tùy", "tuỳ"),
        ("họa", "hoạ"),
    ],
)
def test_both_tone_mark_conventions_share_one_key(old_style, new_style):
    assert normalize_key(old_style) == normalize_key(new_style)


@pytest.mark.parametrize("word", ["hoàng", "người", "quý", "giải", "thuở", "toán", "của", "mái"])
def test_words_with_one_possible_mark_position_are_unchanged(word):
    assert normalize_key(word) == word


def test_decomposed_input_gives_the_same_key_as_composed():
    text = "Tổng Bí thư Tô Lâm dự Hội đồng Hoà bình về Gaza tại Thụy Sỹ"
    assert normalize_key(unicodedata.normalize("NFD", text)) == normalize_key(text)


def test_syllables_keep_diacritics_and_drop_punctuation():
    assert syllables("Tổng Bí thư, “Hội đồng Hòa bình”!") == [
        "tổng",
        "bí",
        "thư",
        "hội",
        "đồng",
        "hoà",
        "bình",
    ]
