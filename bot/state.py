"""What sitrep believes about one conflict right now: the stored state that new facts are compared with.

The state is made of *reports* (every distinct figure, meeting mention and ceasefire status read, with the
articles that reported it and when they were published) and of *views* derived from them (the ledger of
current figures, the meetings, the ceasefire). The views are a function of the set of reports alone, so
the same articles give the same state in whatever order they arrive (`bot.detect` derives them). The
store keeps one `ConflictState` per conflict, as JSON.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, model_validator

from bot.models import SOURCE_TABLE, CeasefireStatus, Group, MeetingStatus, Metric, Qualifier, SourceRef

R = TypeVar("R", "FigureReport", "MeetingReport", "CeasefireReport")

# A report keeps at most this many of the articles that made it (the earliest ones).
MAX_REPORT_SOURCES = 20


def as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    """A publication time as an aware datetime (midnight UTC for a bare date)."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def merge_sources(known: list[SourceRef], more: list[SourceRef]) -> list[SourceRef]:
    """The union of two source lists, in canonical order, capped at MAX_REPORT_SOURCES (`known` must be
    in canonical order already, as every list this returns is)."""
    merged = list(known)
    keys = [s.order for s in merged]
    for source in more:
        key = source.order
        i = bisect.bisect_left(keys, key)
        if any(merged[j] == source for j in range(i, bisect.bisect_right(keys, key, lo=i))):
            continue
        merged.insert(i, source)
        keys.insert(i, key)
        if len(merged) > MAX_REPORT_SOURCES:
            merged.pop()
            keys.pop()
    return merged


def add_report(
    reports: list[R],
    source: SourceRef,
    same: Callable[[R], bool],
    new: Callable[[dt.datetime], R],
    order: Callable[[R], Any],
) -> list[R]:
    """`reports` with one more article's report: merged into the report `same` picks (its earliest
    publication kept, the article added to its sources), else `new(published)`; in the order `order` gives."""
    published = as_datetime(source.published)
    match = next((r for r in reports if same(r)), None)
    if match is None:
        added = new(published)
    else:
        update = {
            "published": min(match.published, published),
            "sources": merge_sources(match.sources, [source]),
        }
        added = match.model_copy(update=update)
    return sorted([*(r for r in reports if r is not match), added], key=order)


class FigureReport(BaseModel):
    """One figure as read (for a ledger key), with every article that gave it."""

    count: int
    qualifier: Qualifier
    revision: bool = False  # the article states that an earlier figure was revised down to this one
    published: dt.datetime  # the earliest publication that gave it
    sources: list[SourceRef]


class LedgerEntry(BaseModel):
    """The best current figure for one (metric, party, group), and the reports behind it."""

    metric: Metric
    party: str | None
    group: Group
    count: int
    qualifier: Qualifier
    sources: list[SourceRef]  # the articles that gave this figure
    first_seen: dt.datetime  # when this figure was first published
    updated: dt.datetime  # the latest publication that gave it
    revised: bool = False  # the figure is a stated downward revision
    reports: list[FigureReport] = []

    @property
    def key(self) -> tuple[str, str | None, str]:
        return (self.metric, self.party, self.group)


class MeetingReport(BaseModel):
    """One meeting as an article describes it."""

    parties: list[str]
    place: str | None
    date: dt.date | None
    status: MeetingStatus
    rescheduled: bool = False  # the article says the meeting was moved to `date`
    published: dt.datetime
    sources: list[SourceRef]


class MeetingRecord(BaseModel):
    """One meeting, from every report that describes it."""

    id: str = ""
    parties: list[str]
    place: str | None
    date: dt.date | None
    status: MeetingStatus
    earlier_dates: list[dt.date] = []  # dates it was set for before being moved
    reports: list[str] = []  # the descriptions (`bot.detect.meetings.signature`) grouped into it
    sources: list[SourceRef]
    first_seen: dt.datetime
    updated: dt.datetime


class CeasefireReport(BaseModel):
    """A ceasefire status as articles published on one day report it."""

    status: CeasefireStatus
    published: dt.datetime
    sources: list[SourceRef]


class CeasefireRecord(BaseModel):
    status: CeasefireStatus
    phase: int
    since: dt.date  # publication day of the article that first reported this phase
    sources: list[SourceRef]
    cycle: int = 1  # 1 for the first agreement; each new agreement after a breakdown adds one


class ConflictState(BaseModel):
    conflict: str
    casualties: list[LedgerEntry] = []
    meetings: list[MeetingRecord] = []
    ceasefire: CeasefireRecord | None = None
    meeting_reports: list[MeetingReport] = []
    ceasefire_reports: list[CeasefireReport] = []
    # The figure last announced per ledger key ('killed||all'): what subscribers were told, which depends
    # on the order articles arrived in; rises are measured from it.
    announced: dict[str, int] = {}

    @model_validator(mode="before")
    @classmethod
    def _reports_from_views(cls, data: Any) -> Any:
        """A state stored before reports were kept: its views become its reports, so nothing is lost."""
        if not isinstance(data, dict) or not _lacks_reports(data):
            return data  # untouched: a state read from JSON keeps being validated as JSON
        data = dict(data)
        if data.get("meetings") and not data.get("meeting_reports"):
            data["meeting_reports"] = [
                {**m, "rescheduled": False, "published": m["first_seen"]}
                for m in (_plain(m) for m in data["meetings"])
            ]
        if data.get("ceasefire") and not data.get("ceasefire_reports"):
            cf = _plain(data["ceasefire"])
            data["ceasefire_reports"] = [
                {
                    "status": cf["status"],
                    "published": as_datetime(_date(cf["since"])),
                    "sources": cf["sources"],
                }
            ]
        entries = []
        for entry in data.get("casualties") or ():
            entry = _plain(entry)
            if not entry.get("reports"):
                report = {k: entry[k] for k in ("count", "qualifier", "sources")}
                entry = {**entry, "reports": [{**report, "published": entry["first_seen"]}]}
            entries.append(entry)
        data["casualties"] = entries
        return data


def _lacks_reports(data: dict[str, Any]) -> bool:
    if data.get("meetings") and not data.get("meeting_reports"):
        return True
    if data.get("ceasefire") and not data.get("ceasefire_reports"):
        return True
    return any(not _plain(e).get("reports") for e in data.get("casualties") or ())


def _plain(value: Any) -> dict[str, Any]:
    return value.model_dump() if isinstance(value, BaseModel) else dict(value)


def _date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


# -- the stored form ----------------------------------------------------------------------------------------

STORED_FORMAT = 2
_source_list = TypeAdapter(list[SourceRef])


def dump_state(state: ConflictState) -> str:
    """The state as stored: `{"format": 2, "sources": [...], "state": {...}}`, where each source inside the
    state is its position in `sources`. An article gives several reports, and a report keeps up to
    MAX_REPORT_SOURCES articles, so written out in full the sources are most of a state (nine tenths of a
    busy conflict's); written once each, the state is several times smaller to write and to read."""
    table: dict[SourceRef, int] = {}
    body = state.model_dump_json(context={SOURCE_TABLE: table})
    sources = _source_list.dump_json(list(table)).decode()
    return f'{{"format":{STORED_FORMAT},"sources":{sources},"state":{body}}}'


def load_state(stored: Any) -> ConflictState:
    """A state from its stored JSON value (as `dump_state` writes it, or a state written out in full, as
    states were before the table of sources)."""
    if isinstance(stored, dict) and stored.get("format") == STORED_FORMAT:
        sources = _source_list.validate_json(json.dumps(stored["sources"]))
        return ConflictState.model_validate_json(json.dumps(stored["state"]), context={SOURCE_TABLE: sources})
    return ConflictState.model_validate_json(json.dumps(stored))
