"""Dates in article text ('on Monday', '24 December', 'Dec. 19, 2025', 'tomorrow'), resolved against the
publication date. A weekday is read forwards or backwards by the tense of its clause.

`is_background` tells whether a figure is set in an earlier period than the article's own. Only a time
phrase that scopes over the figure's own event counts: not one in a subordinate or relative clause about
the people ('refugees, most of whom fled in 2017'), in the standard of a comparison ('more than in all of
last year'), or one that starts a running period ('since January', 'after the war began in April 2023',
'between 7 October 2023 and' a recent day). A relative clause on a time or an event ('since February, when
2,900 were killed') is set at its antecedent's time. 'last September' and 'in the July round of fighting'
are earlier periods; last month's whole-month tally, reported early this month as a monthly figure or a
record, is the report's news."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.extract.fast import CASE_TRAPS
from bot.extract.text import Sentence, stems_pattern

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
    r"\b(?:(?P<prep>on|for|this|next|last|until|from|by|since|before|after|to)\s+)?(?:"
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


# A span of days: the first day dates it ('from 4 to 7 August 2025', 'August 4-7', '4–7 Aug.').
_RANGE = re.compile(
    rf"\b(?:from\s+)?(?P<d1>{_DAY})\s*(?:-|–|to|until)\s*{_DAY}\s+(?:of\s+)?(?P<m1>{_MONTH})(?P<y1>,?\s+\d{{4}})?"
    rf"|\b(?:from\s+)?(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})\s*(?:-|–|to|until)\s*{_DAY}(?!\d)(?P<y2>,?\s+\d{{4}})?"
)
# Between two weekdays of one span ('on Friday and Saturday').
_PAIRED = re.compile(r"\s+(?:and|or|to|through)\s+")


_DIGIT = re.compile(r"\d")
_DAY_NAME = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun|to|yester)day")


def _may_date(text: str, digit: bool) -> bool:
    """Whether `text` may have a date: every date has a digit, a weekday, 'today', 'yesterday', 'tonight'
    or 'tomorrow' ('days' and 'holiday' are none). `digit` tells whether it has a digit."""
    return (
        digit
        or ("day" in text and _DAY_NAME.search(text) is not None)
        or "tonight" in text
        or "tomorrow" in text
    )


def find_dates(
    text: str, published: dt.date, direction: Direction, anchor: dt.date | None = None
) -> list[DateMention]:
    """Every day-precise date in `text`, resolved; weekdays count `direction` from `published`, or, when
    the text is anchored to an earlier event ('Hours earlier, talks due on Tuesday...'), fall on the day of
    that weekday nearest to `anchor`. A span of days is dated by its first day."""
    out: list[DateMention] = []
    digit = _DIGIT.search(text) is not None
    if not _may_date(text, digit):
        return out
    spans: list[tuple[int, int]] = []
    # (a span of days has digits)
    if digit and ("-" in text or "–" in text or " to " in text or "until" in text):
        for m in _RANGE.finditer(text):
            day, month = m.group("d1") or m.group("d2"), m.group("m1") or m.group("m2")
            resolved = resolve_explicit(f"{day} {month}{m.group('y1') or m.group('y2') or ''}", published)
            if resolved is not None:
                out.append(DateMention(m.start(), m.end(), "from", resolved))
                spans.append((m.start(), m.end()))
    for m in _date_matches(text):
        if any(start <= m.start() < end for start, end in spans):
            continue
        if out and m.group("weekday") and _PAIRED.fullmatch(text, out[-1].end, m.start()):
            continue  # 'on Friday and Saturday': the second day of a span the first one dates
        resolved = _resolve(m, published, direction, anchor)
        if resolved is not None:
            out.append(DateMention(m.start(), m.end(), m.group("prep"), resolved))
    return sorted(out, key=lambda d: d.start) if spans else out  # (DATE_RE finds them in order)


# Where a match of DATE_RE may have its date (after the optional preposition), in an ASCII text: each digit,
# weekday, month name (each abbreviation begins every longer name) and relative day. Each alternative opens
# with a literal, so the engine skips to the characters that may start one.
_DATE_CORE = re.compile(
    "|".join(
        (
            *"0123456789",
            *_WEEKDAYS,
            "Jan",
            "Feb",
            "Mar",
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
            "today",
            "tonight",
            "tomorrow",
            "yesterday",
        )
    )
)
_PREP_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _date_matches(text: str) -> list[re.Match[str]]:
    """The matches of DATE_RE in `text`, as `finditer` finds them, tried only where one may start: DATE_RE
    opens with a word boundary and an optional preposition, so the engine would try it at every character.

    A match starts at its date (a `_DATE_CORE` match, after no word character) or at the preposition before
    it: the run of lower-case letters (ASCII) before the white space before the date. Neither run holds a
    `_DATE_CORE` match (a preposition holds no digit, capital or relative day), so the dates come in the
    order of the matches, and trying each date's two starts in turn finds the leftmost match from where
    the last one ended. (`\\d` matches digits beyond ASCII, so a text with other characters is scanned
    whole.)"""
    if not text.isascii():
        return list(DATE_RE.finditer(text))
    found: list[re.Match[str]] = []
    pos = 0
    for core in _DATE_CORE.finditer(text):
        c = core.start()
        if c < pos:
            continue
        before = text[c - 1] if c else ""
        if before.isalnum() or before == "_":
            continue  # no word boundary before the date, and no white space for a preposition
        starts = [c]
        if before.isspace():
            k = c - 1
            while k > pos and text[k - 1].isspace():
                k -= 1
            j = k
            while j > pos and text[j - 1] in _PREP_LETTERS:
                j -= 1
            if j < k:
                starts.insert(0, j)
        for start in starts:
            m = DATE_RE.match(text, start)
            if m is not None:
                found.append(m)
                pos = m.end()
                break
    return found


def _resolve(
    m: re.Match[str], published: dt.date, direction: Direction, anchor: dt.date | None = None
) -> dt.date | None:
    explicit = m.group("explicit") or m.group("wd_date")
    if explicit:
        return resolve_explicit(explicit, published)
    if m.group("relative"):
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}[m.group("relative")]
        return published + dt.timedelta(days=offset)
    weekday = _WEEKDAYS.index(m.group("weekday"))
    prep = m.group("prep")
    if anchor is not None and prep not in ("last", "next"):
        days = (weekday - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=days if days <= 3 else days - 7)
    if prep == "last":
        direction = "past"
    elif prep in ("next", "until", "by"):
        direction = "future"
    if direction == "past":
        # 'last Saturday' in a Saturday story is a week back; 'on Saturday' is the day itself.
        days = (published.weekday() - weekday) % 7
        if prep == "last" and days == 0:
            days = 7
        return published - dt.timedelta(days=days)
    days = (weekday - published.weekday()) % 7
    if prep == "next" and days == 0:
        days = 7
    return published + dt.timedelta(days=days)


def resolve_explicit(text: str, published: dt.date) -> dt.date | None:
    """A day and month (year optional); without a year, the year that puts it nearest `published`."""
    parsed = _parse_explicit(text)
    if parsed is None:
        return None
    if re.search(r"\d{4}", text):
        return parsed
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(parsed.replace(year=year))
        except ValueError:  # 29 February
            continue
    return min(candidates, key=lambda d: abs((d - published).days)) if candidates else None


@functools.lru_cache(maxsize=4096)
def _parse_explicit(text: str) -> dt.date | None:
    """dateparser's reading of a written date (a leap year stands in when none is written): read here when
    the text has one of the forms `DATE_RE` and `_RANGE` hand over with a day that exists, by dateparser
    otherwise. dateparser takes milliseconds a call (and a tenth of a second for its first); cached, since
    news copy repeats its dates."""
    exact = _read_written(text)
    return exact if exact is not None else _dateparser_reading(text)


def _dateparser_reading(text: str) -> dt.date | None:
    import dateparser  # (only here: its import and first call take a while, and most dates never need it)

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month"], "RELATIVE_BASE": dt.datetime(2000, 1, 1)},
    )
    return parsed.date() if parsed else None


# The number of each month's name and abbreviation in `_MONTH`.
_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        (
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sep", "Sept"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ),
        start=1,
    )
    for name in names
}
_NAME = "(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")"
# What `_EXPLICIT` matches (and `_RANGE`'s day, month and year), and the same with the day's ordinal
# suffix not agreeing with its number ('3st': dateparser reads the number): '24 December', '19th of Dec.
# 2025', 'Dec. 19, 2025', '2025-12-19'. Digits in ASCII only: `DATE_RE`'s `\d` matches others too.
_WRITTEN = re.compile(
    rf"(?:(?P<day1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month1>{_NAME})\.?"
    rf"|(?P<month2>{_NAME})\.?\s+(?P<day2>[0-9]{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(?P<year>[0-9]{{4}}))?"
    r"|(?P<iso_year>[0-9]{4})-(?P<iso_month>[0-9][0-9])-(?P<iso_day>[0-9][0-9])"
)


def _read_written(text: str) -> dt.date | None:
    """The date `text` writes, as dateparser reads it (tests/test_dates.py compares the two over many
    strings), or None when `text` is not in one of the forms of `_WRITTEN` or is not a day of the calendar
    (year 0, '31 April', '2025-19-12', which dateparser reads as 19 December): those are left to
    dateparser."""
    m = _WRITTEN.fullmatch(text)
    if m is None:
        return None
    if m.group("iso_year"):
        year, month, day = int(m.group("iso_year")), int(m.group("iso_month")), int(m.group("iso_day"))
    else:
        year = int(m.group("year")) if m.group("year") else 2000  # (dateparser's year: RELATIVE_BASE's)
        month = _MONTH_NUMBER[m.group("month1") or m.group("month2")]
        day = int(m.group("day1") or m.group("day2"))
    if year == 0 or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# A month's name, or its dotted abbreviation ('Oct. 7', 'Dec. 8': news style).
_ABBREVIATED = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."
_MONTH_RE = re.compile(
    r"\b(?:(?P<prep>(?i:in|on|during|by|since|from|until|through|last))\s+)?(?P<the>the\s+)?"
    r"(?:(?:early|mid|late|mid-)\s*)?(?P<day1>\d{1,2}\s+)?(?P<month>"
    + "|".join(_MONTHS)
    + r"|"
    + _ABBREVIATED
    + r")(?:(?<=\.)|\b)(?P<day2>\s+\d{1,2}\b)?(?:,?\s+(?P<year>\d{4}))?"
)
# 'in the July round of fighting', 'during the May clashes': a month before a word for fighting names an
# earlier round, which dates the toll set in it; anywhere else ('the October agreement', 'militants behind
# the April attack') it names a thing.
_FIGHTING_NOUN = re.compile(
    r"\s+(?:round|clashes|fighting|war|offensive|attacks?|strikes?|shelling|escalation|violence|"
    r"bombardment|bombing|assault|incursion|massacre|raids?)\b"
)
# A figure set against a month's tally is the month's news when the report comes out early in the next
# month: a word that makes the figure a month's total or a record ('the highest monthly toll', 'a new high'),
# or the report itself dated this week ('said on Thursday', 'says').
_TALLY = re.compile(
    r"\b(?:monthly|month's|highest|lowest|deadliest|record|new high|says|said on (?:"
    + "|".join(_WEEKDAYS)
    + r"))\b"
)
_TALLY_DAYS = 15  # how far into a month a report of the month before is still its news
_PAST_PERIOD = re.compile(
    r"\b(?:last year|earlier this year|last month|previous (?:round|clashes|fighting|war)|at the time|"
    r"years? ago|in (?:19|20)\d\d|that exchange|back then|"
    r"(?:the (?:whole|rest|first half|second half|end|start|beginning) of|all of) (?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# Commas and semicolons split a sentence into segments; the comma of 'October 7, 2023' does not, nor one
# between a number's digits ('870,000').
_SEGMENT_BREAK = re.compile(r";|,(?!\s*\d{4}\b)(?!\d)")
# A segment opened by a subordinator is a clause of its own: its time phrase dates its own event only
# ('After the truce collapsed in March, the two sides signed a new one'). So is a relative clause on a part
# of the people ('more than one million refugees, most of whom fled in 2017': when they fled, not when they
# are hosted), and the standard of a comparison ('14 killed since January, more than in all of last year').
_SUBORDINATE = re.compile(
    r"\s*(?:after|before|when|whenever|while|as|although|though|following|until|once|because|which|who|where"
    r"|(?:[\w.,'-]+\s+){0,3}?of\s+(?:whom|which)"
    r"|(?:more|fewer|less|higher|lower)\s+than\s+(?:in|during|at|on|for|all|any|the|last)"
    r"|compared\s+(?:with|to)|(?:up|down)\s+from)\b",
    re.IGNORECASE,
)
# 'since ...' opens a period that runs up to now: its dates start a cumulative count, they do not date it.
_SINCE = re.compile(r"\bsince\b[^,;]*", re.IGNORECASE)
# So does the start of the war, its date read as the start of the period ('the war began in April 2023',
# 'Fighting that began in April has displaced 7 million'): the toll of an ongoing war runs up to now.
_WAR_BEGAN = re.compile(
    r"\b(?:war|conflict|fighting|hostilities|crisis|invasion|insurgency|offensive)\s+(?:that\s+|which\s+)?"
    r"(?:began|started|erupted|broke out)(?:\s+(?:in|on|last|early|mid|late|mid-))*"
    r"(?:\s+(?:\d{1,2}\s+)?(?:" + "|".join(_MONTHS) + r"|" + _ABBREVIATED + r")(?:\s+\d{1,2}\b)?)?"
    r"(?:,?\s+(?:(?:19|20)\d\d|year|month)\b)?",
    re.IGNORECASE,
)
# 'between 7 October 2023 and 27 August 2025': the first date starts the period, the second ends it.
_BETWEEN = re.compile(r"\bbetween\b(?=[^,;]{0,30}?\d)[^,;]{0,30}?\band\b", re.IGNORECASE)


# What a sentence needs to be set in an earlier period: a month's name, or a word of _PAST_PERIOD (in lower
# case). Its time scope only blanks out or drops parts of it, so a sentence without any is never background.
_MONTH_NAMES = re.compile("|".join(_MONTHS) + "|" + _ABBREVIATED)
_PAST_WORDS = (
    "year",
    "whole of",
    "rest of",
    "half of",
    "end of",
    "start of",
    "beginning of",
    "all of",
    "last month",
    "previous ",
    "at the time",
    "in 19",
    "in 20",
    "that exchange",
    "back then",
)
_PAST_STEMS = stems_pattern(_PAST_WORDS)


# The same test for a `Sentence`, without a scan of its own: a month's name in lower case, or a past word.
_DATED = stems_pattern(
    [m.lower() for m in _MONTHS]
    + [f"{m}." for m in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")]
    + list(_PAST_WORDS)
)


def is_background(
    sentence: str,
    published: dt.date,
    pos: int | None = None,
    unit: Sentence | None = None,
    antecedent: bool = False,
) -> bool:
    """True when the sentence places the event at `pos` (by default its main event) in an earlier period
    than the article's own ('In May, a soldier was killed'; 'last year's toll'). `unit` is the sentence,
    when the caller has it. With `antecedent`, an event in a relative clause on a time is set at that time
    ('since February, when 2,900 were killed'): right for a count, which is that day's; a change of state
    there ('Since 18 March, when the ceasefire collapsed') still holds, so the ceasefire rules do not ask.

    The casualty rules ask this of every figure, so each costly pattern below runs only when the sentence
    has the words it needs: `_PAST_PERIOD` a past word (or a character that case-blind matching reads as
    another), `_MONTH_RE` a month's name (or its dotted abbreviation), `_BETWEEN` and `_WAR_BEGAN` their
    words. The time scope and the start of a running period only blank out, drop or cut parts of the
    sentence (the pieces it joins meet at a comma or a run of spaces), so they never make such a word."""
    if unit is not None and unit.plain and not unit.has_any(_DATED):
        return False
    own = unit if unit is not None and unit.text == sentence else None  # its stem mask is the sentence's
    months = _MONTH_NAMES.search(sentence) is not None
    if own is not None:
        past = own.has_any(_PAST_STEMS)
        trapped = not own.plain and CASE_TRAPS.search(sentence) is not None
    else:
        past = _PAST_STEMS.search(sentence.lower()) is not None
        trapped = CASE_TRAPS.search(sentence) is not None
    if not months and not past and not trapped:
        return False
    text = _time_scope(sentence, pos, own is None or own.has_any(_AGREEING_STEMS))
    low = own.lower if own is not None else text.lower()
    if trapped or "since" in low:
        text = _SINCE.sub(" ", text)
    if trapped or "between" in low:
        text = _BETWEEN.sub(lambda m: " " * len(m.group(0)), text)
    if trapped or "began" in low or "started" in low or "erupted" in low or "broke out" in low:
        text = _WAR_BEGAN.sub(lambda m: " " * len(m.group(0)), text)
    if (past or trapped) and _PAST_PERIOD.search(text):
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
        if not years or min(years) < published.year:
            return True
    if not months:
        return False
    before = _antecedent(sentence, pos) if antecedent and pos is not None else None
    if before is not None and _earlier_month(before, sentence, published, cumulative=False):
        return True
    return _earlier_month(text, sentence, published)


# A segment that is a relative clause on a time or an event ('since February, when 2,900 people were
# killed'; 'the attack on Oct. 7, in which militants killed 1,200') is set at the time its antecedent names,
# even one that opens a running period ('since February' starts a count, but 'when' is February itself).
_RELATIVE_EVENT = re.compile(r"\s*(?:when|in which|during which)\b", re.IGNORECASE)


def _antecedent(sentence: str, pos: int) -> str | None:
    """The segment before the one at `pos`, when that one is a relative clause on a time or an event."""
    start, previous = 0, None
    for m in _SEGMENT_BREAK.finditer(sentence):
        if m.start() >= pos:
            break
        previous, start = sentence[start : m.start()], m.end()
    if previous is None or not _RELATIVE_EVENT.match(sentence, start):
        return None
    return previous


def _earlier_month(text: str, sentence: str, published: dt.date, cumulative: bool = True) -> bool:
    """Whether a month `text` names sets its event before the month of `published`. With `cumulative`, a
    month that starts or bounds a period ('since May', 'from December 8') does not."""
    for match in _month_matches(text):
        prep = (match.group("prep") or "").lower() or None
        if cumulative and prep in ("since", "from", "until", "through", "by"):
            continue  # 'from December 8': a cumulative count that runs up to now
        if prep == "last":
            return True  # 'last September': the one before this month, an earlier period
        day = match.group("day1") or match.group("day2")
        named = not (day or match.group("year")) and (prep is None or match.group("the"))
        if named and (prep not in ("in", "during") or not _FIGHTING_NOUN.match(text, match.end())):
            continue  # 'the October agreement' names a thing; it does not date the sentence's event
        year = int(match.group("year")) if match.group("year") else published.year
        month = _MONTH_NUMBER[match.group("month").rstrip(".")]
        if (year, month) == (published.year, published.month):
            continue
        if not day and _month_before(year, month, published) and _TALLY.search(sentence):
            continue  # 'in June, the highest monthly toll', reported in early July: the month's news
        return True
    return False


def _month_before(year: int, month: int, published: dt.date) -> bool:
    """Whether (year, month) is the month before `published`'s and the report comes early in its month."""
    before = (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12)
    return (year, month) == before and published.day <= _TALLY_DAYS


def _month_matches(text: str) -> list[re.Match[str]]:
    """The matches of _MONTH_RE in `text`, as `finditer` finds them, looked for from just before each
    month's name: _MONTH_RE opens with a word boundary and optional words, so the engine would try it at
    every character. What may come before a month's name in a match (`_month_reach`) holds no other
    month's name, so the names come in the order of the matches."""
    found: list[re.Match[str]] = []
    pos = 0
    for name in _MONTH_NAMES.finditer(text):
        if name.start() < pos:
            continue  # (inside the last match)
        m = _MONTH_RE.search(text, max(pos, _month_reach(text, name.start())))
        if m is None:
            break
        found.append(m)
        pos = m.end()
    return found


def _month_reach(text: str, month: int) -> int:
    """How far before the month's name at `month` a match of _MONTH_RE may start, at the most: back over
    the day's digits, 'early', 'mid-' or 'late', and the preposition (at most 7 letters, in any case),
    each with the white space after it."""
    i = _back(text, month, str.isspace)
    i = _back(text, i, str.isdecimal, 2)
    i = _back(text, i, str.isspace)
    i = _back(text, i, _PERIOD_LETTERS.__contains__, 5)
    i = _back(text, i, str.isspace)
    return _back(text, i, str.isalpha, 7)


_PERIOD_LETTERS = frozenset("-abcdefghijklmnopqrstuvwxyz")  # of 'early', 'mid', 'late', 'mid-'


def _back(text: str, i: int, wanted: Callable[[str], bool], most: int | None = None) -> int:
    """Where the run of characters that are `wanted` (at most `most` of them) ending at `i` starts."""
    stop = 0 if most is None else max(0, i - most)
    while i > stop and wanted(text[i - 1]):
        i -= 1
    return i


# 'the accord signed in October', 'the declaration it signed with Cambodia last month', 'a truce brokered by
# Qatar in March', 'a ceasefire the military declared
# after the March 28 earthquake', 'the ceasefire that took effect last month': a participle or relative
# clause and its time phrase describe an agreement, they do not date the event of the sentence. (A passive
# 'was agreed in July' is the sentence's own verb.)
_AGREEING = r"(?:signed|agreed|declared|brokered|reached|announced|struck|sealed|adopted)"
_PARTICIPLE = re.compile(
    rf"(?:\b(?:that|which)\s+(?:took effect|came into (?:effect|force)|went into effect|(?:was|were)\s+{_AGREEING})"
    rf"|(?<!was )(?<!were )(?<!been )(?<!is )(?<!are )(?<!be )\b{_AGREEING})"
    r"(?:\s+with\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?"
    r"\s+(?:in|on|at|by|during|after|before|last|earlier)\b[^,;]*?"
    r"(?=\s+(?:is|was|are|were|has|have|had|remains?|collapsed|ended|broke|held|holds)\b|[,;.]|$)"
)
# Every match of _PARTICIPLE has one of these.
_AGREEING_STEMS = stems_pattern(
    [
        "signed",
        "agreed",
        "declared",
        "brokered",
        "reached",
        "announced",
        "struck",
        "sealed",
        "adopted",
        "took effect",
        "came into",
        "went into",
    ]
)


def _time_scope(sentence: str, pos: int | None, agreeing: bool = True) -> str:
    """The sentence without the subordinate segments that do not contain `pos`, without the participial
    phrases that describe an agreement (unless `pos` is at one), and, when `pos` is given, only its part
    between semicolons (each part is a sentence of its own). `agreeing` is False when the sentence has
    none of the words `_PARTICIPLE` needs (in lower case), which spares its slow scan."""
    if pos is not None:
        if ";" in sentence:
            start = sentence.rfind(";", 0, pos) + 1
            end = sentence.find(";", pos)
            sentence = " " * start + sentence[start : end if end >= 0 else None]
        if agreeing:
            sentence = _PARTICIPLE.sub(
                lambda m: m.group(0) if m.start() - 20 <= pos < m.end() else " " * len(m.group(0)), sentence
            )
    kept: list[str] = []
    start = 0
    for end in [m.start() for m in _SEGMENT_BREAK.finditer(sentence)] + [len(sentence)]:
        segment = sentence[start:end]
        own = pos is not None and start <= pos < end
        if own or not _SUBORDINATE.match(segment):
            kept.append(segment)
        start = end + 1
    return ",".join(kept)
