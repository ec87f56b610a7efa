"""The extractive summaries on the dev corpora: budgets kept, trivial baselines beaten.

Skipped without ../shared. The full tables (more systems, intervals, signatures) are the
eval harness's job (``python -m summarizer_eval.tables``); these guard the bars of the
README's Quality section against regressions, scored with rouge-score and syllables.
"""

import statistics

import pytest
from rouge_score import rouge_scorer
from summarizer_eval.datasets import load_vietnews, load_vnmds
from summarizer_eval.systems import create_system

from summarizer import Summarizer, syllables
from summarizer.tokenize import count_syllables

from .helpers import require_shared

pytestmark = pytest.mark.corpus


class _Syllables:
    def tokenize(self, text):
        return syllables(text)


_SCORER = rouge_scorer.RougeScorer(["rouge2"], tokenizer=_Syllables())


def _r2(prediction, references):
    return statistics.mean(_SCORER.score(r, prediction)["rouge2"].fmeasure for r in references)


@pytest.fixture(scope="module")
def vnmds():
    return load_vnmds(require_shared("data", "vnmds-dev"))


def _budget(references):
    return round(statistics.mean(count_syllables(r) for r in references))


def test_no_summary_exceeds_its_budget_in_syllables_on_any_vnmds_cluster(vnmds):
    summarizer = Summarizer("extractive")
    for item in vnmds:
        budget = _budget(item.references)
        for article_budget in (20, 60):
            result = summarizer.summarize(
                item.documents, max_words=budget, article_max_words=article_budget
            )
            assert 0 < count_syllables(result.merged.text) <= budget, item.id
            assert result.merged.syllable_count == count_syllables(result.merged.text)
            for summary in result.per_article:
                if result.articles[summary.article].sentences:
                    assert 0 < summary.syllable_count <= article_budget, (item.id, summary.text)


def test_merged_summaries_beat_lead_at_the_same_budget_on_vnmds_dev(vnmds):
    summarizer = Summarizer("extractive")
    lead_baseline = create_system("lead")  # round robin, whole sentences within the budget
    ours, lead = [], []
    for item in vnmds:
        budget = _budget(item.references)
        prediction = summarizer.summarize(item.documents, max_words=budget, per_article=False)
        ours.append(_r2(prediction.merged.text, item.references))
        lead.append(_r2(lead_baseline.predict(item, "merged", budget)[0], item.references))
    print(f"R2 extractive {100 * statistics.mean(ours):.2f} lead {100 * statistics.mean(lead):.2f}")
    assert len(ours) == 100
    assert statistics.mean(ours) > statistics.mean(lead) + 0.01


def test_article_summaries_beat_the_uncapped_first_sentence_on_vietnews_dev():
    items = load_vietnews(require_shared("data", "vietnews-dev"))
    budget = round(statistics.mean(count_syllables(i.references[0]) for i in items))
    summarizer = Summarizer("extractive")
    lead_1 = create_system("lead-1")  # the first sentence, whatever its length
    ours, lead, our_length, lead_length = [], [], [], []
    for item in items:
        summary = summarizer.summarize(item.documents, max_words=budget).per_article[0].text
        first = lead_1.predict(item, "per-article", budget)[0]
        ours.append(_r2(summary, item.references))
        lead.append(_r2(first, item.references))
        our_length.append(count_syllables(summary))
        lead_length.append(count_syllables(first))
    gain = 100 * (statistics.mean(ours) - statistics.mean(lead))
    ratio = statistics.mean(our_length) / statistics.mean(lead_length)
    print(f"R2 gain over Lead-1 {gain:+.2f} at {ratio:.2f}x its length (budget {budget})")
    assert gain >= 1.0
    assert ratio <= 1.1
