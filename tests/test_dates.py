"""The exact reader of written dates (`dates._read_written`) against dateparser, which it spares.

Dates are read without dateparser when they have a form the date patterns hand over ('24 December',
'Dec. 19, 2025', '19th of December 2025', '2025-12-19'): its reading must be dateparser's, for every
spacing, ordinal suffix, abbreviation and year. The strings here are drawn at random from those forms and
their edges (day 0, '31 April', 29 February, year 0000, months past 12 in ISO dates, every whitespace
character `\\s` matches), and each is read both ways. dateparser takes a millisecond or so a call, which
bounds how many are drawn.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from bot.extract import dates
from bot.extract.dates import _MONTH_NUMBER, _dateparser_reading, _read_written, resolve_explicit

_SPACES = [c for c in map(chr, range(0x3001)) if re.match(r"\s", c)]
_EXPLICIT = re.compile(dates._EXPLICIT)


def _space(rng: random.Random) -> str:
    """Mostly one plain space; now and then a run of any whitespace."""
    if rng.random() < 0.7:
        return " "
    return "".join(rng.choice(_SPACES) for _ in range(rng.randint(1, 2)))


def _day(rng: random.Random) -> str:
    day = rng.choice([rng.randint(1, 31)] * 4 + [0, rng.randint(29, 31), rng.randint(32, 99)])
    text = f"{day:02d}" if day < 10 and rng.random() < 0.2 else str(day)
    return text + rng.choice(["", "", "", "st", "nd", "rd", "th"])


def _year(rng: random.Random) -> str:
    year = rng.choice([rng.randint(1990, 2030)] * 6 + [0, rng.randint(1, 999), rng.randint(1000, 9999), 2000])
    return f"{year:04d}"


def _written(rng: random.Random) -> str:
    """A string of a form `_EXPLICIT` matches, or that `find_dates` builds of a span's first day."""
    kind = rng.random()
    if kind < 0.1:
        return f"{_year(rng)}-{rng.randint(0, 19):02d}-{rng.randint(0, 39):02d}"
    month = rng.choice(list(_MONTH_NUMBER)) + rng.choice(["", ".", ""])
    year = ""
    if rng.random() < 0.5:
        year = rng.choice(["", ","]) + _space(rng) + _year(rng)
    if kind < 0.55:
        of = f"of{_space(rng)}" if rng.random() < 0.15 else ""
        return f"{_day(rng)}{_space(rng)}{of}{month}{year}"
    return f"{month}{_space(rng)}{_day(rng)}{year}"


def test_written_dates_read_as_dateparser_reads_them() -> None:
    rng = random.Random(20251219)
    seen: dict[str, dt.date | None] = {}
    fast = 0
    while len(seen) < 1000:
        text = _written(rng)
        if text in seen:
            continue
        assert _EXPLICIT.fullmatch(text), text  # (as `find_dates` hands it over)
        seen[text] = expected = _dateparser_reading(text)
        got = _read_written(text)
        if got is not None:  # (None: left to dateparser)
            fast += 1
            assert got == expected, text
    assert fast > 500  # (most strings drawn are days of the calendar)
    # A date without a year is put in the year nearest the publication date, as with dateparser's reading.
    for text, expected in list(seen.items())[:300]:
        published = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 40))
        want = None
        if expected is not None:
            want = expected
            if not re.search(r"\d{4}", text):
                candidates = []
                for year in (published.year - 1, published.year, published.year + 1):
                    try:
                        candidates.append(expected.replace(year=year))
                    except ValueError:
                        continue
                want = min(candidates, key=lambda d: abs((d - published).days)) if candidates else None
        assert resolve_explicit(text, published) == want, (text, published)


def test_dates_found_in_text_need_no_dateparser() -> None:
    """Common dates in copy are read by the exact reader: dateparser stays for the odd ones."""
    for text in (
        "24 December",
        "December 24",
        "Dec. 19, 2025",
        "19 Dec 2025",
        "19th of December 2025",
        "Sept. 5",
        "May 2nd, 2025",
        "2025-12-19",
        "29 February",
    ):
        assert _read_written(text) is not None, text
    for text in ("31 April", "2025-19-12", "0 December", "24 December 0000"):
        assert _read_written(text) is None, text


_TOKENS = [
    *[
        "on",
        "for",
        "this",
        "next",
        "last",
        "until",
        "from",
        "by",
        "since",
        "before",
        "after",
        "to",
        "of",
        "x",
    ],
    *["Monday", "Friday", "Sunday", "today", "tonight", "tomorrow", "yesterday", "todays", "Mon", "USA"],
    *["December", "Dec", "Dec.", "Sept", "May", "Jan", "24", "5th", "2025", "1", "123", "2025-12-19"],
    *[" ", " ", " ", "  ", "\n", ",", ", ", ".", "-", "_", "é", "٣", "İ", "(", "soon"],
]


def test_date_matches_as_finditer_finds_them() -> None:
    """`_date_matches` tries DATE_RE only where a match may start: it finds what `finditer` finds."""
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 14)))
        want = [(m.span(), m.groupdict()) for m in dates.DATE_RE.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in dates._date_matches(text)] == want, text


_MONTH_TOKENS = [
    *["in", "In", "IN", "ın", "on", "during", "through", "since", "ſince", "by", "from", "until", "the"],
    *[
        "early",
        "mid",
        "mid-",
        "late",
        "Late",
        "May",
        "Mayor",
        "October",
        "December",
        "June",
        "5",
        "12",
        "123",
    ],
    *["2025", "٣", " ", " ", "  ", "\n", "\u00a0", ",", ", ", "-", ".", "x", "İ", "(", "agreement"],
]


def test_month_matches_as_finditer_finds_them() -> None:
    """`_month_matches` looks for _MONTH_RE only near month names: it finds what `finditer` finds."""
    rng = random.Random(11)
    for _ in range(4000):
        text = "".join(rng.choice(_MONTH_TOKENS) for _ in range(rng.randint(1, 14)))
        want = [(m.span(), m.groupdict()) for m in dates._MONTH_RE.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in dates._month_matches(text)] == want, text
