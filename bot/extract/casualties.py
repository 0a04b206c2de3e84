"""Casualty figures: how many people of which side were killed, injured, displaced or are missing.

A figure is a number tied to the people it counts ('21 people', '31 of its civilians', 'a Cambodian
soldier') or to a toll ('the death toll has reached 96'), and to a metric word in its clause ('killed',
'have been displaced'; see `metrics`). Figures joined by 'and' or commas form a list that shares its
metric, and a later member without a qualifier or noun takes the earlier one's ('at least 21 killed in
Thailand and 18 in Cambodia' -> 18, at_least); one introduced by 'including' or '20 of them' counts part of
the figure before it; one after a new verb or with a metric of its own takes the earlier figure's people but
not its qualifier ('killed at least 40 civilians and wounded 37' -> 37 civilians, exact; 'more than 330
killed and 945 wounded' -> 945, exact). 'another' with a metric of its own is one more of the people before
('one soldier was killed and another wounded'); with the same metric, or with no one before, it is an
increment. A part of the dead named by a partitive ('Of the 300 people killed, 40 were children') keeps its
own qualifier. A possessive covers the list ('its own losses at 21 civilians and
five soldiers'), but not a member named as a group of its own ('11 of its soldiers and 23 Wazalendo
militiamen'). Vague amounts ('dozens', 'hundreds of
thousands') are never figures, nor are hedged ('could kill 10,000'), denied, incremental ('five more'),
combined ('killed or wounded') ones, a side's claims of the enemy's losses, deaths from disasters and
disease, exchanged bodies, or another war's toll (see `reports`).

The party is the side whose people a figure counts (see `parties`); a figure whose sentence does not say
takes the side of the article's previous figure of the same kind of people, the scene the story is at
('Three children were among the dead'); in a civil war only soldiers have a scene, since its people are
neither side's. A part says 'of them' ('five of them had died': the patients of the figure before) or
'Among them are 680,000 children' in a sentence of its own, up to the sentence's first metric word, where
it goes on to another event ('..., adding that 23 others had been taken to hospital': others than the
whole's people, whom the parts do not name). A figure the article repeats (a headline, a recap) is one fact,
read with everything its mentions say.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from bot.extract.actors import ARMY_NOUN, Actors
from bot.extract.dates import is_background
from bot.extract.figures import IRREGULAR, NOUN_METRIC, VICTIMS, Figure, find_figures, group_of
from bot.extract.metrics import METRIC_RE, TOTAL_OF, assign_metrics, may_count
from bot.extract.parties import Speakers, attribute
from bot.extract.reports import asserted, claimed, counts_people
from bot.extract.text import Sentence
from bot.models import CasualtyFact

_LIST_GAP = re.compile(r"^[^.;:]{0,60}?(?:,|\band\b|\bas well as\b|\bplus\b)\s*$")
# 'killing 23 people, including four children': the second figure counts some of the first's people,
# also across a reporting clause ('rose to 71, officials said, including two children') and when the whole
# counts bodies ('143 bodies, including those of 31 soldiers').
_SUBSET = re.compile(
    # (a point of an abbreviated month does not end the stretch: 'on Oct. 26, including 80 patients')
    r"^(?:,\s*[^,.;:]{0,40}?\b(?:said|says|reported|added)(?:\s+\w+)?)?(?:[^,.;:]|\.(?=\s\d)){0,100}?,?\s*"
    r"(?:including|among them|among whom|of whom|of them)(?:\s+th(?:ose|at)\s+of)?\s*$",
    re.IGNORECASE,
)
# 'Four of them were children and two were women.', 'Among them are 680,000 children.': a sentence of parts
# of the figure before.
_PARTS = re.compile(
    r"^\W*(?:(?:\w+[\s-]){0,2}?\w+ of (?:them|those|whom)\s+(?:were|was)|[Aa]mong (?:them|those|whom)\s+"
    r"(?:are|were|is|was))\b"
)
_WERE_NOUN = re.compile(r"\s+(?:of (?:them|those)\s+)?(?:were|was)\s+(?:an?\s+)?([A-Za-z]+)\b")
# 'killed four civilians and injured nine': the figure after the new verb counts the same people.
_ELLIPSIS_GAP = re.compile(r"(?:\band|,)\s*$|^\s*$")


def extract_casualties(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[CasualtyFact]:
    """Every distinct casualty figure stated in the sentences, in order of appearance."""
    facts: list[CasualtyFact] = []
    scene: dict[str, str | None] = {}  # the side of the latest figure of each kind of people
    whole: tuple[int, CasualtyFact] | None = None  # the last whole figure and its sentence
    for n, sentence in enumerate(sentences):
        counts = may_count(sentence)
        if whole is not None and whole[0] == n - 1 and _PARTS.match(sentence.text):
            # the parts run up to the sentence's first metric word, a new event's ('..., adding that 23
            # others had been taken to hospital with shrapnel wounds')
            metric = METRIC_RE.search(sentence.text) if counts else None
            for part in _parts(sentence, actors, whole[1], metric.start() if metric else None):
                _add(facts, part)
        if not counts:
            continue  # no metric word, no figure: most sentences stop here
        lists = _read_lists(sentence, actors)
        if not lists:
            continue
        who = Speakers(functools.partial(_speakers, sentences, n, actors))  # read once a rule asks
        # A figure's side is read from its words and from the figures it is a part of or goes on counting:
        # the side of a figure that is not counted matters only when another figure reads it so.
        read = {id(f) for *_, group in lists for fig in group for f in (fig.parent, fig.antecedent) if f}
        for offset, clause, figs, group in lists:
            counted = [counts_people(clause, fig) for fig in group]
            if not any(counted) and not any(id(fig) in read for fig in group):
                continue  # ('251 were taken hostage', 'killed or wounded 40'): no side to read
            attribute(clause, offset, sentence.text, group, figs, actors, who)
            for fig, counts in zip(group, counted, strict=True):
                if (
                    not counts
                    or not asserted(clause, fig, actors, sentence)
                    or claimed(sentence.text, offset, fig, who)
                ):
                    continue
                _carry_scene(fig, scene, actors.interstate)
                fact = CasualtyFact(
                    metric=fig.metric,  # type: ignore[arg-type]
                    count=fig.count,
                    qualifier=fig.qualifier or "exact",
                    group=group_of(fig.noun),
                    party=fig.party,
                    current=not is_background(
                        sentence.text, published, offset + fig.start, sentence, antecedent=True
                    ),
                    evidence=sentence.text,
                )
                _add(facts, fact)
                if fig.parent is None:
                    whole = (n, fact)
    return facts


# A list of figures as a sentence's clause states it: the clause's offset in the sentence, the clause, all
# of its figures, and the list's.
_ClauseList = tuple[int, str, list[Figure], list[Figure]]


def _read_lists(sentence: Sentence, actors: Actors) -> list[_ClauseList]:
    """The sentence's lists of figures in order, each figure with its metric, its people and what it is a
    part of or goes on counting. None of this needs a figure's side, which is read after the whole sentence
    is, for the lists that need one."""
    lists: list[_ClauseList] = []
    earlier: list[Figure] = []  # the sentence's figures in the clauses before
    for offset, clause in sentence.clauses:
        low = sentence.lower[offset : offset + len(clause)] if sentence.plain else None
        figs = find_figures(clause, actors, low)
        if not figs:
            continue
        assign_metrics(clause, figs, low)
        for fig in figs:
            if fig.toll and fig.mods and fig.party is None:
                fig.party = actors.party_of(fig.mods)  # 'the number of Cambodians killed': their side
        for group in _lists(clause, figs):
            _complete_list(clause, group, figs, earlier)
            lists.append((offset, clause, figs, group))
        earlier.extend(f for f in figs if f.parent is None and (f.noun or f.metric))
    return lists


# How many sentences back 'It said' or 'The ministry said' may refer.
_ANAPHOR_REACH = 3


# How many sentences back an army of no side ('the army said') may have been named with its side.
_ARMY_REACH = 30


def _speakers(sentences: list[Sentence], n: int, actors: Actors) -> tuple[list[tuple[int, str]], str | None]:
    """The sources sentence `n` names for its figures, or else the side its 'It said' refers to. An army
    of no side ('Army spokesman General X said') is the one the article last named with its side
    ('Congolese troops'), else the only party whose names call it an army."""
    text = sentences[n].text
    reporters = actors.reporters(text)
    army = actors.army_source(text) if not reporters else None
    if army is not None:
        side = _named_army(sentences[max(0, n - _ARMY_REACH) : n], text[:army], actors) or actors.army
        if side is not None:
            reporters = [(army, side)]
    head = actors.anaphoric_reporter(text) if not reporters else None
    if head is not None:
        return reporters, _last_reporter(sentences[max(0, n - _ANAPHOR_REACH) : n], actors, head)
    return reporters, None


def _named_army(before: list[Sentence], lead: str, actors: Actors) -> str | None:
    """The side of the army named last in the sentences `before` and the `lead` of this one: a party's
    name before a word for its army ('Congolese troops', "Sudan's army")."""
    for text in (lead, *(s.text for s in reversed(before))):
        named = [m for m in actors.mentions(text) if m.is_party and ARMY_NOUN.match(text, m.end)]
        if named:
            return named[-1].name
    return None


def _last_reporter(before: list[Sentence], actors: Actors, head: str) -> str | None:
    """The side named last as a source in the sentences before, which an anaphor refers to: any source for a
    pronoun ('It said'), else one its head noun names ('the emergency service said' is no general staff)."""
    for sentence in reversed(before):
        named = [party for _, party in actors.reporters(sentence.text, head)]
        if named:
            return named[-1]
    return None


def _lists(clause: str, figs: list[Figure]) -> list[list[Figure]]:
    """Figures joined by commas or 'and' form a list. One introduced by 'including' or that says '20 of
    them' counts a part of the figure before it and takes its metric, as do the members of its list; a
    later member with a metric of its own belongs to the outer list again ('104 killed, including 46
    children and 20 women, and 253 injured')."""
    groups: list[list[Figure]] = []
    for fig in figs:
        prev = groups[-1][-1] if groups else None
        gap = clause[prev.end : fig.start] if prev else ""
        if prev is not None and (fig.of_them or fig.part_of or _SUBSET.match(gap)):
            fig.parent = prev.parent or prev  # the part and the whole share their predicate
            fig.own_verb = fig.own_verb or bool(fig.part_of)  # ('of those killed': its own metric word)
            if fig.of_them and fig.noun is None:
                fig.noun = fig.parent.noun  # '64 wounded patients ..., and five of them died': patients
            groups.append([fig])
        elif prev is not None and _LIST_GAP.match(gap):
            whole = groups[-1][0].parent
            if whole is not None and fig.metric and fig.metric != whole.metric:
                groups.append([fig])  # the parts' list has ended: a figure of its own
                continue
            fig.parent = whole
            groups[-1].append(fig)
        else:
            groups.append([fig])
    for group in groups:
        for fig in group:
            fig.mates = group
    for fig in figs:
        if fig.parent is not None and not fig.own_verb:
            fig.parent.metric = fig.parent.metric or fig.metric
            fig.metric = fig.parent.metric
        elif (
            fig.parent is not None and fig.no_metric and fig.parent.noun in NOUN_METRIC and fig.parent.metric
        ):
            # '1.2 million refugees, about 870,000 of whom arrived after April 2023': a part's own verb
            # that names no metric leaves it refugees (one that names another event does not: 'returned')
            fig.metric, fig.no_metric = fig.parent.metric, False
    return groups


def _complete_list(clause: str, group: list[Figure], figs: list[Figure], before: list[Figure]) -> None:
    """Members of one list share a metric; a later member inherits a missing qualifier and noun. A figure
    of 'others', or after a new verb with no noun of its own, goes on counting the people of the whole
    figure before it, in its clause or in the sentence's clauses `before` it."""
    metrics = [f.metric for f in group if f.metric]
    for i, fig in enumerate(group):
        if fig.metric is None and metrics and not fig.no_metric:
            later = [f.metric for f in group[i + 1 :] if f.metric]
            fig.metric = later[0] if later else metrics[0]
        earlier = [f for f in figs if f.end <= fig.start and f.parent is None and (f.noun or f.metric)]
        ante = earlier[-1] if earlier else (before[-1] if before else None)
        if fig.of_them and fig.parent is None and fig.noun is None and ante is not None:
            fig.antecedent, fig.noun = ante, ante.noun  # '... 64 patients, and that five of them had died'
        elif ante is not None and (fig.total or TOTAL_OF.search(clause[: fig.start])):
            fig.others, fig.antecedent = True, ante  # 'killed ..., bringing to 326 the number of soldiers'
        elif fig.another:
            if ante is None or ante.metric == fig.metric:
                fig.no_metric = True  # 'another was killed': an increment, or no one to be one more of
            else:  # 'one soldier was killed and another wounded': one more soldier, wounded
                fig.others, fig.antecedent, fig.noun = True, ante, _common_noun(ante)
        elif fig.noun == "others" and ante is not None:
            fig.others, fig.antecedent = True, ante
            # ('Four of them were children and two were women, ... 23 others': others than the whole's
            # people, whom a part of a figure outside the clause does not name)
            head = (ante.mates or [ante])[0]
            fig.noun = "people" if head.of_them and head.parent is None else _common_noun(ante)
        elif (
            fig.noun is None
            and fig.verb_at is not None
            and ante is not None
            and ante.noun
            and _ELLIPSIS_GAP.search(
                clause[earlier[-1].end : fig.verb_at] if earlier else clause[: fig.verb_at]
            )
        ):
            fig.others, fig.antecedent = True, ante  # 'killed four civilians and injured nine'
            fig.noun = ante.noun
        if i and fig.parent is None:
            prev = group[i - 1]
            # 'at least 21 killed in Thailand and 18 in Cambodia' shares the verb and its qualifier; 'more
            # than 330 killed and 945 wounded' does not
            if fig.qualifier is None and not (fig.metric and prev.metric and fig.metric != prev.metric):
                fig.qualifier = prev.qualifier
            # 'its own losses at 21 civilians and five soldiers': the possessive covers the whole list, but not
            # a member that names its people's own group ('11 of its soldiers and 23 Wazalendo militiamen')
            fig.possessive = fig.possessive or (
                prev.possessive and fig.party is None and not _named_group(fig)
            )
            if fig.noun is None and not fig.toll:
                fig.noun, fig.toll = prev.noun, prev.toll
                fig.antecedent = fig.antecedent or prev


def _named_group(fig: Figure) -> bool:
    """Whether a figure's people are named by a proper noun of their own that is no party's: '23 Wazalendo
    militiamen' (a party's name would have given the figure its party)."""
    return fig.party is None and any(w[:1].isupper() for w in fig.mods.split())


def _parts(sentence: Sentence, actors: Actors, whole: CasualtyFact, stop: int | None) -> list[CasualtyFact]:
    """A sentence of parts with no verb of its own counts parts of the figure of the sentence before: 'An
    air strike killed seven people. Four of them were children and two were women.' Each part takes the
    whole's metric, side and currency, and the people its 'were' names. The parts end at `stop`, where the
    sentence goes on to a metric of its own."""
    text = sentence.text
    found: list[CasualtyFact] = []
    low = sentence.lower if sentence.plain else None
    for fig in find_figures(text[:stop], actors, low[:stop] if low is not None else None):
        named = _WERE_NOUN.match(text, fig.end)
        noun = fig.noun or (named.group(1).lower() if named else None)
        if noun is None or noun not in VICTIMS or fig.count >= whole.count:
            continue
        update = {"count": fig.count, "qualifier": fig.qualifier or "exact", "group": group_of(noun)}
        found.append(whole.model_copy(update={**update, "party": fig.party or whole.party, "evidence": text}))
    return found


def _common_noun(fig: Figure) -> str | None:
    """The noun of the people a figure's list counts: 'others' after '20 children and 25 women' are
    people, after 'a Thai soldier' soldiers."""
    mates = fig.mates or [fig]
    nouns = {f.noun for f in mates[: mates.index(fig) + 1]}
    return nouns.pop() if len(nouns) == 1 else "people"


def _carry_scene(fig: Figure, scene: dict[str, str | None], interstate: bool) -> None:
    """A figure whose sentence names no side takes the side of the article's previous figure of the same
    kind of people (civilians and people alike; soldiers): the scene the story is at ('Three children were
    among the dead'). It becomes the scene for the next. (A place named in a sentence without a figure is
    no scene: it is often where talks were held or a visit made.)"""
    if fig.party is None and fig.source is None:
        for source in (fig.parent, fig.antecedent):
            if source is not None and source.party is not None:
                fig.party, fig.source = source.party, source.source
                break
    kind = _kind(fig, interstate)
    if fig.party is None and fig.source is None and kind in scene:
        fig.party, fig.source = scene[kind], "scene"
    if kind:
        scene[kind] = fig.party


def _kind(fig: Figure, interstate: bool) -> str | None:
    """The kind of people whose scene a figure sets and takes: soldiers, and in a war between peoples or
    states also the people; in a civil war the people are neither side's (see `parties`), and a side the
    story named for some ('30,000 Congolese crossed into Burundi') is none for the next ('At least 74
    civilians have been killed in the fighting')."""
    if group_of(fig.noun) != "military":
        return "people" if interstate else None
    return None if fig.noun in IRREGULAR else "soldiers"


def _add(facts: list[CasualtyFact], fact: CasualtyFact) -> None:
    """Add a fact unless the article has stated its figure before; a repeat completes the earlier reading
    with the side, qualifier and currency it states ('kill 30 in Gaza' in a headline and 'at least 30
    Palestinians' in the body are one figure)."""
    for i, old in enumerate(facts):
        if (old.metric, old.count) != (fact.metric, fact.count) or not _same_people(old, fact):
            continue
        if old.party is not None and fact.party is not None and old.party != fact.party:
            continue
        facts[i] = old.model_copy(
            update={
                "party": old.party or fact.party,
                "qualifier": old.qualifier if old.qualifier != "exact" else fact.qualifier,
                "group": old.group if old.group != "all" else fact.group,
                "current": old.current or fact.current,
                "evidence": old.evidence if old.party or not fact.party else fact.evidence,
            }
        )
        return
    facts.append(fact)


def _same_people(old: CasualtyFact, new: CasualtyFact) -> bool:
    """Two mentions of one figure may name its people more or less closely: '30 killed' in a headline and
    '30 civilians' in the body. A single person ('a soldier', 'a child') is too common a count to merge."""
    return old.group == new.group or ("all" in (old.group, new.group) and old.count > 1)
