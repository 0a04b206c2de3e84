"""Who is named in a sentence, and in what role: the conflict's parties and the third parties that mediate.

Aliases are proper nouns and matched case-sensitively as whole words ("US" is not "us"). A party named
before a word for an attack or armed men ('Israeli strikes', 'RSF fighters') or after 'by' is an attacker;
one named after a preposition of place ('in Gaza', 'on Kyiv', 'in Thailand's Sa Kaeo province') is a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.config import ConflictConfig
from bot.extract.text import words_pattern

# Third parties that commonly host or mediate talks. A conflict's own parties take precedence, and a
# conflict's `mediators` table adds to this list.
COMMON_MEDIATORS: dict[str, list[str]] = {
    "United States": ["US", "U.S.", "USA", "American", "Washington"],
    "United Nations": ["UN", "U.N.", "UN Security Council", "Security Council"],
    "ASEAN": ["Asean", "Association of Southeast Asian Nations"],
    "European Union": ["EU", "E.U."],
    "African Union": ["AU"],
    "Arab League": ["League of Arab States"],
    "ECOWAS": ["Economic Community of West African States"],
    "IGAD": [],
    "OSCE": [],
    "ICRC": ["International Committee of the Red Cross", "Red Cross"],
    "China": ["Chinese", "Beijing"],
    "Malaysia": ["Malaysian"],
    "Qatar": ["Qatari", "Doha"],
    "Egypt": ["Egyptian", "Cairo"],
    "Turkey": ["Türkiye", "Turkish", "Ankara"],
    "Saudi Arabia": ["Saudi", "Riyadh"],
    "United Arab Emirates": ["UAE", "Emirati", "Abu Dhabi"],
    "Russia": ["Russian", "Moscow"],
    "India": ["Indian", "New Delhi"],
    "Japan": ["Japanese", "Tokyo"],
    "France": ["French", "Paris"],
    "United Kingdom": ["UK", "U.K.", "Britain", "British", "London"],
    "Norway": ["Norwegian", "Oslo"],
    "Switzerland": ["Swiss", "Geneva"],
    "Indonesia": ["Indonesian", "Jakarta"],
    "Kenya": ["Kenyan", "Nairobi"],
    "Ethiopia": ["Ethiopian", "Addis Ababa"],
    "South Africa": ["South African", "Pretoria"],
    "Vatican": ["Holy See"],
}

# Phrases that stand for every party of the conflict at once.
ALL_PARTIES = re.compile(
    r"\b(?:the two (?:countries|sides|nations|governments|neighbou?rs|parties|militaries|armies)"
    r"|both (?:countries|sides|nations|governments|parties|militaries|armies)|the warring (?:sides|parties))\b",
    re.IGNORECASE,
)


# What one side does to the other, or the armed men who do it: a party named just before it is the agent.
_ATTACK = re.compile(
    r"^(?:’s|'s)?\s+(?:[\w-]+\s+)?(?:(?:air|drone|missile|rocket|artillery)\s*)?(?:strikes?|attacks?|shelling|"
    r"bombardments?|bombing|raids?|fire|drones?|missiles?|rockets?|artillery|offensive|assaults?|forces|"
    r"troops|soldiers|fighters|militants|gunmen|army|military|jets|warplanes)\b"
)
# 'from the Russian border', 'across the Thai border': a border is no side's ground.
_BORDER = re.compile(r"^\s+(?:border|frontier)\b")
_BY = re.compile(r"\bby\s+(?:an?\s+|the\s+)?$")
# A preposition of place, with an article or a compass adjective: 'in northern Gaza', 'across the Gaza Strip'.
_PLACE_PREP = re.compile(
    r"\b(?:in|inside|across|throughout|on|into|from|at)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|occupied|north|south|east|west)\s+)?$",
    re.IGNORECASE,
)
# Who reports a figure: 'Thai authorities report', 'Gaza's health ministry said', 'according to Kyiv'.
_REPORTER = re.compile(
    r"(?P<who>(?!The\b|A\b|An\b)[A-Z][\w’'-]*(?:’s|'s)?)\s+(?:\w+\s+){0,2}?(?:authorities|officials|ministry|"
    r"Ministry|government|army|military|police|forces|officers|sources|spokesperson|spokesman)\b[^.;]{0,40}?"
    r"\b(?:report|reports|reported|say|says|said|confirmed|confirms|announced|announces|put|puts|counted|"
    r"recorded)\b"
    r"|\baccording to (?:the\s+)?(?P<source>[A-Z][\w’'-]*)"
    r"|(?P<speaker>[A-Z][\w’'-]*)\s+(?:said|says|reported|reports|announced|confirmed)\b"
)


@dataclass(frozen=True)
class Mention:
    name: str  # canonical party or mediator name
    start: int
    end: int
    is_party: bool
    role: str = "name"  # "agent" (attacker), "place" or "name"


class Actors:
    """The names a conflict's articles may use for its parties and for mediators."""

    def __init__(self, conflict: ConflictConfig) -> None:
        self.parties = list(conflict.parties)
        self._names: dict[str, tuple[str, bool]] = {}
        for party, aliases in conflict.parties.items():
            for alias in [party, *aliases]:
                self._names[alias] = (party, True)
        party_set = set(self.parties)
        mediators = {k: v for k, v in COMMON_MEDIATORS.items() if k not in party_set}
        mediators.update(conflict.mediators)
        for mediator, aliases in mediators.items():
            for alias in [mediator, *aliases]:
                self._names.setdefault(alias, (mediator, False))

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return re.compile(words_pattern(list(self._names)))

    @cached_property
    def demonyms(self) -> dict[str, str]:
        """Party aliases that can stand before a noun or as a plural noun ('Thai soldiers', 'Palestinians')."""
        return {alias: party for alias, (party, is_party) in self._names.items() if is_party}

    def mentions(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for match in self._pattern.finditer(text):
            name, is_party = self._names[match.group(0)]
            found.append(Mention(name, match.start(), match.end(), is_party))
        for match in self._plurals.finditer(text):
            found.append(Mention(self._plural_party(match.group(0)), match.start(), match.end(), True))
        return sorted(found, key=lambda m: m.start)

    @cached_property
    def _plurals(self) -> re.Pattern[str]:
        """A party named by its plural demonym: "Palestinians", "Ukrainians", and from a name in -a, "Gazans"."""
        plurals = [re.escape(a) + (r"n?s" if a.endswith("a") else "s") for a in self.demonyms]
        return re.compile(r"(?<![\w-])(?:" + "|".join(plurals) + r")(?![\w-])" if plurals else r"(?!)")

    def _plural_party(self, word: str) -> str:
        for alias, party in self.demonyms.items():
            if word in (alias + "s", alias + "ns"):
                return party
        raise KeyError(word)

    def roles(self, text: str) -> list[Mention]:
        """The parties named in `text`, each with its role: agent, place or plain name."""
        out: list[Mention] = []
        for m in self.mentions(text):
            if not m.is_party:
                continue
            before, after = text[: m.start], text[m.end :]
            if _ATTACK.match(after) or _BY.search(before):
                role = "agent"
            elif _PLACE_PREP.search(before) and not _BORDER.match(after):
                role = "place"
            else:
                role = "name"
            out.append(Mention(m.name, m.start, m.end, True, role))
        return out

    def reporter(self, text: str) -> str | None:
        """The party that reports the figures in `text` ('Cambodia's Interior Ministry says'), the last
        one named when several are."""
        found = None
        for m in _REPORTER.finditer(text):
            found = self.party_of(m.group("who") or m.group("source") or m.group("speaker")) or found
        return found

    def other_party(self, party: str) -> str | None:
        """The other side of a two-party conflict."""
        others = [p for p in self.parties if p != party]
        return others[0] if len(self.parties) == 2 and len(others) == 1 else None

    def party_of(self, phrase: str) -> str | None:
        """The single party named in `phrase`, or None when none or several are."""
        named = {m.name for m in self.mentions(phrase) if m.is_party}
        return named.pop() if len(named) == 1 else None
