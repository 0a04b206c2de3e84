"""Casualty figures: how many people of which side were killed, injured, displaced or are missing.

A figure is a number tied to the people it counts ('21 people', '31 of its civilians', 'a Cambodian
soldier') or to a toll ('the death toll has reached 96'), and to a metric word in its clause ('killed',
'have been displaced'). Figures joined by 'and' or commas form a list that shares its metric, and a later
member without a qualifier or noun takes the earlier one's ('at least 21 killed in Thailand and 18 in
Cambodia' -> 18, at_least). Vague amounts ('dozens', 'hundreds of thousands') are never figures.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.extract.actors import Actors
from bot.extract.numbers import NUMBER, parse_number
from bot.extract.text import Sentence, clauses
from bot.models import CasualtyFact, Group, Metric, Qualifier

_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "a minimum of": "at_least",
    "no less than": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "above": "more_than",
    "about": "about",
    "around": "about",
    "nearly": "about",
    "almost": "about",
    "close to": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "just under": "about",
    "just over": "about",
    "as many as": "up_to",
    "up to": "up_to",
}
_QUAL = (
    r"(?:(?P<qual>(?i:" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r"))\s+)?"
)

_VICTIMS: dict[str, Group] = {}
for _words, _group in (
    ("people persons individuals others lives residents inhabitants person individual", "all"),
    (
        "civilians civilian children child kids women minors babies infants villagers students journalists "
        "medics farmers",
        "civilians",
    ),
    (
        "soldiers soldier troops servicemen serviceman personnel fighters fighter militants militant combatants "
        "rebels insurgents policemen officers guards marines conscripts",
        "military",
    ),
):
    for _w in _words.split():
        _VICTIMS[_w] = _group  # type: ignore[assignment]
_VICTIMS.update(
    {
        "aid workers": "civilians",
        "health workers": "civilians",
        "service members": "military",
        "police officers": "military",
        "border guards": "military",
    }
)
_VICTIM = r"(?P<noun>" + "|".join(sorted(map(re.escape, _VICTIMS), key=len, reverse=True)) + r")"
# Adjectives that may stand between a number and the people it counts ("23 more Thai soldiers").
_MODIFIER = (
    r"(?:[A-Z][\w’'-]*|more|other|additional|innocent|unarmed|young|foreign|local|elderly|security|"
    r"government|rebel|army|police|aid|civilian|military|armed|pro-\w+)"
)

_SINGULAR = (
    r"(?P<single>\b(?:a|an|one)\s+(?:(?P<smod>[A-Z][\w’'-]*)\s+)?"
    r"(?P<snoun>soldier|civilian|child|person|woman|man|serviceman|officer|fighter|journalist|medic)\b)"
)

_FIGURE = re.compile(
    _SINGULAR
    + r"|(?<![\w$€£.,-])"
    + _QUAL
    + NUMBER
    + r"(?![\w-])"
    + r"(?:\s+of\s+(?P<poss>its|their|his|her|the)\s+(?P<pnoun>\w+)"
    + r"|(?P<mods>(?:\s+"
    + _MODIFIER
    + r"){0,3}?)\s+"
    + _VICTIM
    + r"(?![\w-])"
    + r"|(?P<plural>\s+[A-Z]\w+s)(?![\w-]))?",
)

_METRICS: tuple[tuple[Metric, str], ...] = (
    (
        "killed",
        r"killed|killing|kills|dead|died|die|deaths|death toll|fatalities|perished|slain|"
        r"lost their lives|lives lost|bodies|casualties dead",
    ),
    ("injured", r"injured|injuring|injuries|wounded|wounding|hurt"),
    (
        "displaced",
        r"displaced|displacing|displacement|fled|fleeing|evacuated|uprooted|homeless|refugees|"
        r"forced from their homes|forced to flee|sheltering|made homeless",
    ),
    ("missing", r"missing|unaccounted for|disappeared"),
)
_METRIC_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{m}>{p})" for m, p in _METRICS) + r")\b", re.IGNORECASE)
# A toll phrase right before the number: 'the death toll has reached 96', 'killing at least 20'.
_TOLL_BEFORE = re.compile(
    r"(?:(?P<toll>(?:death|casualty) toll|number of (?:the )?(?:dead|deaths|fatalities))"
    r"(?:\s+\w+){0,4}?\s+(?:at|to|of|reached|hit|surpassed|topped|exceeded)"
    r"|(?P<verb>killing|killed|kill|injuring|injured|wounding|wounded|displacing|displaced|left))\s*$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r"^[^.;:]{0,60}?(?:,|\band\b|\bas well as\b|\bplus\b)\s*$")
# Words that make a figure a possibility, a denial or a condition rather than a report (lower case:
# 'May' the month is not 'may').
_HEDGED = re.compile(
    r"\b(?:could|might|may|would|[Ii]f|[Uu]nless|denied|denies|deny|threatened|threatens|warned|risk|risks|"
    r"fear|fears)\b"
)
_INCREMENT = re.compile(r"\b(?:more|another|additional|further|new)\s*$", re.IGNORECASE)
_PARTY_PLACE = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:in|inside|from|on the)\s+(?P<where>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)"
)
_BOTH_SIDES = re.compile(r"\b(?:both sides|either side|each side|the two countries)\b", re.IGNORECASE)
_REPORTER = re.compile(
    r"(?P<who>[A-Z][\w’'-]*(?:’s|'s)?)\s+(?:\w+\s+){0,2}?(?:authorities|officials|ministry|Ministry|government|"
    r"army|military|police|forces|officers|sources|spokesperson|spokesman)\b[^.;]{0,40}?\b(?:report|reports|"
    r"reported|say|says|said|confirmed|confirms|announced|announces|put|puts|counted|recorded)\b",
)

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_RE = re.compile(
    r"\b(?:(?P<prep>in|on|during|by|since|from|until|through)\s+)?(?:(?:early|mid|late|mid-)\s*)?"
    r"(?P<day1>\d{1,2}\s+)?(?P<month>"
    + "|".join(_MONTHS)
    + r")\b(?P<day2>\s+\d{1,2}\b)?(?:,?\s+(?P<year>\d{4}))?"
)
_PAST_PERIOD = re.compile(
    r"\b(?:last year|earlier this year|last month|previous (?:round|clashes|fighting|war)|at the time|"
    r"years? ago|in (?:19|20)\d\d|that exchange|back then)\b",
    re.IGNORECASE,
)


@dataclass
class _Figure:
    start: int
    end: int
    count: int
    qualifier: Qualifier | None
    noun: str | None
    party: str | None = None
    metric: Metric | None = None
    toll: bool = False
    possessive: bool = False


def is_background(sentence: str, published: dt.date) -> bool:
    """True when the sentence places its event in an earlier period than the article's own."""
    if _PAST_PERIOD.search(sentence):
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence)]
        if not years or min(years) < published.year:
            return True
    for match in _MONTH_RE.finditer(sentence):
        prep = match.group("prep")
        if prep in ("since", "from", "until", "through", "by"):
            continue  # 'since December 8': a cumulative count that runs up to now
        if prep is None and not (match.group("day1") or match.group("day2") or match.group("year")):
            continue  # 'the October agreement' names a thing; it does not date the sentence's event
        year = int(match.group("year")) if match.group("year") else published.year
        month = _MONTHS.index(match.group("month")) + 1
        if (year, month) < (published.year, published.month) or (year, month) > (
            published.year,
            published.month,
        ):
            return True
    return False


def _figures(clause: str, actors: Actors) -> list[_Figure]:
    found: list[_Figure] = []
    for m in _FIGURE.finditer(clause):
        if m.group("single"):
            noun = m.group("snoun").lower()
            group_noun = {"woman": "women", "man": "people", "person": "people"}.get(noun, noun)
            fig = _Figure(m.start(), m.end(), 1, None, group_noun)
            if m.group("smod"):
                fig.party = actors.party_of(m.group("smod"))
            found.append(fig)
            continue
        count = parse_number(m)
        if count is None:
            continue
        qualifier = _QUALIFIERS[m.group("qual").lower()] if m.group("qual") else None
        noun = m.group("noun")
        fig = _Figure(m.start(), m.end(), count, qualifier, noun.lower() if noun else None)
        if m.group("mods"):
            fig.party = actors.party_of(m.group("mods"))
        if m.group("plural"):
            party = actors.party_of(m.group("plural").strip())
            if party is None:
                continue  # '12 Marines' unknown plural: not people we can attribute; re-read without it
            fig.party, fig.noun = party, "people"
        if m.group("poss"):
            pnoun = m.group("pnoun").lower()
            if pnoun not in _VICTIMS:
                continue
            fig.noun, fig.possessive = pnoun, m.group("poss") in ("its", "their")
        if fig.noun is None and _is_bare_year(m, count):
            continue
        found.append(fig)
    return found


def _is_bare_year(m: re.Match[str], count: int) -> bool:
    return (
        bool(m.group("digits")) and "," not in m.group(0) and 1900 <= count <= 2100 and not m.group("scale")
    )


def _metric_near(text: str) -> Metric | None:
    m = _METRIC_RE.search(text)
    if not m:
        return None
    return next(name for name, _ in _METRICS if m.group(name))  # type: ignore[return-value]


def _assign_metrics(clause: str, figs: list[_Figure]) -> None:
    for i, fig in enumerate(figs):
        before = clause[max(0, fig.start - 60) : fig.start]
        toll = _TOLL_BEFORE.search(before)
        if toll:
            fig.toll = True
            fig.metric = "killed" if toll.group("toll") else _metric_near(toll.group("verb"))
            if toll.group("verb") == "left":
                fig.metric = None  # 'left 10 dead': the metric word follows
            if fig.metric:
                continue
        stop = figs[i + 1].start if i + 1 < len(figs) else len(clause)
        fig.metric = _metric_near(clause[fig.end : min(stop, fig.end + 90)])


def _lists(clause: str, figs: list[_Figure]) -> list[list[_Figure]]:
    groups: list[list[_Figure]] = []
    for fig in figs:
        if groups and _LIST_GAP.match(clause[groups[-1][-1].end : fig.start]):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    return groups


def _attribute(clause: str, sentence_before: str, group: list[_Figure], actors: Actors) -> None:
    """Fill in each member's party: its own words, then the place after it, then the reporting side."""
    reporter: str | None = None
    lead = sentence_before + clause[: group[0].start]
    for rep in _REPORTER.finditer(lead):
        reporter = actors.party_of(rep.group("who")) or reporter
    for i, fig in enumerate(group):
        stop = group[i + 1].start if i + 1 < len(group) else min(len(clause), fig.end + 60)
        tail = clause[fig.end : stop]
        if fig.party is None and fig.possessive:
            named = [m for m in actors.mentions(lead + clause[: fig.start]) if m.is_party]
            fig.party = named[-1].name if named else None
            continue
        if fig.party is None:
            place = _PARTY_PLACE.match(tail)
            if place:
                fig.party = actors.party_of(place.group("where"))
        if fig.party is None and not _BOTH_SIDES.search(tail):
            fig.party = reporter


def extract_casualties(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[CasualtyFact]:
    """Every distinct casualty figure stated in the sentences, in order of appearance."""
    facts: list[CasualtyFact] = []
    seen: set[tuple[object, ...]] = set()
    for sentence in sentences:
        current = not is_background(sentence.text, published)
        for offset, clause in clauses(sentence.text):
            figs = _figures(clause, actors)
            if not figs:
                continue
            _assign_metrics(clause, figs)
            for group in _lists(clause, figs):
                _complete_list(group)
                _attribute(clause, sentence.text[:offset], group, actors)
                for fig in group:
                    if not _countable(clause, fig):
                        continue
                    fact = CasualtyFact(
                        metric=fig.metric,  # type: ignore[arg-type]
                        count=fig.count,
                        qualifier=fig.qualifier or "exact",
                        group=_VICTIMS.get(fig.noun or "people", "all"),
                        party=fig.party,
                        current=current,
                        evidence=sentence.text,
                    )
                    key = (fact.metric, fact.count, fact.qualifier, fact.group, fact.party, fact.current)
                    if key not in seen:
                        seen.add(key)
                        facts.append(fact)
    return facts


def _complete_list(group: list[_Figure]) -> None:
    """Members of one list share a metric; a later member inherits a missing qualifier and noun."""
    metrics = [f.metric for f in group if f.metric]
    for i, fig in enumerate(group):
        if fig.metric is None and metrics:
            later = [f.metric for f in group[i + 1 :] if f.metric]
            fig.metric = later[0] if later else metrics[0]
        if i:
            prev = group[i - 1]
            if fig.qualifier is None:
                fig.qualifier = prev.qualifier
            if fig.noun is None and not fig.toll:
                fig.noun, fig.toll = prev.noun, prev.toll


def _countable(clause: str, fig: _Figure) -> bool:
    """A figure counts when it names people or a toll, has a metric, and is asserted as a total."""
    if fig.metric is None or (fig.noun is None and not fig.toll and not _metric_follows(clause, fig)):
        return False
    if _INCREMENT.search(clause[max(0, fig.start - 15) : fig.start]):
        return False  # 'five more killed' adds to a total; it is not one
    return not _HEDGED.search(clause[: fig.start][-80:])


def _metric_follows(clause: str, fig: _Figure) -> bool:
    return bool(
        re.match(
            r"\s+(?:were\s+|have been\s+|had been\s+)?(?:" + "|".join(p for _, p in _METRICS) + ")",
            clause[fig.end :],
            re.IGNORECASE,
        )
    )
