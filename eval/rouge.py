"""ROUGE for Vietnamese: rouge-score's numbers on tokens that keep Vietnamese letters.

The default tokens are NFC + lowercase + one tone-mark convention + ``\\w`` syllables with
their diacritics (:mod:`summarizer_eval.tokenizers`). A :class:`Scorer` prints its own
:meth:`Scorer.signature`, read from the scorer's state (its tokenizer object, how it combines
references), so a number always travels with exactly what produced it.

    >>> scorer = Scorer()
    >>> result = scorer.score("Tổng Bí thư Tô Lâm thăm Mỹ.", ["Tổng Bí thư Tô Lâm sang Mỹ."])
    >>> round(result["rouge1"].f1, 3)
    0.857
    >>> scorer.signature(nrefs=1).split("|")[:5]
    ['rouge:1.2.L.Lsum', 'nrefs:1', 'agg:mean', 'tok:syllable', 'norm:nfc.lower.tone']
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rouge_score import rouge_scorer, scoring
from summarizer_eval.comparable import format_signature
from summarizer_eval.engine import FastRougeScorer
from summarizer_eval.errors import ScoreInputError
from summarizer_eval.records import Record
from summarizer_eval.tokenizers import TOKENIZERS, create_tokenizer, package_version

import summarizer
from summarizer.errors import InvalidOptionError
from summarizer.split import split_sentences

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
ENGINES = ("fast", "rouge-score")
AGGREGATES = ("mean", "max")
__all__ = ["AGGREGATES", "ROUGE_TYPES", "TOKENIZERS", "RougeScore", "Scorer", "score"]


@dataclass(frozen=True)
class RougeScore(Record):
    """Precision, recall and F1 (0..1) of one ROUGE type, like rouge-score's ``Score``."""

    precision: float
    recall: float
    f1: float


Scores = dict[str, RougeScore]  # one RougeScore per ROUGE type


def scores_to_dict(scores: Mapping[str, RougeScore]) -> dict[str, dict[str, float]]:
    return {rouge_type: s.to_dict() for rouge_type, s in scores.items()}


def scores_from_dict(data: Mapping[str, Mapping[str, float]]) -> Scores:
    return {rouge_type: RougeScore.from_dict(data[rouge_type]) for rouge_type in ROUGE_TYPES}


def sentence_lines(text: str) -> str:
    """One sentence per line, as rouge-score's ROUGE-Lsum expects.

    Text that already has line breaks is taken as split; otherwise the project's
    Vietnamese sentence splitter splits it.
    """
    if "\n" in text.strip():
        lines = [line.strip() for line in text.splitlines()]
    else:
        lines = split_sentences(text)
    return "\n".join(line for line in lines if line)


def _as_score(score: scoring.Score) -> RougeScore:
    return RougeScore(score.precision, score.recall, score.fmeasure)


class Scorer:
    """ROUGE-1/2/L/Lsum precision, recall and F1 of one prediction against its references."""

    def __init__(
        self, tokenizer: str = "syllable", aggregate: str = "mean", engine: str = "fast"
    ) -> None:
        """``engine="rouge-score"`` runs rouge-score's own (slow) LCS, to cross-check."""
        choices = (("aggregate", aggregate, AGGREGATES), ("engine", engine, ENGINES))
        for name, value, allowed in choices:
            if value not in allowed:
                raise InvalidOptionError(
                    f"Unknown ROUGE {name} {value!r}; choose one of: {', '.join(allowed)}."
                )
        self.tokenizer = create_tokenizer(tokenizer)
        self.aggregate, self.engine = aggregate, engine
        self._rouge = (
            FastRougeScorer(ROUGE_TYPES, self.tokenizer)
            if engine == "fast"
            else rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=self.tokenizer)
        )
        self._lines = lru_cache(maxsize=50_000)(sentence_lines)

    def score(self, prediction: str, references: Sequence[str]) -> Scores:
        """One :class:`RougeScore` per ROUGE type.

        With several references: the mean of each of P, R and F1 over references
        (``aggregate="mean"``), or the reference with the best F1 per type (``"max"``).
        """
        if isinstance(references, str) or not references:
            raise ScoreInputError("ROUGE needs a non-empty list of reference texts.")
        prediction_lines = self._lines(prediction)
        per_reference = [
            self._rouge.score(self._lines(reference), prediction_lines) for reference in references
        ]
        result: Scores = {}
        for rouge_type in ROUGE_TYPES:
            scores = [_as_score(s[rouge_type]) for s in per_reference]
            if self.aggregate == "max":
                result[rouge_type] = max(scores, key=lambda s: s.f1)
            else:
                n = len(scores)
                result[rouge_type] = RougeScore(
                    sum(s.precision for s in scores) / n,
                    sum(s.recall for s in scores) / n,
                    sum(s.f1 for s in scores) / n,
                )
        return result

    def score_many(self, pairs: Sequence[tuple[str, list[str]]], jobs: int = 1) -> list[Scores]:
        """Scores of many (prediction, references) pairs, split over ``jobs`` processes."""
        if jobs <= 1 or len(pairs) < 64:
            return [self.score(prediction, references) for prediction, references in pairs]
        size = max(16, len(pairs) // (jobs * 8))
        chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        setup = (self.tokenizer.name, self.aggregate, self.engine)
        with context.Pool(jobs, _init_worker, setup) as pool:
            return [score for chunk in pool.map(_score_chunk, chunks) for score in chunk]

    def signature(self, nrefs: int | str | None = None, **extra: object) -> str:
        """A sacrebleu-style string of every setting that changes this scorer's numbers.

        The tokenizer, normalisation and aggregation come from the scorer itself; ``nrefs``
        (references per item, ``"var"`` when it varies) describes the data scored, and
        ``extra`` fields (``budget``, ``mode``, ...) the harness' own settings.
        """
        fields: dict[str, object] = {
            "rouge": "1.2.L.Lsum",
            "nrefs": "?" if nrefs is None else nrefs,
            "agg": self.aggregate,
            **self.tokenizer.signature(),
            "lsum": "lines+split",
            "stem": "no",
            **extra,
            "rouge-score": package_version("rouge-score"),
            **self.tokenizer.versions(),
            "summarizer": summarizer.__version__,
        }
        return format_signature(fields)

    def report(self, prediction: str, references: Sequence[str]) -> ScoreReport:
        """Scores of one prediction with the signature of this very computation."""
        return ScoreReport(self.score(prediction, references), self.signature(len(references)))


@dataclass(frozen=True)
class ScoreReport:
    """One prediction's scores and their signature: what the demo and the service answer."""

    scores: Scores
    signature: str

    def to_dict(self) -> dict[str, Any]:
        return {"scores": scores_to_dict(self.scores), "signature": self.signature}


_WORKER: dict[str, Scorer] = {}


def _init_worker(tokenizer: str, aggregate: str, engine: str) -> None:
    _WORKER["scorer"] = Scorer(tokenizer, aggregate, engine)


def _score_chunk(pairs: Sequence[tuple[str, list[str]]]) -> list[Scores]:
    return _WORKER["scorer"].score_many(pairs)


@lru_cache(maxsize=8)
def shared_scorer(tokenizer: str = "syllable", aggregate: str = "mean") -> Scorer:
    """One scorer per setting and process: its token cache serves every call."""
    return Scorer(tokenizer, aggregate)


def score(
    prediction: str,
    references: Sequence[str],
    tokenizer: str = "syllable",
    aggregate: str = "mean",
) -> Scores:
    """ROUGE of one prediction; print ``shared_scorer(...).signature()`` with the number."""
    return shared_scorer(tokenizer, aggregate).score(prediction, references)
