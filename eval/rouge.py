"""ROUGE for Vietnamese: rouge-score with a tokenizer that keeps Vietnamese letters.

rouge-score's default tokenizer keeps only ``[a-z0-9]``, so ``Tổng Bí thư`` becomes
``t ng b th`` and every Vietnamese score is inflated by matching letter fragments. The
default here is NFC + lowercase + one tone-mark convention + ``\\w`` syllables with their
diacritics. ``ascii`` (rouge-score's own tokenizer, no stemming) exists only to reproduce
published numbers that were computed that way (e.g. HF ``load_metric('rouge')``).

Every result should be printed with :func:`signature`, which records each setting that
changes the number, so that two numbers can be compared, or refused.

    >>> from summarizer_eval.rouge import score, signature
    >>> result = score("Tổng Bí thư Tô Lâm thăm Mỹ.", ["Tổng Bí thư Tô Lâm sang Mỹ."])
    >>> round(result["rouge1"]["f1"], 3)
    0.857
"""

from __future__ import annotations

import importlib.metadata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rouge_score import rouge_scorer, scoring, tokenizers
from summarizer_eval.errors import SignatureMismatchError

from summarizer.normalize import normalize_key
from summarizer.split import split_sentences
from summarizer.tokenize import join_syllables, syllables

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
ENGINES = ("fast", "rouge-score")
TOKENIZERS = ("syllable", "word-pyvi", "word-underthesea", "ascii")
AGGREGATES = ("mean", "max")

# How each tokenizer normalises text, for the signature.
_NORMALISATION = {
    "syllable": "nfc.lower.tone",
    "word-pyvi": "nfc.lower.tone",
    "word-underthesea": "nfc.lower.tone",
    "ascii": "lower.ascii-only",
}
_CACHE_LIMIT = 200_000


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


class _CachedTokenizer(tokenizers.Tokenizer):
    """A rouge-score tokenizer that remembers texts: references are scored many times."""

    def __init__(self, function: Callable[[str], list[str]]) -> None:
        self._function = function
        self._cache: dict[str, list[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        tokens = self._cache.get(text)
        if tokens is None:
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            tokens = self._cache[text] = self._function(text)
        return tokens


def syllable_tokens(text: str) -> list[str]:
    """NFC, lowercase, unified tone marks, syllables with diacritics (``_`` splits too):
    exactly the summarizer's own :func:`summarizer.syllables`."""
    return syllables(text)


def pyvi_tokens(text: str) -> list[str]:
    """pyvi word segmentation; a word's syllables are joined by ``_``."""
    from pyvi import ViTokenizer

    words = (join_syllables(w) for w in ViTokenizer.tokenize(normalize_key(text)).split())
    return [w for w in words if w]


def underthesea_tokens(text: str) -> list[str]:
    """underthesea word segmentation; a word's syllables are joined by ``_``."""
    from underthesea import word_tokenize

    words = (join_syllables(w) for w in word_tokenize(normalize_key(text)))
    return [w for w in words if w]


def _ascii_tokens(text: str) -> list[str]:
    return tokenizers.DefaultTokenizer(use_stemmer=False).tokenize(text)


_TOKEN_FUNCTIONS: dict[str, Callable[[str], list[str]]] = {
    "syllable": syllable_tokens,
    "word-pyvi": pyvi_tokens,
    "word-underthesea": underthesea_tokens,
    "ascii": _ascii_tokens,
}


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


# ---------------------------------------------------------------- fast LCS
# rouge-score fills its LCS table cell by cell in Python; that is 85% of scoring time. The
# bit-parallel algorithm (Allison & Dix 1986; Hyyrö 2004) computes each table row as one
# big-integer operation, and any cell on demand as a popcount, so the backtracking below
# walks exactly the table rouge-score builds and picks exactly the same LCS.
# tests/test_eval_rouge.py checks equality with rouge-score on many texts.


def _lcs_rows(ref: Sequence[str], can: Sequence[str]) -> list[int]:
    """Row i of the LCS table as a bit vector; cell (i, j) = j - popcount(low j bits)."""
    masks: dict[str, int] = {}
    for j, token in enumerate(can):
        masks[token] = masks.get(token, 0) | (1 << j)
    full = (1 << len(can)) - 1
    row = full
    rows = [row]
    for token in ref:
        matches = row & masks.get(token, 0)
        row = ((row + matches) | (row - matches)) & full
        rows.append(row)
    return rows


def _cell(rows: list[int], i: int, j: int) -> int:
    return j - (rows[i] & ((1 << j) - 1)).bit_count()


def lcs_length(ref: Sequence[str], can: Sequence[str]) -> int:
    if not ref or not can:
        return 0
    return _cell(_lcs_rows(ref, can), len(ref), len(can))


def lcs_indices(ref: Sequence[str], can: Sequence[str]) -> list[int]:
    """Indices into ``ref`` of the LCS rouge-score's ``lcs_ind`` returns (same tie-breaks)."""
    rows = _lcs_rows(ref, can)
    i, j = len(ref), len(can)
    found = []
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            found.append(i - 1)
            i -= 1
            j -= 1
        elif _cell(rows, i, j - 1) > _cell(rows, i - 1, j):
            j -= 1
        else:
            i -= 1
    found.reverse()
    return found


def _score_lcs(target: Sequence[str], prediction: Sequence[str]) -> scoring.Score:
    if not target or not prediction:
        return scoring.Score(precision=0, recall=0, fmeasure=0)
    length = lcs_length(target, prediction)
    precision, recall = length / len(prediction), length / len(target)
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


def _summary_level_lcs(
    ref_sents: Sequence[Sequence[str]], can_sents: Sequence[Sequence[str]]
) -> scoring.Score:
    """ROUGE-Lsum exactly as rouge-score 0.1.2 computes it (union LCS, no double counts)."""
    m, n = sum(map(len, ref_sents)), sum(map(len, can_sents))
    if not ref_sents or not can_sents or not m or not n:
        return scoring.Score(precision=0, recall=0, fmeasure=0)
    ref_counts = Counter(t for s in ref_sents for t in s)
    can_counts = Counter(t for s in can_sents for t in s)
    hits = 0
    for ref in ref_sents:
        union = sorted(set().union(*(lcs_indices(ref, can) for can in can_sents)))
        for token in (ref[i] for i in union):
            if can_counts[token] > 0 and ref_counts[token] > 0:
                hits += 1
                can_counts[token] -= 1
                ref_counts[token] -= 1
    precision, recall = hits / n, hits / m
    return scoring.Score(precision, recall, scoring.fmeasure(precision, recall))


class FastRougeScorer(rouge_scorer.RougeScorer):
    """rouge-score's RougeScorer with the bit-parallel LCS: same numbers, several times faster."""

    def score(self, target: str, prediction: str) -> dict[str, scoring.Score]:
        tokenize = self._tokenizer.tokenize
        target_tokens, prediction_tokens = tokenize(target), tokenize(prediction)
        result = {}
        for rouge_type in self.rouge_types:
            if rouge_type == "rougeL":
                result[rouge_type] = _score_lcs(target_tokens, prediction_tokens)
            elif rouge_type == "rougeLsum":
                result[rouge_type] = _summary_level_lcs(
                    [tokenize(s) for s in target.split("\n") if s],
                    [tokenize(s) for s in prediction.split("\n") if s],
                )
            else:
                n = int(rouge_type[5:])
                result[rouge_type] = rouge_scorer._score_ngrams(
                    rouge_scorer._create_ngrams(target_tokens, n),
                    rouge_scorer._create_ngrams(prediction_tokens, n),
                )
        return result


def _check(name: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"Unknown ROUGE {name} {value!r}; choose one of: {', '.join(allowed)}.")


@dataclass(frozen=True)
class RougeSettings:
    """Everything that changes a ROUGE number, apart from the texts themselves."""

    tokenizer: str = "syllable"
    aggregate: str = "mean"

    def __post_init__(self) -> None:
        _check("tokenizer", self.tokenizer, TOKENIZERS)
        _check("references aggregation", self.aggregate, AGGREGATES)


class Scorer:
    """ROUGE-1/2/L/Lsum precision, recall and F1 of one prediction against its references."""

    def __init__(
        self, tokenizer: str = "syllable", aggregate: str = "mean", engine: str = "fast"
    ) -> None:
        """``engine="rouge-score"`` runs rouge-score's own (slow) LCS, to cross-check."""
        self.settings = RougeSettings(tokenizer, aggregate)
        _check("engine", engine, ENGINES)
        rouge_class = FastRougeScorer if engine == "fast" else rouge_scorer.RougeScorer
        self._rouge = rouge_class(
            list(ROUGE_TYPES),
            use_stemmer=False,
            tokenizer=_CachedTokenizer(_TOKEN_FUNCTIONS[tokenizer]),
        )
        self._lines = lru_cache(maxsize=50_000)(sentence_lines)

    def score(self, prediction: str, references: Sequence[str]) -> dict[str, dict[str, float]]:
        """Scores per ROUGE type: ``{"rouge1": {"precision", "recall", "f1"}, ...}``.

        With several references: the mean of each of P, R and F1 over references
        (``aggregate="mean"``), or the reference with the best F1 per type (``"max"``).
        """
        if isinstance(references, str) or not references:
            raise ValueError("ROUGE needs a non-empty list of reference texts.")
        prediction_lines = self._lines(prediction)
        per_reference = [
            self._rouge.score(self._lines(reference), prediction_lines) for reference in references
        ]
        result: dict[str, dict[str, float]] = {}
        for rouge_type in ROUGE_TYPES:
            scores = [s[rouge_type] for s in per_reference]
            if self.settings.aggregate == "max":
                best = max(scores, key=lambda s: s.fmeasure)
                result[rouge_type] = {
                    "precision": best.precision,
                    "recall": best.recall,
                    "f1": best.fmeasure,
                }
            else:
                n = len(scores)
                result[rouge_type] = {
                    "precision": sum(s.precision for s in scores) / n,
                    "recall": sum(s.recall for s in scores) / n,
                    "f1": sum(s.fmeasure for s in scores) / n,
                }
        return result

    def signature(self, nrefs: int | str | None = None, **extra: object) -> str:
        return signature(self.settings.tokenizer, self.settings.aggregate, nrefs, **extra)


@lru_cache(maxsize=8)
def _shared_scorer(tokenizer: str, aggregate: str) -> Scorer:
    return Scorer(tokenizer, aggregate)


def score(
    prediction: str,
    references: Sequence[str],
    tokenizer: str = "syllable",
    aggregate: str = "mean",
) -> dict[str, dict[str, float]]:
    """ROUGE of one prediction: ``{"rouge1": {"precision", "recall", "f1"}, ...}`` (0..1).

    Print :func:`signature` with the number, so a reader knows how it was computed.
    """
    return _shared_scorer(tokenizer, aggregate).score(prediction, references)


def signature(
    tokenizer: str = "syllable",
    aggregate: str = "mean",
    nrefs: int | str | None = None,
    **extra: object,
) -> str:
    """A sacrebleu-style string of every setting that changes a ROUGE number.

    ``nrefs`` is the number of references per item (``"var"`` when it varies); ``extra``
    fields (e.g. ``budget``) are appended by the harness.
    """
    RougeSettings(tokenizer, aggregate)
    fields: dict[str, object] = {
        "rouge": "1.2.L.Lsum",
        "nrefs": "?" if nrefs is None else nrefs,
        "agg": aggregate,
        "tok": tokenizer,
        "norm": _NORMALISATION[tokenizer],
        "lsum": "lines+split",
        "stem": "no",
    }
    fields.update(extra)
    fields["rouge-score"] = _version("rouge-score")
    if tokenizer == "word-pyvi":
        fields["pyvi"] = _version("pyvi")
    if tokenizer == "word-underthesea":
        fields["underthesea"] = _version("underthesea")
    fields["summarizer"] = _version("vn-cluster-summarizer")
    return "|".join(f"{key}:{value}" for key, value in fields.items())


def parse_signature(text: str) -> dict[str, str]:
    """The fields of a signature string, in order."""
    fields: dict[str, str] = {}
    for part in text.strip().split("|"):
        key, sep, value = part.partition(":")
        if not sep or not key:
            raise ValueError(f"Not a ROUGE signature field: {part!r} in {text!r}.")
        fields[key] = value
    return fields


def check_comparable(first: str, second: str) -> None:
    """Refuse to compare numbers whose signatures differ in any field."""
    a, b = parse_signature(first), parse_signature(second)
    differences = [
        f"{key}: {a.get(key, '-')} vs {b.get(key, '-')}"
        for key in dict.fromkeys([*a, *b])
        if a.get(key) != b.get(key)
    ]
    if differences:
        raise SignatureMismatchError(
            "These ROUGE numbers are not comparable; their settings differ ("
            + "; ".join(differences)
            + ")."
        )
