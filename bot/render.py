"""Words for alerts and status replies, shared by every destination: figures, meetings, sources.

Adapters turn these neutral strings into Block Kit, embeds or terminal text; nothing here knows a platform.
"""

from __future__ import annotations

import datetime as dt

from bot.models import Group, MeetingStatus, Qualifier, SourceRef

_QUALIFIER_WORDS = {
    "exact": "",
    "at_least": "at least ",
    "more_than": "more than ",
    "about": "about ",
    "up_to": "up to ",
}


def number(count: int) -> str:
    """'96', '800,000', '1 million', '1.2 million'."""
    if count >= 1_000_000 and count % 100_000 == 0:
        return f"{count / 1_000_000:g} million"
    return f"{count:,}"


def figure(count: int, qualifier: Qualifier) -> str:
    """A figure with its qualifier: 'at least 41', 'more than 800,000'."""
    return _QUALIFIER_WORDS[qualifier] + number(count)


_GROUP_NOUNS = {
    "civilians": ("civilian", "civilians"),
    "military": ("soldier", "soldiers"),
    "all": ("person", "people"),
}


def group_noun(group: Group, count: int) -> str:
    """Who a figure counts, agreeing with it: '1 soldier', '42 civilians', '3 people'."""
    singular, plural = _GROUP_NOUNS[group]
    return singular if count == 1 else plural


def day(date: dt.date) -> str:
    """'Mon 22 Dec 2025'."""
    return date.strftime("%a %d %b %Y").replace(" 0", " ")


def names(parties: list[str]) -> str:
    """'ASEAN', 'Thailand and Cambodia', 'Thailand, Cambodia and ASEAN'."""
    if len(parties) <= 1:
        return "".join(parties) or "The parties"
    return ", ".join(parties[:-1]) + " and " + parties[-1]


def meeting_summary(
    parties: list[str], place: str | None, date: dt.date | None, status: MeetingStatus
) -> str:
    """One line for a meeting: 'Thailand and Cambodia met in Chanthaburi on Wed 24 Dec 2025'."""
    verb = {"scheduled": "to meet", "held": "met", "cancelled": "meeting cancelled"}[status]
    where = f" in {place}" if place else ""
    when = f" on {day(date)}" if date else ""
    if status == "cancelled":
        return f"{names(parties)}{where}{when}: {verb}"
    return f"{names(parties)} {verb}{where}{when}"


def published(value: dt.date | dt.datetime) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def source_line(source: SourceRef) -> str:
    """'Source: <title> (<url or path>, 2025-12-25)'."""
    where = source.url or source.path
    detail = ", ".join(x for x in (where, published(source.published)) if x)
    return f"Source: {clip(source.title, 120)} ({detail})"


def sources_line(sources: list[SourceRef]) -> str:
    """The source line of an alert: the first source in full, then how many more confirm it."""
    if not sources:
        return ""
    more = len(sources) - 1
    return source_line(sources[0]) + (f" and {more} more" if more else "")


def alert_text(headline: str, lines: list[str], sources: list[SourceRef]) -> str:
    """An alert as plain text: the headline, its detail lines and its source line."""
    return "\n".join(x for x in (headline, *lines, sources_line(sources)) if x)


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


TITLE_FROM_TEXT = 80


def title_from_text(text: str, limit: int = TITLE_FROM_TEXT) -> str:
    """A title for a text that has none: its first `limit` characters on one line, cut at a word boundary
    when there is one."""
    text = " ".join(text.split())
    cut = text[: limit + 1]
    return cut.rsplit(" ", 1)[0] if len(text) > limit and " " in cut else cut[:limit]
