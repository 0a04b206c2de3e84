"""Whose people a figure counts: the victims' side, never the attacker's by inference.

Within a sentence, in order: the figure's own words ('23 Thai soldiers', '31 of its civilians', 'all of
them Palestinian', 'two officers of the Haitian National Police'); the figure it is part of ('including four children') or whose people it goes on
counting ('and wounded 37', 'four others'); the side that lost soldiers ('Russia has lost 1,000 soldiers');
the other side of whoever killed soldiers; for soldiers, the side that reports them ('the army said two
soldiers were killed in Gaza': its own, wherever they fell; an army of no side is the article's, see
`casualties`); the place it happened when that place is a party's ('in Gaza',
'in Russia's Kursk region', 'the Ukrainian city of Sumy', 'Indian-administered Kashmir'); the side that
reports it ('Gaza's health ministry said', or 'It said' after it); and, in a war between two peoples or
states, the other side of a named attacker ('Israeli strikes killed 30 people'). A total 'on both sides', a
place that is no party's ('in El Fasher', but not one a side holds: 'in the Russian-occupied part'),
armed men of no regular army ('militants', even a government's militias that it reports) and, in a civil
war, civilians (whoever reports them) leave the party unknown on purpose. A speaker is also the subject of
a denial that goes on to report ('Kyiv denied Moscow's claim and said three people were killed').
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from bot.extract.actors import Actors, Mention
from bot.extract.figures import IRREGULAR, Figure, group_of

# 'two officers of the Haitian National Police', '12 soldiers of the Sudanese army': people of a named body.
_MEMBER_OF = re.compile(r"\s+of\s+(?:the\s+)?")
# 'killed by Russian drones', 'in Israeli strikes', 'amid RSF shelling': the attacker after the figure.
_AGENT_PREP = re.compile(r"\b(?:by|in|from|amid|during|under)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$")
BOTH_SIDES = re.compile(r"\b(?:both sides|either side|each side|the two countries)\b", re.IGNORECASE)
# '15 aid workers, all of them Palestinian', '26 people, most of them Indian tourists'.
_ALL_OF_THEM = re.compile(
    r"^,?\s*(?:all|most|nearly all|almost all|mostly)(?:\s+of\s+(?:them|whom))?\s+(?:were\s+)?"
    r"(?P<name>[A-Z][\w’'-]*)"
)
# A place named for the figure ('in El Fasher', 'In North Kivu'): when it is no party's, neither are the
# people counted there, whatever the rest of the article is about.
_PLACE_NAME = re.compile(
    r"\b(?:[Ii]n|[Nn]ear|[Aa]round|[Oo]utside|[Ii]nside|[Aa]t|[Aa]cross)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?(?P<name>[A-Z][\w’'-]*)"
)
# 'Russian-occupied', 'M23-held', 'RSF-controlled': a party's name glued to a participle of holding ground.
_SIDE_HELD = re.compile(r"-(?:occupied|held|controlled|run)$")
_CALENDAR = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|"
    r"Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)
# A finite verb: a party named after one is its object, not the subject ('militants ambushed an Indian
# army vehicle, killing two soldiers').
_FINITE_VERB = re.compile(r"\b(?:[a-z]+ed|hit|struck|shot|overran|took|began|fired|stormed)\b")
# 'Burundi says seven of its soldiers...': the speaker that 'its' refers to, named right before its verb.
_SAYER = re.compile(r"(?P<name>(?:[A-Z][\w’'-]*\s+){0,2}[A-Z][\w’'-]*)\s+(?:says|said|say)\b[^.;:]*$")
# A speaker that is a side's unit: "The GNU's 444th Brigade said two of its fighters...", "the NPA's North
# Central Mindanao Regional Command said": 'its' is the unit's, and the unit is its owner's.
_UNIT_OWNER = re.compile(r"\b(?P<owner>(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)['’]s\s+(?:[\w-]+\s+){0,4}$")
# An aside on a speaker between commas: ', which has troops in South Kivu supporting Kinshasa,', ', the Russian
# force that replaced the Wagner group in Mali,'.
_ASIDE = re.compile(r",\s+(?:which|who|whose|the|a|an)\b[^,;:]*,")
_SAID = re.compile(r"\b(?:said|says|say|told|reported|reports|according to|that)\b")
# Evacuating people is done for them, not to them: its subject is no attacker.
_RESCUE_VERBS = frozenset({"evacuated", "evacuating"})


class Speakers:
    """The sides a sentence names as the source of its figures, by position, and the side an anaphoric
    'It said' or 'The ministry said' stands for. Read from the text only when a rule asks: most figures
    are attributed by their own words or place."""

    def __init__(self, read: Callable[[], tuple[list[tuple[int, str]], str | None]]) -> None:
        self._read = read
        self._found: tuple[list[tuple[int, str]], str | None] | None = None

    def _get(self) -> tuple[list[tuple[int, str]], str | None]:
        if self._found is None:
            self._found = self._read()
        return self._found

    def at(self, pos: int) -> str | None:
        """The reporter of a figure at `pos`: the last named before it, else the first after, else the
        one an anaphor refers to."""
        reporters, anaphor = self._get()
        before = [party for at, party in reporters if at < pos]
        if before:
            return before[-1]
        return reporters[0][1] if reporters else anaphor


def attribute(
    clause: str,
    offset: int,
    sentence: str,
    group: list[Figure],
    figs: list[Figure],
    actors: Actors,
    who: Speakers,
) -> None:
    """Fill in the party of each member of a list whose own words do not name it, and say where it came
    from (`Figure.source`): "none" when the text leaves it unknown on purpose."""
    for i, fig in enumerate(group):
        if fig.party is not None:
            fig.source = fig.source or "words"
            continue
        fig.party, fig.source = _party(clause, offset, sentence, group, i, figs, actors, who)
    # Members of one list are counted on the same ground: '2 killed and 14 injured in Belgorod' after a
    # Ukrainian attack are both Russia's, whichever member the attacker or the place was read for.
    inferred = [f for f in group if f.source in ("agent", "place") and group_of(f.noun) != "military"]
    for fig in group:
        unread = fig.source is None or (fig.source == "none" and not BOTH_SIDES.search(clause))
        if unread and inferred and group_of(fig.noun) != "military":
            fig.party, fig.source = inferred[0].party, inferred[0].source


def _party(
    clause: str,
    offset: int,
    sentence: str,
    group: list[Figure],
    i: int,
    figs: list[Figure],
    actors: Actors,
    who: Speakers,
) -> tuple[str | None, str | None]:
    fig = group[i]
    member = _MEMBER_OF.match(clause, fig.end) if fig.noun else None
    if member:
        named = actors.mentions(clause[member.end() : member.end() + 60])
        if named and named[0].start == 0 and named[0].is_party:
            return named[0].name, "words"  # 'two officers of the Haitian National Police'
    if fig.parent is not None:  # 'killing 23 people, including four children'
        return fig.parent.party, fig.parent.source
    if fig.foreign:
        return None, "none"  # 'Kenyan peacekeepers killed in Somalia' are not Somalia's people
    whole = _ALL_OF_THEM.match(clause[fig.end :])
    if whole and actors.party_of(whole.group("name")):
        return actors.party_of(whole.group("name")), "words"
    ante = fig.antecedent
    if ante is not None and ante.party and fig.others:  # 'a Thai soldier ... and four others'
        return ante.party, ante.source
    if fig.lost:  # 'Russia has lost 1,000 soldiers': the loser is the subject
        loser = subject(clause, fig, actors, figs)
        if loser:
            return loser, "words"
    if fig.first_person:  # 'four of our soldiers' in a military statement: the speaker's, else the army's
        return who.at(offset + fig.start) or actors.army, "words"
    if fig.possessive:  # '31 of its civilians': the side named before, or the speaker
        # (not one named in an aside on the speaker: 'Burundi, which backs Kinshasa, said eight of its ...')
        before = _ASIDE.sub(lambda m: " " * len(m.group(0)), sentence[: offset + fig.start])
        sayer = _SAYER.search(before)
        if sayer and actors.party_of(sayer.group("name")) is None:
            owner = _UNIT_OWNER.search(before, 0, sayer.start("name"))
            if owner and actors.party_of(owner.group("owner")):
                return actors.party_of(owner.group("owner")), "words"
            return None, "none"  # 'M23 advances as Burundi says seven of its soldiers killed': Burundi's
        # (not the attacker's in the reported clause: 'the Polisario said a Moroccan drone strike had killed
        # two of its fighters')
        said = list(_SAID.finditer(before))
        cut = said[-1].end() if said else len(before)
        named = [m for m in actors.roles(before) if m.role != "agent" or m.start < cut]
        return (named[-1].name, "words") if named else (who.at(offset + fig.start), "words")
    agent = None if fig.verb in _RESCUE_VERBS else _agent(clause, fig, actors, figs)
    military = group_of(fig.noun) == "military"
    if agent and military and fig.noun not in IRREGULAR:
        return actors.other_party(agent), "agent"  # soldiers killed by one side are the other's
    if military and fig.noun not in IRREGULAR:
        # a side that reports soldiers killed without naming whose reports its own, wherever they fell
        # ('the army said two soldiers were killed in Gaza')
        own = who.at(offset + fig.start)
        if own is not None:
            return own, "reporter"
    place = _place(clause, group, i, actors)
    if place and place != agent:
        return place, "place"
    if ante is not None and ante.party and ante.source == "words":  # 'one Thai soldier was killed and
        return ante.party, ante.source  # eight were wounded', '23 of its soldiers ... and 40 wounded'
    if military and fig.noun in IRREGULAR:
        # 'three militants': no side inferred, not even the reporter's ('Kinshasa said 23 Wazalendo
        # militiamen died': militias on a government's side are not its army)
        return None, "none"
    stretch = clause[fig.end : group[i + 1].start if i + 1 < len(group) else len(clause)]
    reporter = who.at(offset + fig.start)
    # In a civil war a government's count of the dead is not a count of its own people ('Congo's prime
    # minister said more than 7,000 people had been killed'); its soldiers are.
    if (military or actors.interstate) and reporter and reporter != agent and not BOTH_SIDES.search(stretch):
        return reporter, "reporter"
    if BOTH_SIDES.search(stretch) or _foreign_place(clause, group, i, actors):
        return None, "none"
    if agent and not military and actors.victims_side(agent) and _named_attacker(clause, fig, actors):
        return actors.victims_side(agent), "agent"
    return None, None


def _named_attacker(clause: str, fig: Figure, actors: Actors) -> bool:
    """True when the attacker is named as such ('Russian missiles', 'killed by Israeli fire') or opens the
    clause as its subject ('Israel unleashed air strikes, killing...'), not merely named somewhere before
    the verb ('the attack on Sumy, 30 kilometres from the Russian border, killed nine')."""
    named = actors.roles(clause[: fig.verb_at] if fig.verb_at is not None else "")
    tail = clause[fig.end : fig.end + 60]
    if any(m.role == "agent" for m in named) or any(
        m.role == "agent" and _AGENT_PREP.search(tail[: m.start]) for m in actors.roles(tail)
    ):
        return True
    return bool(named) and re.fullmatch(r"\W*(?:[Tt]he\s+)?", clause[: named[0].start]) is not None


def _place(clause: str, group: list[Figure], i: int, actors: Actors) -> str | None:
    """The party whose ground the figure is counted on: a place after it (up to the next member of its
    list), a place after later members that the list shares ('8 civilians and 5 soldiers had been killed
    on the Cambodian side'), or a place before it in the clause."""
    fig = group[i]
    stop = group[i + 1].start if i + 1 < len(group) else min(len(clause), fig.end + 100)
    moved = fig.metric == "displaced"
    after = _places(clause[fig.end : stop], actors, moved)
    if not after and i + 1 < len(group):
        after = _places(clause[fig.end : fig.end + 100], actors, moved)
    if after:
        return after[0].name
    before = _places(clause[: fig.start], actors)
    return before[-1].name if before else None


# 'Thailand–Cambodia border clashes', 'Thai-Cambodian fighting': two sides joined name the conflict, not
# the ground of one side.
_JOINED = re.compile(r"\s*[-–—/]\s*")


# 'had crossed into Burundi', 'fled to Chad': where displaced people went is not their side's ground.
_DESTINATION = re.compile(r"\b(?:into|to|towards?)\s+(?:the\s+)?$")


def _places(text: str, actors: Actors, moved: bool = False) -> list[Mention]:
    """The places in `text` that stand for one side's ground (not one of two sides joined by a dash, nor
    when people `moved`, the place they went to)."""
    mentions = actors.mentions(text)
    joined: set[int] = set()
    for a, b in itertools.pairwise(mentions):
        if a.is_party and b.is_party and a.name != b.name and _JOINED.fullmatch(text[a.end : b.start]):
            joined.update((a.start, b.start))
    return [
        m
        for m in actors.roles(text)
        if m.role == "place"
        and m.start not in joined
        and not (moved and _DESTINATION.search(text, 0, m.start))
    ]


def _foreign_place(clause: str, group: list[Figure], i: int, actors: Actors) -> bool:
    """True when the clause names a place for the figure that is no party's ('in Kadugli')."""
    fig = group[i]
    stop = group[i + 1].start if i + 1 < len(group) else len(clause)
    for text in (clause[fig.end : stop], clause[: fig.start]):
        for m in _PLACE_NAME.finditer(text):
            name = re.sub(r"[’']s$", "", m.group("name"))
            named = actors.mentions(text[m.start("name") : m.start("name") + 60])
            if _SIDE_HELD.search(name) and actors.party_of(name.split("-")[0]):
                continue  # 'in the Russian-occupied part': ground one side holds, no third place
            if not _CALENDAR.match(name) and not (named and named[0].start == 0 and named[0].is_party):
                return True
    return False


def _agent(clause: str, fig: Figure, actors: Actors, figs: list[Figure]) -> str | None:
    """The party that did the killing: named after the figure ('killed in Russian shelling') or as the
    subject of the verb before it ('Israeli strikes killed 30', 'Russia launched drones, killing 3')."""
    tail = clause[fig.end : fig.end + 60]
    for m in actors.roles(tail):
        if m.role == "agent" and _AGENT_PREP.search(tail[: m.start]):
            return m.name
    return None if fig.lost else subject(clause, fig, actors, figs)


def subject(clause: str, fig: Figure, actors: Actors, figs: list[Figure]) -> str | None:
    """The party named as the subject of the verb right before the figure, if any: a pronoun after a
    reporting verb is the speaker ('the army said it had lost 12'); else the nearest name before the verb,
    after any reporting verb ('Kyiv said Russian strikes killed...'), not inside another figure ('killed
    200 RSF fighters and lost 12'); for a participle, the name that opens its clause ('Russia launched
    drones, killing 3'), not one after its verb ('militants ambushed an Indian army vehicle, killing 2')."""
    if fig.verb_at is None:
        return None
    text = clause[: fig.verb_at]
    said = list(_SAID.finditer(text))
    cut = said[-1].end() if said else 0
    if said and re.match(r"\s*(?:it|they|we)\b", text[cut:]):
        speakers = [m for m in actors.mentions(text[: said[-1].start()]) if m.is_party]
        return speakers[-1].name if speakers else None
    named = [
        m
        for m in actors.roles(text)
        if m.start >= cut and m.role != "place" and not any(f.start <= m.start < f.end for f in figs)
    ]
    if not named:
        return None
    if not fig.participle:
        return named[-1].name
    first = named[0]
    return None if _FINITE_VERB.search(text, cut, first.start) else first.name
