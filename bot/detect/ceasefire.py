"""The ceasefire lifecycle, from every status reported.

The seven statuses fall into phases of one lifecycle: no ceasefire -> negotiating -> in force (agreed,
in_effect) -> breaking down (violated) -> broken (suspended, collapsed). Reports are read in publication
order: a report moves the ceasefire only to a later phase, except that a new agreement after the ceasefire
broke starts a new cycle. Wording that differs between outlets ('collapsed' and 'suspended', or 'violated'
after 'collapsed') never moves it back, and the same reports give the same state in any order of arrival.
"""

from __future__ import annotations

from bot import state
from bot.models import Alert, CeasefireFact, SourceRef
from bot.render import alert_text, clip
from bot.state import CeasefireRecord, CeasefireReport, ConflictState, as_datetime, merge_sources

PHASES = {
    "none": 0,
    "negotiating": 1,
    "agreed": 2,
    "in_effect": 2,
    "violated": 3,
    "suspended": 4,
    "collapsed": 4,
}
IN_FORCE, BROKEN = 2, 4
HEADLINES = {
    "none": "No ceasefire in place",
    "negotiating": "Ceasefire talks under way",
    "agreed": "Ceasefire agreed",
    "in_effect": "Ceasefire in effect",
    "violated": "Ceasefire violations reported",
    "suspended": "Ceasefire suspended",
    "collapsed": "Ceasefire has collapsed; fighting resumed",
}


def add_report(
    reports: list[CeasefireReport], fact: CeasefireFact, source: SourceRef
) -> list[CeasefireReport]:
    """`reports` with the fact added: one report per status and publication day, in publication order."""
    day = as_datetime(source.published).date()
    return state.add_report(
        reports,
        source,
        same=lambda r: r.status == fact.status and r.published.date() == day,
        new=lambda published: CeasefireReport(status=fact.status, published=published, sources=[source]),
        order=lambda r: (r.published, r.status),
    )


def lifecycle(reports: list[CeasefireReport]) -> CeasefireRecord | None:
    """Where the ceasefire stands after `reports`, read in publication order (see the module docstring)."""
    current: CeasefireRecord | None = None
    for report in sorted(reports, key=lambda r: (r.published, PHASES[r.status], r.status)):
        phase = PHASES[report.status]
        since = report.published.date()
        if current is None:
            current = CeasefireRecord(status=report.status, phase=phase, since=since, sources=report.sources)
        elif phase > current.phase or (phase == IN_FORCE and current.phase == BROKEN):
            cycle = current.cycle + (phase <= current.phase)
            current = CeasefireRecord(
                status=report.status, phase=phase, since=since, sources=report.sources, cycle=cycle
            )
        elif phase == current.phase:
            current.sources = merge_sources(current.sources, report.sources)
    return current


def alert_key(record: CeasefireRecord) -> str:
    return f"ceasefire|{record.cycle}|{record.phase}"


def ceasefire_changes(
    old: ConflictState, new: ConflictState, facts: list[CeasefireFact], source: SourceRef
) -> tuple[Alert | None, list[str]]:
    """Add the article's ceasefire status to `new`; return the alert it deserves, or what it confirms."""
    if not facts:
        return None, []
    fact = facts[-1]  # the article's status: one per article
    new.ceasefire_reports = add_report(new.ceasefire_reports, fact, source)
    new.ceasefire = current = lifecycle(new.ceasefire_reports)
    assert current is not None
    before = old.ceasefire
    if PHASES[fact.status] != current.phase:
        return None, []
    if before is not None and (before.cycle, before.phase) == (current.cycle, current.phase):
        return None, [alert_key(current)]
    was = f" (was {before.status.replace('_', ' ')})" if before else ""
    headline = HEADLINES[current.status] + was
    lines = [f"“{clip(fact.evidence, 280)}”"]
    return (
        Alert(
            conflict=new.conflict,
            kind="ceasefire",
            headline=headline,
            text=alert_text(headline, lines, [source]),
            facts=[fact],
            sources=[source],
            lines=lines,
            keys=[alert_key(current)],
        ),
        [],
    )
