"""Numbers as news copy writes them: '96', '800,000', '1.2 million', 'nearly 1m', 'forty-one', 'a million',
'half a million'."""

from __future__ import annotations

import re

from text_to_num import text2num

from bot.models import Qualifier

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD = r"(?:" + "|".join(_UNITS + list(_SCALES)) + r")"

# One number expression. Named groups: digits (+ optional scale) or words.
NUMBER = (
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>million|billion|thousand|mn|m|bn|k)(?![\w-]))?"
    # Number words are case-insensitive: they may open a sentence ('Forty-one people...').
    r"|(?P<words>(?i:(?:(?:half\s+)?(?:a|an)\s+(?:hundred|thousand|million|billion)|" + _WORD + r")"
    r"(?:(?:\s+and\s+|[\s-]+)" + _WORD + r")*)))"
)
NUMBER_RE = re.compile(r"(?<![\w.,-])" + NUMBER + r"(?![\w-])", re.IGNORECASE)

_SCALE_SUFFIX = {
    "million": 1_000_000,
    "mn": 1_000_000,
    "m": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "thousand": 1_000,
    "k": 1_000,
}


# The words before a number that say how exact it is.
QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "a minimum of": "at_least",
    "no less than": "at_least",
    "more than": "more_than",
    "well over": "more_than",
    "well above": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "above": "more_than",
    "about": "about",
    "around": "about",
    "nearly": "about",
    "almost": "about",
    "close to": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "just under": "about",
    "just over": "about",
    "as many as": "up_to",
    "up to": "up_to",
    "at most": "up_to",
    "fewer than": "up_to",
    "less than": "up_to",
}
# An optional qualifier before a number, as the named group "qual".
QUAL = r"(?:(?P<qual>(?i:" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True)) + r"))\s+)?"

# The words, in lower case, that a number expression or its qualifier opens with ('twenty-one', 'a million',
# 'half a million', 'at least'): each of a figure's first words is one of them, or starts with a digit.
_NUMBER_OPENING_WORDS = frozenset({*_UNITS, *_SCALES, "half", "a", "an"})
OPENING_WORDS = frozenset({*_NUMBER_OPENING_WORDS, *(q.split()[0] for q in QUALIFIERS)})
# The opening words that open no number and no qualifier of one word ('in' of 'in excess of', 'at' of 'at
# least'), each with the qualifiers it opens: a figure starts at one only where a whole qualifier does.
QUALIFIER_ONLY: dict[str, tuple[str, ...]] = {
    word: tuple(q for q in QUALIFIERS if q.split()[0] == word)
    for word in OPENING_WORDS - _NUMBER_OPENING_WORDS - {q for q in QUALIFIERS if " " not in q}
}

# No count of people has more digits than this (ten billion); longer digit runs are not counts.
MAX_DIGITS = 11


def parse_number(match: re.Match[str]) -> int | None:
    """The integer value of a NUMBER match, or None when it is not a count."""
    if match.group("digits"):
        digits = match.group("digits").replace(",", "")
        if len(digits) > MAX_DIGITS:
            return None  # a run of digits (an id, garbage), not a count of people
        value = float(digits) * _SCALE_SUFFIX.get((match.group("scale") or "").lower(), 1)
        return round(value)
    words = match.group("words").lower()
    half = words.startswith("half")  # 'half a million'
    words = re.sub(r"^(?:half\s+)?an?\s+", "one ", words)
    words = words.replace("-", " ")
    try:
        value = int(text2num(words, "en"))
    except ValueError:
        return None
    return value // 2 if half else value


def parse_count(text: str) -> int | None:
    """The integer value of `text` when the whole of it is one number expression, else None."""
    match = NUMBER_RE.fullmatch(text.strip())
    return parse_number(match) if match else None
