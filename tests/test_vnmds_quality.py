"""Merged extractive summaries on vnmds-dev beat the Lead baseline in the same run.

Skipped without ../shared. The full comparison table (with LexRank, CIs, signature) is the
eval harness's job; this guards the extractive method against regressions.
"""

import statistics

import pytest
from rouge_score import rouge_scorer

from summarizer import Summarizer, prepare_cluster, syllables

from .helpers import require_shared

pytestmark = pytest.mark.corpus


class _Syllables:
    def tokenize(self, text):
        return syllables(text)


def _lead(documents, budget):
    articles = prepare_cluster(documents).articles
    out, words, depth = [], 0, 0
    while any(depth < len(a.sentences) for a in articles):
        for article in articles:
            if depth < len(article.sentences):
                sentence = article.sentences[depth]
                if words + len(sentence.split()) > budget:
                    return " ".join(out)
                out.append(sentence)
                words += len(sentence.split())
        depth += 1
    return " ".join(out)


def test_extractive_beats_lead_in_rouge2_on_vnmds_dev():
    root = require_shared("data", "vnmds-dev")
    scorer = rouge_scorer.RougeScorer(["rouge2"], tokenizer=_Syllables())
    summarizer = Summarizer("extractive")
    ours, lead = [], []
    for cluster in sorted(root.glob("cluster_*")):
        docs = [p.read_text(encoding="utf-8-sig") for p in sorted(cluster.glob("*.body.txt"))]
        refs = [
            (cluster / f"{cluster.name}.ref{i}.txt").read_text(encoding="utf-8-sig") for i in (1, 2)
        ]
        budget = round(statistics.mean(len(r.split()) for r in refs))
        for system, scores in (
            (lambda d, b: summarizer.summarize(d, max_words=b).merged.text, ours),
            (_lead, lead),
        ):
            prediction = system(docs, budget)
            scores.append(
                statistics.mean(scorer.score(r, prediction)["rouge2"].fmeasure for r in refs)
            )
    print(f"R2 extractive {100 * statistics.mean(ours):.2f} lead {100 * statistics.mean(lead):.2f}")
    assert len(ours) == 100
    assert statistics.mean(ours) > statistics.mean(lead) + 0.01
