"""Where a conflict stands now: the answer to `sitrep status` and, later, the chat command `/status`.

Built from the stored state alone, as neutral text; every line names its sources and their dates.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from bot.config import ConflictConfig
from bot.detect import total
from bot.message import Message, MessageKind
from bot.models import SourceRef
from bot.render import day, figure, group_noun, meeting_summary, published
from bot.state import ConflictState, LedgerEntry

_METRIC_ORDER = ("killed", "injured", "missing", "displaced")


class StatusReport(BaseModel):
    conflict: str
    name: str
    ceasefire: str
    figures: list[str]
    upcoming: list[str]
    recent: list[str]

    def as_text(self) -> str:
        out = [f"{self.name} ({self.conflict})", f"Ceasefire: {self.ceasefire}", "Figures:"]
        out += [f"  {line}" for line in self.figures] or ["  none reported"]
        out.append("Upcoming meetings:")
        out += [f"  {line}" for line in self.upcoming] or ["  none"]
        out.append("Recent meetings:")
        out += [f"  {line}" for line in self.recent] or ["  none"]
        return "\n".join(out)


def _cite(sources: list[SourceRef]) -> str:
    cited = "; ".join(f"{s.title} ({published(s.published)})" for s in sources[-3:])
    more = f" and {len(sources) - 3} more" if len(sources) > 3 else ""
    return f"[{cited}{more}]"


def _group(entry: LedgerEntry) -> str:
    return "" if entry.group == "all" else f" {group_noun(entry.group, entry.count)}"


def _entry_line(entry: LedgerEntry) -> str:
    who = entry.party or "Total"
    return (
        f"{who}: {figure(entry.count, entry.qualifier)}{_group(entry)} {entry.metric} {_cite(entry.sources)}"
    )


def status_report(conflict: ConflictConfig, state: ConflictState, today: dt.date) -> StatusReport:
    """The current state of `conflict`; meetings on or after `today` count as upcoming."""
    if state.ceasefire:
        cf = state.ceasefire
        ceasefire = f"{cf.status.replace('_', ' ')} since {cf.since.isoformat()} {_cite(cf.sources)}"
    else:
        ceasefire = "nothing reported"
    figures: list[str] = []
    ledger = {e.key: e for e in state.casualties}
    for metric in _METRIC_ORDER:
        entries = sorted(
            (e for e in state.casualties if e.metric == metric),
            key=lambda e: (e.party is not None, e.party or "", e.group),
        )
        if not entries:
            continue
        overall = total(ledger, metric)
        if overall:
            figures.append(f"{metric}: {figure(*overall)} in all")
        figures.extend(f"  {_entry_line(e)}" for e in entries)
    upcoming, recent = [], []
    for meeting in sorted(state.meetings, key=lambda m: m.date or dt.date.max):
        line = meeting_summary(meeting.parties, meeting.place, meeting.date, meeting.status)
        line += f" {_cite(meeting.sources)}"
        if meeting.status == "scheduled" and (meeting.date is None or meeting.date >= today):
            upcoming.append(line)
        else:
            if meeting.status == "scheduled":
                line += f" (no report since {day(meeting.date)})" if meeting.date else ""
            recent.append(line)
    return StatusReport(
        conflict=conflict.id,
        name=conflict.name,
        ceasefire=ceasefire,
        figures=figures,
        upcoming=upcoming,
        recent=recent,
    )


def status_message(
    conflict: ConflictConfig, state: ConflictState, kind: MessageKind = "status", today: dt.date | None = None
) -> Message:
    """The status view as a neutral message: for `/status`, a new subscription's first message, and the
    baseline summary of a newly followed feed (`kind="baseline"`)."""
    report = status_report(conflict, state, today or dt.datetime.now(dt.UTC).date())
    lines = [f"Ceasefire: {report.ceasefire}"]
    lines += [
        f"Figures: {line.strip()}" if not line.startswith(" ") else line.strip() for line in report.figures
    ]
    lines += [f"Upcoming: {line}" for line in report.upcoming]
    lines += [f"Recent: {line}" for line in report.recent[-5:]]
    title = f"{'Now following' if kind == 'baseline' else 'Status'}: {report.name}"
    return Message(kind=kind, conflict=conflict.id, title=title, lines=lines)
