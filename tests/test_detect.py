"""Change detection as a pure function: state + facts -> next state + alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.detect import Thresholds, detect_changes
from bot.detect.meetings import group
from bot.models import CasualtyFact, CeasefireFact, MeetingFact, SourceRef
from bot.state import ConflictState, MeetingReport


def source(n: int) -> SourceRef:
    return SourceRef(path=f"a/{n}.txt", url=None, title=f"Story {n}", published=dt.date(2025, 12, n))


def killed(count, party=None, group="all", qualifier="exact", current=True, metric="killed"):
    return CasualtyFact(
        metric=metric,
        count=count,
        qualifier=qualifier,
        group=group,
        party=party,
        current=current,
        evidence="...",
    )


def feed(*articles):
    """Run detection over a sequence of fact lists; return the final state and every alert in order."""
    state = ConflictState(conflict="c")
    alerts = []
    for n, facts in enumerate(articles, start=1):
        detection = detect_changes(state, facts, source(n))
        state = detection.state
        alerts.extend(detection.alerts)
    return state, alerts


def test_first_figures_alert_once_with_the_derived_total():
    _, alerts = feed([killed(21, "A", qualifier="at_least"), killed(18, "B", qualifier="at_least")])
    assert len(alerts) == 1
    assert alerts[0].kind == "casualty"
    assert alerts[0].headline.startswith("At least 39 killed")
    assert "A: at least 21 killed" in alerts[0].text


def test_a_total_above_the_sum_of_its_parts_is_a_rise_from_that_sum():
    _, alerts = feed([killed(21, "A"), killed(18, "B")], [killed(41, qualifier="at_least")])
    assert alerts[-1].headline == "Death toll rises to at least 41 (was 39)"


@pytest.mark.parametrize(
    ("later", "alerts_expected"),
    [
        pytest.param(killed(40), 0, id="lower-figure-from-another-outlet-is-noise"),
        pytest.param(killed(41), 0, id="same-figure-corroborates"),
        pytest.param(killed(42), 1, id="any-rise-in-killed-alerts"),
        pytest.param(killed(5, current=False), 0, id="background-figure-is-ignored"),
    ],
)
def test_only_a_rise_alerts(later, alerts_expected):
    state, alerts = feed([killed(41)], [later])
    assert len(alerts) == 1 + alerts_expected
    assert max(e.count for e in state.casualties) == max(41, later.count if later.current else 0)


def test_same_figure_from_another_source_is_recorded_as_corroboration():
    state, _ = feed([killed(41)], [killed(41)])
    assert [s.title for s in state.casualties[0].sources] == ["Story 1", "Story 2"]


@pytest.mark.parametrize(
    ("new", "alerts"),
    [
        pytest.param(1_040_000, 0, id="displaced-4-percent-is-below-threshold"),
        pytest.param(1_050_000, 1, id="displaced-5-percent-alerts"),
    ],
)
def test_displaced_needs_five_percent(new, alerts):
    _, found = feed([killed(1_000_000, metric="displaced")], [killed(new, metric="displaced")])
    assert len(found) == 1 + alerts


def test_thresholds_are_configurable():
    state = ConflictState(conflict="c")
    state = detect_changes(state, [killed(100)], source(1), Thresholds(killed=0.1)).state
    assert detect_changes(state, [killed(105)], source(2), Thresholds(killed=0.1)).alerts == []


def test_breakdown_is_shown_under_the_new_total():
    _, alerts = feed(
        [killed(41, qualifier="at_least")],
        [killed(96), killed(23, "A", "military"), killed(42, "A", "civilians"), killed(31, "B", "civilians")],
    )
    last = alerts[-1]
    assert last.headline == "Death toll rises to 96 (was at least 41)"
    assert "A: 23 soldiers and 42 civilians killed" in last.text
    assert "B: 31 civilians killed" in last.text
    assert len(last.facts) == 4


def test_a_figure_of_one_names_one_person():
    _, alerts = feed([killed(41)], [killed(43), killed(1, "A", "military"), killed(1, "B", "civilians")])
    assert "A: 1 soldier killed" in alerts[-1].text
    assert "B: 1 civilian killed" in alerts[-1].text


def test_a_sides_new_total_is_named_when_the_parts_listed_are_not_it():
    _, alerts = feed([killed(500, "A")], [killed(620, "A"), killed(6, "A", "civilians")])
    assert "A: 6 civilians killed; 620 in all (was 500)" in alerts[-1].text


def test_one_alert_per_kind_bundles_every_metric():
    _, alerts = feed([killed(10), killed(5000, metric="displaced"), killed(3, metric="missing")])
    assert len(alerts) == 1
    assert len(alerts[0].facts) == 3


def meeting(date, status="scheduled", place=None, parties=("A", "B")):
    return MeetingFact(parties=list(parties), place=place, date=date, status=status, evidence="...")


def test_meeting_alerts_when_new_and_when_held_never_twice():
    d = dt.date(2025, 12, 22)
    _, alerts = feed(
        [meeting(d, place="Kuala Lumpur")],
        [meeting(d, place="Kuala Lumpur")],  # corroboration
        [meeting(d, status="held")],  # status moves on
        [meeting(d, status="held")],  # nothing new
        [meeting(d, status="scheduled")],  # never backwards
    )
    assert [a.headline for a in alerts] == [
        "A and B to meet in Kuala Lumpur on Mon 22 Dec 2025",
        "A and B met in Kuala Lumpur on Mon 22 Dec 2025 (was scheduled)",
    ]


def test_meetings_on_other_dates_are_distinct():
    _, alerts = feed([meeting(dt.date(2025, 12, 24))], [meeting(dt.date(2025, 12, 26))])
    assert len(alerts) == 2


def test_cancelled_meeting_alerts():
    d = dt.date(2025, 12, 24)
    _, alerts = feed([meeting(d)], [meeting(d, status="cancelled")])
    assert "cancelled" in alerts[-1].headline


def ceasefire(status):
    return CeasefireFact(status=status, evidence="...")


@pytest.mark.parametrize(
    ("statuses", "alerted"),
    [
        pytest.param(
            ["negotiating", "agreed", "violated", "collapsed"],
            ["negotiating", "agreed", "violated", "collapsed"],
            id="each-phase-forward",
        ),
        pytest.param(["collapsed", "suspended"], ["collapsed"], id="suspended-after-collapsed-is-same-phase"),
        pytest.param(
            ["collapsed", "violated"], ["collapsed"], id="violated-after-collapsed-never-flip-flops"
        ),
        pytest.param(["agreed", "in_effect"], ["agreed"], id="in-effect-after-agreed-is-same-phase"),
        pytest.param(["collapsed", "negotiating"], ["collapsed"], id="revival-talks-leave-it-collapsed"),
        pytest.param(["collapsed", "agreed"], ["collapsed", "agreed"], id="new-agreement-starts-a-new-cycle"),
        pytest.param(["violated", "collapsed", "collapsed"], ["violated", "collapsed"], id="no-repeat"),
    ],
)
def test_ceasefire_alerts_only_when_the_phase_moves_forward(statuses, alerted):
    state, alerts = feed(*[[ceasefire(s)] for s in statuses])
    assert [a.facts[0].status for a in alerts] == alerted
    assert state.ceasefire.status == alerted[-1]


def test_detection_does_not_modify_the_state_it_was_given():
    state = ConflictState(conflict="c")
    detect_changes(state, [killed(10), ceasefire("agreed"), meeting(dt.date(2025, 12, 1))], source(1))
    assert state == ConflictState(conflict="c")


def revised(count, evidence="The health ministry revised the death toll down to {n} after double counting."):
    return CasualtyFact(metric="killed", count=count, evidence=evidence.format(n=count))


def test_a_stated_downward_revision_has_its_own_alert_and_later_repeats_of_the_old_figure_are_stale():
    state, alerts = feed([killed(41)], [revised(38)], [killed(41)], [killed(37)], [killed(45)])
    assert [(a.headline, a.revision) for a in alerts] == [
        ("41 killed", False),
        ("Death toll revised down to 38 (was 41)", True),
        ("Death toll rises to 45 (was 38)", False),
    ]
    assert state.casualties[0].count == 45


def test_a_lower_figure_without_a_revision_never_alerts_and_never_lowers_the_ledger():
    state, alerts = feed([killed(41)], [killed(30)], [killed(40)])
    assert len(alerts) == 1 and state.casualties[0].count == 41


def test_small_rises_that_add_up_alert_once_they_clear_the_threshold():
    displaced = [[killed(n, metric="displaced")] for n in (1_000_000, 1_030_000, 1_060_000)]
    _, alerts = feed(*displaced)
    assert [a.headline for a in alerts] == [
        "1 million displaced",
        "Displaced rises to 1,060,000 (was 1,030,000)",
    ]


def test_a_postponed_meeting_moves_then_is_held_and_a_late_report_of_the_old_date_changes_nothing():
    d1, d2 = dt.date(2025, 12, 14), dt.date(2025, 12, 21)
    postponed = MeetingFact(
        parties=["A", "B"],
        place="Geneva",
        date=d2,
        status="scheduled",
        evidence="The talks were postponed to 21 December.",
    )
    state, alerts = feed(
        [meeting(d1, place="Geneva")],
        [postponed],
        [meeting(d1, place="Geneva")],  # a lagging outlet repeats the old date
        [meeting(d2, status="held", place="Geneva")],
    )
    assert [a.headline for a in alerts] == [
        "A and B to meet in Geneva on Sun 14 Dec 2025",
        "A and B meeting in Geneva moved to Sun 21 Dec 2025 (was Sun 14 Dec 2025)",
        "A and B met in Geneva on Sun 21 Dec 2025 (was scheduled)",
    ]
    [record] = state.meetings
    assert (record.date, record.status, record.earlier_dates) == (d2, "held", [d1])


def test_an_agreement_reported_while_violations_go_on_is_not_a_new_cycle():
    state, alerts = feed(*[[ceasefire(s)] for s in ["agreed", "violated", "agreed", "violated"]])
    assert [a.facts[0].status for a in alerts] == ["agreed", "violated"]
    assert (state.ceasefire.status, state.ceasefire.cycle) == ("violated", 1)


def test_a_new_cycle_after_a_collapse_counts_cycles():
    state, _ = feed(*[[ceasefire(s)] for s in ["agreed", "collapsed", "agreed", "collapsed"]])
    assert (state.ceasefire.status, state.ceasefire.cycle) == ("collapsed", 2)


_PARTIES = ["Thailand", "Cambodia", "ASEAN", "Malaysia"]
_report = st.builds(
    MeetingReport,
    parties=st.lists(st.sampled_from(_PARTIES), min_size=1, max_size=3, unique=True),
    place=st.sampled_from([None, "Kuala Lumpur", "Bangkok", "Phnom Penh"]),
    date=st.one_of(st.none(), st.dates(dt.date(2025, 12, 1), dt.date(2025, 12, 8))),
    status=st.sampled_from(["scheduled", "held", "cancelled"]),
    rescheduled=st.booleans(),
    published=st.datetimes(dt.datetime(2025, 11, 20), dt.datetime(2025, 12, 10), timezones=st.just(dt.UTC)),
    sources=st.builds(lambda n: [source(n)], st.integers(1, 28)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_report, max_size=30))
def test_meetings_grouped_through_the_date_index_are_those_of_the_definition(reports):
    """The index only skips meetings `same_meeting` must reject: the grouping is the one that tries every
    meeting for every report."""
    assert group(reports) == group(reports, indexed=False)
