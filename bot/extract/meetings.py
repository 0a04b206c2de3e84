"""Meetings: talks, negotiations, summits and ministerial or military meetings between parties or mediators.

Each clause that names a meeting ('talks', 'summit', 'met', 'to meet') is one mention, with its
participants, place ('in Kuala Lumpur'), date ('on Monday', read backwards for a meeting that was held and
forwards for one that is scheduled) and status. Mentions of one article are then folded into distinct
meetings: the same date or the same place is the same meeting, and a mention with neither ('the talks')
refers to a meeting the article names more precisely. Phone calls, press conferences, statements and
visits are not meetings; nor is a meeting quoted as a document's title, set in an earlier period ('during
an ASEAN summit in October'), or only hoped for ('offered to mediate talks').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.extract.actors import ALL_PARTIES, Actors
from bot.extract.casualties import is_background
from bot.extract.dates import find_dates
from bot.extract.text import Sentence, clauses
from bot.models import MeetingFact, MeetingStatus

_TRIGGER = re.compile(
    r"(?<!press )(?<!news )(?<!media )\b(?:talks|negotiations|peace conference|summit|summits|meeting|meetings|"
    r"discussions|consultations|mediation round|round of talks|met|meet|meets|convene|convened|convenes)\b",
    re.IGNORECASE,
)
_NOT_MEETING = re.compile(r"\bnegotiating table\b|\b(?:press|news) (?:conference|briefing)\b", re.IGNORECASE)
_CANCELLED = re.compile(
    r"\b(?:cancel+ed|called off|scrapped|postponed indefinitely|abandoned)\b", re.IGNORECASE
)
_HELD = re.compile(
    r"\b(?:met|held|took place|was held|were held|concluded|convened|wrapped up|ended|sat down|"
    r"after the (?:meeting|talks)|during the (?:meeting|talks)|at the \w+ (?:meeting|summit))\b",
    re.IGNORECASE,
)
_SCHEDULED = re.compile(
    r"\b(?:will|set to|scheduled|expected to|due to|plans? to|planned|upcoming|ahead of|prepares? to|"
    r"is to|are to|to hold|to meet|would meet|next week|later this week)\b",
    re.IGNORECASE,
)
# A meeting only wished for, offered or urged is not a meeting.
_HYPOTHETICAL = re.compile(
    r"\b(?:offer(?:ed|s)? to|urg(?:ed|es|ing)|call(?:ed|s|ing)? for|push(?:ed|es|ing)? for|pressure to|"
    r"hope[sd]? (?:to|for)|seek(?:s|ing)? to|support|encourag\w+|could|might|resume)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(
    r"\bin\s+(?:the\s+)?(?:[A-Z][\w’'-]*(?:’s|'s)\s+)?(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)
_NOT_PLACE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An)\b"
)


@dataclass
class _Mention:
    parties: list[str]
    named: int  # how many participants the text names outright, 0 when none of them is a party
    place: str | None
    date: dt.date | None
    status: MeetingStatus
    evidence: str
    sources: list[str] = field(default_factory=list)

    @property
    def specific(self) -> bool:
        return self.date is not None or self.place is not None


def _status(clause: str, sentence: str, trigger: int) -> MeetingStatus | None:
    if _CANCELLED.search(clause):
        return "cancelled"
    for text in (clause, sentence):
        held = [m.start() for m in _HELD.finditer(text)]
        scheduled = [m.start() for m in _SCHEDULED.finditer(text)]
        if held or scheduled:
            nearest_held = min((abs(p - trigger) for p in held), default=10**6)
            nearest_scheduled = min((abs(p - trigger) for p in scheduled), default=10**6)
            return "held" if nearest_held < nearest_scheduled else "scheduled"
    return None


def _place(clause: str, after: int) -> str | None:
    matches = [m for m in _PLACE.finditer(clause) if not _NOT_PLACE.match(m.group("place"))]
    later = [m for m in matches if m.start() >= after]
    chosen = (later or matches or [None])[0]
    if chosen is None:
        return None
    return re.sub(
        r"\s+(?:province|city|region|district|state)$", "", chosen.group("place"), flags=re.IGNORECASE
    )


def _participants(clause: str, trigger: int, place: str | None, actors: Actors) -> tuple[list[str], int]:
    """Who takes part: the names just before the meeting word (its subject) or right after it ('of', 'between')."""
    window_start = max(0, trigger - 70)
    window = clause[window_start : trigger + 50]
    names: list[str] = []
    named_parties = 0
    for mention in actors.mentions(window):
        preceding = window[max(0, mention.start - 4) : mention.start]
        if re.search(r"\bin\s+$", preceding) or (place and mention.name == place):
            continue  # a place, not a participant
        if mention.name not in names:
            names.append(mention.name)
            named_parties += mention.is_party
    named = len(names)
    before = clause[window_start:trigger]
    after = clause[trigger : trigger + 50]
    if ALL_PARTIES.search(before) or re.match(
        r"\S+\s+(?:between|with|among|of)\s+" + ALL_PARTIES.pattern, after
    ):
        names.extend(p for p in actors.parties if p not in names)
        named_parties = len(actors.parties)
    return names, named if named_parties else 0


def _mentions(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[_Mention]:
    found: list[_Mention] = []
    for sentence in sentences:
        for offset, clause in clauses(sentence.text):
            trigger = next(
                (
                    m
                    for m in _TRIGGER.finditer(clause)
                    if not sentence.in_quote(offset + m.start())
                    and not _NOT_MEETING.search(clause[max(0, m.start() - 12) : m.end() + 12])
                ),
                None,
            )
            if trigger is None:
                continue
            status = _status(clause, sentence.text, trigger.start())
            if status is None or _HYPOTHETICAL.search(clause[: trigger.start()][-40:]):
                continue
            direction = "past" if status == "held" else "future"
            dates = [
                d for d in find_dates(clause, published, direction) if d.prep in (None, "on", "for", "next")
            ]
            date = min(dates, key=lambda d: abs(d.start - trigger.start())).date if dates else None
            if date is None and is_background(sentence.text, published):
                continue
            place = _place(clause, trigger.start())
            parties, named = _participants(clause, trigger.start(), place, actors)
            found.append(_Mention(parties, named, place, date, status, sentence.text))
    return found


def _same(a: _Mention, b: _Mention) -> bool:
    if a.date and b.date and a.date != b.date:
        return False
    if a.place and b.place and not _same_place(a.place, b.place) and not (a.date and a.date == b.date):
        return False
    return bool((a.date and a.date == b.date) or (a.place and b.place and _same_place(a.place, b.place)))


def _same_place(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def _merge(into: _Mention, other: _Mention) -> None:
    into.parties.extend(p for p in other.parties if p not in into.parties)
    into.named = max(into.named, other.named)
    into.date = into.date or other.date
    into.place = into.place or other.place
    if other.status == "cancelled" or (other.status == "held" and into.status == "scheduled" and other.date):
        into.status = other.status


def extract_meetings(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[MeetingFact]:
    """The distinct meetings an article reports, in order of first mention."""
    meetings: list[_Mention] = []
    vague: list[_Mention] = []
    for mention in _mentions(sentences, actors, published):
        if not mention.specific:
            vague.append(mention)
            continue
        same = next((m for m in meetings if _same(m, mention)), None)
        if same:
            _merge(same, mention)
        else:
            meetings.append(mention)
    for mention in vague:
        # 'the talks' refers to a meeting named more precisely elsewhere in the article, preferably one
        # in the same state; on its own it counts only when it names two participants, one a party.
        fitting = [m for m in meetings if m.status == mention.status] or meetings
        if fitting:
            _merge_parties(fitting[0], mention)
        elif mention.named >= 2:
            meetings.append(mention)
    return [
        MeetingFact(
            parties=m.parties or list(actors.parties),
            place=m.place,
            date=m.date,
            status=m.status,
            evidence=m.evidence,
        )
        for m in meetings
    ]


def _merge_parties(into: _Mention, other: _Mention) -> None:
    into.parties.extend(p for p in other.parties if p not in into.parties)
