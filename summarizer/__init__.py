"""Summaries of clusters of Vietnamese news articles: extractive and ViT5, merged and per article.

Quick use::

    import summarizer
    result = summarizer.summarize(list_of_article_texts, max_words=150)
    print(result.merged.text)
    for sentence in result.merged.sentences:
        print(sentence.sources)

Importing this package loads no heavy dependency (torch, transformers, gradio).
"""

from __future__ import annotations

from summarizer.api import Summarizer, summarize
from summarizer.errors import (
    EmptyInputError,
    InputDecodeError,
    InvalidOptionError,
    ModelUnavailableError,
    SummarizerError,
)
from summarizer.methods import available_methods
from summarizer.prepare import PreparedCluster, prepare_cluster
from summarizer.split import split_sentences
from summarizer.tokenize import syllables, word_segment
from summarizer.types import (
    ArticleSummary,
    Budget,
    ClusterSummary,
    PreparedArticle,
    Removal,
    SourceRef,
    Summary,
    SummarySentence,
)

__version__ = "0.1.0"

__all__ = [
    "ArticleSummary",
    "Budget",
    "ClusterSummary",
    "EmptyInputError",
    "InputDecodeError",
    "InvalidOptionError",
    "ModelUnavailableError",
    "PreparedArticle",
    "PreparedCluster",
    "Removal",
    "SourceRef",
    "Summarizer",
    "SummarizerError",
    "Summary",
    "SummarySentence",
    "__version__",
    "available_methods",
    "prepare_cluster",
    "split_sentences",
    "summarize",
    "syllables",
    "word_segment",
]
