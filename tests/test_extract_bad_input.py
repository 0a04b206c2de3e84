"""Bad input never crashes extraction or makes it hang: every case below finishes in about a second and
yields only what the text really states (a quadratic slip here shows as a suite that takes minutes)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.config import default_config
from bot.extract import extract_facts
from bot.models import Article

CONFLICT = default_config().conflicts[0]
_rng = random.Random(7)
_WORDS = [
    "Thai",
    "soldiers",
    "killed",
    "at",
    "least",
    "21",
    "and",
    "talks",
    "in",
    "Bangkok",
    "on",
    "Monday",
    "ceasefire",
    "collapsed",
    "the",
    "of",
    "1,000",
    "displaced",
]


@pytest.mark.parametrize(
    ("text", "most_facts"),
    [
        pytest.param("", 0, id="empty"),
        pytest.param("...\n\n;;;\n", 0, id="no-sentences"),
        pytest.param(",".join(str(i) for i in range(20_000)), 0, id="pathological-number-list"),
        pytest.param("1" * 100_000, 0, id="a-100000-digit-number"),
        pytest.param(
            " ".join(_rng.choice(_WORDS) for _ in range(8_000)), 200, id="a-50000-character-sentence"
        ),
        pytest.param("".join(chr(_rng.randint(1, 0x2FFF)) for _ in range(200_000)), 0, id="binary-garbage"),
        pytest.param("At least 21 people were killed in Thailand. " * 120_000, 1, id="5-MB-of-text"),
        pytest.param("at least " * 20_000 + "5 people killed", 1, id="repeated-qualifier"),
    ],
)
def test_bad_input_gives_bounded_facts_without_crashing(text, most_facts):
    result = extract_facts(Article(title="x", text=text, published=dt.date(2025, 12, 1)), CONFLICT)
    assert len(result.facts) <= most_facts
