"""When, where and in what state a meeting is, read from the clause that names it.

Status comes from the nearest tense or plan cue ('met', 'will meet', 'due in', 'called off'); a headline's
present tense reports a meeting that was held ('Leaders meet in Doha'); 'hosted by' has no tense and says
held only when nothing else does; 'will not take place' calls a meeting off. A meeting postponed to a new
date ('had been planned for 22 January but were pushed back to 9 February') is scheduled for that date, at
the place it was moved to if it moved. The date is the nearest day-precise
date that belongs to the meeting: not the old date of a postponed meeting, not the day a statement was
made or a cancellation announced when the meeting has a time of its own, and none at all for a process
('weeks of talks') or a vague time ('next week', 'on a date to be agreed'); talks of several days dated by
the day they ended, or by their days ('met on 4 and 5 February'), are dated by their first day. The place is the first place
named after the meeting word ('talks in Doha', 'in the Saudi city of Jeddah', 'near Geneva'), else one
before it ('agreed to send ministers to Geneva for talks'), but not the place of another event ('the war
in Sudan', 'an offensive in Rafah') nor where the speakers are ('Officials in Kyiv said').
"""

from __future__ import annotations

import datetime as dt
import re

from bot.extract.dates import DateMention, find_dates
from bot.extract.text import Sentence, Stems, stems_pattern

Status = str  # "held" | "scheduled" | "cancelled", and while folding: "postponed" (no new date), "absent"

_CANCELLED = re.compile(
    r"\b(?:cancel+(?:ed|s|ing)?|called off|call(?:s|ing)? off|scrapped|postponed indefinitely|abandoned|"
    r"pulled out(?: of)?|withdrew from|did not take place|(?:will|would|shall) not (?:take place|go ahead|be held)|"
    r"won't (?:take place|go ahead|be held)|refus(?:ed|es|al) to (?:attend|participate|"
    r"take part|join)|(?:will|would|did) not (?:attend|take part|participate)|won't (?:attend|take part)|"
    # 'said that meeting was now off' (not 'was off to Doha')
    r"(?:is|was|are|were) (?:now |currently )?off(?! to\b| for\b))\b",
)
# (The status patterns read lower-case text: a case-blind pattern is much slower.)
# A side staying away: the others met without it, or (when nothing says they met) the meeting fell through.
BOYCOTT = re.compile(r"\b(?:boycott(?:ed|ing|s)?|stayed away from|did not attend|skipped)\b", re.IGNORECASE)
_ELLIPTICAL_CANCEL = re.compile(
    r"\W*(?:but|and|yet)?\s*(?:(?:has|have|had) been|was|were|is|are)\s+(?:\w+\s+)?(?:cancel+ed|called off|scrapped)\b",
)
_POSTPONED = re.compile(
    r"\b(?:postponed|delayed|pushed back|put off|rescheduled|moved back)\b", re.IGNORECASE
)
# 'had been due to open on 2 February but were delayed': its predicate without a subject, after the clause.
_ELLIPTICAL_POSTPONE = re.compile(
    r"\W*(?:but|and|yet)?\s*(?:(?:has|have|had) been|was|were|is|are)\s+(?:\w+\s+)?(?:postponed|delayed|"
    r"pushed back|put off)\b",
)
_MOVED_TO_DATE = re.compile(r"\s+(?:\w+\s+)?(?:to|until|for|till)\s+\S")
_HELD = re.compile(
    r"\b(?:met|spent|(?<!be )held|took place|concluded|(?<!be )convened(?! by)|wrapped up|ended|sat down|resumed|began|"
    r"opened|started|continued|continuing|got under way|under ?way|kicked off|signed|joined|attended|arrived|"
    # ('hosted by China' is a reduced relative that says who hosts, in no tense of its own: see _HOSTED_BY)
    r"witnessed|(?<!be )hosted(?! by)|(?:is|are|was|were) holding|"
    r"(?:at|after|following|during) (?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,4}?(?:meeting|talks|summit|"
    r"negotiations|session|ceremony))\b",
)
_SCHEDULED = re.compile(
    r"\b(?:will|shall|set (?:to|for)|scheduled|expected (?:to|in)|due (?:to|in|at|on)|plans? to|planned|"
    r"upcoming|ahead of|prepares? to|(?:is|are|was|were) to|to hold|to meet|would (?:meet|host|hold)|"
    r"be held|next week|later this week|next round|proposed)\b",
)
# 'The talks, hosted by the UAE, focused on ...': a meeting with a host is mostly one that took place, but
# the participle has no tense, so it says held only when no other cue does ('a follow-up meeting, hosted
# by China, is scheduled in Kunming').
_HOSTED_BY = re.compile(r"(?<!be )\bhosted by\b")
# Headlines report past events in the present tense: 'Aliyev and Pashinyan meet in Abu Dhabi'.
_HEADLINE_PRESENT = re.compile(
    r"\b(?:meet|meets|hold|holds|host|hosts|sign|signs|agree|agrees|open|opens|resume|resumes|begin|begins|"
    r"start|starts)\b"
)
INVITED = re.compile(r"\binvit(?:ed|es|ing|ation)\b", re.IGNORECASE)

# The words each rarer cue needs (in lower case): a sentence without them is spared the cue's pattern.
_CANCELLED_STEMS = stems_pattern(
    [
        "cancel",
        "called off",
        "call off",
        "calls off",
        "calling off",
        "scrapped",
        "postponed indefinitely",
        "abandoned",
        "pulled out",
        "withdrew from",
        "refus",
        "will not",
        "shall not",
        "would not",
        "did not",
        "won't",
        "is off",
        "was off",
        "are off",
        "were off",
        "now off",
        "currently off",
    ]
)
_POSTPONED_STEMS = stems_pattern(
    ("postponed", "delayed", "pushed back", "put off", "rescheduled", "moved back")
)
BOYCOTT_STEMS = stems_pattern(("boycott", "stayed away from", "did not attend", "skipped"))


def lacks(unit: Sentence | None, stems: Stems) -> bool:
    """True when `unit`, the sentence of the text read, has none of `stems`: then a pattern each of whose
    matches has one cannot match there. (A case-blind pattern may match a `CASE_TRAPS` character for a
    letter of a stem, so the test holds only for a plain sentence.)"""
    return unit is not None and unit.plain and not unit.has_any(stems)


def postponed_to_a_date(rest: str, unit: Sentence | None = None) -> bool:
    """Whether `rest`, the text after a meeting's clause, moves it to a new date ('had been planned for 22
    January but were pushed back to 9 February'): then the clause and the rest are read as one."""
    if lacks(unit, _POSTPONED_STEMS):
        return False
    late = _ELLIPTICAL_POSTPONE.match(rest)
    return bool(late and _MOVED_TO_DATE.match(rest[late.end() :]))


def meeting_status(
    clause: str, sentence: str, trigger: int, headline: bool, rest: str = "", unit: Sentence | None = None
) -> Status | None:
    """The meeting's state from the cues of its clause (then its sentence), all in lower case: the nearest
    cue wins. `rest` is the text after the clause, whose predicate without a subject still speaks of this
    meeting ('was planned for Nov. 20 but has been called off'); `unit` is the sentence, when at hand."""
    if not lacks(unit, _CANCELLED_STEMS) and (_CANCELLED.search(clause) or _ELLIPTICAL_CANCEL.match(rest)):
        return "cancelled"
    postponed = None if lacks(unit, _POSTPONED_STEMS) else _POSTPONED.search(clause)
    if postponed:
        return "scheduled" if _MOVED_TO_DATE.match(clause[postponed.end() :]) else "postponed"
    late = None if lacks(unit, _POSTPONED_STEMS) else _ELLIPTICAL_POSTPONE.match(rest)
    if late and not _MOVED_TO_DATE.match(rest[late.end() :]):
        return "postponed"  # its old date is void ('had been due to open on 2 February but were delayed')
    for text in (clause, sentence) if clause != sentence else (clause,):
        nearest_held = _nearest(_HELD, text, trigger)
        nearest_scheduled = _nearest(_SCHEDULED, text, trigger)
        if nearest_held is not None or nearest_scheduled is not None:
            return "held" if _or_far(nearest_held) < _or_far(nearest_scheduled) else "scheduled"
    if "hosted by" in sentence and _HOSTED_BY.search(clause):
        return "held"
    if headline and _HEADLINE_PRESENT.search(clause):
        return "held"
    return None


def _nearest(pattern: re.Pattern[str], text: str, pos: int) -> int | None:
    """How far from `pos` the nearest match of `pattern` in `text` starts, or None without one. Matches
    come in order, so the scan stops at the first one from `pos` on: any later one is farther."""
    nearest = None
    for m in pattern.finditer(text):
        distance = abs(m.start() - pos)
        if nearest is None or distance < nearest:
            nearest = distance
        if m.start() >= pos:
            break
    return nearest


def _or_far(distance: int | None) -> int:
    return 10**6 if distance is None else distance


def status_from_tense(
    clause: str, trigger: int, date: DateMention | None, published: dt.date
) -> Status | None:
    """For a clause without a status cue: an invitation with a date is scheduled; a meeting dated by a
    calendar date or 'last Saturday' was held, or is scheduled, as that date is past or still to come."""
    if INVITED.search(clause[:trigger]):
        return "scheduled" if date is not None and date.date >= published else None
    if date is None or date.start < trigger or "," in clause[trigger : date.start]:
        return None  # the date of another event in the clause ('expired on March 1, with talks stalled')
    # A weekday alone ('on Saturday') is read by tense, and there is none here; a calendar date is not.
    precise = date.prep in ("last", "from") or (
        date.prep != "anchor" and any(c.isdigit() for c in clause[date.start : date.end])
    )
    if not precise:
        return None
    return "held" if date.date <= published else "scheduled"


# --- date -------------------------------------------------------------------------------------------------

# A process over weeks, or a time vaguer than a day: the meeting has no date.
_NO_DAY = re.compile(
    r"\b(?:(?:weeks|months|years) of|this week|next week|later this (?:week|month)|next month|"
    r"in the coming (?:days|weeks)|(?:on|at) a (?:date|time) to be (?:agreed|set|announced|decided|fixed)|"
    r"in the near future|soon)\b",
    re.IGNORECASE,
)
_PROCESS = re.compile(r"\b(?:weeks|months|years) of\s+(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
# The day a statement was made or a cancellation announced ('said on Monday', 'on Monday cancelled').
_ACT_BEFORE = re.compile(
    r"\b(?:said|says|told \w+|announced|reported|confirmed|cancel+ed|called off|scrapped)\s+$", re.IGNORECASE
)
_ACT_AFTER = re.compile(r"^\s+(?:cancel+ed|called off|scrapped|announced|said)\b", re.IGNORECASE)
# 'Hours later, ...': the clause happens on the day of the event the article last dated.
# ('Hours before the talks opened' dates another event by the talks, not the talks by another event.)
ANAPHORIC_TIME = re.compile(
    r"\b(?:hours (?:later|earlier)|later that day|earlier that day|earlier in the day|the same day|"
    r"that same day)\b",
    re.IGNORECASE,
)
_MEETING_PREPS = (None, "on", "for", "next", "to", "last", "from")
# Every match of _NO_DAY has one of these (and of _PROCESS, one of the first three).
_NO_DAY_STEMS = stems_pattern(
    [
        "weeks of",
        "months of",
        "years of",
        "this week",
        "next week",
        "later this",
        "next month",
        "in the coming",
        "a date to be",
        "a time to be",
        "in the near future",
        "soon",
    ]
)


def meeting_date(
    clause: str,
    trigger: int,
    status: Status,
    published: dt.date,
    anchor: dt.date | None,
    unit: Sentence | None = None,
) -> DateMention | None:
    """The day of the meeting named at `trigger`, resolved against the publication date (or `anchor`);
    `unit` is the clause's sentence, when at hand."""
    if status == "postponed":
        return None  # its old date is void, and no new one is given
    direction = "past" if status == "held" else "future"
    postponed = (
        _POSTPONED.search(clause) if status == "scheduled" and not lacks(unit, _POSTPONED_STEMS) else None
    )
    preps = (*_MEETING_PREPS, "until", "till") if postponed else _MEETING_PREPS
    dates = [d for d in find_dates(clause, published, direction, anchor) if d.prep in preps]
    if postponed:
        dates = [d for d in dates if d.start >= postponed.end()]  # the new date, not the old one
    vague = not lacks(unit, _NO_DAY_STEMS)
    if vague and _PROCESS.search(clause[:trigger]):
        return None  # 'after weeks of talks': no one day
    acts = [d for d in dates if _is_act_date(clause, d)]
    own = [d for d in dates if d not in acts]
    if not own and vague and _NO_DAY.search(clause):
        return None
    if not own and status != "held":
        return None  # the day it was announced or called off is not the day it is to take place
    chosen = own or acts
    if not chosen:
        return DateMention(trigger, trigger, "anchor", anchor) if anchor is not None else None
    # The meeting's own date follows its word ('talks with Ukrainian officials on Monday'); one before it
    # is more often the date of the subject's own act ('arrived in Istanbul on Sunday for talks').
    following = [d for d in chosen if d.start >= trigger]
    return _first_day(clause, min(following or chosen, key=lambda d: abs(d.start - trigger)))


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# 'two days of talks that ended on Wednesday', 'three-day talks concluded on Friday': dated by the last day.
_SPAN_OF_DAYS = re.compile(r"\b(?P<n>two|three|four|five|six|seven|[2-7])[- ]days?\b", re.IGNORECASE)
_ENDED = re.compile(r"\b(?:ended|concluded|closed|wrapped up|finished)\s+(?:on\s+)?$", re.IGNORECASE)


# 'on 4 and 5 February': the days a meeting spanned (a range, 'from 4 to 7 August', is read as one date).
_DAYS_BEFORE = re.compile(r"\b(?P<day>[0-3]?\d)\s+and\s+$")


def _first_day(clause: str, day: DateMention) -> DateMention:
    """A meeting of several days dated by the day it ended, or by its days ('on 4 and 5 February'), is
    dated by its first day."""
    first = _DAYS_BEFORE.search(clause, max(0, day.start - 12), day.start)
    if first and 0 < day.date.day - int(first.group("day")) < 7:
        return DateMention(day.start, day.end, day.prep, day.date.replace(day=int(first.group("day"))))
    if not _ENDED.search(clause[max(0, day.start - 25) : day.start]):
        return day  # (the short look-behind first: most dates end no span)
    span = _SPAN_OF_DAYS.search(clause[: day.start])
    if not span:
        return day
    n = _NUMBER_WORDS.get(span.group("n").lower()) or int(span.group("n"))
    return DateMention(day.start, day.end, day.prep, day.date - dt.timedelta(days=n - 1))


def _is_act_date(clause: str, d: DateMention) -> bool:
    return bool(
        _ACT_BEFORE.search(clause[max(0, d.start - 25) : d.start]) or _ACT_AFTER.match(clause[d.end :])
    )


# --- place ------------------------------------------------------------------------------------------------

_PLACE = re.compile(
    r"\b(?:in|at|near|(?:travel(?:l?ed|l?ing|s)?|fl(?:y|ew|ies|ying)|head(?:ed|ing|s)?|moved|relocated|"
    r"shifted|visit(?:s|ed|ing)?|trip) to"
    # 'a monitoring meeting set for Goma next Tuesday'
    r"|(?:set|scheduled|planned|slated) for"
    # 'agreed to send ministers to Geneva for talks': where the delegates are sent is where they meet
    r"|sen(?:d|ds|t|ding)\s+(?:[\w-]+\s+){1,3}?to)\s+(?:the\s+)?"
    # 'in the Saudi city of Jeddah', 'in the border village of Baghanis': the name after 'of'
    r"(?:(?:[\w’'-]+\s+){0,3}?(?:city|town|village|resort|capital|port|island|enclave)\s+of\s+)?"
    r"(?:[A-Z][\w’'-]*(?:’s|'s)\s+)?"  # 'in Thailand's Chanthaburi province': the province
    r"(?P<saint>St\.?\s+)?"  # 'St. Petersburg'
    # A name of up to three capitalised words, with the particles of Arabic and European names
    # ('Sharm el-Sheikh', 'Dar es Salaam').
    r"(?P<place>[A-Z][\w’'-]+(?:\s+(?:(?:el|al|es|ash|ad|de|del|di|da|du|la|le|van|von|bin|ibn)[\s-])?"
    r"[A-Z][\w’'-]+){0,2})"
)
_NOT_PLACE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An)\b"
)
# A name that modifies a noun is no place ('at the ASEAN summit', 'at Thailand's request').
_MODIFIER = re.compile(
    r"^(?:’s|'s|\s+(?:summit|meeting|talks|forum|conference|ceremony|session|sidelines|delegation|officials|"
    r"request|level|side|time|base|headquarters|compound|office|embassy|mission|building|palace|residence|"
    r"hotel|capital|city|town|village|resort|port|border))\b"
)
# A place in the subject of a statement is where the speakers are: 'Officials in Marsk said the talks ...'.
_SPEAKERS_AT = re.compile(r"\s+(?:[\w-]+\s+)?(?:said|say|says|told|announced|reported|confirmed|added)\b")
# The place of another event: 'the war in Sudan', 'an offensive in Rafah', 'killed in Gaza', 'a ceasefire
# line in the Donbas', 'as agreed in Putrajaya'. (Lower case only: 'the Rapid Support Forces in Geneva'
# are at the talks.)
_OTHER_EVENT = re.compile(
    r"\b(?:war|fighting|crisis|conflict|violence|situation|clashes|offensive|operations?|attacks?|strikes?|"
    r"killed|displaced|deaths|shelling|bombing|raids?|people|civilians|troops|forces|positions|line|border|"
    r"frontier|front|territory|areas|agreed|signed|reached|decided)\s+$"
)
_TIME_REFERENCE = re.compile(
    r"\b(?:ahead of|before|after|following|since|days? after|days? before)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:[\w-]+\s+){0,3}?$",
    re.IGNORECASE,
)
_TIME_REFERENCE_STEMS = stems_pattern(["ahead of", "before", "after", "following", "since"])
_AGREED = re.compile(r"\b(?:agreed|signed|reached|struck|sealed)\b")
# 'a ceasefire in Gaza' is where it applies; 'signed a ceasefire in Pretoria', where it was signed.
_PACT_IN = re.compile(r"\b(?:cease-?fire|truce|hostilities)\s+$", re.IGNORECASE)
_MOVED_TO_PLACE = re.compile(
    r"\b(?:moved|relocated|shifted|switched) to\s+(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    r"|\b(?:will|would|to) be held in\s+(?P<held>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
)


def _is_place(clause: str, m: re.Match[str]) -> bool:
    """Whether the name `_PLACE` found is a place of the meeting: not a month or an article, no modifier
    of a noun, not the place of another event or of a ceasefire."""
    return not (
        _NOT_PLACE.match(m.group("place"))
        or m.group("place").endswith(("’s", "'s"))
        or _MODIFIER.match(clause[m.end() :])
        or _SPEAKERS_AT.match(clause, m.end())
        or _OTHER_EVENT.search(clause[max(0, m.start() - 30) : m.start()])
        or (
            _PACT_IN.search(clause[max(0, m.start() - 30) : m.start()])
            and not _AGREED.search(clause[max(0, m.start() - 70) : m.start()])
        )
    )


def meeting_place(clause: str, after: int, sentence: str, unit: Sentence | None = None) -> str | None:
    """Where the meeting at `after` is: the first place named after the meeting word, else one before it,
    unless the meeting is only a time reference for another event ('strikes in Kyiv ahead of talks').
    A postponed meeting that was moved (anywhere in the `sentence`) is where it moved to. `unit` is the
    sentence, when at hand."""
    if not lacks(unit, _POSTPONED_STEMS) and _POSTPONED.search(clause):
        moved = _MOVED_TO_PLACE.search(sentence)
        if moved:
            return moved.group("place") or moved.group("held")
    # The first place after the meeting word, and the first before it: the scan stops at the former.
    first: re.Match[str] | None = None
    later: re.Match[str] | None = None
    for m in _PLACE.finditer(clause):
        if not _is_place(clause, m):
            continue
        if m.start() >= after:
            later = m
            break
        first = first or m
    reference = None if lacks(unit, _TIME_REFERENCE_STEMS) else _TIME_REFERENCE.search(clause[:after])
    if reference and not _AGREED.search(clause[: reference.start()]):
        first = None  # (but 'signed a truce in Pretoria after talks': the talks were there)
    chosen = later or first
    if chosen is None:
        return None
    name = (chosen.group("saint") or "") + chosen.group("place")
    return re.sub(r"\s+(?:province|city|region|district|state)$", "", name, flags=re.IGNORECASE)
