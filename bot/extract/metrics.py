"""What a figure counts: killed, injured, displaced or missing, read from the words around it.

A figure takes its metric from a toll phrase before it ('the death toll rose to 96', 'the number of
martyrs has reached 211', 'among those killed were 20 children', 'the number who fled at 14,500', 'the
bodies of 32 civilians', 'claimed the lives of 37 drivers'), from a flow of displaced people that reaches
it ('the exodus from Bara had reached 38,000', 'the influx has topped 20,000', 'displacement reached 1.3
million'), from an active verb before it ('killing 23', 'lynched 75 people', 'forced 38,990 people from
their homes'), from a noun or participle that implies one ('6.9 million refugees', '64 wounded patients'),
or else from the first metric word after it ('14 people were killed', '8,000 Rohingya have crossed the
border', '6.9 million have sought refuge abroad'). 'killed or wounded' after a figure is two metrics at
once: the figure has none. A total the toll went beyond ('topped 20,000', 'passes 1,600', 'climbed past 100')
is 'more than'. A causative verb whose object is the toll ('pushed the number of displaced people in the
Centre department above 50,000', 'raising the death toll to 45') makes the figure the toll's new value,
however long the toll's qualification; a 'number of' a people ('the number of Cambodians forced from their
homes') counts that people.
"""

from __future__ import annotations

import re

from bot.extract.fast import Blind, trie, words_test
from bot.extract.figures import NOUN_METRIC, VICTIMS, Figure
from bot.extract.text import Sentence, stems_pattern
from bot.models import Metric

METRICS: tuple[tuple[Metric, str], ...] = (
    (
        "killed",
        r"killed|killing|kills|dead|died|die|deaths|death toll|fatalities|perished|slain|martyrs|martyred|"
        r"lost their lives|lives lost|bodies|casualties dead|"
        # a military statement's idiom: 'four of our soldiers paid the supreme sacrifice'
        r"paid the supreme sacrifice|paid the ultimate sacrifice|"
        # and its other idioms of soldiers killed in action: 'two soldiers embraced martyrdom', 'eleven
        # soldiers fell with weapons in hand'
        r"embraced martyrdom|fell with weapons in hand|"
        # verbs of killing that say how: 'gunmen massacred 40 villagers', '194 of whom were executed'
        r"massacred|massacring|executed|executing|lynched|lynching|murdered|murdering|beheaded|beheading|"
        r"slaughtered|slaughtering",
    ),
    ("injured", r"injured|injuring|injuries|wounded|wounding|wounds|hurt"),
    (
        "displaced",
        r"displaced|displacing|displacement|fled|fleeing|flee|evacuated|uprooted|homeless|refugees|"
        r"forced from their homes|forced to flee|made homeless|crossed (?:the border|into)|crossing into|"
        r"sheltering in|moved to (?:[\w-]+\s+){0,2}?(?:camps|centres|centers|shelters|sites)|relocated|"
        r"sought refuge|seeking refuge|seek refuge|taken refuge|took refuge|taking refuge",
    ),
    ("missing", r"missing|unaccounted for|disappeared"),
)
METRIC_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{m}>{p})" for m, p in METRICS) + r")\b", re.IGNORECASE)
_METRIC = Blind(METRIC_RE.pattern)  # the same, for text with its lower case at hand
# 'killed or wounded': one figure over two metrics, which the contract cannot state.
_COMBINED = re.compile(r"^\s+(?:or|and/or|and)\s+" + METRIC_RE.pattern + r"(?!\s*$)", re.IGNORECASE)
# The people a 'number of' counts, by how they came to be counted: 'the number of displaced people', 'the number
# of Cambodians forced from their homes'.
_OF_METRIC = (
    r"killed|dead|deaths|fatalities|martyrs|wounded|injured|displaced|missing|forced from their homes|"
    r"forced to flee|uprooted|evacuated"
)
# A toll phrase before the number, however long its qualification: 'the death toll since the ceasefire
# took effect has risen to 236', 'the number of people killed has reached 68,865', 'among those killed were
# 20 children'; or an active verb: 'killing at least 20'.
_TOLL_BEFORE = Blind(
    # 'pushed the number of displaced people in the Centre department above 50,000', 'brought the toll in the
    # province to 90': a causative verb whose object is the toll makes the figure its new value, however
    # long the toll's qualification (the verb says the figure is the toll's; no 'to' or 'at' need follow)
    r"\b(?P<cause>push|pushes|pushed|pushing|bring|brings|brought|bringing|raise|raises|raised|raising|take|"
    r"takes|took|taking|lift|lifts|lifted|lifting|drive|drives|drove|driving|send|sends|sent|sending)\s+"
    r"(?:the|its|their)\s+(?:(?:overall|total|official|confirmed|cumulative|new)\s+)?(?:(?P<ctoll>(?:death|"
    r"casualty)\s+toll|toll)|number\s+of\s+(?:\w+\s+){0,2}?(?P<cof>" + _OF_METRIC + r")\b)"
    r"[^;:,]{0,70}?(?:\s+(?:to|past|beyond))?"
    r"|(?:(?P<toll>(?:death|casualty) toll|\btoll|number of (?:\w+\s+){0,2}?(?P<of>"
    + _OF_METRIC
    + r")\b|\b(?:those|the) (?P<those>killed|dead|wounded|injured|missing)"
    r"\s+(?:were|was|are|included|include)|\b(?P<deaths>deaths|bodies) of|\blosses"
    # 'put the number who fled at 14,500', 'the number of people who have died'
    r"|number (?:of \w+\s+)?(?:who|that)\s+(?:(?:have|has|had)\s+)?(?:been\s+)?(?P<who>fled|died|killed|wounded|"
    r"injured|displaced)\b"
    # 'has claimed the lives of 37 drivers' (but not 'saved the lives of')
    r"|\b(?:claimed|claiming|cost|costing|took|taking|taken)\s+the\s+(?P<lives>lives) of"
    # 'the exodus from Bara had reached 38,000', 'the influx has topped 20,000': a flow of displaced people
    r"|\b(?P<flow>exodus|influx|outflow|displacement)\b"
    # 'Killed since Monday have been 16 soldiers': the participle opens the clause, the copula follows
    # (a point inside a sentence ends an abbreviation: 'since the fighting resumed on Dec. 8')
    r"|^\W*(?P<inverted>killed|dead|wounded|injured|displaced|missing)\b[^;:,]{0,50}?\s+(?:have|has) been"
    # 'shelters were housing 406,000 people': people in shelters and camps are displaced
    # (however many places the shelters are in: 'Evacuation centres in Surin, Si Sa Ket and Buriram provinces
    # were sheltering 406,000 people')
    r"|\b(?:shelters?|camps?|centres|centers)\s+(?:[^;:]{0,90}?\s+)?(?P<housing>housing|hosting|sheltering))"
    # (headlines write the present: 'death toll reaches 50', 'exodus tops 40,000')
    r"(?:[^.;:]{0,80}?\s+(?:at|to|of|reached|reaches|hit|hits|surpassed|surpasses|topped|tops|exceeded|exceeds|"
    r"passed|passes|past|beyond|is|was|stands at|stood at))?"
    # 'wounded reach 45', 'dead rise to 50', 'displaced top one million': the people counted as the subject
    r"|\b(?P<rising>killed|dead|wounded|injured|displaced|missing)\s+(?:reach(?:es|ed)?|(?:rise|rises|risen|rose|"
    r"climb|climbs|climbed|jump|jumps|jumped)\s+to|top|tops|topped|pass|passes|passed|surpass(?:es|ed)?|"
    r"exceed(?:s|ed)?)"
    r"|(?P<verb>killing|killed|kill|injuring|injured|wounding|wounded|hurting|hurt|displacing|displaced|"
    r"evacuating|evacuated|uprooting|uprooted|forcing|forced|left|lost|losing|buried|burying|massacred|massacring|"
    r"executed|executing|lynched|lynching|murdered|murdering|beheaded|beheading|slaughtered|slaughtering))\s*$",
)
# Where a match of `_TOLL_BEFORE` may start in lower-case text, but for its start (`^`): every place where a
# word of one of its alternatives starts ('death toll', 'the number of', 'those killed', 'losses',
# 'shelters', 'wounded reach', 'killing'...). The pattern has no literal start, and the engine would try
# all of it at every character before a figure; this finds the few places first (a look-ahead, so that it
# finds every one, even inside another).
_TOLL_WORDS = (
    "casualty camp cent dead death toll number the those loss shelter kill wound injur displac missing hurt "
    "evacuat uproot forc left lost losing buri bodies claim cost took taking taken exodus influx outflow "
    "massacr execut lynch murder behead slaughter push bring brought rais tak lift driv drove send sent"
)
_TOLL_OPENINGS = re.compile("(?=" + trie(sorted(_TOLL_WORDS.split())) + ")")
# Every way a figure gets its metric needs one of these words in its sentence...
_MAY_COUNT = re.compile(
    METRIC_RE.pattern
    + r"|\b(?:toll|lives|lost|losing|losses|buried|burying|housing|hosting|sheltering|idps|forced|exodus|influx|"
    r"outflow)\b",
    re.IGNORECASE,
)
# ... and one of these stems (all of the words above but 'burying' have one).
COUNT_STEMS = stems_pattern(
    (
        "kill",
        "dead",
        "die",
        "death",
        "fatal",
        "perish",
        "slain",
        "martyr",
        "lives",
        "bodies",
        "casualt",
        "injur",
        "wound",
        "hurt",
        "displac",
        "fled",
        "flee",
        "evacu",
        "uproot",
        "homeless",
        "refuge",
        "idps",
        "forced",
        "crossed",
        "crossing",
        "shelter",
        "moved to",
        "relocated",
        "missing",
        "unaccounted",
        "disappear",
        "toll",
        "lost",
        "losing",
        "losses",
        "buri",
        "housing",
        "hosting",
        "exodus",
        "influx",
        "outflow",
        "massacr",
        "execut",
        "lynch",
        "murder",
        "behead",
        "slaughter",
        "sacrifice",
        "weapons in hand",
    )
)
# The words of _MAY_COUNT in lower-case text, as whole words, but for its one pattern that is no fixed phrase
# and for 'burying'.
_COUNT_WORDS = words_test(
    [p for _, ps in METRICS for p in re.split(r"\|(?![^(]*\))", ps) if "(" not in p]
    + ["crossed the border", "crossed into"]
    + [
        "toll",
        "lives",
        "lost",
        "losing",
        "losses",
        "buried",
        "housing",
        "hosting",
        "sheltering",
        "idps",
        "forced",
    ]
    + ["exodus", "influx", "outflow"]
)
_MOVED = re.compile(r"\bmoved to (?:[\w-]+\s+){0,2}?(?:camps|centres|centers|shelters|sites)\b")
_BURYING = re.compile(r"\bburying\b")


def may_count(sentence: Sentence) -> bool:
    """Whether the sentence has a metric word or a toll (and a stem of one), which every casualty figure
    needs."""
    if not sentence.has_any(COUNT_STEMS):
        return False
    low = sentence.lower
    if not sentence.plain:
        return COUNT_STEMS.search(low) is not None and _MAY_COUNT.search(sentence.text) is not None
    if _COUNT_WORDS.search(low) or ("moved to" in low and _MOVED.search(low)):
        return True  # (each of these has a stem)
    return "burying" in low and _BURYING.search(low) is not None and COUNT_STEMS.search(low) is not None


# 'forced 38,990 people from their homes': the verb is displacement only with its complement.
_FORCED_OUT = re.compile(r"^[^.;]{0,30}?\b(?:from their homes|to flee|out of their homes|to leave)\b")
# 'bringing to 326 the number of soldiers killed': the toll phrase follows the number.
_NUMBER_OF_AFTER = re.compile(r"^\s+the\s+(?:total\s+)?number\s+of\s+(?:(?P<noun>[\w-]+)\s+)?")
# 'bringing to 326 the number of soldiers killed', 'raising the toll to 28': a new total that includes the
# figure before it.
TOTAL_OF = re.compile(
    r"\b(?:bring|bringing|brings|brought|raise|raising|raises|raised|take|taking|takes|took|push|pushing|"
    r"pushes|pushed)\s+(?:(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?)?to\s*$",
    re.IGNORECASE,
)
# 'the influx has topped 20,000', 'the toll exceeded 100': a total beyond the figure.
_BEYOND = re.compile(
    r"\b(?:topped|tops|top|exceeded|exceeds|exceed|surpassed|surpasses|surpass|passed|passes|past|beyond)\s*$"
)
# A number of things in apposition before the figure: 'displaced some 4,500 households — about 22,500
# people'; the verb before the things is the figure's.
_APPOSED = re.compile(
    r"(?:\s+(?:some|about|around|nearly|almost|over|more than|at least))?\s+[\d,.]+\s+(?:[a-z-]+\s+)?[a-z]+\s*[—–(]\s*$"
)
# 'the total number of civilian casualties ... to 13,883 killed': the toll names the people it counts.
_GROUP_BEFORE = re.compile(
    r"\b(?P<adj>civilian|military)\s+(?:casualties|deaths|death toll|toll|fatalities|losses)\b[^.;]*$",
    re.IGNORECASE,
)
# A figure with a verb of its own: '251 were taken hostage', '2,880 bodies had been buried' (but not a relative
# clause about its people: 'and a nurse who was hit by a stray bullet').
_OWN_VERB = re.compile(
    r"^\s+(?:(?!who\b|which\b|that\b)[\w-]+\s+)?(?:were|was|are|is|have|has|had|remain|remains|remained)\b"
)
# Refugees who have gone home are returnees, no longer displaced ('helped some 42,000 IDPs go home').
_RETURNED = re.compile(
    r"\b(?:returned|returning|went back|gone back|repatriated|resettled|(?:go|goes|went|gone|going) home)\b"
)
# A list member with a predicate of its own that is no casualty: '200 fighters were killed and 300
# captured', '12 abducted'.
_CAPTURED = re.compile(
    r"^\s+(?:were\s+|was\s+|had been\s+|have been\s+)?(?:captured|arrested|detained|abducted|kidnapped|"
    r"seized|held|taken (?:hostage|prisoner|captive)|released|freed|exchanged|rescued|repatriated|deported|"
    r"jailed|imprisoned)\b"
)
# A part with a predicate of its own: 'two of whom later died', 'one of whom lost his foot'.
_PART_VERB = re.compile(r"^\s+(?:later\s+|also\s+|subsequently\s+)?(?:\w+ed|lost|died|were|was|had|remain)\b")
# 'the number of civilians injured stood at': the toll names the people it counts.
_NUMBER_OF_NOUN = re.compile(
    r"\bnumber of (?P<noun>[a-z]+)\s+(?:" + _OF_METRIC + r")\b[^.;:]*$",
    re.IGNORECASE,
)
# 'Armenia has put its own losses at 21': the losses are the side's named before.
_OWN_LOSSES = re.compile(r"\b(?:its|their)\s+(?:own\s+)?losses\b[^.;:]*$", re.IGNORECASE)
# 'lives' are counted as lost: 'claimed 1,500 lives', '200 lives have been lost'.
_LIVES_LOST = re.compile(r"\b(?:lost|claimed|claiming|cost|costing|taken)\b", re.IGNORECASE)


def metric_near(text: str, fig: Figure | None = None, low: str | None = None) -> Metric | None:
    """The metric of the first metric word in `text`; marks `fig` as two-metric when 'or wounded' follows.
    `low` is `text` in lower case when it has no `CASE_TRAPS`, which a caller that has it passes for a
    faster search."""
    m = METRIC_RE.search(text) if low is None else _METRIC.search(text, low)
    if not m:
        return None
    if fig is not None and _COMBINED.match(text[m.end() :]):
        fig.no_metric = True
    return m.lastgroup  # type: ignore[return-value]  # (the metric's group: METRICS have no other)


def assign_metrics(clause: str, figs: list[Figure], low: str | None = None) -> None:
    """Give each figure of the clause the metric its words state, and note the verb before it. `low` is
    the clause in lower case when it has no `CASE_TRAPS`."""
    tolls = [_verb_before(clause, fig, low) for fig in figs]
    for i, fig in enumerate(figs):
        before = clause[max(0, fig.start - 120) : fig.start]
        after = clause[fig.end :]
        if fig.noun is None and _noun_from_toll(fig, before, after):
            continue
        if fig.part_of:
            fig.metric = metric_near(fig.part_of)  # 'Of the dead, 40 were children': the whole's metric
            continue
        toll = tolls[i]
        verb = fig.verb
        if fig.noun == "lives" and _LIVES_LOST.search(clause[max(0, fig.start - 30) : fig.end + 30]):
            fig.metric = "killed"
            continue
        if _CAPTURED.match(after):
            fig.no_metric = True
            continue
        if fig.of_them and _PART_VERB.match(after):
            # 'one of whom lost his right foot': its own predicate, not the whole's
            fig.metric, fig.own_verb = metric_near(after[:40]), True
            fig.no_metric = fig.metric is None
            continue
        if toll:
            fig.toll = True
            fig.total = bool(toll.group("cause"))  # 'pushing the toll to 45': it counts those before
            if fig.qualifier is None and _BEYOND.search(toll.group(0)):
                fig.qualifier = "more_than"
            fig.metric = metric_near(
                toll.group("of")
                or toll.group("cof")
                or toll.group("who")
                or toll.group("those")
                or toll.group("inverted")
                or toll.group("rising")
                or verb
            )
            if toll.group("housing") or toll.group("flow"):
                fig.metric = "displaced"  # 'shelters housing 406,000 people', 'the exodus reached 38,000'
            if (
                ((toll.group("toll") or toll.group("ctoll")) and not fig.metric)
                or fig.lost
                or verb in ("buried", "burying")
            ):
                fig.metric = "killed"  # 'the death toll', 'lost 1,000 soldiers', 'we buried 25 soldiers'
            if toll.group("deaths") or toll.group("lives") or toll.group(0).startswith("losses"):
                # 'the deaths of 13,580 civilians', 'the bodies of 32 civilians', 'claimed the lives of 37
                # drivers', 'put its losses at 21'
                fig.metric = "killed"
                fig.possessive = fig.possessive or bool(_OWN_LOSSES.search(before))
            if verb in ("forced", "forcing"):
                fig.metric = "displaced" if _FORCED_OUT.match(after) else None
            if verb == "left" or (fig.lost and metric_near(after[:30])):
                fig.metric = None  # 'left 10 dead': the metric word follows
            if fig.metric:
                continue
        if fig.mods and fig.noun:
            named = metric_near(fig.mods)
            if named:
                fig.metric = named  # '64 wounded patients', '12 missing fishermen': the people's participle
                continue
        # The metric word is the figure's up to the next figure, or up to that one's verb: in 'a school
        # sheltering 700 displaced people, killing 12', 'killing' is the 12's.
        stop = len(clause)
        if i + 1 < len(figs):
            following = figs[i + 1]
            stop = following.verb_at if following.verb_at is not None else following.start
        window = clause[fig.end : min(stop, fig.end + 130)]
        fig.metric = metric_near(
            window, fig, low[fig.end : fig.end + len(window)] if low is not None else None
        )
        if fig.metric is None and fig.noun in NOUN_METRIC:
            fig.metric = NOUN_METRIC[fig.noun]
        if fig.metric == "displaced" and _RETURNED.search(window):
            fig.metric = None  # 'refugees who have returned', '500 people who fled have since returned'
        if fig.metric is None and _OWN_VERB.match(after):
            fig.no_metric = True  # '... and 251 were taken hostage': its own event, not the list's


def _verb_before(clause: str, fig: Figure, low: str | None) -> re.Match[str] | None:
    """The toll phrase or active verb right before the figure ('the death toll rose to', 'killing'),
    skipping things in apposition ('displaced some 4,500 households — about 22,500 people'); notes the
    verb on the figure."""
    start = max(0, fig.start - 120)
    before = clause[start : fig.start]
    apposed = _APPOSED.search(before) if ("—" in before or "–" in before or "(" in before) else None
    if apposed:
        before = before[: apposed.start()]
    toll = _toll_before(before, low[start : start + len(before)] if low is not None else None)
    verb = toll.group("verb").lower() if toll and toll.group("verb") else ""
    if toll and verb:
        fig.verb_at = start + toll.start("verb")
        fig.verb, fig.participle, fig.lost = verb, verb.endswith("ing"), verb in ("lost", "losing")
    return toll


def _toll_before(before: str, low: str | None) -> re.Match[str] | None:
    """`_TOLL_BEFORE.search(before, low)`, trying the pattern only at the start of `before` and where
    `_TOLL_OPENINGS` finds one of its words: the first match found is the leftmost one."""
    if low is None:
        return _TOLL_BEFORE.search(before)
    twin = _TOLL_BEFORE.twin
    m = twin.match(low)
    if m is None:
        for opening in _TOLL_OPENINGS.finditer(low, 1):
            m = twin.match(low, opening.start())
            if m is not None:
                break
        else:
            return None
    return _TOLL_BEFORE.blind.match(before, m.start())


def _noun_from_toll(fig: Figure, before: str, after: str) -> bool:
    """A bare figure counts the people its toll phrase names: 'the number of soldiers killed', 'the
    number of civilian casualties'. True when the phrase after it also gave it its metric."""
    m = _NUMBER_OF_AFTER.match(after)
    if m:
        fig.toll = True
        noun = (m.group("noun") or "").lower()
        fig.noun = noun if noun in VICTIMS else None
        fig.metric = metric_near(after[: m.end() + 40])
        return fig.metric is not None
    n = _NUMBER_OF_NOUN.search(before) if "number of" in before else None
    if n and n.group("noun").lower() in VICTIMS:
        fig.noun = n.group("noun").lower()  # 'the number of civilians injured stood at 96'
        return False
    if n and n.group("noun")[:1].isupper():
        # 'the number of Cambodians forced from their homes': a people, whose side the casualty rules read
        fig.noun, fig.mods = "people", n.group("noun")
        return False
    g = _GROUP_BEFORE.search(before) if ("ivilian" in before or "ilitary" in before) else None
    if g:
        fig.noun = "civilians" if g.group("adj").lower() == "civilian" else "soldiers"
    return False


def metric_follows(clause: str, fig: Figure) -> bool:
    """True when a metric verb comes right after the figure ('18 were killed', '4 million have fled')."""
    return bool(_FOLLOWS.match(clause, fig.end))


_FOLLOWS = re.compile(
    # '18 were killed', '4 million have fled', '8,000 Rohingya have crossed the border' -- but not '10 had
    # killed', where the figure is the killer
    r"\s+(?:[A-Z][\w’'-]*\s+)?(?:(?:were|was|are|is|remain|remains|remained)\s+|(?:have|has|had)\s+"
    r"(?:been\s+|(?=fled|died|crossed|perished|disappeared|gone|moved|lost|sheltered|sought|taken)))?(?:"
    + "|".join(p for _, p in METRICS)
    + ")",
    re.IGNORECASE,
)
