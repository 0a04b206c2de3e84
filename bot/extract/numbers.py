"""Numbers as news copy writes them: '96', '800,000', '1.2 million', 'nearly 1m', 'forty-one', 'a million'."""

from __future__ import annotations

import re

from text_to_num import text2num

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
    r"|(?P<words>(?i:(?:(?:a|an)\s+(?:hundred|thousand|million|billion)|" + _WORD + r")"
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
    words = re.sub(r"^an?\s+", "one ", words)
    words = words.replace("-", " ")
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None
