"""Stage 2: remove web-article noise, conservatively, and say what was removed and why.

Works line by line on one article: each line is story text, a heading (title, section
heading: kept as ranking evidence, never output) or noise with a reason. Rules are anchored
on whole-line shapes seen in real Vietnamese news pages (bylines, timestamps, image file
names, photo credits, player residue, section labels, outlet tags), so a sentence of the
story is never dropped for containing a word like "Ảnh". Off-topic trailing teasers need the
other articles to judge, so :mod:`summarizer.offtopic` handles them after this stage.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from summarizer.normalize import normalize_key
from summarizer.split import SENTENCE_STARTERS
from summarizer.types import Removal

SECTION_LABELS = frozenset(
    normalize_key(label)
    for label in """
    Chính trị|Toàn cảnh|Thời sự|Thế giới|Kinh tế|Xã hội|Pháp luật|Giáo dục|Thể thao|Văn
    hóa|Giải trí|Sức khỏe|Đời sống|Công nghệ|Khoa học|Du lịch|Quốc tế|Tin tức|Trong
    nước|Kinh doanh|Bất động sản|Xe|Ô tô - Xe máy|Số hóa|Góc nhìn|Ý kiến|Bạn đọc|Tài
    chính|Chứng khoán|Quân sự|Nhịp sống|Tiêu điểm|Sự kiện|Media|Video|Multimedia|Thời sự -
    Chính trị|Đối ngoại|Chính trị - Xã hội|Tin nóng|Tin mới|Xã luận|Phóng sự|Điều tra
    """.split("|")
)

_TERMINAL = '.!?…"”»:;)'
_DATE_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s*")
_PLAYER = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|avif)(?:\?\S*)?$", re.IGNORECASE)
_TIMESTAMP = re.compile(
    r"^(?:[^\d\n]{0,40}\s)?(?:\w+,\s*)?\d{1,2}/\d{1,2}/\d{4}"
    r"(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?(?:\s*\(?GMT\s*[+-]\s*\d{1,2}\)?)?$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(r"^(?:ảnh|nguồn ảnh|video|clip|đồ họa)\s*:.{0,60}$", re.IGNORECASE)
# "... - Ảnh 1.", "... (Ảnh: TTXVN).", "... Ảnh: TTXVN phát", "... (ảnh minh họa)": a line ending
# in a photo credit. Lowercase "ảnh" only inside parentheses ("bức ảnh." ends real sentences).
_CAPTION_LINE = re.compile(
    r"(?:(?:[-–.]\s*|\s)(?:Ảnh|ẢNH)|\(\s*(?:ảnh|Ảnh|ẢNH))"
    r"\s*(?:\d+\.?|minh họa|:\s*[^.:]{1,60}?)\s*\)?\.?\s*$"
)
_SOURCE_LINE = re.compile(r"^(?:theo|nguồn)\s*:?\s+\S.{0,40}$", re.IGNORECASE)
_PAREN_TAG = re.compile(r"^\((?P<tag>[^()]{2,30})\)\s*[-–—]\s*(?=\S)")
_ACRONYM_TAG = re.compile(r"^(?P<tag>[A-ZĐ][A-ZĐ.]{1,12}(?:\.VN|\.vn)?)\s*[-–—]\s*(?=\S)")


@dataclass
class CleanedDocument:
    """An article split into story lines and headings, with the noise that was removed."""

    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, story text)
    headings: list[tuple[int, str]] = field(default_factory=list)
    title: str | None = None
    removed: list[Removal] = field(default_factory=list)
    # Layout evidence for teaser lists: headings printed twice in a row, and story lines
    # (other than the lead) that open with an outlet tag such as "(Ngày Nay) -".
    doubled_headings: set[int] = field(default_factory=set)
    tagged_lines: set[int] = field(default_factory=set)


def has_letters(text: str) -> bool:
    """Whether the text has any letter at all: lines of only digits, dashes or dots are noise."""
    return any(c.isalpha() for c in text)


def _is_heading(line: str) -> bool:
    return len(line.split()) <= 25 and line[-1] not in _TERMINAL


def _is_name_line(line: str) -> bool:
    """A short run of capitalised words with no digits: a byline such as 'Đậu Tiến Đạt' or 'PV'."""
    words = line.split()
    return (
        0 < len(words) <= 5
        and all(w[0].isupper() for w in words)
        and not any(c.isdigit() for c in line)
        and line[-1] not in _TERMINAL
    )


def _strip_prefixes(text: str, line_no: int, first_story_line: bool) -> tuple[str, list[Removal]]:
    removed = []
    match = _DATE_PREFIX.match(text)
    if match:
        removed.append(Removal(match.group(0).strip(), "date-prefix", line_no))
        text = text[match.end() :]
    match = _PAREN_TAG.match(text) or (_ACRONYM_TAG.match(text) if first_story_line else None)
    if match:
        removed.append(Removal(match.group(0).strip(), "outlet-tag", line_no))
        text = text[match.end() :]
    return text.strip(), removed


def _line_noise(line: str, index: int, lines: list[str], n_story: int) -> str | None:
    """The reason this whole line is noise, or None for story text and headings."""
    if _PLAYER.match(line):
        return "media-player"
    if _TIMESTAMP.match(line):  # before no-letters: "17/02/2026 13:23" is a dateline
        return "byline-timestamp"
    if not has_letters(line):
        return "no-letters"
    if _IMAGE_FILE.match(line):
        return "image-file"
    if _CREDIT_LINE.match(line):
        return "photo-credit"
    if len(line.split()) <= 50 and _CAPTION_LINE.search(line):
        return "photo-caption"
    previous = lines[index - 1] if index > 0 else ""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if _IMAGE_FILE.match(previous) and len(line.split()) <= 50:
        return "photo-caption"
    if _CREDIT_LINE.match(following) and len(line.split()) <= 30 and _is_heading(line):
        return "photo-caption"
    if n_story == 0 and len(line) <= 40 and normalize_key(line) in SECTION_LABELS:
        return "section-label"
    if _is_name_line(line) and _TIMESTAMP.match(following):
        return "byline"
    is_last = index == len(lines) - 1
    if is_last and n_story > 0 and (_is_name_line(line) and len(line.split()) <= 3):
        return "byline"
    if is_last and n_story > 0 and _SOURCE_LINE.match(line):
        return "source-credit"
    return None


_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|blockquote|header|footer)\b[^<>]*>",
    re.IGNORECASE,
)
_HTML_DROPPED = re.compile(
    r"<(script|style|figcaption|noscript)\b[^<>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_HTML_HINT = re.compile(r"</(?:p|div|span|a|h[1-6]|li|figure|figcaption|strong|em|b|i)>", re.I)


def strip_html(text: str) -> tuple[str, bool]:
    """Plain text from pasted HTML: blocks become lines, captions and scripts go, entities
    are decoded. Text without closing tags is returned unchanged (``a < b`` is not markup)."""
    if not _HTML_HINT.search(text):
        return text, False
    text = _HTML_DROPPED.sub("\n", text)
    text = _HTML_BLOCK.sub("\n", text)
    return html.unescape(_HTML_TAG.sub("", text)), True


def clean_document(text: str) -> CleanedDocument:
    """Classify every line of one article as story, heading or noise."""
    text, was_html = strip_html(text.replace("\ufeff", ""))
    lines = [" ".join(raw.split()) for raw in text.splitlines()]
    numbered = [(i, line) for i, line in enumerate(lines) if line]
    plain = [line for _, line in numbered]
    result = CleanedDocument()
    if was_html:
        result.removed.append(Removal("HTML tags, scripts and figure captions", "html-markup", 0))
    seen: set[str] = set()
    for position, (line_no, line) in enumerate(numbered):
        reason = _line_noise(line, position, plain, len(result.lines))
        if reason:
            result.removed.append(Removal(line, reason, line_no))
            continue
        line, prefix_removals = _strip_prefixes(line, line_no, not result.lines)
        result.removed.extend(prefix_removals)
        if not line:
            continue
        if any(r.reason == "outlet-tag" for r in prefix_removals) and result.lines:
            result.tagged_lines.add(line_no)
        key = line.lower()  # whitespace is already normalised; exact repeats are what pages have
        if key in seen:
            result.removed.append(Removal(line, "duplicate-line", line_no))
            if result.headings and result.headings[-1][1].lower() == key:
                result.doubled_headings.add(result.headings[-1][0])
            continue
        seen.add(key)
        if _is_heading(line):
            if result.title is None and not result.lines:
                result.title = line
            result.headings.append((line_no, line))
        else:
            result.lines.append((line_no, line))
    return result


_INLINE_PAREN = re.compile(r"\(\s*(?:ảnh|photo)\b[^()]{0,60}\)\s*", re.IGNORECASE)
_INLINE_CREDIT = re.compile(r"(?:^|[-–—.]\s*|\s)(?:Ảnh|ẢNH)(?:\s+minh\s+họa)?\s*:\s*")
_INLINE_ILLUSTRATION = re.compile(r"(?:^|[-–—.]\s*|\s)Ảnh\s+minh\s+họa\s+(?=[^\W\d_])")
_MAX_CAPTION_WORDS = 45
_CAPTION_MARKERS = ("Ảnh", "ẢNH", "ảnh", "hoto", "HOTO")


def _credit_end(text: str, start: int) -> int:
    """End of a photo credit starting at ``start``: all-caps agencies or a short name."""
    tokens = list(re.finditer(r"\S+", text[start:]))
    end = start
    taken = 0
    for position, token in enumerate(tokens):
        word = token.group(0).strip(",;")
        is_caps = word.upper() == word and has_letters(word)
        if taken == 0 and is_caps:
            end = start + token.end()
            taken += 1
            continue
        if (
            taken
            and is_caps
            and tokens[position - 1].group(0).upper() == tokens[position - 1].group(0)
        ):
            end = start + token.end()
            taken += 1
            continue
        starts_sentence = word in SENTENCE_STARTERS or (
            position + 1 < len(tokens) and tokens[position + 1].group(0)[0].islower()
        )
        if word[:1].isupper() and not starts_sentence and taken < 4:
            end = start + token.end()
            taken += 1
            continue
        break
    return end


def strip_inline_caption(sentence: str) -> tuple[str, str | None]:
    """Split a leading photo caption off a sentence ('... - Ảnh: AFP Theo Hãng tin ...').

    Returns (story text, caption or None). Pages flattened to one line glue the caption of
    the lead photo to the first sentence; only a caption-shaped prefix is cut.
    """
    if not any(marker in sentence for marker in _CAPTION_MARKERS):
        return sentence, None  # the common case, decided without a regex
    for pattern in (_INLINE_PAREN, _INLINE_CREDIT, _INLINE_ILLUSTRATION):
        match = pattern.search(sentence)
        if not match or len(sentence[: match.start()].split()) > _MAX_CAPTION_WORDS:
            continue
        cut = _credit_end(sentence, match.end()) if pattern is _INLINE_CREDIT else match.end()
        caption, rest = sentence[:cut].strip(), sentence[cut:].strip()
        if not rest or rest[0] in ".;,":
            return "", sentence  # the whole sentence is a caption
        if rest[0].isupper() or rest[0].isdigit() or rest[0] in '"“':
            return rest, caption
    return sentence, None
