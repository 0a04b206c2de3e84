"""Meetings across articles: every report of a meeting, grouped into the meetings they describe.

Two reports describe one meeting when they give the same date (or a date it had before it was moved) and
do not name different places unless they share a participant; or, undated, when they give the same place
and share a participant. A report that says a meeting was postponed, rescheduled or moved to a new date
moves the latest matching meeting that has not been held. Status only moves on: scheduled, then cancelled
or held (a meeting reported held was held); a rescheduling revives a cancelled meeting.

Reports are grouped in publication order, so the meetings are the same whatever order articles arrive in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from bot import state
from bot.extract.meeting_fold import same_place
from bot.models import Alert, MeetingFact, SourceRef
from bot.render import alert_text, day, meeting_summary, names
from bot.state import ConflictState, MeetingRecord, MeetingReport, merge_sources

_RESCHEDULED = re.compile(
    r"\b(?:postpon\w*|reschedul\w*|pushed back|put off|push(?:ed)? (?:it )?back|delay(?:ed|ing)?|deferred"
    r"|brought forward|moved (?:up |forward |back )?to)\b",
    re.IGNORECASE,
)
_RANK = {"scheduled": 0, "cancelled": 1, "held": 2}
MAX_LINES = 2


def signature(report: MeetingReport | MeetingFact, rescheduled: bool) -> str:
    """What identifies one description of a meeting, whichever articles gave it."""
    return f"{'+'.join(report.parties)}|{report.place or ''}|{report.date or ''}|{report.status}|{int(rescheduled)}"


def add_report(reports: list[MeetingReport], fact: MeetingFact, source: SourceRef) -> list[MeetingReport]:
    """`reports` with the fact added (merged with an identical description already reported), in
    publication order."""
    rescheduled = (
        fact.date is not None and fact.status == "scheduled" and bool(_RESCHEDULED.search(fact.evidence))
    )
    sig = signature(fact, rescheduled)
    return state.add_report(
        reports,
        source,
        same=lambda r: signature(r, r.rescheduled) == sig,
        new=lambda published: MeetingReport(
            parties=fact.parties,
            place=fact.place,
            date=fact.date,
            status=fact.status,
            rescheduled=rescheduled,
            published=published,
            sources=[source],
        ),
        order=lambda r: (r.published, signature(r, r.rescheduled)),
    )


def _shared(a: list[str], b: list[str]) -> bool:
    return bool(set(a) & set(b))


def same_meeting(record: MeetingRecord, report: MeetingReport | MeetingFact) -> bool:
    """Whether `report` describes the meeting `record` (see the module docstring)."""
    dates = {d for d in (record.date, *record.earlier_dates) if d is not None}
    if dates and report.date:
        if report.date not in dates:
            return False
        both_placed = record.place and report.place
        return (
            not both_placed
            or same_place(record.place, report.place)
            or _shared(record.parties, report.parties)
        )
    shared = _shared(record.parties, report.parties)
    return bool(record.place and report.place and same_place(record.place, report.place) and shared)


def _moved(record: MeetingRecord, report: MeetingReport) -> bool:
    """Whether a rescheduling `report` moves `record`: not yet held, another date, the same participants."""
    return (
        record.status != "held"
        and record.date != report.date
        and _shared(record.parties, report.parties)
        and (not (record.place and report.place) or same_place(record.place, report.place))
    )


class _Index:
    """Where to look for the meeting a report describes: a dated report can only describe a meeting with
    its date among the meeting's dates, or an undated meeting (`same_meeting`), so only those are tried,
    in the order the meetings were first reported. Keeps grouping near linear in the reports: a conflict
    followed for months has hundreds of them."""

    def __init__(self) -> None:
        self.records: list[MeetingRecord] = []
        self._position: dict[int, int] = {}  # id(record) -> its place in `records`
        self._by_date: dict[dt.date, set[int]] = {}
        self._undated: set[int] = set()

    def candidates(self, report: MeetingReport) -> list[MeetingRecord]:
        if report.date is None:
            return self.records
        return [self.records[i] for i in sorted(self._by_date.get(report.date, set()) | self._undated)]

    def add(self, record: MeetingRecord) -> None:
        self._position[id(record)] = len(self.records)
        self.records.append(record)
        self.update(record)

    def update(self, record: MeetingRecord) -> None:
        """Index `record` under each of its dates (a record's dates are only ever added to)."""
        i = self._position[id(record)]
        dates = {d for d in (record.date, *record.earlier_dates) if d is not None}
        if not dates:
            self._undated.add(i)
            return
        self._undated.discard(i)
        for d in dates:
            self._by_date.setdefault(d, set()).add(i)


def group(reports: list[MeetingReport], *, indexed: bool = True) -> list[MeetingRecord]:
    """The meetings that `reports` describe, in the order they were first reported. (`indexed=False`
    tries every meeting for every report: the definition, which tests compare with the index.)"""
    index = _Index()
    records = index.records
    order = sorted(
        reports, key=lambda r: (r.published, _RANK[r.status], str(r.date), r.place or "", r.parties)
    )
    for report in order:
        sig = signature(report, report.rescheduled)
        target = None
        if report.rescheduled:
            target = next((r for r in reversed(records) if _moved(r, report)), None)
            if target is not None and target.date is not None:
                target.earlier_dates.append(target.date)
            if target is not None:
                target.date = report.date
                target.status = "scheduled" if target.status == "cancelled" else target.status
        candidates = index.candidates(report) if indexed else records
        target = target or next((r for r in candidates if same_meeting(r, report)), None)
        if target is None:
            digest = hashlib.sha1(sig.encode()).hexdigest()[:12]
            target = MeetingRecord(
                id=digest,
                parties=list(report.parties),
                place=report.place,
                date=report.date,
                status=report.status,
                sources=[],
                first_seen=report.published,
                updated=report.published,
            )
            index.add(target)
        target.reports.append(sig)
        target.place = target.place or report.place
        target.date = target.date or report.date
        target.parties += [p for p in report.parties if p not in target.parties]
        if _RANK[report.status] > _RANK[target.status]:
            target.status = report.status
        target.sources = merge_sources(target.sources, report.sources)
        target.updated = max(target.updated, report.published)
        index.update(target)
    return records


def alert_key(record: MeetingRecord) -> str:
    return f"meeting|{record.id}|{record.status}|{record.date or ''}"


def meeting_changes(
    old: ConflictState, new: ConflictState, facts: list[MeetingFact], source: SourceRef
) -> tuple[Alert | None, list[str]]:
    """Add the article's meetings to `new`; return the alert they deserve and the meetings they confirm."""
    if not facts:
        return None, []
    reports = new.meeting_reports
    for fact in facts:
        reports = add_report(reports, fact, source)
    new.meeting_reports = reports
    new.meetings = group(reports)
    known = {sig for record in old.meetings for sig in record.reports}
    mine = {signature(r, r.rescheduled) for r in reports if source in r.sources}
    changed: list[MeetingFact] = []
    lines: list[str] = []
    keys: list[str] = []
    confirmed: list[str] = []
    for record in new.meetings:
        if not mine & set(record.reports):
            continue
        earlier = set(record.reports) & known
        before = next((r for r in old.meetings if earlier & set(r.reports)), None)
        line = _change(before, record)
        if line is None:
            confirmed.append(alert_key(record))
            continue
        lines.append(line)
        keys.append(alert_key(record))
        changed += [f for f in facts if same_meeting(record, f) and all(f is not c for c in changed)]
    if not lines:
        return None, confirmed
    headline, lines = lines[0], lines[1:]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], f"and {len(lines) - MAX_LINES + 1} more meetings"]
    return (
        Alert(
            conflict=new.conflict,
            kind="meeting",
            headline=headline,
            text=alert_text(headline, lines, [source]),
            lines=lines,
            facts=changed or list(facts),
            sources=[source],
            keys=keys,
        ),
        confirmed,
    )


def _change(before: MeetingRecord | None, after: MeetingRecord) -> str | None:
    """One line for what changed about a meeting, or None when nothing did."""
    summary = meeting_summary(after.parties, after.place, after.date, after.status)
    if before is None:
        return summary
    if before.date and after.date and before.date != after.date:
        where = f" in {after.place}" if after.place else ""
        return f"{names(after.parties)} meeting{where} moved to {day(after.date)} (was {day(before.date)})"
    if before.status != after.status:
        return f"{summary} (was {before.status})"
    return None
