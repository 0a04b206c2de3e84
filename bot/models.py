"""The values that flow through the pipeline: articles, facts, alerts.

Facts and alerts follow the JSON contract (shared spec, sections 4 and 5) field for field, so
`model_dump(mode="json")` is what `sitrep extract` and `sitrep replay` print.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Metric = Literal["killed", "injured", "displaced", "missing"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to"]
Group = Literal["all", "civilians", "military"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]
CeasefireStatus = Literal["none", "negotiating", "agreed", "in_effect", "violated", "suspended", "collapsed"]
AlertKind = Literal["casualty", "meeting", "ceasefire"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CasualtyFact(_Frozen):
    """One figure: how many people of which side were killed, injured, displaced or are missing."""

    kind: Literal["casualty"] = "casualty"
    metric: Metric
    count: int = Field(ge=0)
    qualifier: Qualifier = "exact"
    group: Group = "all"
    party: str | None = None
    current: bool = True
    evidence: str


class MeetingFact(_Frozen):
    """Talks, negotiations or a summit between parties or mediators."""

    kind: Literal["meeting"] = "meeting"
    parties: list[str]
    place: str | None = None
    date: dt.date | None = None
    status: MeetingStatus
    evidence: str


class CeasefireFact(_Frozen):
    """The ceasefire status an article reports as current."""

    kind: Literal["ceasefire"] = "ceasefire"
    status: CeasefireStatus
    evidence: str


Fact = Annotated[CasualtyFact | MeetingFact | CeasefireFact, Field(discriminator="kind")]


class Article(BaseModel):
    """One news article as read from a source, before extraction."""

    model_config = ConfigDict(extra="forbid")

    title: str
    text: str
    published: dt.datetime | dt.date
    path: str | None = None
    url: str | None = None
    outlet: str | None = None

    @property
    def published_date(self) -> dt.date:
        p = self.published
        return p.date() if isinstance(p, dt.datetime) else p

    @property
    def published_at(self) -> dt.datetime:
        """The publication time as an aware datetime (midnight UTC when only a date is known)."""
        p = self.published
        if isinstance(p, dt.datetime):
            return p if p.tzinfo else p.replace(tzinfo=dt.UTC)
        return dt.datetime(p.year, p.month, p.day, tzinfo=dt.UTC)

    def reference(self) -> SourceRef:
        return SourceRef(path=self.path, url=self.url, title=self.title, published=self.published)


class SourceRef(_Frozen):
    """Where an alert's facts were read: the `sources` entries of a replayed alert."""

    path: str | None
    url: str | None
    title: str
    published: dt.datetime | dt.date


class Extraction(BaseModel):
    """What `sitrep extract` reports for one article."""

    path: str | None
    title: str
    published: dt.datetime | dt.date
    conflict: str | None
    ceasefire_status: CeasefireStatus | None
    facts: list[Fact]


class Alert(BaseModel):
    """A change worth telling subscribers about; the body of `sitrep replay` output."""

    conflict: str
    kind: AlertKind
    headline: str
    text: str
    facts: list[Fact]
    sources: list[SourceRef]
