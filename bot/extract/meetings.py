"""Meetings: talks, negotiations, summits and ministerial or military meetings between parties or mediators.

Each clause that names a meeting ('talks', 'summit', 'met', 'to meet') is one mention, with its
participants, place ('in Kuala Lumpur'), date ('on Monday', read backwards for a meeting that was held and
forwards for one that is scheduled) and status. Mentions of one article are then folded into distinct
meetings: the same date or the same place is the same meeting, and a mention with neither ('the talks')
refers to a meeting the article names more precisely. Phone calls, press conferences, statements and
visits are not meetings; nor is a meeting quoted as a document's title, set in an earlier period ('during
an ASEAN summit in October', 'talks on 15 October' in a December article), only hoped for ('offered to
mediate talks'), denied ('will not meet'), a mediator calling on one side at home ('Witkoff met Putin in
Moscow'), or one side meeting by itself ('the security cabinet met'). A meeting postponed to a new date is
scheduled for it; one postponed with no new date, boycotted or called off is cancelled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.extract.actors import ALL_PARTIES, Actors
from bot.extract.dates import find_dates, is_background
from bot.extract.text import Sentence, clauses
from bot.models import MeetingFact, MeetingStatus

_TRIGGER = re.compile(
    r"(?<!press )(?<!news )(?<!media )\b(?:talks|negotiations|peace conference|summit|summits|meeting|meetings|"
    r"discussions|consultations|mediation round|round of talks|met|meet|meets|convene|convened|convenes)\b",
    re.IGNORECASE,
)
_NOT_MEETING = re.compile(r"\bnegotiating table\b|\b(?:press|news) (?:conference|briefing)\b", re.IGNORECASE)
_CANCELLED = re.compile(
    r"\b(?:cancel+ed|called off|scrapped|postponed indefinitely|abandoned|boycott(?:ed|ing)|pulled out of|"
    r"withdrew from|refus(?:ed|al) to (?:attend|participate|take part|join))\b",
    re.IGNORECASE,
)
# Postponed to a new date: scheduled for it; postponed with no new date: cancelled as planned.
_POSTPONED = re.compile(r"\b(?:postponed|delayed|pushed back|put off|rescheduled)\b", re.IGNORECASE)
_HELD = re.compile(
    r"\b(?:met|held|took place|was held|were held|concluded|convened|wrapped up|ended|sat down|resumed|began|"
    r"opened|started|continued|got under way|kicked off|"
    r"(?:after|following|during) (?:the\s+)?(?:\w+\s+)?(?:meeting|talks|summit)|at the \w+ (?:meeting|summit))\b",
    re.IGNORECASE,
)
_SCHEDULED = re.compile(
    r"\b(?:will|set to|scheduled|expected to|due to|plans? to|planned|upcoming|ahead of|prepares? to|"
    r"is to|are to|to hold|to meet|would meet|next week|later this week)\b",
    re.IGNORECASE,
)
# A meeting only wished for, offered or urged is not a meeting. ('support' in lower case only: the Rapid
# Support Forces are a party, not a wish.)
_HYPOTHETICAL = re.compile(
    r"\b(?:(?i:offer(?:ed|s)? to|urg(?:ed|es|ing)|call(?:ed|s|ing)? for|push(?:ed|es|ing)? for|pressure to|"
    r"hope[sd]? (?:to|for)|seek(?:s|ing)? to|encourag\w+|could|might)|support)\b"
)
# 'will not meet', 'never met': a meeting denied.
_NEGATED = re.compile(r"\b(?:not|never|no)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$", re.IGNORECASE)
# Talks over the telephone are a call, not a meeting.
_PHONE = re.compile(
    r"\b(?:by (?:tele)?phone|(?:tele)?phone (?:call|conversation)|over the (?:tele)?phone)\b", re.I
)
# An envoy's trip to one side: a visit, not talks between the parties.
_VISIT = re.compile(r"\b(?:visit(?:s|ed|ing)?|envoy|trip)\b", re.IGNORECASE)
# A held meeting dated further back than this is background, not the article's news.
_STALE = dt.timedelta(days=30)
# Where a meeting is: 'in Doha', 'at the White House', 'travel to Cairo for talks'.
_PLACE = re.compile(
    r"\b(?:in|at|(?:travel(?:l?ed|l?ing|s)?|fl(?:y|ew|ies|ying)|head(?:ed|ing|s)?) to)\s+"
    r"(?:the\s+)?(?:[A-Z][\w’'-]*(?:’s|'s)\s+)?"  # 'in Thailand's Chanthaburi province': the province
    # A name of up to three capitalised words, with the particles of Arabic and European names
    # ('Sharm el-Sheikh', 'Dar es Salaam').
    r"(?P<place>[A-Z][\w’'-]+(?:\s+(?:(?:el|al|as|es|ash|ad|de|del|di|da|du|la|le|van|von|bin|ibn)[\s-])?"
    r"[A-Z][\w’'-]+){0,2})"
)
# 'strikes in Kyiv ahead of talks': the meeting only dates another event, whose place is not its own.
_TIME_REFERENCE = re.compile(
    r"\b(?:ahead of|before|after|following|since|days? after|days? before)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?$",
    re.IGNORECASE,
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
    postponed = _POSTPONED.search(clause)
    if postponed:
        moved = re.match(r"\s+(?:\w+\s+)?(?:to|until|for)\s+\S", clause[postponed.end() :])
        return "scheduled" if moved else "cancelled"
    for text in (clause, sentence):
        held = [m.start() for m in _HELD.finditer(text)]
        scheduled = [m.start() for m in _SCHEDULED.finditer(text)]
        if held or scheduled:
            nearest_held = min((abs(p - trigger) for p in held), default=10**6)
            nearest_scheduled = min((abs(p - trigger) for p in scheduled), default=10**6)
            return "held" if nearest_held < nearest_scheduled else "scheduled"
    return None


def _place(clause: str, after: int) -> str | None:
    """Where the meeting at `after` is: the first place named after the meeting word, else one before it,
    unless the meeting is only a time reference for another event ('strikes in Kyiv ahead of talks')."""
    matches = [m for m in _PLACE.finditer(clause) if not _NOT_PLACE.match(m.group("place"))]
    later = [m for m in matches if m.start() >= after]
    if _TIME_REFERENCE.search(clause[:after]):
        matches = later
    chosen = (later or matches or [None])[0]
    if chosen is None:
        return None
    return re.sub(
        r"\s+(?:province|city|region|district|state)$", "", chosen.group("place"), flags=re.IGNORECASE
    )


def _participants(clause: str, trigger: int, place: str | None, actors: Actors) -> tuple[list[str], int]:
    """Who takes part: the names just before the meeting word (its subject) or right after it ('of', 'between')."""
    window_start = max(0, trigger - 70)
    # 'talks between the army and the Rapid Support Forces': read the whole list of participants.
    reach = 100 if re.match(r"\S+\s+(?:\S+\s+){0,2}?(?:between|with|among)\b", clause[trigger:]) else 50
    window = clause[window_start : trigger + reach]
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
    after = clause[trigger : trigger + reach]
    if ALL_PARTIES.search(before) or re.match(
        r"\S+\s+(?:between|with|among|of)\s+" + ALL_PARTIES.pattern, after
    ):
        names.extend(p for p in actors.parties if p not in names)
        named_parties = len(actors.parties)
    return names, named if named_parties else 0


_TRIGGER_STEMS = (
    "talk",
    "negotiat",
    "summit",
    "meet",
    "met",
    "discussion",
    "consultation",
    "conven",
    "round",
    "conference",
)  # the stems of _TRIGGER's words


def _mentions(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[_Mention]:
    found: list[_Mention] = []
    for sentence in sentences:
        if not sentence.has_any(_TRIGGER_STEMS) or not _TRIGGER.search(sentence.text):
            continue
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
            before = clause[: trigger.start()]
            if status is None or _HYPOTHETICAL.search(before[-40:]) or _NEGATED.search(before[-20:]):
                continue
            if _PHONE.search(clause):
                continue
            direction = "past" if status == "held" else "future"
            dates = [
                d
                for d in find_dates(clause, published, direction)
                if d.prep in (None, "on", "for", "next", "to")
            ]
            date = min(dates, key=lambda d: abs(d.start - trigger.start())).date if dates else None
            # A month dates a held meeting in the past ('a summit in October'), a scheduled one ahead.
            past = status != "scheduled" and is_background(sentence.text, published, offset + trigger.start())
            if date is None and past:
                continue
            if date is not None and status == "held" and date < published - _STALE:
                continue
            place = _place(clause, trigger.start())
            parties, named = _participants(clause, trigger.start(), place, actors)
            if _is_visit(clause, parties, place, actors) or _is_internal(trigger.group(0), parties, actors):
                continue
            found.append(_Mention(parties, named, place, date, status, sentence.text))
    return found


def _is_internal(word: str, parties: list[str], actors: Actors) -> bool:
    """One side meeting by itself ('Israel's security cabinet met on Monday'): no talks between sides."""
    return word.lower() in ("met", "meet", "meets", "convene", "convened", "convenes") and (
        len(parties) == 1 and parties[0] in actors.parties
    )


def _is_visit(clause: str, parties: list[str], place: str | None, actors: Actors) -> bool:
    """A mediator meeting a single side at home ('Witkoff met Putin in Moscow') or on a visit."""
    sides = {p for p in parties if p in actors.parties}
    host = actors.party_of(place) if place else None
    if host:
        sides.add(host)
    mediators = [p for p in parties if p not in actors.parties]
    return len(sides) <= 1 and bool(mediators) and (host is not None or bool(_VISIT.search(clause)))


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
