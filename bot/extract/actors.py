"""Who is named in a sentence, and in what role: the conflict's parties and the third parties that mediate.

Aliases are proper nouns and matched case-sensitively as whole words ("US" is not "us"). A party named
before a word for an attack or armed men ('Israeli strikes', 'RSF fighters') or after 'by' is an attacker;
one named after a preposition of place ('in Gaza', 'on Kyiv', 'in Thailand's Sa Kaeo province') is a place,
unless a word for a body of people follows it ('from the Viv Ansanm coalition').

A party is named as a source ('Gaza's health ministry said', 'An ENDF commander, who asked not to be named,
said', 'Kyiv denied ... and said'), or referred to as one: 'It said' and 'He said' refer to the last
source named, 'The ministry said' to the last source that is a ministry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.config import ConflictConfig
from bot.extract.mediators import COMMON_MEDIATORS
from bot.extract.names import Joint, NameFinder, joint_finder
from bot.extract.text import words_pattern

# Phrases that stand for every party of the conflict at once.
ALL_PARTIES = re.compile(
    r"\b(?:the two (?:countries|sides|nations|governments|neighbou?rs|parties|militaries|armies)"
    r"|both (?:countries|sides|nations|governments|parties|militaries|armies)|the warring (?:sides|parties))\b",
    re.IGNORECASE,
)


# What one side does to the other, or the armed men who do it: a party named just before it is the agent.
_ATTACK = re.compile(
    # one word may come between ('Russian heavy shelling'), not a conjunction or a preposition ('in Cambodia
    # as shelling continues': Cambodia is no attacker there)
    r"^(?:’s|'s)?\s+(?:(?!(?:as|and|or|but|while|amid|after|before|since|when|where|with|of|in|on|at|to|"
    r"for|from|by|despite)\b)[\w-]+\s+)?(?:(?:air|drone|missile|rocket|artillery)\s*)?(?:strikes?|attacks?|shelling|"
    r"bombardments?|bombing|raids?|fire|drones?|missiles?|rockets?|artillery|offensive|assaults?|forces|"
    r"troops|soldiers|fighters|militants|gunmen|army|military|jets|warplanes)\b"
)
# 'from the Russian border', 'across the Thai border', 'near Israeli positions': a border or a military
# post is no side's ground ('Thai border districts' are).
_BORDER = re.compile(
    r"^\s+(?:(?:border|frontier)\b(?!\s+(?:districts?|provinces?|villages?|towns?|areas?|regions?))|"
    r"(?:positions?|lines?|checkpoints?|posts?|outposts?|bases?|garrisons?)\b)"
)
_BY = re.compile(r"\bby\s+(?:an?\s+|the\s+)?$")
# 'gang members from the Viv Ansanm coalition': a party named before a word for a body of people is that
# body, not a place ('from the Viv Ansanm' is no ground).
_BODY = re.compile(
    r"^\s+(?:coalition|alliance|group|movement|faction|gangs?|militias?|network|organi[sz]ation|umbrella|"
    r"federation|wing)\b"
)
# A preposition of place, with an article, a numeral or a compass adjective: 'in northern Gaza', 'across
# the Gaza Strip', 'in four Thai provinces'; or a noun of a place's people or parts: 'hospitals of Gaza'.
_PLACE_PREP = re.compile(
    r"(?:\b(?:in|inside|within|across|throughout|on|into|from|at|near|around)\s+(?:the\s+)?"
    r"(?:(?:two|three|four|five|six|seven|eight|nine|ten|several|many|\d+)\s+)?"
    r"|\b(?:hospitals?|residents|people|inhabitants|citizens|cities|city|towns?|villages?|parts|areas|"
    r"outskirts)\s+of\s+(?:the\s+)?)"
    r"(?:(?:northern|southern|eastern|western|central|occupied|north|south|east|west)\s+)?$",
    re.IGNORECASE,
)
# A party's name before a word for its ground is a place: 'the Ukrainian city of Sumy', 'Thai border
# districts', 'on the Cambodian side'.
_PLACE_NOUN = re.compile(
    r"^\s+(?:border\s+)?(?:city|cities|towns?|villages?|regions?|provinces?|districts?|territory|soil|side|"
    r"capital|port|areas?|communities)\b"
)
# 'Indian-administered Kashmir': the territory of the party that administers it.
_ADMINISTERED = "-administered"
# Who reports a figure: 'Thai authorities report', 'Gaza's health ministry said', 'according to Kyiv'.
_REPORTER = re.compile(
    # A side's unit: "the Philippine Army's 403rd Infantry Brigade said", "the NPA's North Central Mindanao
    # Regional Command said"
    r"(?P<owner>(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)(?:’s|'s)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:Brigade|Division|Battalion|Regiment|Command|Corps|brigade|division|battalion|regiment)\s+"
    r"(?:said|says|reported|reports|announced|confirmed|claimed|claims)\b"
    # ('The junta's spokesman': a lower-case alias in the possessive)
    r"|(?P<who>(?!The\b|A\b|An\b)[A-Z][\w’'-]*(?:’s|'s)?|\b[a-z][\w-]*(?:’s|'s))\s+(?:\w+\s+){0,2}?"
    r"(?P<body>authorities|officials|"
    r"ministry|Ministry|government|army|military|police|forces|officers|sources|spokesperson|spokesman|"
    r"spokeswoman|governor|mayor|minister|Minister|president|President|council|administration|agency|"
    r"service|headquarters|staff|Staff|command|office|media|ambassador|commander|commanders)\b"
    # 'An ENDF commander, who asked not to be named because ..., said', 'The junta's spokesman, Maj. Gen.
    # Zaw Min Tun, said': a parenthetical of its own
    r"(?:,[^,;]{1,120}?,)?[^.;]{0,40}?"
    r"\b(?:report|reports|reported|say|says|said|confirmed|confirms|announced|announces|put|puts|counted|"
    r"recorded|claimed|claims|told)\b"
    r"|\baccording to (?:the\s+)?(?P<source>[A-Z][\w’'-]*)"
    r"|(?P<speaker>[A-Z][\w’'-]*)\s+(?:said|says|reported|reports|announced|confirmed|claimed|claims)\b"
    # 'Kyiv denied Moscow's claim and said three people were killed': the subject of both verbs
    r"|(?P<denier>(?!The\b|It\b|They\b)[A-Z][\w’'-]*)\s+(?:denied|denies|rejected|rejects|dismissed|dismisses)\b"
    r"[^.;]{0,80}?\band\s+(?:said|says|reported|added)\b"
)
# A speaker named earlier: 'It said', 'The ministry later put the toll at 93', 'the army said', 'He said'
# (after 'The junta's spokesman ... said').
_ANAPHOR = re.compile(
    r"(?:\b(?:[Ii]t|[Tt]hey|[Hh]e|[Ss]he)|\b[Tt]he\s+(?:[\w-]+\s+)?(?P<noun>ministry|Ministry|army|military|"
    r"government|authorities|officials|agency|service|governor|office|spokesman|spokesperson|spokeswoman|"
    r"statement))\s+"
    r"(?:also\s+|later\s+|further\s+)?(?:said|says|reported|reports|added|put|puts|confirmed|announced)\b"
)
# Every match of _REPORTER has one of these, and of _ANAPHOR one of the others: a cheap test first.
_REPORTER_WORDS = (
    *("report", "say", "said", "confirm", "announc", "put", "counted", "recorded", "claim", "told", "added"),
    "according to",
)
_ANAPHOR_WORDS = ("said", "says", "report", "added", "put", "confirmed", "announced")
# An army named by no side ('Army spokesman General X said', 'the military said', 'An army statement
# said'): the article's own army, the one it named with a side (see `casualties`) or the only one a party's
# names call an army.
_ARMY_SOURCE = re.compile(
    r"(?:^\W*|\b(?:[Tt]he|[Aa]n?)\s+)(?:[Aa]rmy|[Mm]ilitary)\b(?:’s|'s)?(?:\s+(?:spokesman|spokesperson|"
    r"spokeswoman|statement|chief|command|commander|officials?|sources?))?(?:,[^,;]{1,80}?,|\s+[^.;]{0,40}?)?"
    r"\b(?:said|says|reported|reports|told|confirmed|announced|added)\b"
)
# A side named as an army: 'Congolese troops', "Sudan's army", 'the Rwandan military'.
ARMY_NOUN = re.compile(r"(?:’s|'s)?\s+(?:army|troops|soldiers|military|armed forces)\b")
# (A state's army, named by the common noun: 'Sudanese army', 'Myanmar military', 'Malian Armed Forces'; not
# an armed movement's proper name, 'Arakan Army'.)
_ARMY_WORD = re.compile(r"\b(?:army|military|armed forces|Armed Forces)\b")
# A demonym: an adjective or plural of a place name ('Israeli', 'Ukrainians', 'Thai' of 'Thailand').
_DEMONYM_END = re.compile(r"(?:an|ans|ian|ians|i|is|ese|ish|ean)$")

_CACHE_SIZE = 2048


@dataclass(frozen=True)
class Mention:
    name: str  # canonical party or mediator name
    start: int
    end: int
    is_party: bool
    role: str = "name"  # "agent" (attacker), "place" or "name"

    @classmethod
    def make(cls, name: str, start: int, end: int, is_party: bool, role: str = "name") -> Mention:
        """`Mention(name, start, end, is_party, role)`, made in a third of the time: a frozen dataclass's
        `__init__` sets each field with a call of `object.__setattr__`, where this writes the new
        instance's dictionary (in the same order). The rules ask for names many times per sentence."""
        mention = object.__new__(cls)
        fields = mention.__dict__
        fields["name"] = name
        fields["start"] = start
        fields["end"] = end
        fields["is_party"] = is_party
        fields["role"] = role
        return mention


class Actors:
    """The names a conflict's articles may use for its parties and for mediators."""

    def __init__(self, conflict: ConflictConfig) -> None:
        self.parties = list(conflict.parties)
        self.keywords = set(conflict.keywords)
        # The rules read the same stretches of an article's text repeatedly; `start_article` forgets them.
        self._seen: dict[str, list[Mention]] = {}
        self._roles_seen: dict[str, list[Mention]] = {}
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
    def _finder(self) -> NameFinder:
        return NameFinder(tuple(self._names), ignore_case=False)

    @cached_property
    def demonyms(self) -> dict[str, str]:
        """Party aliases that can stand before a noun or as a plural noun ('Thai soldiers', 'Palestinians')."""
        return {alias: party for alias, (party, is_party) in self._names.items() if is_party}

    def start_article(self) -> None:
        """Forget the texts read so far: what one article's rules share is never carried to the next."""
        self._seen.clear()
        self._roles_seen.clear()

    def mentions(self, text: str) -> list[Mention]:
        """The parties and mediators named in `text`, in order."""
        cached = self._seen.get(text)
        if cached is None:
            if len(self._seen) > _CACHE_SIZE:
                self._seen.clear()
            cached = self._seen[text] = self._find_mentions(text)
        return list(cached)

    def _find_mentions(self, text: str) -> list[Mention]:
        if self._joint is not None:
            return self._find_joint(text, *self._joint)
        found = []
        for start, end in self._finder.spans(text):
            name, is_party = self._names[text[start:end]]
            found.append(Mention.make(name, start, end, is_party))
        for start, end in self._plurals.spans(text):
            found.append(Mention.make(self._plural_party(text[start:end]), start, end, True))
        return sorted(found, key=lambda m: m.start)

    @cached_property
    def _plurals(self) -> NameFinder:
        """A party named by its plural demonym: "Palestinians", "Ukrainians", and from a name in -a, "Gazans"."""
        plurals = self._plural_words
        # The finder prefers the longest of several plurals that match at one place, the alternation the
        # first listed: only when one plural extends another may they differ.
        if any(a != b and b.startswith(a) for a in plurals for b in plurals):
            alternation = [re.escape(a) + (r"n?s" if a.endswith("a") else "s") for a in self.demonyms]
            return NameFinder(
                (), ignore_case=False, pattern=r"(?<![\w-])(?:" + "|".join(alternation) + r")(?![\w-])"
            )
        return NameFinder(tuple(plurals), ignore_case=False)

    def _find_joint(
        self, text: str, joint: re.Pattern[str], common: frozenset[str], rare: NameFinder | None
    ) -> list[Mention]:
        """`_find_mentions` from one scan for the names and most plurals, and one for the `rare` plurals."""
        names: list[Mention] = []
        plurals: list[Mention] = []
        for m in joint.finditer(text):
            word = m.group()
            named = self._names.get(word)
            if named is not None:
                names.append(Mention.make(named[0], m.start(), m.end(), named[1]))
            if word in common:
                plurals.append(Mention.make(self._plural_parties[word], m.start(), m.end(), True))
        if rare is not None:
            spans = rare.spans(text)
            if spans:
                plurals += [Mention.make(self._plural_parties[text[a:b]], a, b, True) for a, b in spans]
                plurals.sort(key=lambda m: m.start)
        if not plurals:
            return names
        return sorted(names + plurals, key=lambda m: m.start) if names else plurals

    @cached_property
    def _plural_words(self) -> list[str]:
        """The plural demonyms: 'Palestinians', 'Ukrainians', and from a name in -a, 'Gazans' and 'Gazas'."""
        return [a + s for a in self.demonyms for s in (("ns", "s") if a.endswith("a") else ("s",))]

    @cached_property
    def _plural_parties(self) -> dict[str, str]:
        """Each plural demonym's party (the first alias's, as `_plural_party` reads it)."""
        parties: dict[str, str] = {}
        for alias, party in self.demonyms.items():
            for plural in (alias + "s", alias + "ns"):
                if plural in self._plural_words:
                    parties.setdefault(plural, party)
        return parties

    @cached_property
    def _joint(self) -> Joint | None:
        """The names and plurals found by one scan, when that finds what `_finder` and `_plurals` do."""
        return joint_finder(list(self._names), self._plural_words)

    def _plural_party(self, word: str) -> str:
        for alias, party in self.demonyms.items():
            if word in (alias + "s", alias + "ns"):
                return party
        raise KeyError(word)

    def roles(self, text: str) -> list[Mention]:
        """The parties named in `text`, each with its role: agent, place or plain name. A party's name
        glued to '-administered' names its territory ('Indian-administered Kashmir')."""
        cached = self._roles_seen.get(text)
        if cached is None:
            if len(self._roles_seen) > _CACHE_SIZE:
                self._roles_seen.clear()
            cached = self._roles_seen[text] = self._find_roles(text)
        return list(cached)

    def _find_roles(self, text: str) -> list[Mention]:
        """`roles` of a text not read before. (`_BY` needs the word 'by': most texts before a name lack it.)"""
        out: list[Mention] = []
        for m in self.mentions(text):
            if not m.is_party:
                continue
            before, after = text[: m.start], text[m.end :]
            if _ATTACK.match(after) or ("by" in before and _BY.search(before)):
                role = "agent"
            elif (
                _place_before(before) and not _BORDER.match(after) and not _BODY.match(after)
            ) or _PLACE_NOUN.match(after):
                role = "place"
            else:
                role = "name"
            out.append(Mention.make(m.name, m.start, m.end, True, role))
        if _ADMINISTERED in text:
            for m in self._administered.finditer(text):
                name, is_party = self._names[m.group(1)]
                if is_party:
                    out.append(Mention.make(name, m.start(), m.end(), True, "place"))
            out.sort(key=lambda m: m.start)
        return out

    @cached_property
    def _administered(self) -> re.Pattern[str]:
        names = words_pattern(list(self._names))[: -len(r"(?![\w-])")]
        return re.compile(r"(" + names + r")" + _ADMINISTERED + r"\b")

    def reporters(self, text: str, head: str = "") -> list[tuple[int, str]]:
        """Where `text` names a party as the source of its figures ('Cambodia's Interior Ministry says',
        'according to Ukrainian officials', 'Sudan's army said'), and which party; with a `head`, only the
        sources that it names ('ministry' of 'the ministry said', which is not 'Ukraine's General Staff')."""
        found: list[tuple[int, str]] = []
        if not any(word in text for word in _REPORTER_WORDS):
            return found
        for m in _REPORTER.finditer(text):
            if head and head not in m.group(0).lower():
                continue
            if m.group("who"):  # 'Sudan's army' may be one alias
                name = text[m.start("who") : m.end("body")]
                party = self.party_of(name) or self.party_of(m.group("who"))
            elif m.group("owner"):
                name = m.group("owner")
                party = self.party_of(name)
            else:
                name = m.group("source") or m.group("speaker") or m.group("denier")
                party = self.party_of(name)
            if party:
                found.append((m.start(), party))
        return found

    def reporter(self, text: str) -> str | None:
        """The party that reports the figures in `text`, the last one named when several are."""
        found = self.reporters(text)
        return found[-1][1] if found else None

    @staticmethod
    def anaphoric_reporter(text: str) -> str | None:
        """The head noun of the speaker named before that `text` reports through ('ministry' of 'The ministry
        said'), "" for a pronoun ('It said', 'He said'), or None when it names none."""
        if not any(word in text for word in _ANAPHOR_WORDS):
            return None
        m = _ANAPHOR.search(text)
        if m is None:
            return None
        noun = (m.group("noun") or "").lower()
        return "" if noun == "statement" else noun  # 'the statement said': whoever issued one

    @staticmethod
    def army_source(text: str) -> int | None:
        """Where `text` names an army of no side as the source of its figures ('Army spokesman General X
        said', 'the military said'), or None."""
        if "rmy" not in text and "ilitary" not in text:
            return None
        m = _ARMY_SOURCE.search(text)
        return m.start() if m else None

    @cached_property
    def army(self) -> str | None:
        """The party that 'the army' of a story means when the story names none: the only party one of
        whose names is an army's ('Sudanese army', 'Myanmar military')."""
        armies = {
            name for alias, (name, is_party) in self._names.items() if is_party and _ARMY_WORD.search(alias)
        }
        return armies.pop() if len(armies) == 1 else None

    def is_known(self, name: str) -> bool:
        """True for a party's or mediator's name or one of the conflict's routing keywords."""
        return name in self._names or name in self.keywords

    @cached_property
    def _nations(self) -> frozenset[str]:
        """The parties named as a people or a state: one of their names has a demonym among them
        ('Israel'/'Israeli', 'Thailand'/'Thai'), unlike armed movements ('RSF', 'M23', 'junta')."""
        nations = set()
        for party in self.parties:
            words = {
                w.removesuffix("’s").removesuffix("'s") for a in self._aliases_of(party) for w in a.split()
            }
            words = {w for w in words if w[:1].isupper() and len(w) >= 4}
            if any(_is_demonym(d, a) for d in words for a in words if d != a):
                nations.add(party)
        return frozenset(nations)

    def _aliases_of(self, party: str) -> list[str]:
        return [alias for alias, (name, is_party) in self._names.items() if is_party and name == party]

    @property
    def interstate(self) -> bool:
        """True when every party is a people or a state: a war between them, not a civil war, whose
        civilians belong to one side or the other."""
        return len(self._nations) == len(self.parties)

    def victims_side(self, attacker: str) -> str | None:
        """The side whose people an attack by `attacker` hits, when the conflict is between two peoples or
        states: in a civil war, civilians are neither armed side's people."""
        other = self.other_party(attacker)
        return other if other is not None and {attacker, other} <= self._nations else None

    def other_party(self, party: str) -> str | None:
        """The other side of a two-party conflict."""
        others = [p for p in self.parties if p != party]
        return others[0] if len(self.parties) == 2 and len(others) == 1 else None

    def party_of(self, phrase: str) -> str | None:
        """The single party named in `phrase`, or None when none or several are."""
        named = {m.name for m in self.mentions(phrase) if m.is_party}
        return named.pop() if len(named) == 1 else None


def _place_before(before: str) -> bool:
    """`_PLACE_PREP.search(before)`, looked for in the last words only: a match is at most four words
    (and the white space after each) at the end, so it starts at or after the fourth word from the end."""
    words = before.rsplit(None, 4)
    return _PLACE_PREP.search(before, len(words[0]) if len(words) == 5 else 0) is not None


def _is_demonym(word: str, place: str) -> bool:
    """'Thai' of 'Thailand', 'Israeli' of 'Israel', 'Congolese' of 'Congo', 'Gazan' of 'Gaza': an adjective
    or plural of nationality, which an armed movement's names ('RSF', 'Tatmadaw', 'M23') lack."""
    if not _DEMONYM_END.search(word):
        return False
    if place.startswith(word):
        return True
    shared = next(
        (i for i, (a, b) in enumerate(zip(word, place, strict=False)) if a != b), min(len(word), len(place))
    )
    return shared >= 4 and shared >= len(place) - 2  # 'Lebanese' of 'Lebanon'
