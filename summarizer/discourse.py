"""Sentences that lean on the one before them, and how to make them stand alone.

An extract reads well only if every sentence's antecedent is there. Two kinds of opener:

* **Dependent** openers point at something only the previous sentence says ("Điều này",
  "Ra tiễn đoàn ...", "Ông cho biết" with no name): such a sentence is used only right after
  the sentence it follows in its article.
* **Connectives** ("Trước đó,", "Ngoài ra,") only link to the previous sentence; the rest of
  the sentence carries its own subject and time. Placed elsewhere, the connective is dropped:
  "Trước đó, ngày 16.1, Tổng thống ..." becomes "Ngày 16.1, Tổng thống ...".

And :func:`shorten` fits one over-long sentence into a budget, dropping parentheses first.
"""

from __future__ import annotations

import re

from summarizer.tokenize import count_syllables, truncate_syllables

DEPENDENT_OPENERS = (
    "Đây ",
    "Điều này",
    "Việc này",
    "Đó là",
    "Đó cũng",
    "Như vậy",
    "Vì vậy",
    "Vì thế",
    "Do đó",
    "Do vậy",
    "Tuy nhiên",
    "Nhưng ",
    "Theo đó",
    "Cũng ",
    "Khi đó",
    "Lúc đó",
    "Tại đây",
    "Trong đó",
    "Cụ thể",
    "Ra tiễn",
    "Tiễn ",
    "Đón ",
    "Ông cũng",
    "Bà cũng",
    "Họ ",
    "Nó ",
    "Người này",
    "Ông này",
    "Bà này",
    "Vụ việc",
)
CONNECTIVES = (
    "Trước đó",
    "Sau đó",
    "Ngoài ra",
    "Bên cạnh đó",
    "Thêm vào đó",
    "Trong khi đó",
    "Mặt khác",
    "Đồng thời",
    "Cùng với đó",
)
# Every opener that points back at an earlier sentence (a ranking feature too).
BACK_REFERENCE_OPENERS = DEPENDENT_OPENERS + CONNECTIVES
# "Ông cho biết ..." points back at a man named before; "Ông Trump cho biết" names him.
_PRONOUN = re.compile(r"^(?:Ông|Bà|Anh|Chị|Cô|Em)\s+(?=[^\W\d_])(?![A-ZĐÀ-Ỹ])", re.UNICODE)
_CONNECTIVE = re.compile(
    r"^(?:" + "|".join(re.escape(c) for c in CONNECTIVES) + r")\s*,\s*(?=\S)", re.UNICODE
)
_PARENTHESIS = re.compile(r"\s*\([^()]{1,200}\)")


def needs_antecedent(text: str) -> bool:
    """Whether the sentence can only follow the sentence before it in its article."""
    return text.startswith(DEPENDENT_OPENERS) or bool(_PRONOUN.match(text))


def strip_connective(text: str) -> str:
    """The sentence without its linking opener ("Trước đó, ..."), capitalised; unchanged when
    it has none."""
    match = _CONNECTIVE.match(text)
    if not match:
        return text
    rest = text[match.end() :]
    return rest[:1].upper() + rest[1:]


def has_connective(text: str) -> bool:
    return bool(_CONNECTIVE.match(text))


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` syllables: parentheses go first (largest first); if still too
    long, it is cut at a word boundary and ends with "…". Unchanged when it fits."""
    if count_syllables(text) <= limit:
        return text
    for aside in sorted(_PARENTHESIS.findall(text), key=count_syllables, reverse=True):
        text = text.replace(aside, "", 1)
        if count_syllables(text) <= limit:
            return text
    return truncate_syllables(text, limit).rstrip(",;:–- ") + "…"
