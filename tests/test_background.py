"""Whether a casualty figure is this article's news (`current`) or background: the time phrases that scope
over the figure's own event, and those that do not (a clause about the people, a comparison, the start of
a running period). Each row is a short passage, its publication date, and the (count, current) pairs it
must yield; the rows marked "unchanged" are the readings these rules must not disturb.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import ConflictConfig
from bot.extract import extract_facts
from bot.models import Article

CONFLICT = ConflictConfig(
    id="test-war",
    name="A war",
    keywords=["Ruritania", "Ruritanian", "Borduria", "Bordurian"],
    parties={"Ruritania": ["Ruritanian"], "Borduria": ["Bordurian"]},
)

BACKGROUND_CASES = [
    # 1. a date in a clause about the people does not date the figure
    pytest.param(
        "Ruritania hosts more than one million Bordurian refugees, most of whom fled an offensive in 2017.",
        date(2025, 3, 20),
        {(1_000_000, True)},
        id="of-whom-clause-dates-the-people",
    ),
    pytest.param(
        "Ruritania hosts 1.2 million Bordurian refugees, about 870,000 of whom arrived after the war began in "
        "April 2023.",
        date(2026, 1, 14),
        {(1_200_000, True), (870_000, True)},
        id="after-the-war-began-is-a-running-period",
    ),
    pytest.param(
        "Fighting that began in April has displaced more than 7 million people in Borduria.",
        date(2024, 1, 5),
        {(7_000_000, True)},
        id="fighting-that-began-starts-the-count",
    ),
    # 2. a comparison does not date the figure it is set against
    pytest.param(
        "Bordurian police said 14 of its officers have been killed since January, more than in all of last "
        "year.",
        date(2025, 4, 2),
        {(14, True)},
        id="comparison-standard-is-not-the-figure",
    ),
    pytest.param(
        "Monitors documented the deaths of 290 civilians in Borduria in July, the highest monthly figure since "
        "February, when 2,900 people were killed in the fall of the capital.",
        date(2025, 8, 5),
        {(290, True), (2_900, False)},
        id="when-clause-takes-its-antecedent-month",
    ),
    # 3. last month's tally, reported early this month, is the news
    pytest.param(
        "At least 232 civilians were killed across Borduria in June, the highest monthly toll in three years, "
        "the UN said on Thursday.",
        date(2025, 7, 10),
        {(232, True)},
        id="monthly-report-of-last-month",
    ),
    pytest.param(
        "In June, three Bordurian soldiers were killed in an ambush near the border.",
        date(2025, 7, 10),
        {(3, False)},
        id="unchanged-last-month-incident-without-tally",
    ),
    pytest.param(
        "At least 232 civilians were killed across Borduria in April, the highest monthly toll in three years.",
        date(2025, 7, 10),
        {(232, False)},
        id="unchanged-older-month-tally",
    ),
    # 4. comparison periods and earlier rounds
    pytest.param(
        "By comparison, 5,601 people were killed in Borduria in the whole of 2024, according to UN figures.",
        date(2025, 7, 11),
        {(5_601, False)},
        id="whole-of-an-earlier-year",
    ),
    pytest.param(
        "In the July round of fighting, 48 people were killed on both sides.",
        date(2025, 12, 16),
        {(48, False)},
        id="month-names-an-earlier-round",
    ),
    pytest.param(
        "Bordurian forces killed three Ruritanian soldiers responsible for the April attack on a border post "
        "on Monday.",
        date(2025, 7, 29),
        {(3, True)},
        id="unchanged-month-naming-a-thing",
    ),
    # 5. older shapes: abbreviated months, 'last <month>', 'between ... and ...', agreements
    pytest.param(
        "The war was triggered by the Bordurian attack on Ruritania on Oct. 7, in which gunmen killed about "
        "1,200 people.",
        date(2024, 4, 8),
        {(1_200, False)},
        id="abbreviated-month-dates-the-event",
    ),
    pytest.param(
        "More than 100,000 Ruritanians fled the region in less than a week last September.",
        date(2024, 9, 19),
        {(100_000, False)},
        id="last-month-name-is-a-year-back",
    ),
    pytest.param(
        "Between 7 October 2023 and 27 August 2025, at least 62,895 Ruritanians were killed, the ministry said.",
        date(2025, 8, 28),
        {(62_895, True)},
        id="between-runs-up-to-its-end",
    ),
    pytest.param(
        "Ruritania suspended the declaration it signed with Borduria last month, after a landmine blast wounded "
        "two Ruritanian soldiers.",
        date(2025, 11, 11),
        {(2, True)},
        id="agreement-signed-with-a-party",
    ),
    pytest.param(
        "More than 33,100 Ruritanians have been killed since the war began in October 2023.",
        date(2024, 4, 8),
        {(33_100, True)},
        id="unchanged-since-the-war-began",
    ),
    pytest.param(
        "In May, more than 7,000 people were killed in Borduria.",
        date(2025, 12, 25),
        {(7_000, False)},
        id="unchanged-earlier-month",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), BACKGROUND_CASES)
def test_background(text, published, expected):
    facts = extract_facts(Article(title="", text=text, published=published), CONFLICT).facts
    got = {(f.count, f.current) for f in facts if f.kind == "casualty"}
    assert got == expected
