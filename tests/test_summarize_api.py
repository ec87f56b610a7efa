"""The public API on the seed cluster: budgets, redundancy, provenance, bad input."""

import json
import subprocess
import sys
import time
import unicodedata

import pytest

import summarizer
from summarizer import EmptyInputError, InvalidOptionError, Summarizer, summarize
from summarizer.discourse import has_connective, needs_antecedent, strip_connective
from summarizer.prepare import prepare_cluster
from summarizer.redundancy import is_near_duplicate

from .helpers import seed_texts


@pytest.fixture(scope="module")
def seeds():
    return seed_texts()


@pytest.fixture(scope="module")
def result(seeds):
    return summarize(seeds, max_words=150)


def test_merged_summary_is_about_the_event_and_within_budget(result):
    text = result.merged.text
    assert "Tổng Bí thư Tô Lâm" in text and "Hội đồng Hòa bình" in text
    assert 100 <= result.merged.syllable_count <= 150


def test_merged_summary_has_no_near_duplicate_sentences(result):
    sentences = [s.text for s in result.merged.sentences]
    for i, a in enumerate(sentences):
        for b in sentences[i + 1 :]:
            assert not is_near_duplicate(a, b), (a, b)


def test_merged_summary_contains_none_of_the_teasers(result):
    for s in result.merged.sentences + [s for a in result.per_article for s in a.sentences]:
        for topic in ["Cuba", "Copernicus", "Thanh Thanh Tâm", "Cho Hyun", "Phát Đạt", "hạt nhân"]:
            assert topic not in s.text


def test_every_output_sentence_points_at_its_source_sentence(result):
    for sentence in result.merged.sentences:
        first = sentence.sources[0]
        source = result.articles[first.article].sentences[first.index]
        # Copied whole; a linking opener ("Trước đó,") goes when its sentence stands alone.
        assert sentence.text in (source, strip_connective(source))
        for other in sentence.sources[1:]:
            assert other.article != first.article
            assert is_near_duplicate(
                result.articles[other.article].sentences[other.index], sentence.text
            )


def test_no_sentence_points_back_at_a_sentence_that_does_not_precede_it(seeds):
    for budget in (60, 150, 300, 500):
        result = summarize(seeds, max_words=budget)
        previous = None
        for s in result.merged.sentences:
            right_after_its_predecessor = previous == (s.article, s.index - 1)
            if needs_antecedent(s.text) or has_connective(s.text):
                assert right_after_its_predecessor, s.text
            previous = (s.article, s.index)


def test_the_repeated_lead_fact_lists_the_other_outlets_that_carry_it(result):
    lead = next(s for s in result.merged.sentences if "18" in s.text and "Gaza" in s.text)
    assert len(lead.articles) >= 3


def test_there_is_one_per_article_summary_per_article_within_its_budget(seeds):
    result = summarize(seeds, article_max_words=60)
    assert [a.article for a in result.per_article] == [0, 1, 2, 3, 4]
    for summary, article in zip(result.per_article, result.articles, strict=True):
        assert 0 < summary.syllable_count <= 60
        assert all(s.sources[0].article == article.index for s in summary.sentences)


def test_merged_only_skips_the_article_summaries_and_gives_the_same_merged_text(seeds, result):
    merged_only = summarize(seeds, max_words=150, per_article=False)
    assert merged_only.per_article == []
    assert merged_only.merged.text == result.merged.text
    assert merged_only.settings["per_article"] is False


def test_sentence_budget_is_respected(seeds):
    result = summarize(seeds, max_sentences=2)
    assert len(result.merged.sentences) == 2


def test_merged_sentences_follow_story_order(result):
    positions = [
        s.index / len(result.articles[s.article].sentences) for s in result.merged.sentences
    ]
    assert positions == sorted(positions)


def test_a_budget_smaller_than_any_sentence_cuts_the_best_sentence(seeds):
    result = summarize(seeds, max_words=10)
    assert result.merged.syllable_count <= 10
    assert result.merged.text.endswith("…")


def test_to_dict_is_json_serialisable_and_complete(result):
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["merged"]["text"] == result.merged.text
    assert data["merged"]["sentences"][0]["sources"][0].keys() == {"article", "index"}
    assert len(data["per_article"]) == 5
    assert any(item["reason"] == "off-topic-teaser" for a in data["removed"] for item in a["items"])
    assert data["settings"]["max_words"] == 150


def test_one_document_gives_a_merged_summary_equal_to_its_article_summary(seeds):
    result = summarize(seeds[2:3], max_words=80)
    assert result.merged.text == result.per_article[0].text
    assert result.merged.syllable_count <= 80


def test_the_same_article_twice_gives_no_repeated_sentences(seeds):
    result = summarize([seeds[2], seeds[2]], max_words=150)
    texts = [s.text for s in result.merged.sentences]
    assert len(texts) == len(set(texts))
    assert all(len(s.articles) == 2 for s in result.merged.sentences)


def test_decomposed_input_gives_the_same_summary_as_composed(seeds):
    nfd = [unicodedata.normalize("NFD", t) for t in seeds]
    assert summarize(nfd, max_words=120).merged.text == summarize(seeds, max_words=120).merged.text


@pytest.mark.parametrize("documents", [[], [""], ["   ", "\n\t"]])
def test_no_text_raises_a_value_error_with_a_message(documents):
    with pytest.raises(EmptyInputError, match="give at least one") as info:
        summarize(documents)
    assert isinstance(info.value, ValueError)


def test_a_single_string_instead_of_a_list_is_refused():
    with pytest.raises(InvalidOptionError, match="list of article texts"):
        summarize("Tổng Bí thư Tô Lâm sẽ dự họp.")


@pytest.mark.parametrize("budget", [0, -5, 2.5, True])
def test_invalid_budgets_are_refused(seeds, budget):
    with pytest.raises(InvalidOptionError, match="max_words"):
        summarize(seeds, max_words=budget)


def test_unknown_method_is_refused_with_the_known_ones(seeds):
    with pytest.raises(InvalidOptionError, match="extractive"):
        summarize(seeds, method="gpt")


def test_an_empty_document_among_others_is_skipped_with_a_warning(seeds):
    with pytest.warns(UserWarning, match="Document 2 is empty"):
        result = summarize([seeds[0], "", seeds[1]])
    assert result.per_article[1].sentences == []
    assert result.merged.sentences


@pytest.mark.parametrize(
    "text",
    [
        "The central bank raised interest rates on Tuesday. Markets fell sharply after the "
        "announcement. Analysts expect further increases this year. The currency rose.",
        "Le président a annoncé mercredi une réforme des retraites très contestée. Les "
        "syndicats appellent à la grève. Même l'hôpital et la forêt sont fermés cet été.",
    ],
    ids=["english", "french"],
)
def test_non_vietnamese_text_is_summarized_with_a_warning(text):
    with pytest.warns(UserWarning, match="does not look like Vietnamese"):
        result = summarize([text], max_words=20)
    assert result.merged.sentences


def test_vietnamese_text_gets_no_language_warning(seeds, recwarn):
    summarize(seeds)
    assert not [w for w in recwarn if "Vietnamese" in str(w.message)]


def test_a_bare_headline_is_summarized_as_itself():
    result = summarize(["Hà Nội mưa lớn kéo dài"])
    assert result.merged.text == "Hà Nội mưa lớn kéo dài"


def test_a_five_megabyte_article_completes(seeds):
    paragraphs = [p for p in prepare_cluster([seeds[2]]).articles[0].sentences]
    blocks, size, copy = [], 0, 0
    while size < 5_000_000:  # distinct lines, so cleaning cannot collapse the repeats
        copy += 1
        for paragraph in paragraphs:
            line = f"Bản tin số {copy}: {paragraph}"
            blocks.append(line)
            size += len(line.encode()) + 1
    huge = "\n".join(blocks)
    assert len(huge.encode()) >= 5_000_000
    started = time.perf_counter()
    result = summarize([huge, seeds[0]], max_words=150)
    assert result.merged.syllable_count <= 150
    texts = [s.text for s in result.merged.sentences]
    assert len(texts) == len(set(texts))
    print(f"5 MB article: {time.perf_counter() - started:.1f} s")


def test_summarizer_object_reuses_its_method(seeds):
    s = Summarizer("extractive")
    s.summarize(seeds[:2])
    method = s.method
    s.summarize(seeds[2:])
    assert s.method is method


def test_word_features_give_a_summary_too(seeds):
    result = summarize(seeds, features="word", max_words=120)
    assert "Tô Lâm" in result.merged.text


def test_importing_and_extractive_run_load_no_heavy_dependency():
    code = (
        "import sys, summarizer, glob\n"
        "docs = [open(f, encoding='utf-8').read() for f in sorted(glob.glob('seeds/*.txt'))]\n"
        "summarizer.summarize(docs)\n"
        "heavy = ('torch', 'transformers', 'gradio', 'ctranslate2', 'matplotlib')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    from .helpers import REPO

    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_public_names_are_exported():
    for name in ["summarize", "Summarizer", "ClusterSummary", "SummarySentence", "SourceRef"]:
        assert hasattr(summarizer, name)
