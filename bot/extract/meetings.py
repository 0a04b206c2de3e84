"""Meetings: talks, negotiations, summits, signing ceremonies and ministerial or military meetings between
parties or mediators.

Each clause that names a meeting ('talks', 'summit', 'session', 'met', 'to meet') is one mention, with its
participants (meeting_people), and its status, date and place (meeting_parts). Mentions of one article are
then folded into distinct meetings (meeting_fold). A subordinate clause naming a meeting of its own ('...
came as negotiators met in Doha', 'while ...') is another mention, with its own participants; mediators
named as such in the next sentence ('Egyptian and Qatari mediators shuttled between the delegations') took
part in the meeting before it. Phone and video calls, press conferences, statements and visits are
not meetings; nor is a meeting quoted as a document's title, set in an earlier period ('during an ASEAN
summit in October', 'talks on 15 October' in a December article), only hoped for ('offered to mediate
talks'), denied ('will not meet'), a mediator calling on one side at home ('Witkoff met Putin in Moscow'),
or one side's own body meeting by itself ('the security cabinet met', 'at a cabinet session', whichever
parties its ministers belong to). A signing that dates another event
('days after the presidents signed a peace accord') is the accord's origin, background. A meeting named in a
time adverbial that opens a clause ('Hours before the talks began, a drone strike hit ...') dates that
clause's event, so only the adverbial speaks of it. A time clause measured from a meeting ('a day after
negotiators spent Sunday in Geneva') and a second reported clause ('and said the committee would meet
again') name meetings of their own; one that meets 'again' has the last meeting's participants.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from bot.extract.actors import Actors
from bot.extract.dates import find_dates, is_background
from bot.extract.meeting_fold import Mention, fold
from bot.extract.meeting_parts import (
    ANAPHORIC_TIME,
    BOYCOTT,
    BOYCOTT_STEMS,
    INVITED,
    lacks,
    meeting_date,
    meeting_place,
    meeting_status,
    postponed_to_a_date,
    status_from_tense,
)
from bot.extract.meeting_people import (
    add_host,
    at_another_body,
    group_names,
    is_internal,
    is_visit,
    masked,
    one_side_met,
    participants,
)
from bot.extract.text import Sentence, stems_pattern
from bot.models import MeetingFact

# (Meeting words are matched in the lower-case text: a case-blind pattern is much slower.) A meeting word
# is a whole word, not after 'press ', 'news ' or 'media '; those tests follow the word's first letter
# (shifted by it), so that the regex engine looks only at letters that may start a meeting word.
_FRESH = r"(?<!\w[\s\S])(?<!press [\s\S])(?<!news [\s\S])(?<!media [\s\S])"
_TRIGGER_WORDS = (
    "talks",
    "negotiations",
    "summit",
    "summits",
    "meeting",
    "meetings",
    "discussions",
    "consultations",
    "session",
    "ceremony",
    "met",
    "meet",
    "meets",
    "convene",
    "convened",
    "convenes",
    "peace conference",
    "mediation round",
    "round of talks",
    # 'The next round between Russian and Ukrainian negotiators ... is due in Geneva': a round to come is one
    # of talks
    "next round",
    r"discuss(?=\s[^.;]{0,80}\bwith\b)",
    # 'negotiators spent Sunday in Geneva': a day the negotiators spent at a venue is a meeting
    r"s(?:(?<=negotiators s)|(?<=delegations s)|(?<=delegates s)|(?<=mediators s)|(?<=envoys s))pent"
    r"(?=\s+(?!(?:weeks|months|years)\b)(?:[\w-]+\s+){1,3}?(?:in|at)\s)",
    # 'the leaders signed the agreement at the White House': a signing is a meeting of the signatories
    r"signed(?=\s+(?:the|an?)\s+(?:[\w-]+\s+){0,3}?(?:at|in)\s)",
)
_TRIGGER = re.compile("(?:" + "|".join(w[0] + _FRESH + w[1:] for w in _TRIGGER_WORDS) + r")\b")
# The stems of _TRIGGER's words, for a cheap test before it.
_TRIGGER_STEMS = stems_pattern(
    [
        "talk",
        "negotiat",
        "summit",
        "meet",
        "met",
        "discuss",
        "consultation",
        "conven",
        "mediation round",
        "next round",
        "peace conference",
        "session",
        "ceremony",
        "spent",
        "signed",
    ]
)
# A headline's 'sign': the signing of an agreement between the sides ('Congo and Rwanda sign ... in
# Washington'). In the body a signing is a meeting as a 'signing ceremony', 'at a ceremony', or when the
# signatories 'signed the agreement at' a place.
_HEADLINE_SIGN = re.compile(r"\bsigns?\b")
_SIGN = re.compile(r"\bsign(?:ed|s|ing)?\b")
_NOT_MEETING = re.compile(r"\bnegotiating table\b|\b(?:press|news) (?:conference|briefing)\b")
# A meeting only wished for, offered or urged is not a meeting. ('support' in lower case only: the Rapid
# Support Forces are a party, not a wish.)
_HYPOTHETICAL = re.compile(
    r"\b(?:(?i:offer(?:ed|s)? to|urg(?:ed|es|ing)|call(?:ed|s|ing)? for|push(?:ed|es|ing)? for|pressure to|"
    r"hope[sd]? (?:to|for)|seek(?:s|ing)? to|encourag\w+|could|might|reject(?:ed|s)?|ruled out)|support)\b"
)
# 'will not meet', 'never met': a meeting denied.
_NEGATED = re.compile(r"\b(?:not|never|no)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$", re.IGNORECASE)
# Talks over the telephone or a video link are a call, not a meeting.
_PHONE = re.compile(
    r"\b(?:by (?:tele)?phone|(?:tele)?phone (?:call|conversation)|over the (?:tele)?phone|video call)\b", re.I
)
_PHONE_STEMS = stems_pattern(("phone", "video call"))
# Where an agreement in the news was signed is its origin, background ('a ceasefire signed at an ASEAN
# summit', 'the accord reached during talks in Doha').
_ORIGIN = re.compile(
    r"\b(?:accords?|agreements?|deal|declaration|cease-?fire|truce|framework|treaty|pact)\s+(?:[\w,-]+\s+){0,2}?"
    r"(?:signed|agreed|reached|brokered|struck|sealed)\s+(?:[\w-]+\s+){0,4}?(?:at|during|on the sidelines of|"
    r"after|following)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_ORIGIN_STEMS = stems_pattern(("signed", "agreed", "reached", "brokered", "struck", "sealed"))
# 'the accord signed in Washington': the agreement's origin, not the signatories' meeting.
_SIGNED_PARTICIPLE = re.compile(
    r"\b(?:accords?|agreements?|deals?|declarations?|treaty|treaties|pacts?|framework|truce|cease-?fire)"
    r"\s+(?:(?:was|were|is|are|had been|has been|have been|being)\s+)?$",
    re.IGNORECASE,
)
# 'days after the presidents signed a peace accord in Washington': a signing that dates another event is
# where the agreement in the news came from, background like _ORIGIN.
_SIGNED_BEFORE = re.compile(r"\b(?:after|since|following)\s+(?:[\w’'.-]+\s+){0,8}$", re.IGNORECASE)
# 'Hours before the talks began, a drone strike hit ...': a meeting named in a time adverbial that opens
# the clause dates the clause's own event; only the adverbial speaks of the meeting (not the strike's
# place or its attacker).
_FRONTED_TIME = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}?(?:before|after|ahead of|since|following|until)\s+"
    r"(?:(?:the|a|an|this|their|its)\s+)?(?:[\w’'-]+\s+){0,2}$",
    re.IGNORECASE,
)
_VERB_TRIGGERS = frozenset(("met", "meet", "meets", "convene", "convened", "convenes", "signed", "spent"))
_AGREES = re.compile(r"\b(?:agreed|agree|agrees|signed|reached|struck|sealed|accepted)\b")
# 'the committee would meet again': the participants of the meeting before.
_AGAIN = re.compile(r"\s+again\b")
# 'The talks will now be held in Muscat', 'the meeting was moved to Geneva': the meeting named before, at a
# new place.
_MOVED = re.compile(
    r"\b[Tt]he (?:[\w-]+\s+)?(?:talks|meeting|summit|negotiations|round|consultations)\b[^.;]{0,20}?"
    r"\b(?:(?:will|would|is to|are to) now be held|(?:was|were|has been|have been) (?:moved|relocated|shifted)"
    r" to)\b"
)
_WENT_AHEAD = re.compile(r"\b(?:opened|began|met|held|went ahead|got under way)\b")
# A held meeting dated further back than this is background, not the article's news.
_STALE = dt.timedelta(days=30)


def _anchor(sentences: list[Sentence], index: int, published: dt.date) -> dt.date | None:
    """The day of the last dated event before sentence `index`: what 'hours later' counts from."""
    for sentence in reversed(sentences[max(0, index - 3) : index]):
        dates = [d for d in find_dates(sentence.text, published, "past") if d.date <= published]
        if dates:
            return dates[-1].date
    return None


def _triggers(sentence: Sentence, first: re.Match[str] | None) -> list[tuple[int, str, re.Match[str]]]:
    """Each clause of the sentence that names a meeting, with its first meeting word; `first` is the
    first match of _TRIGGER in the whole sentence (in lower case)."""
    found = []
    for offset, clause, low, m in _subclauses(sentence, first):
        # (The matches of _TRIGGER in the clause, one after another, as `finditer` would find them.)
        while m is not None:
            if sentence.quoted and sentence.in_quote(offset + m.start()):
                pass  # a quoted title or slogan, not the reporter's account
            elif _NOT_MEETING.search(low[max(0, m.start() - 12) : m.end() + 12]):
                pass
            elif m.group(0) == "ceremony" and not _SIGN.search(low):
                pass  # a memorial or an inauguration
            else:
                found.append((offset, clause, m))
                break
            m = _TRIGGER.search(low, m.end())
        else:
            if sentence.is_headline:
                sign = _HEADLINE_SIGN.search(low)
                if sign:
                    found.append((offset, clause, sign))
    return found


# 'X's talks with Y in Washington came as negotiators met in Doha': a second meeting, with its own people.
# So is a time clause measured from the first ('talks in Abu Dhabi on Monday, a day after negotiators spent
# Sunday in Geneva') and a second reported clause ('described the talks as constructive and said the
# committee would meet again on Jan. 7').
_SUBORDINATE = re.compile(
    r"\b(?:(?:came|comes|come|coming) as|while|whereas|even as|just as|"
    r"(?:(?:an?|one|two|three|several|a few)\s+(?:hours?|days?|weeks?)|hours|days|weeks)\s+(?:after|before)|"
    r"and (?:said|says|added))\b"
)
_SUBORDINATE_STEMS = stems_pattern(
    [
        *("came as", "comes as", "come as", "coming as", "while", "whereas", "even as", "just as"),
        *("after", "before", "and said", "and says", "and added"),
    ]
)


def _subclauses(
    sentence: Sentence, first: re.Match[str] | None
) -> list[tuple[int, str, str, re.Match[str] | None]]:
    """The sentence's clauses, each split again where a subordinate clause names a meeting of its own:
    each with its offset, its text in lower case and the first match of _TRIGGER in that. `first` is that
    match in the whole sentence, which a clause that is the whole sentence (most are) need not look for
    again."""
    parts: list[tuple[int, str, str, re.Match[str] | None]] = []
    for offset, clause in sentence.clauses:
        if offset == 0 and len(clause) >= len(sentence.lower):
            low, found = sentence.lower, first  # the whole sentence
        else:
            low = sentence.lower[offset : offset + len(clause)]
            found = _TRIGGER.search(low)
        sub = (
            _SUBORDINATE.search(low, found.end()) if found and sentence.has_any(_SUBORDINATE_STEMS) else None
        )
        if sub and _TRIGGER.search(low, sub.end()):
            head, tail = low[: sub.start()], low[sub.start() :]
            parts.append((offset, clause[: sub.start()], head, _TRIGGER.search(head)))
            parts.append((offset + sub.start(), clause[sub.start() :], tail, _TRIGGER.search(tail)))
        else:
            parts.append((offset, clause, low, found))
    return parts


@dataclass
class _Article:
    sentences: list[Sentence]
    actors: Actors
    published: dt.date
    _first_triggers: dict[int, re.Match[str] | None] = field(default_factory=dict)

    @cached_property
    def groups(self) -> dict[str, list[str]]:
        """The article's names for groups of parties or mediators ('the Quad'), read when first needed."""
        return group_names([s.text for s in self.sentences], self.actors)

    def first_trigger(self, index: int) -> re.Match[str] | None:
        """The first match of _TRIGGER in sentence `index` (in lower case), found once: a meeting's
        sentence and the one after it (for mediators joining it) both ask."""
        found = self._first_triggers
        if index not in found:
            sentence = self.sentences[index]
            found[index] = _TRIGGER.search(sentence.lower) if sentence.has_any(_TRIGGER_STEMS) else None
        return found[index]


def _mentions(article: _Article) -> list[Mention]:
    found: list[Mention] = []
    for index, sentence in enumerate(article.sentences):
        first = article.first_trigger(index)
        if not (first or (sentence.is_headline and "sign" in sentence.lower)):
            continue
        triggered = _triggers(sentence, first)
        for k, (offset, clause, trigger) in enumerate(triggered):
            # The rest of the sentence up to the next meeting's clause still speaks of this meeting.
            extent = sentence.text[offset : triggered[k + 1][0] if k + 1 < len(triggered) else None]
            mention = _mention(article, index, offset, clause, trigger, extent)
            if mention is not None:
                found.append(mention)
        if found and found[-1].evidence == sentence.text and index + 1 < len(article.sentences):
            _join_mediators(found[-1], article, index + 1)
    return found


# 'Talks resumed in Cairo. Egyptian and Qatari mediators shuttled between the delegations.'
_MEDIATORS = re.compile(r"\bmediat(?:ors?|ion|ed|ing)\b")
_MEDIATORS_STEMS = stems_pattern(["mediat"])


def _join_mediators(mention: Mention, article: _Article, index: int) -> None:
    """Mediators named as such in the sentence `index`, after a meeting's, with no meeting of their own,
    took part."""
    following = article.sentences[index]
    if (
        following.has_any(_MEDIATORS_STEMS)
        and _MEDIATORS.search(following.lower)
        and not article.first_trigger(index)
    ):
        names = (m.name for m in article.actors.mentions(following.text) if not m.is_party)
        mention.parties.extend(n for n in dict.fromkeys(names) if n not in mention.parties)


def _mention(
    article: _Article, index: int, offset: int, clause: str, trigger: re.Match[str], extent: str
) -> Mention | None:
    """The meeting that `trigger` names in `clause` (at `offset` in sentence `index`), or None when it is
    no meeting the article reports."""
    sentence, actors, published = article.sentences[index], article.actors, article.published
    before = clause[: trigger.start()]
    if trigger.group(0) not in _VERB_TRIGGERS and _FRONTED_TIME.match(before):
        comma = clause.find(",", trigger.end())
        if comma > 0 and not _AGREES.search(clause, comma):
            clause, extent = clause[:comma], extent[:comma]
    if (
        _HYPOTHETICAL.search(before[-40:])
        or _NEGATED.search(before[-20:])
        or (not lacks(sentence, _PHONE_STEMS) and _PHONE.search(clause))
    ):
        return None
    if len(extent) > len(clause) and postponed_to_a_date(
        sentence.lower[offset + len(clause) : offset + len(extent)], sentence
    ):
        clause = extent  # 'had been planned for 22 January but were pushed back to 9 February': the new date
    low = sentence.lower[offset : offset + len(clause)]
    anaphoric = ("hours" in low or "day" in low) and ANAPHORIC_TIME.search(clause)
    anchor = _anchor(article.sentences, index, published) if anaphoric else None
    rest = sentence.lower[offset + len(clause) : offset + len(extent)]
    status = meeting_status(low, sentence.lower, trigger.start(), sentence.is_headline, rest, sentence)
    tentative = None
    if status is None:
        tentative = "scheduled" if INVITED.search(before) else "held"
        day = meeting_date(clause, trigger.start(), tentative, published, anchor, sentence)
        status = status_from_tense(clause, trigger.start(), day, published)
        if status is None:
            return None
    if status != tentative:  # (else the date read for the tentative status is the one)
        day = meeting_date(clause, trigger.start(), status, published, anchor, sentence)
    date = day.date if day else None
    if date is not None and status == "held" and date < published - _STALE:
        return None
    # A month dates a held meeting in the past ('a summit in October'), a scheduled one ahead.
    if (
        date is None
        and status != "scheduled"
        and is_background(sentence.text, published, offset + trigger.start(), sentence)
    ):
        return None
    # (These tests need no participants: they come before the costlier reading of them.)
    if (
        (not lacks(sentence, _ORIGIN_STEMS) and _ORIGIN.search(before))
        or (
            trigger.group(0) == "signed"
            and (_SIGNED_PARTICIPLE.search(before) or _SIGNED_BEFORE.search(before))
        )
        or at_another_body(clause, actors)
    ):
        return None
    place = meeting_place(clause, trigger.start(), sentence.text, sentence)
    clause_m = masked(clause, sentence)
    people = participants(clause_m, trigger, extent, actors, article.groups, sentence)
    word = trigger.group(0)
    if word == "session" and not people.any_party:
        return None  # a body's session that no side attends: no talks between them
    if is_visit(clause_m, people.names, place, actors):
        return None
    add_host(people.names, place, actors)
    if is_internal(clause, trigger, people) or one_side_met(word, people.names, actors):
        return None
    if place is None and status == "held" and sentence.dateline:
        place = sentence.dateline  # a meeting in the lead with no place of its own: where it was filed
    if not lacks(sentence, BOYCOTT_STEMS) and BOYCOTT.search(clause):
        people.absent.extend(n for n in people.names if n in actors.parties)
        # A boycott of a meeting that went ahead says who was absent; otherwise the meeting fell through.
        status = "absent" if _WENT_AHEAD.search(sentence.text) else "cancelled"
    again = not people.named and bool(_AGAIN.match(clause, trigger.end()))
    moved = place is not None and date is None and status == "scheduled" and bool(_MOVED.search(clause))
    return Mention(
        people.names,
        people.named,
        place,
        date,
        status,
        sentence.text,
        sentence.is_headline,
        people.absent,
        again=again,
        moved=moved,
    )


def extract_meetings(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[MeetingFact]:
    """The distinct meetings an article reports, in order of first mention."""
    meetings = fold(_mentions(_Article(sentences, actors, published)))
    return [
        MeetingFact(
            parties=[p for p in m.parties if p not in m.absent] or list(actors.parties),
            place=m.place,
            date=m.date,
            status=m.status,  # type: ignore[arg-type]
            evidence=m.evidence,
        )
        for m in meetings
    ]
