"""Who is named in a sentence: the conflict's parties and the third parties that mediate.

Aliases are proper nouns and matched case-sensitively as whole words ("US" is not "us").
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


@dataclass(frozen=True)
class Mention:
    name: str  # canonical party or mediator name
    start: int
    end: int
    is_party: bool


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
        # A party named by its plural demonym: "Palestinians", "Ukrainians".
        for alias, party in self.demonyms.items():
            for match in re.finditer(r"(?<![\w-])" + re.escape(alias) + r"s(?![\w-])", text):
                found.append(Mention(party, match.start(), match.end(), True))
        return sorted(found, key=lambda m: m.start)

    def party_of(self, phrase: str) -> str | None:
        """The single party named in `phrase`, or None when none or several are."""
        named = {m.name for m in self.mentions(phrase) if m.is_party}
        return named.pop() if len(named) == 1 else None
