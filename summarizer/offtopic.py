"""Remove trailing related-news teasers that are unrelated to the cluster's event.

News pages end with lists of other stories: a headline (often printed twice) and a lead
paragraph each. Only *trailing* blocks that start with a headline are candidates, walking
back from the end and stopping at the first block that stays. A block goes when few of its
word pairs occur anywhere else in the cluster: below ``LIST_THRESHOLD`` of the story's own
typical score when it has the layout of a teaser list (headline printed twice, lead opening
with an outlet tag), below the much stricter ``PLAIN_THRESHOLD`` otherwise, so a story's own
sections (headline + paragraphs about the event) stay.
"""

from __future__ import annotations

from summarizer.clean import CleanedDocument
from summarizer.tokenize import syllable_pairs, syllables
from summarizer.types import Removal

# Fractions of the story's median sentence score; tuned on the seeds (tests/test_clean.py).
LIST_THRESHOLD = 0.6
PLAIN_THRESHOLD = 0.25

Block = list[tuple[int, str, bool]]  # (line number, text, is heading)


def _pairs(text: str) -> list[str]:
    return syllable_pairs(syllables(text))


def _shared_share(text: str, vocabulary: set[str]) -> float:
    """Share of the text's syllable pairs that occur in ``vocabulary``."""
    pairs = _pairs(text)
    return sum(p in vocabulary for p in pairs) / len(pairs) if pairs else 0.0


def _blocks(doc: CleanedDocument) -> list[Block]:
    """Story lines and headings in page order, cut into blocks that each open with headings."""
    items = sorted([(n, t, False) for n, t in doc.lines] + [(n, t, True) for n, t in doc.headings])
    blocks: list[Block] = []
    for item in items:
        if not blocks or (item[2] and not blocks[-1][-1][2]):
            blocks.append([item])
        else:
            blocks[-1].append(item)
    return blocks


def _looks_like_list_item(block: Block, doc: CleanedDocument) -> bool:
    story = [n for n, _, heading in block if not heading]
    return any(n in doc.doubled_headings for n, _, heading in block if heading) or (
        len(story) <= 2 and any(n in doc.tagged_lines for n in story)
    )


def remove_offtopic_tails(docs: list[CleanedDocument]) -> None:
    """Drop trailing teaser blocks from each document, in place, recording the removals."""
    texts = [" ".join(t for _, t in d.lines) for d in docs]
    for position, doc in enumerate(docs):
        blocks = _blocks(doc)
        if len(blocks) < 2:
            continue
        # Everything the other outlets wrote, plus this article's opening block.
        vocabulary = {p for i, text in enumerate(texts) if i != position for p in _pairs(text)}
        vocabulary.update(p for _, t, _ in blocks[0] for p in _pairs(t))
        typical = sorted(_shared_share(t, vocabulary) for _, t in doc.lines[:8])
        if not typical:
            continue
        baseline = typical[len(typical) // 2]
        cut = len(blocks)
        while cut > 1 and blocks[cut - 1][0][2]:
            block = blocks[cut - 1]
            threshold = LIST_THRESHOLD if _looks_like_list_item(block, doc) else PLAIN_THRESHOLD
            if _shared_share(" ".join(t for _, t, _ in block), vocabulary) >= threshold * baseline:
                break
            cut -= 1
        dropped = [item for block in blocks[cut:] for item in block]
        if not dropped:
            continue
        doc.removed.extend(Removal(text, "off-topic-teaser", n) for n, text, _ in dropped)
        gone = {n for n, _, _ in dropped}
        doc.lines = [(n, t) for n, t in doc.lines if n not in gone]
        doc.headings = [(n, t) for n, t in doc.headings if n not in gone]
