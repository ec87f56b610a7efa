"""Publication times: read from datelines, used to tell the latest state of a story.

News pages print when they were published, as a prefix (``date 2026-02-17``) or a byline
line (``17/02/2026 13:23 GMT+7``, ``PV 21/02/2026 11:05``, ``Thứ Ba, 17/2/2026 - 13:23``).
The cleaner removes those lines as noise; :func:`published_from_removals` reads the time back
from what was removed, so it becomes article metadata instead of being lost.

Times are kept as ISO 8601 text (``2026-02-17`` or ``2026-02-17T13:23``), which sorts
chronologically as text; no time zone is assumed (outlets of one cluster share one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from summarizer.errors import InvalidOptionError
from summarizer.types import PreparedArticle, Removal

# Removal reasons whose text is a dateline.
DATELINE_REASONS = ("date-prefix", "byline-timestamp")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?")
_DAY_FIRST = re.compile(
    r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s*[-,|]?\s*(\d{1,2})[:h](\d{2}))?"
)
# A dateline more than this far after the clock is a typo or a wrong clock: ignored.
_FUTURE_TOLERANCE = timedelta(days=1)
_PLAN = re.compile(r"\b(?:sẽ|sắp|dự kiến|chuẩn bị)\b", re.IGNORECASE)


def _iso(year: int, month: int, day: int, hour: str | None, minute: str | None) -> str | None:
    try:
        if hour is None or minute is None:
            return date(year, month, day).isoformat()
        return datetime(year, month, day, int(hour), int(minute)).isoformat(timespec="minutes")
    except ValueError:
        return None  # 31/02, 25:61: not a date


def parse_published(text: str) -> str | None:
    """The first valid date (and time) in ``text`` as ISO text, or None."""
    match = _ISO.search(text)
    if match:
        year, month, day, hour, minute = match.groups()
        found = _iso(int(year), int(month), int(day), hour, minute)
        if found:
            return found
    for match in _DAY_FIRST.finditer(text):
        day, month, year, hour, minute = match.groups()
        found = _iso(int(year), int(month), int(day), hour, minute)
        if found:
            return found
    return None


def is_future(published: str, now: datetime | None = None) -> bool:
    moment = datetime.fromisoformat(published)
    return moment > (now or datetime.now()) + _FUTURE_TOLERANCE


def coerce_published(value: object, where: str) -> str | None:
    """A caller's publication time (ISO text, ``date``, ``datetime`` or None) as ISO text.

    Raises :class:`InvalidOptionError` naming ``where`` for anything that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    found = parse_published(value) if isinstance(value, str) else None
    if found is None:
        raise InvalidOptionError(
            f"{where} must be a date such as '2026-02-17' or '2026-02-17T13:23', got {value!r}."
        )
    return found


def published_from_removals(removed: Iterable[Removal]) -> str | None:
    """The publication time printed in an article's first valid dateline, if any; datelines
    in the future are ignored."""
    for removal in removed:
        if removal.reason in DATELINE_REASONS:
            found = parse_published(removal.text)
            if found and not is_future(found):
                return found
    return None


def calendar_day(published: str) -> str:
    return published[:10]


def superseded_articles(articles: Sequence[PreparedArticle]) -> set[int]:
    """Articles that may tell an older state of the story than the latest report.

    When the dated articles span at least two days, every article not published on the
    latest day (undated ones included: nothing says they are recent) is superseded: its
    plans ("sẽ dự", "dự kiến") may have happened by the latest report, so the merged summary
    prefers the later account. With fewer than two dated days nothing is superseded.
    """
    days = {a.index: calendar_day(a.published) for a in articles if a.published}
    if len(set(days.values())) < 2:
        return set()
    latest = max(days.values())
    return {a.index for a in articles if days.get(a.index) != latest}


def latest_report(articles: Sequence[PreparedArticle]) -> int | None:
    """The most recently published article when the dated articles span several days."""
    if not superseded_articles(articles):
        return None
    return max((a for a in articles if a.published), key=lambda a: (a.published, -a.index)).index


def reports_plan(text: str) -> bool:
    """Whether the sentence announces something yet to happen ("sẽ dự", "dự kiến")."""
    return bool(_PLAN.search(text))


def recency_order(articles: Sequence[PreparedArticle]) -> dict[int, int]:
    """Article number -> rank, newest dated article first, undated ones after in input order."""
    dated = sorted(
        (a for a in articles if a.published),
        key=lambda a: (a.published or "", -a.index),
        reverse=True,
    )
    undated = [a for a in articles if not a.published]
    return {a.index: rank for rank, a in enumerate([*dated, *undated])}
