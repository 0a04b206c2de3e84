"""Change detection: compare an article's facts with a conflict's stored state; return the next state and
the alerts worth posting (at most one per kind), each naming what it replaces.

Pure: values in, values out. Only current facts move the state. A figure moves it when it rises beyond the
metric's threshold over the stored figure (or over the sum of the stored parts it totals); a lower or equal
figure corroborates. A meeting is new unless it matches a stored one (same date, or same place and a shared
participant), and alerts again only when its status moves on. A ceasefire alerts only when its phase moves
forward, or when a new agreement starts a new cycle after a breakdown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.extract.meeting_fold import same_place
from bot.models import Alert, CasualtyFact, CeasefireFact, Fact, MeetingFact, Metric, Qualifier, SourceRef
from bot.render import clip, figure, meeting_summary, source_line
from bot.state import CeasefireRecord, ConflictState, LedgerEntry, MeetingRecord

# The ceasefire lifecycle: no ceasefire -> negotiating -> in force -> breaking down -> broken.
PHASES = {
    "none": 0,
    "negotiating": 1,
    "agreed": 2,
    "in_effect": 2,
    "violated": 3,
    "suspended": 4,
    "collapsed": 4,
}

_METRIC_TOTAL = {"killed": "death toll", "injured": "injured", "displaced": "displaced", "missing": "missing"}
_GROUP_NOUN = {"civilians": "civilians", "military": "soldiers", "all": "people"}
_CEASEFIRE_HEADLINE = {
    "none": "No ceasefire in place",
    "negotiating": "Ceasefire talks under way",
    "agreed": "Ceasefire agreed",
    "in_effect": "Ceasefire in effect",
    "violated": "Ceasefire violations reported",
    "suspended": "Ceasefire suspended",
    "collapsed": "Ceasefire has collapsed; fighting resumed",
}


@dataclass(frozen=True)
class Thresholds:
    """How much a figure must rise to be news: a fraction of the stored figure (0: any rise)."""

    killed: float = 0.0
    injured: float = 0.0
    missing: float = 0.0
    displaced: float = 0.05

    def is_rise(self, metric: Metric, old: int, new: int) -> bool:
        return new > old and new >= old * (1 + getattr(self, metric))


Key = tuple[str, str | None, str]
Figure = tuple[int, Qualifier]


def detect_changes(
    state: ConflictState,
    facts: list[Fact],
    source: SourceRef,
    seen_at: dt.datetime,
    thresholds: Thresholds | None = None,
) -> tuple[ConflictState, list[Alert]]:
    """The state after reading `facts` (from `source`), and the alerts the change deserves."""
    thresholds = thresholds or Thresholds()
    new = state.model_copy(deep=True)
    alerts = [
        alert
        for alert in (
            _casualties(
                state,
                new,
                [f for f in facts if isinstance(f, CasualtyFact) and f.current],
                source,
                seen_at,
                thresholds,
            ),
            _ceasefire(new, [f for f in facts if isinstance(f, CeasefireFact)], source, seen_at),
            _meetings(new, [f for f in facts if isinstance(f, MeetingFact)], source, seen_at),
        )
        if alert is not None
    ]
    return new, alerts


# -- casualties -------------------------------------------------------------------------------------------


def _ledger(state: ConflictState) -> dict[Key, LedgerEntry]:
    return {entry.key: entry for entry in state.casualties}


def _sum(figures: list[Figure]) -> Figure | None:
    if not figures:
        return None
    exact = all(q == "exact" for _, q in figures)
    return sum(c for c, _ in figures), "exact" if exact else "at_least"


def _best(*figures: Figure | None) -> Figure | None:
    present = [f for f in figures if f is not None]
    return max(present, key=lambda f: f[0]) if present else None


def _explicit(ledger: dict[Key, LedgerEntry], key: Key) -> Figure | None:
    entry = ledger.get(key)
    return (entry.count, entry.qualifier) if entry else None


def _party_total(ledger: dict[Key, LedgerEntry], metric: str, party: str | None) -> Figure | None:
    """A side's figure: its stated total or the sum of its civilian and military figures, whichever is larger."""
    parts = [f for g in ("civilians", "military") if (f := _explicit(ledger, (metric, party, g)))]
    return _best(_explicit(ledger, (metric, party, "all")), _sum(parts))


def total(ledger: dict[Key, LedgerEntry], metric: str) -> Figure | None:
    """The conflict-wide figure: the stated total or the sum over the sides, whichever is larger."""
    parties = sorted({k[1] for k in ledger if k[0] == metric and k[1] is not None})
    by_party = [f for p in parties if (f := _party_total(ledger, metric, p))]
    unattributed_parts = _sum(
        [f for g in ("civilians", "military") if (f := _explicit(ledger, (metric, None, g)))]
    )
    return _best(_explicit(ledger, (metric, None, "all")), _sum(by_party), unattributed_parts)


def _baseline(ledger: dict[Key, LedgerEntry], key: Key) -> Figure | None:
    metric, party, group = key
    if group != "all":
        return _explicit(ledger, key)
    return total(ledger, metric) if party is None else _party_total(ledger, metric, party)


def _casualties(
    old: ConflictState,
    new: ConflictState,
    facts: list[CasualtyFact],
    source: SourceRef,
    seen_at: dt.datetime,
    thresholds: Thresholds,
) -> Alert | None:
    before = _ledger(old)
    after = _ledger(new)
    changed: list[CasualtyFact] = []
    for fact in facts:
        key: Key = (fact.metric, fact.party, fact.group)
        baseline = _baseline(before, key)
        entry = after.get(key)
        if baseline is None or thresholds.is_rise(fact.metric, baseline[0], fact.count):
            after[key] = LedgerEntry(
                metric=fact.metric,
                party=fact.party,
                group=fact.group,
                count=fact.count,
                qualifier=fact.qualifier,
                sources=[source],
                first_seen=entry.first_seen if entry else seen_at,
                updated=seen_at,
            )
            changed.append(fact)
        elif entry is not None and entry.count == fact.count and source not in entry.sources:
            entry.sources.append(source)  # corroboration by another article
    new.casualties = list(after.values())
    if not changed:
        return None
    headlines: list[str] = []
    lines: list[str] = []
    for metric in dict.fromkeys(f.metric for f in changed):
        head, body = _metric_summary(metric, before, after, [f for f in changed if f.metric == metric])
        headlines.append(head)
        lines.extend(body)
    headline = "; ".join(headlines)
    headline = headline[0].upper() + headline[1:]
    return Alert(
        conflict=old.conflict,
        kind="casualty",
        headline=headline,
        text="\n".join([headline, *lines, source_line(source)]),
        facts=changed,
        sources=[source],
    )


def _metric_summary(
    metric: Metric, before: dict[Key, LedgerEntry], after: dict[Key, LedgerEntry], changed: list[CasualtyFact]
) -> tuple[str, list[str]]:
    was, now = total(before, metric), total(after, metric)
    label = _METRIC_TOTAL[metric]
    if was is None:
        head = f"{figure(*now)} {metric}" if now else label  # type: ignore[misc]
    elif now and now[0] > was[0]:
        head = f"{label} rises to {figure(*now)} (was {figure(*was)})"
    else:
        head = f"new {metric} figures"
    lines = []
    for party in dict.fromkeys(f.party for f in changed):
        parts = [f for f in changed if f.party == party and f.group != "all"]
        if party is None and not parts:
            continue  # the total itself: already the headline
        party_now = _party_total(after, metric, party) if party else None
        party_was = _party_total(before, metric, party) if party else None
        if parts:
            counts = " and ".join(f"{figure(f.count, f.qualifier)} {_GROUP_NOUN[f.group]}" for f in parts)
        else:
            counts = figure(*party_now) if party_now else ""
        line = f"{party or 'Unattributed'}: {counts} {metric}"
        if party_was and party_now and party_now[0] > party_was[0]:
            line += f" (was {figure(*party_was)})"
        lines.append(line)
    return head, lines


# -- meetings ---------------------------------------------------------------------------------------------


def _same_meeting(record: MeetingRecord, fact: MeetingFact) -> bool:
    if record.date and fact.date:
        if record.date != fact.date:
            return False
        both_placed = record.place and fact.place
        return (
            not both_placed
            or same_place(record.place, fact.place)
            or bool(set(record.parties) & set(fact.parties))
        )
    shared = bool(set(record.parties) & set(fact.parties))
    return bool(record.place and fact.place and same_place(record.place, fact.place) and shared)


def _meetings(
    new: ConflictState, facts: list[MeetingFact], source: SourceRef, seen_at: dt.datetime
) -> Alert | None:
    changed: list[MeetingFact] = []
    lines: list[str] = []
    for fact in facts:
        record = next((r for r in new.meetings if _same_meeting(r, fact)), None)
        if record is None:
            new.meetings.append(
                MeetingRecord(
                    parties=fact.parties,
                    place=fact.place,
                    date=fact.date,
                    status=fact.status,
                    sources=[source],
                    first_seen=seen_at,
                    updated=seen_at,
                )
            )
            changed.append(fact)
            lines.append(meeting_summary(fact.parties, fact.place, fact.date, fact.status))
            continue
        moves_on = record.status == "scheduled" and fact.status in ("held", "cancelled")
        record.place = record.place or fact.place
        record.date = record.date or fact.date
        record.parties = record.parties + [p for p in fact.parties if p not in record.parties]
        if source not in record.sources:
            record.sources.append(source)
        if moves_on:
            record.status, record.updated = fact.status, seen_at
            changed.append(fact)
            lines.append(
                meeting_summary(record.parties, record.place, record.date, fact.status) + " (was scheduled)"
            )
    if not changed:
        return None
    headline = "; ".join(lines)
    return Alert(
        conflict=new.conflict,
        kind="meeting",
        headline=headline,
        text="\n".join([headline, source_line(source)]),
        facts=changed,
        sources=[source],
    )


# -- ceasefire --------------------------------------------------------------------------------------------


def _ceasefire(
    new: ConflictState, facts: list[CeasefireFact], source: SourceRef, seen_at: dt.datetime
) -> Alert | None:
    if not facts:
        return None
    fact = facts[-1]
    phase = PHASES[fact.status]
    current = new.ceasefire
    if current is not None:
        advances = phase > current.phase
        new_cycle = phase == PHASES["agreed"] and current.phase > phase
        if not (advances or new_cycle):
            if source not in current.sources:
                current.sources.append(source)
            return None
    was = f" (was {current.status.replace('_', ' ')})" if current else ""
    since = source.published.date() if isinstance(source.published, dt.datetime) else source.published
    new.ceasefire = CeasefireRecord(status=fact.status, phase=phase, since=since, sources=[source])
    headline = _CEASEFIRE_HEADLINE[fact.status] + was
    text = "\n".join([headline, f"“{clip(fact.evidence, 280)}”", source_line(source)])
    return Alert(
        conflict=new.conflict, kind="ceasefire", headline=headline, text=text, facts=[fact], sources=[source]
    )
