"""Figures as news copy writes them: a number, its qualifier and the people it counts ('at least 21
people', 'more than 800,000 Ukrainians', '31 of its civilians', 'a Cambodian soldier', 'five more soldiers',
'13 of them civilians', 'between 50 and 70 people').

A bare number is a figure too ('18 in Cambodia'); the casualty rules decide from its context whether it
counts people. A side's own people may be named with a modifier ('three of its navy personnel'), and a
metric's participle before the people says what they count ('64 wounded patients'). A plural demonym of
no party ('one million Haitians', 'three Americans') counts people all the same (and a trade or side before workers and soldiers: 'three dock workers', 'an
energy worker', '60 junta soldiers'): the conflict's own
people (a routing keyword's) of no side, or a third country's; so does a demonym whose plural is the
singular ('2 million Burkinabe', '21 Bedouin'), where no noun follows it ('300 Somali troops' are troops). A
bare number of a partitive counts the people its copula names ('127 of those killed were civilians', 'Of
the dead, 40 were children'), and 'another' before a metric's participle is one person ('one soldier was
killed and another wounded'). Numbers glued to a unit ('an 800-kilometre border', '$5 million', '5 percent'), numbers of
things ('4,500 households', '126 drones'), bare years ('in 1967') and 'no one' are not figures. A range
('between 50 and 70', '40 to 50') is one figure: its lower bound, 'at least'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.extract.actors import Actors
from bot.extract.fast import trie
from bot.extract.numbers import (
    NUMBER,
    OPENING_WORDS,
    QUAL,
    QUALIFIER_ONLY,
    QUALIFIERS,
    parse_count,
    parse_number,
)
from bot.models import Group, Metric, Qualifier

VICTIMS: dict[str, Group] = {}
for _words, _group in (
    # Residents, inhabitants and villagers count a population, whoever they are: all. So do refugees and the
    # displaced.
    (
        "people persons individuals others lives men residents inhabitants villagers person individual "
        "refugees evacuees IDPs survivors",
        "all",
    ),
    (
        "civilians civilian citizens nationals children child kids boys girls minors babies "
        "infants women students teachers journalists medics doctors nurses paramedics rescuers patients "
        "farmers worshippers passengers mourners relatives tourists visitors pilgrims porters workers staff "
        "employees volunteers shoppers fishermen drivers players nuns priests monks",
        "civilians",
    ),
    (
        "soldiers soldier troops servicemen serviceman personnel fighters fighter militants militant combatants "
        "rebels insurgents policemen officers guards marines conscripts sailors airmen paratroopers reservists "
        "recruits commanders militiamen paramilitaries gunmen peacekeepers operatives terrorists extremists "
        "jihadists bandits",
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
        "staff members": "civilians",
        "displaced people": "all",
        "displaced persons": "all",
        "service members": "military",
        "police officers": "military",
        "members of the security forces": "military",
        "members of the armed forces": "military",
        "security forces": "military",
        "border guards": "military",
        "gang members": "military",
        "militia members": "military",
    }
)
# Armed men of no regular army: whose side they are on is never inferred from who killed them.
IRREGULAR = frozenset(
    {
        "fighters",
        "fighter",
        "militants",
        "militant",
        "combatants",
        "rebels",
        "insurgents",
        "militiamen",
        "paramilitaries",
        "gunmen",
        "gang members",
        "militia members",
        # (what a side calls the armed men it fights: 'troops killed 40 terrorists')
        "terrorists",
        "extremists",
        "jihadists",
        "bandits",
    }
)
# Nouns that say how their people came to be counted: '6.9 million refugees' are displaced.
NOUN_METRIC: dict[str, Metric] = {
    "refugees": "displaced",
    "evacuees": "displaced",
    "IDPs": "displaced",
    "displaced people": "displaced",
    "displaced persons": "displaced",
}
_VICTIM = "|".join(sorted(map(re.escape, VICTIMS), key=len, reverse=True))
# Adjectives that may stand between a number and the people it counts ("23 more Thai soldiers"), among them
# the participles of a metric, which say what the figure counts ('64 wounded patients', '12 missing
# fishermen').
_MODIFIER = (
    r"(?:[A-Z][\w’'-]*|more|other|additional|innocent|unarmed|young|foreign|local|elderly|security|"
    r"government|rebel|army|police|aid|civilian|military|armed|ethnic|internally|pro-\w+|"
    r"wounded|injured|displaced|missing|"
    # a noun as a modifier of workers and armed men: their trade or their side ('three dock workers', '60
    # junta soldiers', '100 militia fighters', '47 "apostate" soldiers'), not a word of the clause's syntax
    r"[\"“]?(?!(?:were|was|are|is|and|or|but|of|the|in|on|at|to|from|by|with|as|had|have|has|been|all|"
    r"most|mostly|who|that|which|them|whom|those|its|their|his|her|our)\b)[a-z]+[\"”]?"
    r"(?=\s+(?:soldiers|troops|fighters|workers|drivers|players)\b))"
)
_SNOUN = (
    r"soldier|civilian|child|boy|girl|baby|person|woman|man|serviceman|officer|fighter|journalist|medic|"
    r"resident|villager|peacekeeper|nurse|doctor|driver|teacher|student|farmer|nun|priest|policeman|"
    r"reservist|conscript|paramedic|worker"
)
_SINGULAR = (
    # (not a predicate: 'the bomber, believed to be a teenage boy')
    r"(?P<single>\b(?<!\bno\s)(?<!\bbe\s)(?i:a|an|one)\s+(?:(?P<smod>[A-Z][\w’'-]*)\s+|(?:\d+|[a-z]+)-year-old\s+|"
    r"(?:pregnant|young|elderly|local|foreign|female|male)\s+|"
    # 'an energy worker', 'a dock worker': a trade
    r"[a-z]+\s+(?=worker\b))?"
    r"(?P<snoun>" + _SNOUN + r")\b)"
)

# Demonyms whose plural is the singular ('Burkinabe', 'Bedouin', 'Somali', 'Rohingya'): peoples and
# nations of the conflicts news covers, and tribes and communities counted in them.
_INVARIANT = (
    "Burkinabe|Bedouin|Somali|Rohingya|Druze|Yazidi|Fulani|Peul|Tuareg|Hausa|Masalit|Zaghawa|Tutsi|Hutu|"
    "Banyamulenge|Pashtun|Baloch|Hazara|Maasai|Malagasy|Swiss|Karen|Kachin|Alawite"
)
# The words that may follow a noun but never follow an adjective before its noun: verbs, prepositions,
# conjunctions and relative pronouns ('2 million Burkinabe were displaced', '21 Bedouin and 40 Druze').
_NOT_A_NOUN = (
    r"(?:were|was|are|is|have|has|had|who|that|and|or|but|in|on|at|from|of|to|into|across|near|by|with|"
    r"since|during|after|before|among|including|remain|remained|remains|fled|died|crossed|killed|wounded|"
    r"injured|displaced|missing|living|sheltering|according|said|say|says)\b"
)
# 'one soldier was killed and another wounded': 'another' alone before a metric's participle is one more of the
# people counted before it (whether it is an increment is the casualty rules' to say).
_ANOTHER = (
    r"(?P<another>\b(?i:another)(?=\s+(?:(?:was|had been|has been|is)\s+)?(?:(?:later|also|seriously|"
    r"critically|badly)\s+)?(?:killed|wounded|injured|hurt|died|missing)\b))"
)
_FIGURE = re.compile(
    _SINGULAR
    + r"|"
    + _ANOTHER
    + r"|(?<![\w$€£.,-])"
    + QUAL
    + NUMBER
    + r"(?![\w-])(?!\s*(?:%|per\s*cent\b|percent\b))"  # '5 percent of the displaced' is a share
    # '31 of its civilians', 'three of its navy personnel': a side's own people
    + r"(?:\s+of\s+(?P<poss>its|their|our|his|her|the)\s+(?:(?:own|[a-z][\w-]*)\s+(?=(?:"
    + _VICTIM
    + r")(?![\w-])))?(?P<pnoun>\w+)"
    # '22 people, 20 of them children': a part of the figure before it
    + r"|\s+of\s+(?P<ofthem>them|whom)(?:\s+(?:were\s+)?(?P<ofmods>(?:"
    + _MODIFIER
    + r"\s+){0,2}?)"
    + r"(?P<ofnoun>"
    + _VICTIM
    + r"))?(?![\w-])"
    # '13 of them civilians and one a soldier'
    + r"|\s+(?:a|an)\s+(?P<anoun>"
    + _SNOUN
    + r")\b"
    + r"|(?P<mods>(?:\s+"
    + _MODIFIER
    + r"){0,3}?)\s+(?P<noun>"
    + _VICTIM
    + r")(?![\w-])"
    # '15 Palestinians', '100,000 ethnic Armenians': a plural demonym
    + r"|(?P<pmods>(?:\s+"
    + _MODIFIER
    + r"){0,2}?)\s+(?:(?P<plural>[A-Z][\w’'-]*(?:s|ese))(?![\w-])"
    # '2 million Burkinabe', '21 Bedouin': a demonym whose plural is the singular, a noun only where no noun
    # follows it ('300 Somali troops' are troops, and '300 Somali refugee camps' no people)
    + r"|(?P<invariant>"
    + _INVARIANT
    + r")(?![\w’'-])(?!\s+(?!"
    + _NOT_A_NOUN
    + r")[a-z])))?",
)
# Where a figure may start, in the lower-case text: a word that opens a number or its qualifier ('at',
# 'forty', 'half'), or 'a', 'an' or 'one' of a single person, or a digit. `_FIGURE` has no literal start,
# and trying it at every word of a clause costs far more than finding these few words first.
_OPENING = re.compile(r"(?<!\w)(?:\d|" + trie(sorted(OPENING_WORDS | {"one", "another"})) + r"(?!\w))")
# The characters after which `_FIGURE` finds no number (its look-behind): '$5', 'COVID-19', '2.5'.
_NOT_AFTER = frozenset("$€£.,-")
# Things, not people, counted right after a number ('4,500 households', '152 displacement sites').
_UNIT = re.compile(
    r"\s+(?:(?!(?:in|on|at|from|of|over|across|near|and|or|to|for|by|with|were|was|have|had|since|during|"
    # (nor a metric or a conjunction: '26 wounded when shells hit' counts people)
    r"after|before|the|a|an|killed|wounded|injured|dead|missing|displaced|when|while|as)\b)[A-Za-z’'-]+\s+){0,2}?"
    r"(?:households?|famil(?:y|ies)|homes?|houses?|buildings?|structures|sites?|locations?|"
    r"positions|targets|villages|towns|cities|settlements|provinces|districts|regions|states|countries|drones?|missiles?|rockets?|shells|rounds|bombs|strikes|"
    r"attacks|violations|incidents|movements|shelters|camps|schools|hospitals|vehicles|trucks|tanks|"
    r"aircraft|jets|planes|tonnes|tons|kilomet(?:re|er)s|km|miles|met(?:re|er)s|hectares|acres|days|hours|"
    r"weeks|months|years|times|points|dollars|meals)\b"
)
# '127 of those killed were civilians', 'Of the dead, 40 were children', 'Of the 300 people killed, 40 were
# children': a part of the dead (the wounded, the displaced) counted by what they were. The partitive names
# the metric; the copula names the people, whom the bare number does not.
_PART_METRIC = r"killed|dead|wounded|injured|displaced|missing"
_PART_BEFORE = re.compile(
    r"\b[Oo]f\s+(?:those|the)\s+(?:[^\s,;:]+\s+){0,4}?(?P<of>" + _PART_METRIC + r")\b[^,;:]{0,40}?,"
    r"(?:[^;:]{0,60}?(?:,|\band))?\s*$"  # (and the list that goes on: 'Of the dead, 12 were women and 20 ...')
)
_PART_NOUN = re.compile(
    r"\s+(?:of\s+(?:those|the)\s+(?P<of>" + _PART_METRIC + r")\s+)?(?:were|was)\s+(?:all\s+|mostly\s+)?"
    r"(?P<mods>(?:" + _MODIFIER + r"\s+){0,2}?)(?P<noun>" + _VICTIM + r")(?![\w-])"
)
_NUM = re.sub(r"\?P<\w+>", "?:", NUMBER)
# 'between 50 and 70', '40 to 50', '10-15': the lower bound is the figure.
_RANGE = re.compile(
    r"(?<![\w$€£.,-])(?:(?P<between>[Bb]etween)\s+)?(?P<low>" + _NUM + r")"
    r"(?(between)\s+and\s+|\s*(?:to|-|–)\s*)(?P<high>" + _NUM + r")(?![\w-])"
)
# 'rose from 20 to 28', 'by 12 to 96', 'aged 18 to 25': a change or an age, not a range of counts.
_NOT_RANGE = re.compile(r"\b(?:from|by|aged|ages|ageing|rose|fell|increased|decreased)\s+$", re.IGNORECASE)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b"
)
_MONTH_AFTER = re.compile(r"\s+" + _MONTH)
_MONTH_BEFORE = re.compile(r"\b" + _MONTH + r"\.?\s+$")
# A nationality adjective ('Kenyan', 'Burundian', 'Chinese', 'Thai'), not an organisation ('UN', 'Red').
_NATIONALITY = re.compile(r"\b[A-Z][a-z]+(?:an|ian|ese|i|ish|ch)\b")
_NOUN_ALIASES = {
    "woman": "women",
    "man": "people",
    "person": "people",
    "boy": "child",
    "girl": "child",
    "policeman": "policemen",
}
# A plural demonym ('Sudanese', 'Haitians', 'Afghans', 'Iraqis'), unlike other capitalised plurals ('12
# Marines').
_DEMONYM_PLURAL = re.compile(r"(?:ese|[a-z][ai]?ans|[a-z]is)$")


def group_of(noun: str | None) -> Group:
    """The group a figure's people belong to: civilians, military, or all when the noun does not say."""
    return VICTIMS.get(noun or "people", "all")


@dataclass(slots=True)
class Figure:
    """One figure in a clause. The fields after `of_them` are filled in by the casualty rules. (Slots: the
    rules make one for every number they meet, and read and set its fields often.)"""

    start: int
    end: int
    count: int
    qualifier: Qualifier | None
    noun: str | None
    party: str | None = None
    possessive: bool = False
    mods: str = ""
    of_them: bool = False  # '20 of them children': part of the figure before it
    part_of: str = ""  # '127 of those killed were civilians': the metric word of the whole it is part of
    metric: Metric | None = None
    toll: bool = False
    verb_at: int | None = None  # where the active verb before it starts ('strikes killed 30')
    verb: str = ""  # that verb, in lower case
    participle: bool = False  # that verb is a participle ('..., killing 30'): its subject opens the clause
    parent: Figure | None = None  # the figure it counts a part of ('including four children')
    lost: bool = False  # 'Russia has lost 1,000 soldiers': the verb's subject is the victims' side
    no_metric: bool = False  # no metric of its own: 'killed or wounded', '251 were taken hostage'
    own_verb: bool = False  # a part with a predicate of its own: 'one of whom later died'
    others: bool = False  # 'four others': more of the people the list's previous member counts
    mates: list[Figure] | None = None  # the list it is a member of
    antecedent: Figure | None = None  # whose people it goes on counting ('and wounded 37', 'four others')
    source: str | None = None  # where its party came from; "none": unknown on purpose
    foreign: bool = False  # a third country's people ('Kenyan peacekeepers'): never a party's by place
    another: bool = False  # 'and another wounded': one more of the people before, with a metric of its own
    total: bool = False  # a toll's new value ('pushing the toll to 45'): it counts those before
    first_person: bool = False  # 'four of our soldiers': the speaker's own people


def _third_party(fig: Figure) -> Figure:
    """Peacekeepers serve no side of the war: their deaths are never a party's by place or attacker."""
    fig.foreign = fig.foreign or fig.noun == "peacekeepers"
    return fig


def find_figures(clause: str, actors: Actors, low: str | None = None) -> list[Figure]:
    """Every figure in the clause, in order, with the party its own words name ('23 Thai soldiers').
    `low` is the clause in lower case, when it has no `CASE_TRAPS`: figures are then looked for only where
    one may start."""
    found: list[Figure] = []
    for m in _FIGURE.finditer(clause) if low is None else _figure_matches(clause, low):
        fig = _figure(m, clause, actors)
        if fig is not None:
            found.append(_third_party(fig))
    if len(found) > 1 and _may_range(clause, found):
        found = _ranges(clause, found)
    return found


def _may_range(clause: str, figs: list[Figure]) -> bool:
    """Whether a figure after the first follows a range's 'to', dash or 'between ... and', as the upper end
    of every range `_ranges` merges does: most clauses with several figures have no range, and `_RANGE`
    is tried at every character."""
    ends = ("to", "-", "–", "and") if "etween" in clause else ("to", "-", "–")
    return any(clause[: fig.start].rstrip().endswith(ends) for fig in figs[1:])


def _figure_matches(clause: str, low: str) -> list[re.Match[str]]:
    """What `_FIGURE.finditer(clause)` finds, trying it only where `_OPENING` finds a figure's first word
    (every match starts at one): the same matches, in order, none overlapping the one before. Nor is it
    tried where that word cannot start one: a digit right after a currency sign, a dash, a point or a comma
    ('$5', 'COVID-19', '2.5'), or a qualifier's first word without the rest of it ('in' but not 'in excess
    of')."""
    found: list[re.Match[str]] = []
    end = 0
    for opening in _OPENING.finditer(low):
        start = opening.start()
        if start < end:
            continue
        word = opening.group()
        if word in QUALIFIER_ONLY:
            if not low.startswith(QUALIFIER_ONLY[word], start):
                continue
        elif start and low[start - 1] in _NOT_AFTER and word.isdecimal():
            continue
        m = _FIGURE.match(clause, start)
        if m:
            found.append(m)
            end = m.end()
    return found


# 'fired on by about 20 rebels', 'attacked by 300 fighters': the agent of a passive verb did the deed, and a
# number there is the attackers' strength, not their victims (unlike a change: 'rose by 12').
_AGENT_BY = re.compile(r"\b(?P<verb>[a-z]+)(?:\s+(?:on|upon|at))?\s+by\s+$")
_CHANGE_VERBS = frozenset(
    {
        "increased",
        "decreased",
        "reduced",
        "raised",
        "revised",
        "lowered",
        "swelled",
        "grown",
        "grew",
        "rose",
        "risen",
        "fell",
        "fallen",
        "dropped",
        "jumped",
        "climbed",
        "up",
        "down",
        "outnumbered",
    }
)


def _by_agent(clause: str, start: int) -> bool:
    if not clause.endswith("by ", 0, start):
        return False
    by = _AGENT_BY.search(clause, max(0, start - 40), start)
    return by is not None and by.group("verb").endswith("ed") and by.group("verb") not in _CHANGE_VERBS


def _figure(m: re.Match[str], clause: str, actors: Actors) -> Figure | None:
    if _by_agent(clause, m.start()):
        return None
    if m.group("single"):
        noun = m.group("snoun").lower()
        noun = _NOUN_ALIASES.get(noun, noun if noun in VICTIMS else noun + "s")  # 'a medic' counts medics
        fig = Figure(m.start(), m.end(), 1, None, noun)
        if m.group("smod"):
            fig.party = actors.party_of(m.group("smod"))
        return fig
    if m.group("another"):
        fig = Figure(m.start(), m.end(), 1, None, "others")
        fig.another = True
        return fig
    count = parse_number(m)
    if count is None or (m.group("words") and count == 1 and clause[: m.start()].lower().endswith("no ")):
        return None  # 'no one was hurt'
    qualifier = QUALIFIERS[m.group("qual").lower()] if m.group("qual") else None
    noun = m.group("noun") or m.group("ofnoun") or m.group("anoun")
    fig = Figure(m.start(), m.end(), count, qualifier, noun if noun in NOUN_METRIC else noun and noun.lower())
    fig.of_them = bool(m.group("ofthem"))
    if fig.noun in _NOUN_ALIASES:
        fig.noun = _NOUN_ALIASES[fig.noun]
    mods = m.group("mods") or m.group("ofmods") or m.group("pmods")
    if mods:
        fig.mods = mods
        fig.party = actors.party_of(mods)
        # '21 Kenyan peacekeepers killed in Somalia': a nationality of no party is a third country's people,
        # whatever ground they fell on
        fig.foreign = fig.party is None and bool(_NATIONALITY.search(mods)) and not actors.mentions(mods)
    if m.group("invariant"):
        people = m.group("invariant")
        fig.party, fig.noun = actors.party_of(people), "people"  # as a plural demonym: '2 million Burkinabe'
        fig.foreign = fig.party is None and people not in actors.keywords
    if m.group("plural"):
        plural = m.group("plural")
        party = actors.party_of(plural)
        if party is None and not _DEMONYM_PLURAL.search(plural):
            return None  # '12 Marines': people we cannot attribute, and no victim noun to read
        fig.party, fig.noun = party, "people"  # '200,000 Congolese fled'; 'Sudanese' of no one side
        # 'three Americans': a nation that is no party's, nor the conflict's own ('Haitians' in Haiti's
        # gang war), is a third country's people
        fig.foreign = party is None and not {plural, plural[:-1]} & actors.keywords
    if fig.noun is None and not m.group("plural") and not m.group("invariant"):
        _part(fig, m, clause, actors)
    if m.group("poss"):
        pnoun = m.group("pnoun").lower()
        if pnoun not in VICTIMS:
            return None
        fig.noun, fig.possessive = pnoun, m.group("poss") in ("its", "their", "our")
        fig.first_person = m.group("poss") == "our"
    if fig.noun is None and (_is_bare_year(m, count) or _UNIT.match(clause, m.end()) or _is_day(m, clause)):
        return None
    return fig


def _part(fig: Figure, m: re.Match[str], clause: str, actors: Actors) -> None:
    """A bare number of a partitive ('127 of those killed were civilians', 'Of the dead, 40 were children')
    counts the people its copula names, a part of the dead: neither phrase alone makes it one ('40 were
    killed' names no people; 'Of the dead, 40 were buried in Rafah' no part)."""
    named = _PART_NOUN.match(clause, m.end())
    if named is None or m.group("poss"):
        return
    whole = named if named.group("of") else _PART_BEFORE.search(clause, 0, m.start())
    if whole is None:
        return
    noun = named.group("noun")
    noun = noun if noun in NOUN_METRIC else noun.lower()
    fig.noun, fig.part_of = _NOUN_ALIASES.get(noun, noun), whole.group("of").lower()
    if named.group("mods"):
        fig.mods = named.group("mods")
        fig.party = actors.party_of(fig.mods)


def _ranges(clause: str, figs: list[Figure]) -> list[Figure]:
    """Merge the two ends of each range into one figure: the lower bound, 'at least', with the people the
    upper end names. A range of days ('between 14 and 20 May') is no figure at all."""
    by_start = {f.start: f for f in figs}
    dropped: set[int] = set()
    for m in _RANGE.finditer(clause):
        low = next((f for f in figs if f.start <= m.start("low") < f.end), None)
        high = by_start.get(m.start("high"))
        if low is None or high is None or _NOT_RANGE.search(clause[: m.start()]):
            continue
        if _MONTH_AFTER.match(clause, m.end()):
            dropped.update((id(low), id(high)))
            continue
        count = parse_count(m.group("low"))
        if count is None or count >= high.count:
            continue
        high.start, high.count = min(low.start, m.start()), count
        high.qualifier = low.qualifier or "at_least"
        dropped.add(id(low))
    return [f for f in figs if id(f) not in dropped]


def _is_day(m: re.Match[str], clause: str) -> bool:
    """'May 10', '18 March': a day of a month."""
    return bool(m.group("digits")) and (
        bool(_MONTH_BEFORE.search(clause, 0, m.start())) or bool(_MONTH_AFTER.match(clause, m.end()))
    )


def _is_bare_year(m: re.Match[str], count: int) -> bool:
    return (
        bool(m.group("digits")) and "," not in m.group(0) and 1900 <= count <= 2100 and not m.group("scale")
    )
