"""Whether a figure is reported as a toll of the war: asserted, not hedged ('could kill 10,000', 'expected
to receive the bodies of 6,000'), denied, incremental ('five more'), a side's claim of the enemy's losses
(also the armed men a side says were among the dead it caused, 'six of those killed were militants, a claim
it did not substantiate', and when the speaker is only known as the killer: 'The army said its drones had
killed 300 RSF fighters, a claim that could not be verified', also by a participle after what its men did
and after a claim of responsibility: 'said its forces had repelled an assault, killing 100 fighters, a
claim ...'), a disaster's or disease's toll, remains handed over in an exchange, another war's toll
mentioned in passing, a figure a correction notice withdraws ('An earlier version of this story said 13
people were killed') or one inside an allegation the speaker rejects ('rejects the allegations ... claiming
that soldiers killed 47 civilians'). People who tell of a figure ('two residents and a health official told Reuters') are
its sources, not its victims.
"""

from __future__ import annotations

import re

from bot.extract.actors import Actors
from bot.extract.figures import Figure, group_of
from bot.extract.metrics import metric_follows
from bot.extract.parties import Speakers
from bot.extract.text import Sentence, stems_pattern

# Words that make a figure a possibility, a denial, a condition, an expectation ('expected to receive the
# bodies of 6,000 soldiers') or a claim rather than a report (lower case: 'May' the month is not 'may').
_HEDGED = re.compile(
    r"\b(?:could|might|may|would|[Ii]f|[Uu]nless|denied|denies|deny|threatened|threatens|warned|risks?\s+\w+ing|"
    r"fear|fears|claim(?:s|ed)? to have|[Uu]n(?:confirmed|verified) reports?|expect(?:s|ed|ing)? to)\b"
)
# A report of the figure that is then denied: 'a report that 12 soldiers had died was denied by the army'.
_DENIED_AFTER = re.compile(r"^[^.;:]{0,80}?\b(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?denied\b")
# A new report starts a new stretch: in 'denied that any positions had been lost and said two of its soldiers
# were wounded', the denial is not of the two.
_NEW_REPORT = re.compile(r"[:—–]|\b(?:said|says|saying|added|adding|reported)\b")
# The figure a correction notice retracts: 'An earlier version of this story said 13 people were killed'.
_RETRACTED = re.compile(
    r"\b(?:earlier|previous|original|first)\s+version\s+of\s+this\s+(?:story|article|report|dispatch)\b",
    re.IGNORECASE,
)
# An allegation the speaker rejects: 'The Government firmly rejects the allegations ... claiming that soldiers
# killed 47 civilians' (unless a report of its own follows the rejection: 'denied the claims and said ...').
_REJECTED = re.compile(
    r"\b(?:rejects?|rejected|rejecting|denies|denied|denying|dismiss(?:es|ed|ing)?|refut(?:es|ed|ing)|"
    r"den(?:ounces|ounced))\s+(?:(?:the|these|those|all|such|any)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:allegations?|accusations?|claims?|charges?|reports?)\b",
    re.IGNORECASE,
)
_OWN_REPORT = re.compile(r"\b(?:said|says|saying|added|adding|reported|confirmed|acknowledged)\b")
# 'five more', 'another 10': an increment to a total, not a total.
_INCREMENT = re.compile(r"\b(?:more|another|additional|further|new)\s*$", re.IGNORECASE)
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|further|extra)\b", re.IGNORECASE)
# A modal right after the figure makes it a forecast: 'up to 100,000 people could be displaced'.
# So does an order not yet carried out: '20,000 residents were ordered to leave'.
_HEDGED_AFTER = re.compile(
    r"^\s+(?:(?!and\b|or\b|but\b)\w+\s+){0,2}?(?:could|might|may|would|will|ordered|told|urged|asked)\b"
)
# A claim of the enemy's losses is presented as one: 'a claim that could not be verified'.
_CLAIM = re.compile(
    r"\bclaim(?:s|ed|ing)?\b(?!\s+responsibility)|\b(?:could|can)(?:not|n't| not) be (?:independently )?"
    r"verified|\bunverified\b|\bunconfirmed\b|\bno evidence\b|"
    # 'a figure Islamabad rejected': the other side disputes it
    r"\b(?:figures?|numbers?|count|tally)\s+(?:that\s+|which\s+)?(?:[\w-]+\s+){0,3}?(?:rejected|disputed|dismissed|"
    r"denied)\b",
    re.IGNORECASE,
)
# 'The army said its drones had killed 300 RSF fighters, a claim that could not be verified', 'JNIM claimed the
# attack, saying it had killed over 100 soldiers': the speaker is the killer, whoever it is, and its count of
# the armed men it killed, presented as a claim, is a claim of the enemy's losses.
# (The killer is the speaker, its men or, by a participle, the subject of the verb before: 'said its forces
# had repelled an assault, killing 100 fighters', 'Police said officers had killed 11 gang members'.)
_SPEAKER_SAYS = (
    r"\b(?:said|says|saying|claimed|claims|claiming|added|adding|announced)\s+(?:that\s+)?(?:it|they|we|"
    r"(?:its|their|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+|(?:the\s+)?(?:troops|soldiers|officers|forces|fighters|"
    r"police|policemen))\s+(?:had\s+|have\s+|has\s+)?(?:also\s+)?"
)
_SPEAKER_KILLED = re.compile(_SPEAKER_SAYS + r"$")
_SPEAKER_ACTED = re.compile(_SPEAKER_SAYS + r"[a-z]+\b[^.;:]{0,100},\s*$")
# A side that claims an attack presents its count of the dead as its claim: 'al-Shabaab claimed
# responsibility, saying its fighters had killed 47 soldiers'.
_CLAIMED_ATTACK = re.compile(r"\bclaim(?:s|ed|ing)?\s+responsibility\b", re.IGNORECASE)
_KILLING = frozenset({"killed", "killing", "kill"})
_DYING = frozenset({"died", "dying", "die", "dies"})
_DIED_AFTER = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:died|have died|had died|has died)\b")
# 'losses of 1,500': a side's losses, which a claim puts on the enemy unless they are 'its own'.
_LOSSES = re.compile(r"\blosses\s+(?:of|at|to)\s*$", re.IGNORECASE)
# Deaths from disasters and disease are not the war's, unless an attack is named with them.
_DISASTER = re.compile(
    r"\b(?:earthquake|quake|tsunami|floods?|flooding|landslides?|cyclone|typhoon|hurricane|cholera|measles|"
    r"outbreak|epidemic|disease|dengue|malaria|hypothermia|frostbite|heatstroke|syndrome|polio|diphtheria)\b",
    re.IGNORECASE,
)
_DISASTER_STEMS = stems_pattern(
    [
        "quake",
        "tsunami",
        "flood",
        "landslide",
        "cyclone",
        "typhoon",
        "hurricane",
        "cholera",
        "measles",
        "outbreak",
        "epidemic",
        "disease",
        "dengue",
        "malaria",
        "hypothermia",
        "frostbite",
        "heatstroke",
        "syndrome",
        "polio",
        "diphtheria",
    ]
)
_ATTACK = re.compile(
    r"\b(?:strikes?|shelling|attacks?|bomb\w*|fighting|clashes|drones?|missiles?|artillery|raids?|gunmen|"
    r"gunfire|offensive|assaults?|fire)\b",
    re.IGNORECASE,
)
# Remains handed over in an exchange are not bodies recovered after an attack.
_EXCHANGE = re.compile(
    r"\b(?:exchanges?|exchanged|swaps?|repatriat\w*|hand(?:ed)? over|handover|deliver(?:ed)?|returned|"
    r"transferred)\b",
    re.IGNORECASE,
)
# 'the war in Sudan, which has displaced 12 million'.
OTHER_WAR = re.compile(
    r"\b(?:war|conflict)\s+(?:in|with)\s+(?:neighbou?ring\s+)?(?P<name>[A-Z][\w’'-]*)[^.;]{0,80}$"
)


# '1 million people who have fled the war in neighbouring Sudan': the war its people fled, after the figure.
_FLED_WAR = re.compile(
    r"[^.;]{0,40}?\b(?:fled|fleeing|escaped|escaping)\s+(?:the\s+)?(?:war|conflict)\s+(?:in|with)\s+"
    r"(?:neighbou?ring\s+)?(?P<name>[A-Z][\w’'-]*)"
)


# 'killing 11 passengers, among them four children, two residents and a health official told Reuters': people
# who tell of the figure are its sources, not more of its victims.
# So is one named with where they work: 'rose to seven, a doctor at the teaching hospital told reporters'.
_SPEAKS = re.compile(
    r"(?:\s+and\s+(?:an?\s+|one\s+|two\s+|three\s+)?(?:[\w-]+\s+){0,2}?[\w-]+)?"
    r"(?:\s+(?:at|of|from|with)\s+[^,.;:]{1,60}?)?\s+(?:told|said|say|says)\b"
)


def counts_people(clause: str, fig: Figure) -> bool:
    """A figure counts when it names people or a toll and has a metric, and is `asserted`. This half needs
    no side: the casualty rules read no side for a figure that fails it, unless another figure takes its
    side."""
    return not (
        fig.metric is None
        or fig.no_metric
        or (fig.noun is None and not fig.toll and not metric_follows(clause, fig))
        or (fig.metric == "displaced" and group_of(fig.noun) == "military")  # troops crossing, withdrawn
        or _SPEAKS.match(clause, fig.end) is not None
    )


def asserted(clause: str, fig: Figure, actors: Actors, unit: Sentence | None = None) -> bool:
    """Whether a figure that `counts_people` is asserted as a total of the war's victims: not an increment,
    hedged, denied, a disaster's toll or another war's. `unit` is the sentence of the clause, when the
    caller has it."""
    after = clause[fig.end :]
    if _INCREMENT.search(clause[max(0, fig.start - 15) : fig.start]) or _INCREMENT_AFTER.match(
        fig.mods if fig.noun else after
    ):
        return False  # 'five more killed', 'another 10 people' add to a total; they are not one
    # A modal after the figure hedges it only when the figure is the subject ('100,000 people could be
    # displaced'), not the object of a verb before it ('has displaced 14 million and may have killed...').
    hedged_after = fig.verb_at is None and _HEDGED_AFTER.match(after)
    # A hedge before the figure counts within its own stretch of the clause, not across a colon or dash.
    before = _NEW_REPORT.split(clause[: fig.start][-80:])[-1]
    if _HEDGED.search(before) or hedged_after or _DENIED_AFTER.match(after):
        return False
    if _retracted(clause, fig, unit):
        return False
    return not (_not_the_wars(clause, fig, unit) or _other_war(clause, fig, actors))


def _retracted(clause: str, fig: Figure, unit: Sentence | None) -> bool:
    """A figure a correction notice retracts, or one inside an allegation that the speaker rejects."""
    low = unit.lower if unit is not None else clause.lower()
    if "version" in low and _RETRACTED.search(clause, 0, fig.start):
        return True
    if not any(w in low for w in ("reject", "deni", "deny", "dismiss", "refut", "denounc")):
        return False
    rejections = list(_REJECTED.finditer(clause, 0, fig.start))
    return bool(rejections) and not _OWN_REPORT.search(clause, rejections[-1].end(), fig.start)


def _other_war(clause: str, fig: Figure, actors: Actors) -> bool:
    """'The council also discussed the war in Sudan, which has displaced 12 million': a war named by a
    place that is none of the conflict's names or keywords is another war, and its toll not this one's."""
    if fig.party or not ("war " in clause or "conflict " in clause):
        return False
    m = OTHER_WAR.search(clause, 0, fig.start) or _FLED_WAR.match(clause, fig.end)
    return m is not None and not actors.is_known(m.group("name"))


# 'treated 112 patients for severe malaria': patients of a disease, whatever the place they are treated in.
_TREATED_FOR = re.compile(r"\s+for\s+(?:(?:severe|acute|suspected|confirmed)\s+)?(?P<what>[\w-]+)")


def _not_the_wars(clause: str, fig: Figure, unit: Sentence | None) -> bool:
    """Deaths from a disaster or disease with no attack named, patients treated for a disease, and bodies
    handed over in an exchange."""
    if fig.noun == "patients":
        treated = _TREATED_FOR.match(clause, fig.end)
        if treated and _DISASTER.fullmatch(treated.group("what")):
            return True
    if fig.metric == "displaced":
        return False
    if (
        "bodies" in clause
        and fig.metric == "killed"
        and _EXCHANGE.search(clause, max(0, fig.start - 60), fig.end + 60)
    ):
        return True
    if unit is not None and unit.plain and not unit.has_any(_DISASTER_STEMS):
        return False  # (the sentence's lower case is its clauses' lower case)
    near = clause[: fig.end + 60]
    dying = fig.verb in _DYING or _DIED_AFTER.match(clause, fig.end)
    if unit is not None and dying and not _ATTACK.search(unit.text):
        # 'treated 112 patients for severe malaria ...; two children died': who died of what, the sentence
        # says, across its clauses
        near = unit.text
    if not _DISASTER_STEMS.search(near.lower()):
        return False  # most clauses name no disaster: skip the regexes
    return bool(_DISASTER.search(near)) and not _ATTACK.search(clause)


def claimed(sentence: str, offset: int, fig: Figure, who: Speakers) -> bool:
    """A side's claim of the enemy's military losses ('The RSF said it had killed more than 200 army
    troops, a claim that could not be verified'; 'JNIM claimed the attack, saying it had killed over 100
    soldiers') is no report of casualties; a side's count of its own losses is."""
    if fig.possessive:
        return False
    if fig.verb in _KILLING and fig.verb_at is not None and group_of(fig.noun) == "military":
        verb_at = offset + fig.verb_at
        killer = _SPEAKER_KILLED.search(sentence, max(0, verb_at - 80), verb_at) or (
            fig.participle and _SPEAKER_ACTED.search(sentence, max(0, verb_at - 200), verb_at)
        )
        if killer:
            # (a side that says it killed civilians admits it, and one that reports the militants it killed
            # without a claim in sight reports them: both are facts)
            return bool(_CLAIM.search(sentence) or _CLAIMED_ATTACK.search(sentence))
    if fig.part_of and group_of(fig.noun) == "military":
        # 'the military said that six of those killed were militants, a claim it did not substantiate': the
        # armed men a side says were among the dead it caused are its claim, like its count of them
        return bool(_CLAIM.search(sentence))
    if _LOSSES.search(sentence, 0, offset + fig.start):
        return bool(_CLAIM.search(sentence))  # 'claims Ukrainian losses of more than 1,500 a day'
    if group_of(fig.noun) != "military" or fig.party is None:
        return False
    speaker = who.at(offset + fig.start)
    return speaker is not None and speaker != fig.party and bool(_CLAIM.search(sentence))
