"""Near-duplicate detection and provenance for generated sentences, on seed sentences."""

from summarizer.align import align_summary
from summarizer.prepare import prepare_cluster
from summarizer.redundancy import compare, is_near_duplicate, shingles

from .helpers import seed_texts

LEAD_001 = (
    "Tổng Bí thư Tô Lâm sẽ có chuyến công tác tại Mỹ, dự cuộc họp khai mạc Hội đồng Hòa bình "
    "về Gaza từ ngày 18 - 20.2 theo lời mời của Tổng thống Mỹ Donald Trump."
)
LEAD_003 = (
    "Nhận lời mời của Tổng thống Mỹ Donald Trump - Chủ tịch sáng lập Hội đồng Hòa bình về Gaza, "
    "Tổng Bí thư Tô Lâm sẽ có chuyến công tác tại Mỹ, dự cuộc họp khai mạc Hội đồng Hòa bình về "
    "Gaza từ ngày 18 - 20/2."
)


def test_two_outlets_leads_on_the_same_fact_are_near_duplicates():
    assert is_near_duplicate(LEAD_001, LEAD_003)


def test_different_facts_about_the_same_people_are_not_near_duplicates():
    other = "Ngày 13.2, Tổng Bí thư Tô Lâm đã tiếp Trợ lý Ngoại trưởng Mỹ Michael DeSombre."
    assert not is_near_duplicate(LEAD_001, other)


def test_a_sentence_contained_in_a_longer_one_is_a_near_duplicate():
    longer = LEAD_001[:-1] + ", theo thông cáo của Bộ Ngoại giao chiều 17/2."
    duplicate, containment = compare(shingles(LEAD_001), shingles(longer))
    assert duplicate and containment > 0.9


def test_tone_mark_conventions_do_not_hide_a_duplicate():
    assert is_near_duplicate(
        "Hội đồng Hòa bình về Gaza họp tại Washington hôm nay.",
        "Hội đồng Hoà bình về Gaza họp tại Washington hôm nay.",
    )


def test_short_sentences_match_only_when_identical():
    assert not is_near_duplicate("Ông nói.", "Bà nói.")
    assert is_near_duplicate("Ông nói.", "Ông nói.")


def test_a_generated_sentence_is_tied_to_the_input_sentence_it_restates():
    articles = prepare_cluster(seed_texts()).articles
    generated = "Tổng Bí thư Tô Lâm sẽ dự cuộc họp khai mạc Hội đồng Hòa bình về Gaza tại Mỹ."
    invented = "Giá xăng dầu giảm mạnh trong tuần này."
    aligned, unsupported = align_summary([generated, invented], articles)
    assert (
        aligned.sources
        and "Hội đồng Hòa bình" in (articles[aligned.article].sentences[aligned.index])
    )
    assert len(aligned.articles) >= 3  # the fact is in several outlets
    assert unsupported.sources == ()
