"""Folding an article's meeting mentions into distinct meetings.

The same date or the same place is the same meeting; a mention with neither ('the talks are co-hosted by
Switzerland') refers to a meeting the article names more precisely; a headline sums up a meeting the body
reports; a postponement without a new date refers to the postponed meeting the article dates elsewhere; a meeting
held 'again' with no participants named has those of the meeting before it; a meeting 'now to be held' or
'moved to' a place is the meeting before it, at that place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot.extract.meeting_parts import Status


@dataclass
class Mention:
    parties: list[str]
    named: int  # how many participants the text names outright, 0 when none of them is a party
    place: str | None
    date: dt.date | None
    status: Status
    evidence: str
    headline: bool = False
    absent: list[str] = field(default_factory=list)
    again: bool = False  # 'would meet again': the participants of the meeting before, unless named
    moved: bool = False  # 'the talks will now be held in Muscat': the meeting before, at a new place

    @property
    def specific(self) -> bool:
        return self.date is not None or self.place is not None


def fold(mentions: list[Mention]) -> list[Mention]:
    """The distinct meetings that `mentions` (in reading order) name, in order of first mention."""
    meetings: list[Mention] = []
    pending: list[tuple[int, Mention]] = []  # headlines, vague mentions and notes, with their position
    for mention in mentions:
        if (
            mention.headline
            or not mention.specific
            or mention.status in ("postponed", "absent")
            or mention.moved
        ):
            pending.append((len(meetings), mention))
            continue
        same = next((m for m in meetings if _same(m, mention)), None)
        if same:
            _merge(same, mention)
        else:
            if mention.again and meetings:
                _merge_parties(mention, meetings[-1])  # meeting again: the same participants
            meetings.append(mention)
    for position, mention in pending:
        target = _target(meetings, position, mention)
        if target is not None and mention.moved and target in meetings[:position]:
            target.place = mention.place  # moved: the new place replaces the old one
            _merge_parties(target, mention)
        elif target is not None:
            if mention.headline:
                _merge(target, mention)
            elif target in meetings[:position]:
                _merge_parties(target, mention)  # 'the talks' refers back: its names are the meeting's
            # A vague mention before the meeting it anticipates ('talks were ongoing', ahead of the
            # summit named later) is absorbed; its names need not be that meeting's participants.
        elif mention.status == "postponed" and (mention.specific or mention.named >= 2):
            mention.status = "cancelled"  # postponed with no new date: off, as planned
            meetings.append(mention)
        elif mention.status in ("held", "scheduled", "cancelled") and (
            mention.specific or mention.named >= 2
        ):
            meetings.append(mention)
    return meetings


def _same(a: Mention, b: Mention) -> bool:
    """Whether two mentions are of one meeting: the same day or the same place, and nothing against it
    (another day, another place, or one held and one still to come on days not both known)."""
    if a.date and b.date and a.date != b.date:
        return False
    if {a.status, b.status} == {"held", "scheduled"} and not (a.date and a.date == b.date):
        return False
    if a.place and b.place and not same_place(a.place, b.place):
        return False
    return bool((a.date and a.date == b.date) or (a.place and b.place))


def same_place(a: str | None, b: str | None) -> bool:
    """Whether two written places name the same place: one contains the other ('Kuala Lumpur' and
    'kuala lumpur', 'Chanthaburi' and 'Chanthaburi province'); never when either is missing."""
    a_, b_ = (a or "").casefold(), (b or "").casefold()
    return bool(a_ and b_) and (a_ in b_ or b_ in a_)


def _merge(into: Mention, other: Mention) -> None:
    into.parties.extend(p for p in other.parties if p not in into.parties)
    into.absent.extend(other.absent)
    into.named = max(into.named, other.named)
    into.date = into.date or other.date
    into.place = into.place or other.place
    if other.status == "cancelled" or (other.status == "held" and into.status == "scheduled" and other.date):
        into.status = other.status


def _merge_parties(into: Mention, other: Mention) -> None:
    into.parties.extend(p for p in other.parties if p not in into.parties)
    into.absent.extend(other.absent)


def _target(meetings: list[Mention], position: int, mention: Mention) -> Mention | None:
    """The meeting a headline, vague mention or note refers to, if the article names one."""
    if mention.status == "absent":  # the meeting the boycott was of: the last one held before it
        held = [m for m in meetings[:position] if m.status == "held"]
        return held[-1] if held else None
    if mention.status == "postponed":  # the postponed meeting, dated elsewhere
        return next((m for m in meetings if m.status == "scheduled"), None)
    fitting = [m for m in meetings if m.status == mention.status]
    if mention.headline:
        if not fitting:
            return None
        return next((m for m in fitting if _same(m, mention)), fitting[0])
    # 'The talks ...' refers back to the last meeting named before it, preferably one in the same state.
    earlier = [m for m in meetings[:position] if m.status == mention.status] or meetings[:position]
    return (earlier[-1:] or fitting[:1] or meetings[:1] or [None])[0]
