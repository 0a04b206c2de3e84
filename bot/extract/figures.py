"""Figures as news copy writes them: a number, its qualifier and the people it counts ('at least 21
people', 'more than 800,000 Ukrainians', '31 of its civilians', 'a Cambodian soldier', 'five more soldiers').

A bare number is a figure too ('18 in Cambodia'); the casualty rules decide from its context whether it
counts people. Numbers glued to a unit ('an 800-kilometre border', '$5 million', '5 percent') and bare
years ('in 1967') are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.actors import Actors
from bot.extract.numbers import NUMBER, parse_number
from bot.models import Group, Metric, Qualifier

_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "a minimum of": "at_least",
    "no less than": "at_least",
    "more than": "more_than",
    "well over": "more_than",
    "well above": "more_than",
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
    "at most": "up_to",
    "fewer than": "up_to",
    "less than": "up_to",
}
_QUAL = (
    r"(?:(?P<qual>(?i:" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r"))\s+)?"
)

VICTIMS: dict[str, Group] = {}
for _words, _group in (
    # Residents and inhabitants count a population, whoever they are: all.
    ("people persons individuals others lives men residents inhabitants person individual", "all"),
    (
        "civilians civilian citizens nationals villagers children child kids boys girls minors babies "
        "infants women students teachers journalists medics doctors nurses paramedics rescuers patients "
        "farmers worshippers passengers mourners relatives tourists visitors pilgrims",
        "civilians",
    ),
    (
        "soldiers soldier troops servicemen serviceman personnel fighters fighter militants militant combatants "
        "rebels insurgents policemen officers guards marines conscripts",
        "military",
    ),
):
    for _w in _words.split():
        VICTIMS[_w] = _group  # type: ignore[assignment]
VICTIMS.update(
    {
        "aid workers": "civilians",
        "health workers": "civilians",
        "medical staff": "civilians",
        "medical workers": "civilians",
        "rescue workers": "civilians",
        "service members": "military",
        "police officers": "military",
        "border guards": "military",
    }
)
_VICTIM = r"(?P<noun>" + "|".join(sorted(map(re.escape, VICTIMS), key=len, reverse=True)) + r")"
# Adjectives that may stand between a number and the people it counts ("23 more Thai soldiers").
_MODIFIER = (
    r"(?:[A-Z][\w’'-]*|more|other|additional|innocent|unarmed|young|foreign|local|elderly|security|"
    r"government|rebel|army|police|aid|civilian|military|armed|pro-\w+)"
)

_SINGULAR = (
    r"(?P<single>\b(?i:a|an|one)\s+(?:(?P<smod>[A-Z][\w’'-]*)\s+|\d+-year-old\s+)?"
    r"(?P<snoun>soldier|civilian|child|boy|girl|baby|person|woman|man|serviceman|officer|fighter|journalist|"
    r"medic)\b)"
)

_FIGURE = re.compile(
    _SINGULAR
    + r"|(?<![\w$€£.,-])"
    + _QUAL
    + NUMBER
    + r"(?![\w-])(?!\s*(?:%|per\s*cent\b|percent\b))"  # '5 percent of the displaced' is a share
    + r"(?:\s+of\s+(?P<poss>its|their|his|her|the)\s+(?P<pnoun>\w+)"
    + r"|(?P<mods>(?:\s+"
    + _MODIFIER
    + r"){0,3}?)\s+"
    + _VICTIM
    + r"(?![\w-])"
    + r"|(?P<plural>\s+[A-Z]\w+s)(?![\w-]))?",
)


def group_of(noun: str | None) -> Group:
    """The group a figure's people belong to: civilians, military, or all when the noun does not say."""
    return VICTIMS.get(noun or "people", "all")


@dataclass
class Figure:
    """One figure in a clause. The fields after `possessive` are filled in by the casualty rules."""

    start: int
    end: int
    count: int
    qualifier: Qualifier | None
    noun: str | None
    party: str | None = None
    metric: Metric | None = None
    toll: bool = False
    possessive: bool = False
    mods: str = ""
    verb_at: int | None = None  # where the active verb before it starts ('strikes killed 30')
    participle: bool = False  # that verb is a participle ('..., killing 30'): its subject opens the clause
    parent: Figure | None = None  # the figure it counts a part of ('including four children')
    lost: bool = False  # 'Russia has lost 1,000 soldiers': the verb's subject is the victims' side
    no_metric: bool = False  # no metric of its own: 'killed or wounded', '251 were taken hostage'
    others: bool = False  # 'four others': more of the people the list's previous member counts


def find_figures(clause: str, actors: Actors) -> list[Figure]:
    """Every figure in the clause, in order, with the party its own words name ('23 Thai soldiers')."""
    found: list[Figure] = []
    for m in _FIGURE.finditer(clause):
        if m.group("single"):
            noun = m.group("snoun").lower()
            group_noun = {
                "woman": "women",
                "man": "people",
                "person": "people",
                "boy": "child",
                "girl": "child",
            }.get(noun, noun)
            fig = Figure(m.start(), m.end(), 1, None, group_noun)
            if m.group("smod"):
                fig.party = actors.party_of(m.group("smod"))
            found.append(fig)
            continue
        count = parse_number(m)
        if count is None:
            continue
        qualifier = _QUALIFIERS[m.group("qual").lower()] if m.group("qual") else None
        noun = m.group("noun")
        fig = Figure(m.start(), m.end(), count, qualifier, noun.lower() if noun else None)
        if m.group("mods"):
            fig.mods = m.group("mods")
            fig.party = actors.party_of(m.group("mods"))
        if m.group("plural"):
            party = actors.party_of(m.group("plural").strip())
            if party is None:
                continue  # '12 Marines' unknown plural: not people we can attribute; re-read without it
            fig.party, fig.noun = party, "people"
        if m.group("poss"):
            pnoun = m.group("pnoun").lower()
            if pnoun not in VICTIMS:
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
