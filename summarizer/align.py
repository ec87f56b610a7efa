"""Provenance for generated text: tie each abstractive sentence to the input it restates."""

from __future__ import annotations

from summarizer.assemble import find_duplicates
from summarizer.tokenize import content_syllables
from summarizer.types import PreparedArticle, SourceRef, SummarySentence

# Share of a generated sentence's content syllables that must come from one input sentence
# before we claim that sentence as its source.
MIN_SUPPORT = 0.5


def align_summary(sentences: list[str], articles: list[PreparedArticle]) -> list[SummarySentence]:
    """Each generated sentence with its best-supporting input sentence, plus near-duplicates."""
    candidates = [
        (SourceRef(a.index, i), set(content_syllables(s)))
        for a in articles
        for i, s in enumerate(a.sentences)
    ]
    aligned = []
    for text in sentences:
        tokens = set(content_syllables(text))
        best, best_support = None, 0.0
        for ref, source_tokens in candidates:
            if tokens:
                support = len(tokens & source_tokens) / len(tokens)
                if support > best_support:
                    best, best_support = ref, support
        if best is None or best_support < MIN_SUPPORT:
            aligned.append(SummarySentence(text, ()))
        else:
            aligned.append(SummarySentence(text, (best, *find_duplicates(text, best, articles))))
    return aligned
