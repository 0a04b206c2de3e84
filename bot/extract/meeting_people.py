"""Who takes part in a meeting, who stays away, and when the participants make it no meeting at all.

The participants are the parties and mediators named as the meeting's subject ('Thai and Cambodian
ministers met'; after 'agreed ... at/after talks', the sides that agreed), its objects ('talks between the
army and the RSF', 'talks with Egyptian officials', 'a summit of ASEAN leaders') and its hosts, mediators
and observers anywhere in the rest of the sentence ('hosted by Qatar', 'mediated by Egypt, Qatar and the
United States', 'under Angolan mediation', 'US-brokered', 'with the U.S. ambassador attending'), also by a
group name the article defines ('... and Egypt — the so-called Quad'). A name after a preposition of place
or topic ('in Doha', 'talks on Gaza', 'the ambassador to Malaysia') and the source of a statement
(', officials in Baku and Yerevan said'), the owner of the venue ('at the headquarters of the UN force')
and a mediator's city naming the talks ('the Geneva talks') are not participants; nor is a side 'without' whose
representatives the others met, or one that boycotted. A single side meeting in a mediator's city meets
its host, and one side meeting in another side's seat meets that side. No meeting between sides: a mediator calling on one side at home or on a visit, one side's own
body meeting by itself, both sides attending another body's gathering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.extract.actors import ALL_PARTIES, Actors, Mention
from bot.extract.fast import Blind
from bot.extract.meeting_parts import lacks
from bot.extract.text import Sentence, stems_pattern


@dataclass
class People:
    names: list[str] = field(default_factory=list)  # participants, parties and mediators, in text order
    absent: list[str] = field(default_factory=list)  # sides named as staying away
    all_parties: bool = False  # 'the two sides', 'both countries'
    any_party: bool = False  # whether a party (not only mediators) is named
    groups: dict[str, list[str]] = field(default_factory=dict)  # the article's names for groups

    @property
    def named(self) -> int:
        """How many participants the text names outright; 0 when none of them is a party."""
        return len(self.names) if self.all_parties or self.any_party else 0


# A name after these is a place or a topic, not a participant ('in Doha', 'talks on Gaza'), or the owner
# of the venue ('at the headquarters of the UN peacekeeping force': the UN lends the room, it does not talk).
_PLACE_OR_TOPIC = re.compile(
    r"\b(?:in|inside|at|near|to|into|across|on|over|about|against|towards?|sidelines of|"
    r"(?:headquarters|offices?|compound|premises|base|residence|embassy|palace|building) of)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|occupied|north|south|east|west)\s+)?$",
    re.IGNORECASE,
)
# Who said it: ', officials in Baku and Yerevan said', ', Qatar's prime minister said on Wednesday,'.
_ATTRIBUTION = re.compile(
    r",\s*[^,;]{1,80}?\s(?:said|says|told (?:reporters|journalists|\w+)|announced|reported|confirmed|added)"
    r"(?:\s+(?:on|late on|early on)\s+\w+)?\s*(?=[,.;]|$)"
    r"|\baccording to\s+[^,;]{1,60}"
)
_ATTRIBUTION_VERBS = ("said", "says", "told", "announced", "reported", "confirmed", "added", "according")
_ATTRIBUTION_STEMS = stems_pattern(_ATTRIBUTION_VERBS)
# Where the subject of a meeting word ends: a time reference makes the meeting the date of another event.
_TIME_CUT = re.compile(r"\b(?:ahead of|before|after|following|since|amid|days? after|a week after)\s", re.I)
# Every match of ALL_PARTIES has one of these.
_ALL_PARTIES_STEMS = stems_pattern(["the two", "both", "the warring"])
_TIME_CUT_STEMS = stems_pattern(("ahead of", "before", "after", "following", "since", "amid"))
_AGREEING = re.compile(r"\b(?:agreed|agree|agrees|signed|sign|signs|reached|struck|sealed|accepted)\b")
# A purpose: what a meeting is about, not who attends ('met to discuss the Lebanon truce').
_PURPOSE = r"\bto (?:discuss|approve|review|consider|address|finali[sz]e|present|endorse|sign|vote)\b"
# Where the object of a meeting word ends: a new clause, a statement's source.
_OBJECT_END = re.compile(
    r";|,\s+(?:and\s+)?(?:[a-z]+ed|which|who|where|after|as|while|amid|citing|accusing|according|due|"
    r"hosted|mediated|with)\b|\s(?:as|while|amid|despite|because|after|before)\s"
    # a purpose says what the meeting is about, not who attends ('met to discuss the Lebanon truce')
    r"|" + _PURPOSE
)
# A verb after the meeting word starts the predicate: 'the talks opened, Russian strikes...'.
_VERB = re.compile(r"\b(?:[a-z]+ed|began|met|held|took|will|would|is|are|was|were|has|have|had)\b")
# (Case-blind, matched in the text's lower case: only where each match ends is read.)
_ROLE_BY = Blind(
    r"\b(?:(?:co-)?hosted|mediated|brokered|convened|chaired|attended|witnessed|facilitated|sponsored|led)"
    r"\s+by\s+|\bunder the (?:auspices|mediation|aegis) of\s+|\bin the presence of\s+|\bobservers? from\s+"
    r"|\bwith (?:an?\s+)?(?:delegations?|representatives|envoys|negotiators|officials) (?:from|of)\s+"
    r"|\b(?:bring|brings|bringing|brought) together\s+"
)
# Every match of _ROLE_BY has one of these, or 'with ' (in lower case). ('led' is followed by white space,
# which masking may widen, or by the comma where a blanked statement source began.)
_ROLE_BY_STEMS = stems_pattern(
    [
        "hosted",
        "mediated",
        "brokered",
        "convened",
        "chaired",
        "attended",
        "witnessed",
        "facilitated",
        "sponsored",
        "led ",
        "led,",
        "under the",
        "presence of",
        "observer",
        "together",
    ]
)
# A list of names ends at a comma that does not continue it ('Egypt, Qatar and the US' continues), and at
# the meeting's purpose ('a delegation led by X in Cairo to discuss the U.S. plan').
_LIST_END = re.compile(r";|,\s+(?!and\s+(?:the\s+)?[A-Z]|[A-Z]|the\s+[A-Z])|" + _PURPOSE)
# (Case-blind: its twin finds the matches in the text's lower case, and the names are read from the text.)
_ROLE_AROUND = Blind(
    r"\bwith\s+(?P<with>[^;]{1,80}?)\s+(?:attending|in attendance|mediating|observing|present|looking on|"
    r"(?:acting |serving )?as (?:guarantors?|mediators?|observers?|facilitators?|hosts?|witness(?:es)?))\b"
    r"|\bwith\s+(?P<mediators>[^;]{1,80}?)\s+(?:mediators?|observers?)\b"
    r"|\bunder\s+(?P<under>[^,;]{1,50}?)\s+(?:mediation|auspices|sponsorship|aegis)\b"
)
# 'US-brokered', 'China-hosted': found from the hyphen, then the word before it.
_COMPOUND_ROLE = re.compile(
    r"-(?:brokered|hosted|led|mediated|sponsored|convened|facilitated)\b", re.IGNORECASE
)
# An agreement the talks are about ('to discuss the second phase of the U.S.-brokered plan'): its broker
# brokered the plan, not these talks (unlike the broker of an agreement signed at them).
_TOPIC_BEFORE = re.compile(r"\b(?:of|on|about|over|discuss|implement\w*)\s+(?:the\s+|a\s+|its\s+)?$")
_PLAN_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:plan|deal|cease-?fire|truce|agreement|accord|proposal|framework|roadmap|initiative|"
    r"moratorium)s?\b",
    re.IGNORECASE,
)
_ABSENT = re.compile(
    r"\bwithout\s+(?:(?:any\s+)?(?:representatives?|delegates?|a delegation|delegations|envoys?|"
    r"the participation|members)\s+(?:of|from)\s+)?(?P<who>[^,;]{1,60})"
)
# One side's own body meeting by itself: 'Israel's security cabinet met', 'the UN Security Council met'.
_BODY = re.compile(
    r"\b(?:cabinet|council|parliament|assembly|congress|senate|politburo|knesset|duma|rada|legislature)\b",
    re.IGNORECASE,
)
# 'Putin met his security council': the object is the side's own body.
_OWN_BODY = re.compile(
    r"\s+(?:with\s+)?(?:his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(?:cabinet|council|parliament|"
    r"government|ministers|commanders|generals|advisers|advisors|aides)\b",
    re.IGNORECASE,
)
# 'at a cabinet session', 'a parliamentary sitting': a government's or a legislature's own session, named as such.
_CABINET_SESSION = re.compile(
    r"\b(?:cabinet|parliamentary|parliament|council of ministers)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
# An envoy's trip to one side: a visit, not talks between the parties ('A senior US adviser travelled to
# Port Sudan to meet government officials').
_VISIT = re.compile(r"\b(?:visit(?:s|ed|ing)?|envoy|trip|travel(?:l?ed|l?ing|s)|flew)\b", re.IGNORECASE)
# Both sides attending another body's gathering ('attended a meeting of Shanghai Cooperation Organisation
# defence ministers') is no meeting between them.
_ELSEWHERE = re.compile(
    r"\battend(?:ed|s|ing)?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:meeting|summit|session|conference|forum|"
    r"gathering)\s+of\s+(?!the (?:two|warring))(?:the\s+)?(?P<body>[A-Z][^,;]{0,60})"
)


def at_another_body(clause: str, actors: Actors) -> bool:
    """Both sides attending the gathering of a body that is neither a side nor a mediator ('attended a
    meeting of Shanghai Cooperation Organisation defence ministers'): no meeting between them."""
    m = _ELSEWHERE.search(clause) if "attend" in clause else None
    return bool(m) and not actors.mentions(m.group("body"))


# Same-length rewrites that let aliases match: 'Thai-Cambodian', 'US-brokered' -> two words;
# "Myanmar's military" -> 'Myanmar military' (a party named 'Myanmar military').
_HYPHEN = re.compile(r"(?<=[\w.])-(?=\w)")
_POSSESSIVE = re.compile(r"\b([A-Z][\w]+)(?:’s|'s) ([a-z]+)\b")


# A group the article defines by its members: 'the United States, Saudi Arabia, the UAE and Egypt — the
# so-called Quad —', '... and Norway (the guarantors)'.
_GROUP = re.compile(
    r"\s*[—–(]\s*(?:the\s+)?(?:so-called\s+|known as (?:the\s+)?)?[\"“]?(?P<name>[A-Z][\w-]{1,20})[\"”]?"
    r"\s*(?:[—–),.;]|$)"
)
_LIST_START = re.compile(r"\b(?:by|of|from|between|including|among)\s")
_GROUP_MARK = re.compile(r"[—–(]")


def _group_matches(text: str) -> list[re.Match[str]]:
    """The matches of _GROUP in `text`, as `finditer` finds them, looked for only where one may start: at
    the white space before a dash or parenthesis. (A pattern that opens with optional white space is
    otherwise tried at every character.)"""
    found: list[re.Match[str]] = []
    end = 0
    for mark in _GROUP_MARK.finditer(text):
        start = mark.start()
        if start < end:
            continue  # inside the last match
        while start > end and text[start - 1].isspace():
            start -= 1
        m = _GROUP.match(text, start)
        if m:
            found.append(m)
            end = m.end()
    return found


def group_names(texts: list[str], actors: Actors) -> dict[str, list[str]]:
    """Names the article gives to groups of parties or mediators ('the Quad'), with their members."""
    groups: dict[str, list[str]] = {}
    for text in texts:
        if "—" not in text and "–" not in text and "(" not in text:
            continue
        for m in _group_matches(text):
            before = text[max(0, m.start() - 150) : m.start()]
            starts = [m.end() for m in _LIST_START.finditer(before)]
            members = [n.name for n in names_in(before[starts[-1] if starts else 0 :], actors)]
            if len(set(members)) >= 2 and not actors.mentions(m.group("name")):
                groups[m.group("name")] = list(dict.fromkeys(members))
    return groups


_FIRST_WORD = re.compile(r"[A-Z][\w]*")


def names_in(text: str, actors: Actors) -> list[Mention]:
    """The parties and mediators named in `text`, also inside compounds ('Junta-TNLA talks'), possessives
    ("Myanmar's military") and at the start of a sentence ('Junta air strikes'), in text order."""
    variant = _HYPHEN.sub(" ", text) if "-" in text else text
    if "'s " in variant or "’s " in variant:
        variant = _POSSESSIVE.sub(lambda m: f"{m.group(1)} {m.group(2)}  ", variant)
    found: dict[int, Mention] = {}
    texts = [text] if variant == text else [text, variant]
    first = _FIRST_WORD.match(text)
    if first and actors.mentions(first.group(0).lower()):
        texts.append(text[:1].lower() + variant[1:])
    for candidate in texts:
        for m in actors.mentions(candidate):
            if m.start not in found or m.end > found[m.start].end:
                found[m.start] = m
    return [found[k] for k in sorted(found) if not _title_tail(text, found[k], actors)]


_TITLE_HEAD = re.compile(r"\b([A-Z][a-z]+) and $")


def _title_tail(text: str, m: Mention, actors: Actors) -> bool:
    """A name of several words that ends a longer title ('Peace and Security Council' is no 'Security
    Council'): joined by 'and' to a capitalised word that names no one."""
    if " " not in text[m.start : m.end]:
        return False
    head = _TITLE_HEAD.search(text[max(0, m.start - 20) : m.start])
    return bool(head) and not actors.mentions(head.group(1))


def masked(text: str, unit: Sentence | None = None) -> str:
    """`text` with statement sources blanked out (same length); `unit` is its sentence, when at hand."""
    if unit is not None and not unit.has_any(_ATTRIBUTION_STEMS):
        return text  # (the sentence has none of the verbs in any case, so its part has none as written)
    if not any(verb in text for verb in _ATTRIBUTION_VERBS):
        return text
    return _ATTRIBUTION.sub(lambda m: " " * len(m.group(0)), text)


# A mediator's alias that reads as a city's name: capitalised, not an acronym, not a demonym ('Swiss',
# 'Qatari', 'Turkish', 'American'), not a body ('Red Cross', 'Security Council').
_CITY_LIKE = re.compile(r"[A-Z][a-zà-ÿ’'-]+(?: [A-Z][a-zà-ÿ’'-]+)?")
_NOT_CITY = re.compile(r"(?:an|ese|ish|ss|ch|ic|Council|Union|League|Community|Nations)$|^[A-Z][a-z]+i$")


def _venue_before(before: str, actors: Actors) -> str:
    """`before` (the text up to a meeting word) without a mediator's city that names the meeting ('the
    Geneva talks', 'the Doha negotiations'): the city is where the talks are, not who takes part (a
    mediator taking part is named as one: 'Swiss mediators', 'hosted by Qatar')."""
    tail = before.rstrip()
    if not tail or not tail[-1].isalpha():
        return before
    for m in actors.mentions(tail[-30:]):
        alias = tail[-30:][m.start : m.end]
        if (
            m.end == len(tail[-30:])
            and not m.is_party
            and alias != m.name
            and _CITY_LIKE.fullmatch(alias)
            and not _NOT_CITY.search(alias)
        ):
            cut = len(tail) - len(alias)
            return before[:cut] + " " * (len(before) - cut)
    return before


def participants(
    clause_m: str,
    trigger: re.Match[str],
    extent: str,
    actors: Actors,
    groups: dict[str, list[str]],
    unit: Sentence | None = None,
) -> People:
    """Who takes part in the meeting named by `trigger` in a clause, given with its statement sources
    blanked out (`clause_m`, from `masked`); `extent` is the rest of the sentence that still speaks of this
    meeting (where its hosts and mediators may be named); `groups` are the article's names for groups of
    them ('the Quad'); `unit` is the sentence, when at hand."""
    people = People(groups=groups)
    before = clause_m[max(0, trigger.start() - 250) : trigger.start()]
    zones: list[str] = []
    cuts = [] if lacks(unit, _TIME_CUT_STEMS) else list(_TIME_CUT.finditer(before))
    if cuts:
        cut = cuts[-1]
        agreeing = _AGREEING.search(before[: cut.start()])
        if agreeing:  # 'Israel and Hamas agreed ... after talks': the sides that agreed took part
            zones.append(before[: agreeing.start()])
        before = before[cut.end() :]
    zones.append(_venue_before(before, actors) if before[-1:].isspace() else before)
    after = clause_m[trigger.end() : trigger.end() + 140]
    end = _OBJECT_END.search(after) or _VERB.search(after)
    zones.append(after[: end.start()] if end else after)
    if not lacks(unit, _ALL_PARTIES_STEMS) and any(ALL_PARTIES.search(z) for z in zones):
        people.all_parties = True
    for zone in zones:
        _add(people, zone, actors)
    if not lacks(unit, _ROLE_BY_STEMS) or "with" in extent.lower() or "under" in extent or "-" in extent:
        for zone in _role_zones(masked(extent, unit), unit):
            _add(people, zone, actors)
    if people.all_parties:
        people.names.extend(p for p in actors.parties if p not in people.names)
    for m in _ABSENT.finditer(extent) if "without" in extent else ():
        people.absent.extend(n.name for n in names_in(m.group("who"), actors) if n.is_party)
    people.absent = list(dict.fromkeys(people.absent))
    return people


def _role_zones(text: str, unit: Sentence | None = None) -> list[str]:
    """Where `text` (of the sentence `unit`, when at hand) names hosts, mediators and observers."""
    zones = []
    low = text.lower()
    plain = low if unit is not None and unit.plain else None  # (else `Blind` tells)
    by = not lacks(unit, _ROLE_BY_STEMS) or "with " in low
    for _, after in _ROLE_BY.spans(text, plain) if by else ():
        rest = text[after : after + 100]
        end = _LIST_END.search(rest)
        zones.append(rest[: end.start()] if end else rest)
    if "with" in text or "under" in text:
        for m in _ROLE_AROUND.twin_finditer(text, plain):
            # (The group of the alternative that matched, read in the text's own case.)
            group = "with" if m.start("with") >= 0 else "mediators" if m.start("mediators") >= 0 else "under"
            zones.append(text[m.start(group) : m.end(group)])
    if "-" in text:
        for m in _COMPOUND_ROLE.finditer(text):
            word_at = text.rfind(" ", 0, m.start()) + 1
            if _PLAN_AFTER.match(text, m.end()) and _TOPIC_BEFORE.search(text, 0, word_at):
                continue  # the broker of the plan under discussion
            zones.append(text[word_at : m.start()])
    return zones


def _add(people: People, zone: str, actors: Actors) -> None:
    for group, members in people.groups.items():
        if re.search(rf"\b{re.escape(group)}\b", zone):
            people.names.extend(n for n in members if n not in people.names)
            people.any_party = people.any_party or any(n in actors.parties for n in members)
    for m in names_in(zone, actors):
        if _PLACE_OR_TOPIC.search(zone[max(0, m.start - 30) : m.start]):
            continue
        if m.name not in people.names:
            people.names.append(m.name)
        people.any_party = people.any_party or m.is_party


def is_internal(clause: str, trigger: re.Match[str], people: People) -> bool:
    """One side's own body meeting by itself ('Israel's security cabinet met', 'its defence council met'):
    no talks between sides or with a mediator."""
    if _CABINET_SESSION.search(clause, max(0, trigger.start() - 40), trigger.start()):
        return (
            True  # whoever sits in it: a cabinet is one government's, whichever parties its ministers are of
        )
    if len(people.names) > 1 or people.all_parties:
        return False
    subject = clause[max(0, trigger.start() - 60) : trigger.start()]
    return bool(_BODY.search(subject) or _OWN_BODY.match(clause, trigger.end()))


def one_side_met(word: str, parties: list[str], actors: Actors) -> bool:
    """One side meeting by itself ('Israel's security cabinet met on Monday'): no talks between sides."""
    return word in ("met", "meet", "meets", "convene", "convened", "convenes", "discuss") and (
        len(parties) == 1 and parties[0] in actors.parties
    )


def add_host(names: list[str], place: str | None, actors: Actors) -> None:
    """A single side meeting in a mediator's city ('Zelenskyy will meet Trump in Washington') meets its
    host; so does one side meeting in another side's seat ('after meeting SDF commander Mazloum Abdi in
    Damascus'): whoever came to the other's capital came to meet it. (One side named alone in its own
    seat is a side's own meeting, left to `one_side_met`.)"""
    if not place or sum(n in actors.parties for n in names) != 1:
        return
    for m in actors.mentions(place):
        if m.name not in names and (m.is_party or len(names) == 1):
            names.append(m.name)


def is_visit(clause: str, parties: list[str], place: str | None, actors: Actors) -> bool:
    """A mediator meeting a single side on its own ground ('Witkoff met Putin in Moscow') or on a visit."""
    sides = {p for p in parties if p in actors.parties}
    host = actors.party_of(place) if place else None
    if host:
        sides.add(host)
    mediators = [p for p in parties if p not in actors.parties]
    if len(sides) > 1 or not mediators:
        return False
    at_mediator = bool(place) and any(not m.is_party for m in actors.mentions(place or ""))
    return host is not None or (not at_mediator and bool(_VISIT.search(clause)))
