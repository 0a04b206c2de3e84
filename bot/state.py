"""What sitrep believes about one conflict right now: the stored state that new facts are compared with.

The store keeps one `ConflictState` per conflict (as JSON); `detect_changes` takes it and returns the next one.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from bot.models import CeasefireStatus, Group, MeetingStatus, Metric, Qualifier, SourceRef


class LedgerEntry(BaseModel):
    """The best current figure for one (metric, party, group)."""

    metric: Metric
    party: str | None
    group: Group
    count: int
    qualifier: Qualifier
    sources: list[SourceRef]
    first_seen: dt.datetime
    updated: dt.datetime

    @property
    def key(self) -> tuple[str, str | None, str]:
        return (self.metric, self.party, self.group)


class MeetingRecord(BaseModel):
    parties: list[str]
    place: str | None
    date: dt.date | None
    status: MeetingStatus
    sources: list[SourceRef]
    first_seen: dt.datetime
    updated: dt.datetime


class CeasefireRecord(BaseModel):
    status: CeasefireStatus
    phase: int
    since: dt.date  # publication day of the article that first reported this status
    sources: list[SourceRef]


class ConflictState(BaseModel):
    conflict: str
    casualties: list[LedgerEntry] = []
    meetings: list[MeetingRecord] = []
    ceasefire: CeasefireRecord | None = None
