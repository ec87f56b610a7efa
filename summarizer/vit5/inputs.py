"""What the ViT5 model reads: inputs that fit its window.

The vietnews checkpoints were fine-tuned on inputs truncated at 1,024 tokens. An article
longer than the window is, by ``long_input``,

* **truncated** (default) – the model reads the first window of the article, exactly the
  regime it was trained and evaluated in (one generation);
* **chunked** – consecutive sentences packed into window-sized chunks, each summarized, and
  the joined chunk summaries summarized again (k + 1 generations, on inputs unlike training:
  short tail chunks, and summaries of summaries); or
* **selected** – the extractive ranker's most salient, non-redundant sentences, up to the
  window, read in document order (one generation).

For a cluster of several articles the input is always selected, and every article
contributes: each article's best sentence goes in first (cut to a fair share of the window
if fifty articles would not otherwise fit), then the window is filled by rank. README "ViT5
inputs" has the measurements behind these choices.

Token counts come from a ``count_tokens`` callable (the model's tokenizer at run time, an
approximation in scripts), so all of this is plain Python, testable without a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizer.rank import rank_sentences
from summarizer.redundancy import shingles, shingles_near_duplicate
from summarizer.tokenize import count_syllables, truncate_syllables
from summarizer.types import Budget, PreparedArticle, SourceRef

CountTokens = Callable[[Sequence[str]], list[int]]

# Once fewer tokens than this are left in the window, no further sentence is worth adding.
MIN_USEFUL_TOKENS = 8
# Measured with a SentencePiece model trained on the dev corpora (README "ViT5 inputs").
TOKENS_PER_WORD = 1.35


@dataclass(frozen=True)
class Piece:
    """A sentence (or, for a run-on sentence longer than the window, a run of its words)."""

    ref: SourceRef
    text: str
    tokens: int
    part: int = 0


def cut_to_tokens(text: str, limit: int, count_tokens: CountTokens) -> tuple[str, int]:
    """The longest word prefix of ``text`` within ``limit`` tokens (at least one word)."""
    words = text.split()
    total = count_tokens([text])[0]
    if total <= limit:
        return text, total
    keep = max(1, len(words) * limit // max(total, 1))
    while True:
        candidate = " ".join(words[:keep])
        tokens = count_tokens([candidate])[0]
        if tokens <= limit or keep == 1:
            return candidate, min(tokens, limit)
        keep = max(1, min(keep - 1, keep * limit // tokens))


def measure(article: PreparedArticle, count_tokens: CountTokens, limit: int) -> list[Piece]:
    """The article's sentences with token counts; sentences over ``limit`` are wrapped."""
    counts = count_tokens(article.sentences)
    pieces: list[Piece] = []
    for index, (text, tokens) in enumerate(zip(article.sentences, counts, strict=True)):
        ref = SourceRef(article.index, index)
        if tokens <= limit:
            pieces.append(Piece(ref, text, tokens))
            continue
        rest, part = text.split(), 0
        while rest:
            head, head_tokens = cut_to_tokens(" ".join(rest), limit, count_tokens)
            pieces.append(Piece(ref, head, head_tokens, part))
            rest, part = rest[len(head.split()) :], part + 1
    return pieces


def total_tokens(pieces: Sequence[Piece]) -> int:
    return sum(p.tokens for p in pieces)


def in_document_order(pieces: Sequence[Piece]) -> list[Piece]:
    """Article order, then position in the article: how the model saw text in training."""
    return sorted(pieces, key=lambda p: (p.ref.article, p.ref.index, p.part))


def select_input(
    articles: list[PreparedArticle],
    pieces: dict[int, list[Piece]],
    budget: int,
    count_tokens: CountTokens,
) -> list[Piece]:
    """Salient, non-redundant pieces from every article, at most ``budget`` tokens.

    ``pieces`` maps article index to :func:`measure` output. With one article this is
    plain extractive pre-selection; with many, each article first contributes its best
    piece, then the rest of the window is filled in rank order.
    """
    by_ref: dict[SourceRef, list[Piece]] = {}
    for article_pieces in pieces.values():
        for piece in article_pieces:
            by_ref.setdefault(piece.ref, []).append(piece)
    everything = [p for a in articles for p in pieces.get(a.index, [])]
    if total_tokens(everything) <= budget:
        return everything
    ranked = [p for r in rank_sentences(articles) for p in by_ref.get(r.ref, [])]

    chosen: list[Piece] = []
    chosen_shingles: list[frozenset[str]] = []

    def redundant(piece: Piece) -> bool:
        own = shingles(piece.text)
        return any(shingles_near_duplicate(own, other) for other in chosen_shingles)

    # 1. Every article's best piece that says something new.
    leads: dict[int, Piece] = {}
    contributing = sum(1 for a in articles if pieces.get(a.index))
    for piece in ranked:
        if len(leads) == contributing:
            break
        if piece.ref.article not in leads and not redundant(piece):
            leads[piece.ref.article] = piece
            chosen_shingles.append(shingles(piece.text))
    firsts = [leads[a.index] for a in articles if a.index in leads]
    if total_tokens(firsts) > budget:
        share = max(budget // max(len(firsts), 1), 1)
        firsts = [
            Piece(p.ref, *cut_to_tokens(p.text, share, count_tokens), p.part)
            if p.tokens > share
            else p
            for p in firsts
        ]
    chosen.extend(firsts)
    used = total_tokens(chosen)

    # 2. Fill the window by rank, skipping what does not fit or repeats a chosen piece.
    taken = {(p.ref, p.part) for p in chosen}
    for piece in ranked:
        if budget - used < MIN_USEFUL_TOKENS:
            break
        if (piece.ref, piece.part) in taken or piece.tokens > budget - used or redundant(piece):
            continue
        chosen.append(piece)
        chosen_shingles.append(shingles(piece.text))
        taken.add((piece.ref, piece.part))
        used += piece.tokens
    return in_document_order(chosen)


def naive_input(pieces: Sequence[Piece], budget: int) -> list[Piece]:
    """Concatenation truncated at the window: the baseline :func:`select_input` must beat."""
    out, used = [], 0
    for piece in pieces:
        if used + piece.tokens > budget:
            break
        out.append(piece)
        used += piece.tokens
    return out


def pack_chunks(pieces: Sequence[Piece], budget: int) -> list[list[Piece]]:
    """Consecutive pieces packed into chunks of at most ``budget`` tokens each."""
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    used = 0
    for piece in pieces:
        if current and used + piece.tokens > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(piece)
        used += piece.tokens
    if current:
        chunks.append(current)
    return chunks


def chunk_article(
    article: PreparedArticle,
    pieces: list[Piece],
    budget: int,
    max_chunks: int,
    count_tokens: CountTokens,
) -> list[list[Piece]]:
    """Window-sized chunks covering the whole article when it needs at most ``max_chunks``.

    A longer article (a 5 MB dump) is first pre-selected down to ``max_chunks`` windows,
    which bounds the number of generations.
    """
    chunks = pack_chunks(pieces, budget)
    if len(chunks) <= max_chunks:
        return chunks
    kept = select_input(
        [article], {article.index: pieces}, budget * max_chunks * 9 // 10, count_tokens
    )
    return pack_chunks(kept, budget)[:max_chunks]


def join(pieces: Sequence[Piece]) -> str:
    return " ".join(p.text for p in pieces)


def head_words(text: str, max_tokens: int) -> str:
    """The first ``max_tokens`` whitespace words: never less than a ``max_tokens`` window.

    Every whitespace word is at least one SentencePiece token, so the tokenizer's own
    truncation of the result reads exactly what it would read of the whole text; a 5 MB
    article is not tokenized in full only to be cut.
    """
    words = text.split(maxsplit=max_tokens)
    return " ".join(words[:max_tokens])


def generation_cap(budget: Budget, max_new_tokens: int) -> int:
    """New-token cap for a word budget: room for 25 % more than the budget, then trimmed."""
    if budget.max_words is None:
        return max_new_tokens
    return max(1, min(max_new_tokens, int(budget.max_words * TOKENS_PER_WORD * 1.25) + 8))


def trim_to_budget(sentences: list[str], budget: Budget) -> list[str]:
    """Whole sentences while the budget allows; a first sentence over budget is cut with "…"."""
    kept: list[str] = []
    used = 0
    for sentence in sentences:
        n = count_syllables(sentence)
        if not budget.allows(used + n, len(kept) + 1):
            break
        kept.append(sentence)
        used += n
    if not kept and sentences and budget.max_words is not None:
        cut = truncate_syllables(sentences[0], budget.max_words).rstrip(",;:")
        kept.append(cut + "…")
    return kept
