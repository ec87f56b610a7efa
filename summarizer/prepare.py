"""Stages 1-3 glued together: raw texts → cleaned, split :class:`PreparedArticle` objects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.clean import clean_document, has_letters, strip_inline_caption
from summarizer.errors import EmptyInputError, InvalidOptionError
from summarizer.normalize import nfc
from summarizer.offtopic import remove_offtopic_tails
from summarizer.split import split_sentences
from summarizer.timeline import coerce_published, is_future, published_from_removals
from summarizer.types import PreparedArticle, Removal

# Letters that exist only in Vietnamese (among Latin scripts): their share of the words
# tells Vietnamese from English or other languages written in Latin letters.
_VIETNAMESE_ONLY = re.compile(
    r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE
)
_MIN_VIETNAMESE_SHARE = 0.25  # letters per word; vnmds-dev articles: 0.34 to 1.0
# Sentences longer than this many words are almost always unsplit junk (tables, lists).
MAX_SENTENCE_WORDS = 200


@dataclass
class PreparedCluster:
    articles: list[PreparedArticle]
    warnings: list[str] = field(default_factory=list)


def _check_documents(documents: Sequence[str]) -> list[str]:
    """A list of article texts, or a one-line error naming what is wrong and where.

    Strings, dicts and sets are iterable too: summarizing their characters, keys or an
    arbitrary order would be a silent wrong answer, so only sequences are taken.
    """
    if isinstance(documents, str | bytes) or not isinstance(documents, Sequence):
        what = "one string" if isinstance(documents, str) else type(documents).__name__
        what = "None" if documents is None else what
        raise InvalidOptionError(f"documents must be a list of article texts, got {what}.")
    texts = list(documents)
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            hint = " (decode it first)" if isinstance(text, bytes | bytearray) else ""
            raise InvalidOptionError(
                f"documents[{index}] must be a string (an article's text), "
                f"got {type(text).__name__}{hint}."
            )
    if not any(t.strip() for t in texts):
        raise EmptyInputError(
            "No text to summarize: give at least one non-empty article."
            if texts
            else "No documents given: give at least one article."
        )
    return texts


def looks_vietnamese(text: str) -> bool:
    words = text.split()
    if len(words) < 5:
        return True  # too little evidence to warn about
    # Characters, not words, are counted: one regex pass, and Vietnamese averages well over
    # one such letter per two words while English, French or German have next to none.
    return len(_VIETNAMESE_ONLY.findall(text)) / len(words) >= _MIN_VIETNAMESE_SHARE


def _split_story(lines: list[tuple[int, str]], removed: list[Removal]) -> list[str]:
    sentences: list[str] = []
    for line_no, line in lines:
        for sentence in split_sentences(line):
            story, caption = strip_inline_caption(sentence)
            if caption:
                removed.append(Removal(caption, "photo-caption", line_no))
            if not story:
                continue
            if not has_letters(story):
                removed.append(Removal(story, "no-letters", line_no))
            elif story.count(" ") < MAX_SENTENCE_WORDS:  # lines have single spaces (clean)
                sentences.append(story)
            else:
                words = story.split()
                sentences.extend(
                    " ".join(words[i : i + MAX_SENTENCE_WORDS])
                    for i in range(0, len(words), MAX_SENTENCE_WORDS)
                )
    return sentences


def _publication_times(
    published: Sequence[object] | None, count: int, warnings: list[str]
) -> list[str | None]:
    """The caller's publication times, checked; future ones are dropped with a warning."""
    if published is None:
        return [None] * count
    if isinstance(published, str | bytes) or not isinstance(published, Sequence):
        raise InvalidOptionError("published must be a list with one date (or None) per document.")
    if len(published) != count:
        raise InvalidOptionError(f"published has {len(published)} entries for {count} documents.")
    times = [coerce_published(value, f"published[{i}]") for i, value in enumerate(published)]
    for i, time in enumerate(times):
        if time and is_future(time):
            warnings.append(f"published[{i}] ({time}) is in the future; it was ignored.")
            times[i] = None
    return times


def prepare_cluster(
    documents: Sequence[str],
    names: Sequence[str] | None = None,
    published: Sequence[object] | None = None,
) -> PreparedCluster:
    """Normalise, clean and split every document; warn about empty or non-Vietnamese ones.

    ``published`` gives each document's publication time (ISO text, ``date``, ``datetime``
    or None); where it is None the article's own dateline is read, if it has one.
    """
    texts = [nfc(t) for t in _check_documents(documents)]
    if names is not None and len(names) != len(texts):
        raise InvalidOptionError(f"names has {len(names)} entries for {len(texts)} documents.")
    warnings: list[str] = []
    given_times = _publication_times(published, len(texts), warnings)
    cleaned = [clean_document(t) for t in texts]
    remove_offtopic_tails(cleaned)
    articles: list[PreparedArticle] = []
    for index, doc in enumerate(cleaned):
        name = names[index] if names is not None else None
        label = f"Document {index + 1}" + (f" ({name})" if name else "")
        sentences = _split_story(doc.lines, doc.removed)
        headings = [t for _, t in doc.headings]
        if not sentences and headings:
            # A bare headline or one unpunctuated line is still the whole story.
            lettered = [h for h in headings if has_letters(h)]
            sentences = [h for h in lettered if h != doc.title] or lettered
        if not sentences:
            if texts[index].strip():
                warnings.append(f"{label} has no story text after cleaning; it was left out.")
            else:
                warnings.append(f"{label} is empty; it was left out.")
        elif not looks_vietnamese(" ".join(sentences)):
            warnings.append(f"{label} does not look like Vietnamese; the summary may be poor.")
        removed = sorted(doc.removed, key=lambda r: r.line)
        articles.append(
            PreparedArticle(
                index=index,
                sentences=sentences,
                title=doc.title,
                headings=headings,
                removed=removed,
                name=name,
                published=given_times[index] or published_from_removals(removed),
            )
        )
    if not any(a.sentences for a in articles):
        reasons = sorted({r.reason for a in articles for r in a.removed})
        raise EmptyInputError(
            "No story text left after cleaning: the documents hold only web noise"
            + (f" ({', '.join(reasons)})." if reasons else ".")
        )
    return PreparedCluster(articles=articles, warnings=warnings)
