"""Dates in article text ('on Monday', '24 December', 'Dec. 19, 2025', 'tomorrow'), resolved against the
publication date. A weekday is read forwards or backwards by the tense of its clause."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import dateparser

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_EXPLICIT = (
    rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+{_DAY}(?!\d)(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}"
)
DATE_RE = re.compile(
    r"\b(?:(?P<prep>on|for|this|next|last|until|from|by|since|before|after)\s+)?(?:"
    rf"(?P<weekday>{'|'.join(_WEEKDAYS)})(?:,?\s+(?P<wd_date>{_EXPLICIT}))?"
    rf"|(?P<explicit>{_EXPLICIT})"
    r"|(?P<relative>today|tonight|tomorrow|yesterday))\b"
)

Direction = Literal["past", "future"]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    prep: str | None
    date: dt.date


def find_dates(text: str, published: dt.date, direction: Direction) -> list[DateMention]:
    """Every day-precise date in `text`, resolved; weekdays count `direction` from `published`."""
    out: list[DateMention] = []
    for m in DATE_RE.finditer(text):
        resolved = _resolve(m, published, direction)
        if resolved is not None:
            out.append(DateMention(m.start(), m.end(), m.group("prep"), resolved))
    return out


def _resolve(m: re.Match[str], published: dt.date, direction: Direction) -> dt.date | None:
    explicit = m.group("explicit") or m.group("wd_date")
    if explicit:
        return resolve_explicit(explicit, published)
    if m.group("relative"):
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m.group("relative")]
        return published + dt.timedelta(days=offset)
    weekday = _WEEKDAYS.index(m.group("weekday"))
    prep = m.group("prep")
    if prep == "last":
        direction = "past"
    elif prep in ("next", "until", "by"):
        direction = "future"
    if direction == "past":
        return published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    days = (weekday - published.weekday()) % 7
    if prep == "next" and days == 0:
        days = 7
    return published + dt.timedelta(days=days)


def resolve_explicit(text: str, published: dt.date) -> dt.date | None:
    """A day and month (year optional); without a year, the year that puts it nearest `published`."""
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(published.year, 1, 1)},
    )
    if parsed is None:
        return None
    if re.search(r"\d{4}", text):
        return parsed.date()
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(parsed.date().replace(year=year))
        except ValueError:  # 29 February
            continue
    return min(candidates, key=lambda d: abs((d - published).days)) if candidates else None
