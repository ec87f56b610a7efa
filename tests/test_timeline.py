"""Publication times as article metadata, and merged summaries that tell the latest state."""

import warnings
from datetime import date, datetime

import pytest
from summarizer_eval.datasets import load_vnmds

from summarizer import InvalidOptionError, summarize
from summarizer.timeline import parse_published, reports_plan

from .helpers import require_shared, seed_texts

SEED_CLUSTER = 150


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("date 2026-02-17", "2026-02-17"),
        ("17/02/2026 13:23 GMT+7", "2026-02-17T13:23"),
        ("PV 21/02/2026 11:05", "2026-02-21T11:05"),
        ("Thứ Ba, 17/2/2026 - 13:23", "2026-02-17T13:23"),
        ("Cập nhật 23-10-2013 11h39", "2013-10-23T11:39"),
        ("31/02/2026", None),
        ("Đậu Tiến Đạt", None),
    ],
)
def test_reads_the_publication_time_of_a_dateline(dateline, expected):
    assert parse_published(dateline) == expected


def test_seed_articles_carry_the_times_their_datelines_print():
    result = summarize(seed_texts(), max_words=SEED_CLUSTER)
    published = [a["published"] for a in result.to_dict()["articles"]]
    assert published == ["2026-02-17", "2026-02-17T13:23", "2026-02-21T11:05", None, None]


@pytest.mark.parametrize("budget", [60, SEED_CLUSTER, 300, 500])
def test_the_seed_summary_opens_with_the_trip_that_ended_not_the_trip_announced(budget):
    result = summarize(seed_texts(), max_words=budget)
    opener = result.merged.sentences[0]
    assert opener.article == 2  # 002, published 21 Feb: the trip took place and ended
    assert opener.text.startswith("Chiều 20/2")
    for sentence in result.merged.sentences:
        if sentence.article != 2:  # the others were published on 17 Feb or are undated
            assert not reports_plan(sentence.text), sentence.text


def test_caller_times_override_and_a_later_report_leads():
    texts = seed_texts()
    times = ["2026-02-21T12:00", None, datetime(2026, 2, 17, 9, 0), date(2026, 2, 16), None]
    result = summarize(texts, max_words=SEED_CLUSTER, published=times)
    assert [a.published for a in result.articles][:4] == [
        "2026-02-21T12:00",
        "2026-02-17T13:23",
        "2026-02-17T09:00",
        "2026-02-16",
    ]
    assert result.merged.sentences[0].article in (0, 2)  # the two published on 21 Feb


def test_an_unparseable_time_is_refused_naming_its_position():
    with pytest.raises(InvalidOptionError, match=r"published\[1\]"):
        summarize(seed_texts(), published=[None, "hôm qua", None, None, None])
    with pytest.raises(InvalidOptionError, match="published has 2 entries"):
        summarize(seed_texts(), published=["2026-02-17", None])


def test_a_time_in_the_future_is_ignored_with_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = summarize(seed_texts(), published=["2099-01-01", None, None, None, None])
    assert result.articles[0].published == "2026-02-17"  # the article's own dateline instead
    assert any("future" in str(w.message) for w in caught)


def test_a_dateline_in_the_future_is_not_taken_as_the_publication_time():
    text = "01/01/2099 10:00\n\nHội nghị khai mạc sáng nay tại Hà Nội với 300 đại biểu."
    result = summarize([text, seed_texts()[2]])
    assert result.articles[0].published is None
    assert result.articles[1].published == "2026-02-21T11:05"


def test_conflicting_datelines_take_the_first_and_one_dated_article_changes_nothing():
    texts = seed_texts()
    conflicting = "20/02/2026 08:00\n" + texts[2]  # two datelines: 20 and 21 Feb
    result = summarize([conflicting, texts[3], texts[4]], max_words=SEED_CLUSTER)
    assert result.articles[0].published == "2026-02-20T08:00"
    undated = [texts[2].replace("PV 21/02/2026 11:05", "PV"), texts[3], texts[4]]
    plain = summarize(undated, max_words=SEED_CLUSTER)
    assert all(a.published is None for a in plain.articles)
    # One dated article among undated ones: no second day to compare with, so the same
    # sentences are chosen as without any date.
    chosen = {(s.article, s.index) for s in result.merged.sentences}
    assert chosen == {(s.article, s.index) for s in plain.merged.sentences}


def test_an_article_that_is_only_a_dateline_is_left_out_without_a_crash():
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = summarize(["PV 21/02/2026 11:05", seed_texts()[1]])
    assert result.articles[0].sentences == []
    assert result.merged.text


def test_clusters_built_from_vnmds_open_with_their_latest_article():
    """Each cluster's articles dated one day apart, last article newest: when the newest
    article contributes to the merged summary, it opens it; plans from older days are
    never preferred over it."""
    clusters = [c for c in load_vnmds(require_shared("data", "vnmds-dev")) if len(c.documents) > 1]
    opened_by_newest = contributing = 0
    for item in clusters[:40]:
        n = len(item.documents)
        times = [f"2013-10-{10 + day:02d}T09:00" for day in range(n)]
        result = summarize(item.documents, max_words=180, published=times, per_article=False)
        articles = [s.article for s in result.merged.sentences]
        if n - 1 in articles:
            contributing += 1
            opened_by_newest += articles[0] == n - 1
    assert contributing >= 20
    assert opened_by_newest == contributing
