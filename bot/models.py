"""The values that flow through the pipeline: articles, facts, alerts.

Facts and alerts follow the JSON contract (shared spec, sections 4 and 5) field for field, so
`model_dump(mode="json")` is what `sitrep extract` and `sitrep replay` print.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

Metric = Literal["killed", "injured", "displaced", "missing"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to"]
Group = Literal["all", "civilians", "military"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]
CeasefireStatus = Literal["none", "negotiating", "agreed", "in_effect", "violated", "suspended", "collapsed"]
AlertKind = Literal["casualty", "meeting", "ceasefire"]
# The serialization and validation context key under which a stored conflict state keeps its sources once
# (`bot.state.dump_state`): each `SourceRef` is then written and read as its position in that table.
SOURCE_TABLE = "source_table"


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


# C0 and C1 control characters but tab, line feed and carriage return; and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Article(BaseModel):
    """One news article as read from a source, before extraction."""

    model_config = ConfigDict(extra="forbid")

    title: str
    text: str
    published: dt.datetime | dt.date
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    # A feed entry's identity (`bot.sources.feed.entry_key`): the same entry re-dated or edited keeps it.
    key: str | None = None
    # Its text hash and MinHash signature, each computed once (`bot.dedup.text_hash`, `signature`).
    _text_hash: tuple[str, str] | None = PrivateAttr(default=None)  # (the text hashed, its hash)
    _signature: tuple[str, bytes | None] | None = PrivateAttr(default=None)

    @field_validator("title", "text", "outlet", "url")
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        """Text from a feed or a file without control characters (a terminal would obey ESC sequences in
        it; an XML parser refuses them): tabs and line breaks are kept, a carriage return becomes one."""
        if value is None:
            return None
        if CONTROL_CHARACTERS.search(value):
            value = CONTROL_CHARACTERS.sub("", value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value

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
        return SourceRef(
            path=self.path, url=self.url, title=self.title, published=self.published, outlet=self.outlet
        )


class SourceRef(_Frozen):
    """Where an alert's facts were read: the `sources` entries of a replayed alert."""

    path: str | None
    url: str | None
    title: str
    published: dt.datetime | dt.date
    outlet: str | None = None  # printed only when known: the contract's four keys stay as they were

    @field_validator("published", mode="before")
    @classmethod
    def _a_bare_date_stays_a_date(cls, value: object) -> object:
        """'2025-12-25' is a date, not midnight: also when validated from Python objects rather than JSON."""
        if isinstance(value, str) and len(value) == 10:
            return dt.date.fromisoformat(value)
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _from_table(
        cls, data: object, handler: ModelWrapValidatorHandler[SourceRef], info: ValidationInfo
    ) -> SourceRef:
        """A number stands for the source at that position of the context's source table (shared, not
        copied: sources are immutable)."""
        if not isinstance(data, int) or isinstance(data, bool):
            return handler(data)
        table = info.context.get(SOURCE_TABLE) if isinstance(info.context, dict) else None
        if table is None or not 0 <= data < len(table):
            raise ValueError(f"source {data} is not in the state's table of sources")
        return table[data]

    @model_serializer(mode="wrap")
    def _without_unknown_outlet(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, object] | int:
        """The source's fields, without an unknown outlet; or, when the context has a source table
        (a dict of sources to positions), its position there (added if new)."""
        table = info.context.get(SOURCE_TABLE) if isinstance(info.context, dict) else None
        if table is not None:
            return table.setdefault(self, len(table))
        data = handler(self)
        if data.get("outlet") is None:
            data.pop("outlet", None)
        return data

    @functools.cached_property
    def order(self) -> tuple[dt.datetime, str, str]:
        """The canonical order of sources: publication time (a bare date as midnight UTC), then URL or
        path, then title."""
        p = self.published
        when = (p if p.tzinfo else p.replace(tzinfo=dt.UTC)) if isinstance(p, dt.datetime) else None
        when = when or dt.datetime(p.year, p.month, p.day, tzinfo=dt.UTC)
        return (when, self.url or self.path or "", self.title)

    def outlet_id(self) -> str:
        """Who published it, for counting independent outlets: the outlet's name, else the web site
        (host without 'www.'), else the file."""
        if self.outlet:
            return " ".join(self.outlet.casefold().split())
        if self.url:
            host = urlsplit(self.url).hostname or self.url
            return host.removeprefix("www.")
        return self.path or self.title


class Extraction(BaseModel):
    """What `sitrep extract` reports for one article."""

    path: str | None
    title: str
    published: dt.datetime | dt.date
    conflict: str | None
    ceasefire_status: CeasefireStatus | None
    facts: list[Fact]


class Alert(BaseModel):
    """A change worth telling subscribers about; the body of `sitrep replay` output.

    `text` is the whole alert as plain text: the headline, at most two detail `lines` and the source line.
    `revision` marks a stated downward revision of a figure. `keys` name the facts the alert announced, so
    that later articles confirming them can be counted against it; they are internal and never printed."""

    conflict: str
    kind: AlertKind
    headline: str
    text: str
    facts: list[Fact]
    sources: list[SourceRef]
    lines: list[str] = []
    revision: bool = False
    keys: list[str] = Field(default=[], exclude=True)
