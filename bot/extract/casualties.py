"""Casualty figures: how many people of which side were killed, injured, displaced or are missing.

A figure is a number tied to the people it counts ('21 people', '31 of its civilians', 'a Cambodian
soldier') or to a toll ('the death toll has reached 96'), and to a metric word in its clause ('killed',
'have been displaced'). Figures joined by 'and' or commas form a list that shares its metric, and a later
member without a qualifier or noun takes the earlier one's ('at least 21 killed in Thailand and 18 in
Cambodia' -> 18, at_least); one introduced by 'including' counts part of the figure before it. Vague
amounts ('dozens', 'hundreds of thousands') are never figures, nor are hedged ('could kill 10,000'),
denied, incremental ('five more'), or combined ('killed or wounded') ones.

The party is the side whose people a figure counts, never the attacker by inference: 'Israeli strikes
killed 30 people in Gaza' counts Palestinians, and soldiers killed by one side are the other side's.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.extract.actors import Actors
from bot.extract.dates import is_background
from bot.extract.figures import Figure, find_figures, group_of
from bot.extract.text import Sentence, clauses
from bot.models import CasualtyFact, Metric

_METRICS: tuple[tuple[Metric, str], ...] = (
    (
        "killed",
        r"killed|killing|kills|dead|died|die|deaths|death toll|fatalities|perished|slain|"
        r"lost their lives|lives lost|bodies|casualties dead",
    ),
    ("injured", r"injured|injuring|injuries|wounded|wounding|hurt"),
    (
        "displaced",
        r"displaced|displacing|displacement|fled|fleeing|evacuated|uprooted|homeless|refugees|"
        r"forced from their homes|forced to flee|made homeless",
    ),
    ("missing", r"missing|unaccounted for|disappeared"),
)
_METRIC_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{m}>{p})" for m, p in _METRICS) + r")\b", re.IGNORECASE)
# 'killed or wounded': one figure over two metrics, which the contract cannot state.
_COMBINED = re.compile(r"^\s+(?:or|and/or|and)\s+" + _METRIC_RE.pattern + r"(?!\s*$)", re.IGNORECASE)
# A toll phrase before the number, however long its qualification: 'the death toll since the ceasefire
# took effect has risen to 236', 'the number of people killed has reached 68,865', 'among those killed were
# 20 children'; or an active verb: 'killing at least 20'.
_TOLL_BEFORE = re.compile(
    r"(?:(?P<toll>(?:death|casualty) toll|\btoll|number of (?:\w+\s+){0,2}?(?P<of>killed|dead|deaths|fatalities|"
    r"wounded|injured|displaced|missing)\b|\b(?:those|the) (?P<those>killed|dead|wounded|injured|missing)"
    r"\s+(?:were|was|are|included|include))"
    r"(?:[^.;:]{0,80}?\s+(?:at|to|of|reached|hit|surpassed|topped|exceeded|is|was|stands at|stood at))?"
    r"|(?P<verb>killing|killed|kill|injuring|injured|wounding|wounded|displacing|displaced|left|lost|losing))\s*$",
    re.IGNORECASE,
)
# Every way a figure gets its metric needs one of these words in its sentence.
_MAY_COUNT = re.compile(_METRIC_RE.pattern + r"|\b(?:toll|lives|lost|losing)\b", re.IGNORECASE)
_COUNT_STEMS = (
    "kill",
    "dead",
    "die",
    "death",
    "fatal",
    "perish",
    "slain",
    "lives",
    "bodies",
    "casualt",
    "injur",
    "wound",
    "hurt",
    "displac",
    "fled",
    "flee",
    "evacuat",
    "uproot",
    "homeless",
    "refugee",
    "forced",
    "missing",
    "unaccounted",
    "disappear",
    "toll",
    "lost",
    "losing",
)  # the stems of _MAY_COUNT's words
_LIST_GAP = re.compile(r"^[^.;:]{0,60}?(?:,|\band\b|\bas well as\b|\bplus\b)\s*$")
# Words that make a figure a possibility, a denial or a condition rather than a report (lower case:
# 'May' the month is not 'may').
_HEDGED = re.compile(
    r"\b(?:could|might|may|would|[Ii]f|[Uu]nless|denied|denies|deny|threatened|threatens|warned|risk|risks|"
    r"fear|fears)\b"
)
# 'five more', 'another 10': an increment to a total, not a total.
_INCREMENT = re.compile(r"\b(?:more|another|additional|further|new)\s*$", re.IGNORECASE)
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|further|extra)\b", re.IGNORECASE)
# A modal right after the figure makes it a forecast: 'up to 100,000 people could be displaced'.
_HEDGED_AFTER = re.compile(r"^\s+(?:(?!and\b|or\b|but\b)\w+\s+){0,2}?(?:could|might|may|would|will)\b")
# 'killing 23 people, including four children': the second figure counts some of the first's people.
_SUBSET = re.compile(
    r"^[^,.;:]{0,40}?,?\s*(?:including|among them|among whom|of whom|of them)\s*$", re.IGNORECASE
)
# A figure with a verb of its own: '251 were taken hostage', '2,880 bodies had been buried'.
_OWN_VERB = re.compile(r"^\s+(?:[\w-]+\s+)?(?:were|was|are|is|have|has|had|remain|remains|remained)\b")
# 'lives' are counted as lost: 'claimed 1,500 lives', '200 lives have been lost'.
_LIVES_LOST = re.compile(r"\b(?:lost|claimed|claiming|cost|costing|taken)\b", re.IGNORECASE)
# 'killed by Russian drones', 'in Israeli strikes', 'amid RSF shelling': the attacker after the figure.
_AGENT_PREP = re.compile(r"\b(?:by|in|from|amid|during|under)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$")
_BOTH_SIDES = re.compile(r"\b(?:both sides|either side|each side|the two countries)\b", re.IGNORECASE)


def _metric_near(text: str, fig: Figure | None = None) -> Metric | None:
    m = _METRIC_RE.search(text)
    if not m:
        return None
    if fig is not None and _COMBINED.match(text[m.end() :]):
        fig.no_metric = True
    return next(name for name, _ in _METRICS if m.group(name))  # type: ignore[return-value]


def _assign_metrics(clause: str, figs: list[Figure]) -> None:
    for i, fig in enumerate(figs):
        before = clause[max(0, fig.start - 120) : fig.start]
        toll = _TOLL_BEFORE.search(before)
        if toll and toll.group("verb"):
            fig.verb_at = fig.start - len(before) + toll.start("verb")
            fig.participle = toll.group("verb").lower().endswith("ing")
            fig.lost = toll.group("verb").lower() in ("lost", "losing")
        if fig.noun == "lives" and _LIVES_LOST.search(clause[max(0, fig.start - 30) : fig.end + 30]):
            fig.metric = "killed"
            continue
        if toll:
            fig.toll = True
            fig.metric = _metric_near(toll.group("of") or toll.group("those") or toll.group("verb") or "")
            if (toll.group("toll") and not fig.metric) or fig.lost:
                fig.metric = "killed"  # 'the death toll', 'lost 1,000 soldiers'
            if toll.group("verb") == "left" or (fig.lost and _metric_near(clause[fig.end : fig.end + 30])):
                fig.metric = None  # 'left 10 dead': the metric word follows
            if fig.metric:
                continue
        stop = figs[i + 1].start if i + 1 < len(figs) else len(clause)
        fig.metric = _metric_near(clause[fig.end : min(stop, fig.end + 90)], fig)
        if fig.metric is None and _OWN_VERB.match(clause[fig.end :]):
            fig.no_metric = True  # '... and 251 were taken hostage': its own event, not the list's


def _lists(clause: str, figs: list[Figure]) -> list[list[Figure]]:
    """Figures joined by commas or 'and' form a list; one introduced by 'including' counts a part of the
    figure before it and takes its metric."""
    groups: list[list[Figure]] = []
    for fig in figs:
        gap = clause[groups[-1][-1].end : fig.start] if groups else ""
        if groups and _SUBSET.match(gap):
            fig.parent = groups[-1][-1]  # the part and the whole share their predicate
            fig.parent.metric = fig.parent.metric or fig.metric
            fig.metric = fig.parent.metric
            groups.append([fig])
        elif groups and _LIST_GAP.match(gap):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    return groups


def _agent(clause: str, fig: Figure, actors: Actors, figs: list[Figure]) -> str | None:
    """The party that did the killing: named as the subject of the verb before the figure ('Israeli strikes
    killed 30', 'Russia launched drones, killing 3') or after it ('killed in Russian shelling')."""
    tail = clause[fig.end : fig.end + 60]
    for m in actors.roles(tail):
        if m.role == "agent" and _AGENT_PREP.search(tail[: m.start]):
            return m.name
    return None if fig.lost else _subject(clause, fig, actors, figs)


def _subject(clause: str, fig: Figure, actors: Actors, figs: list[Figure]) -> str | None:
    """The party named as the subject of the verb right before the figure, if any: the nearest name before
    the verb (the first of the clause for a participle), after any reporting verb ('Kyiv said Russian
    strikes killed...'), and not one inside another figure ('killed 200 RSF fighters and lost 12'). A
    pronoun subject ('the army said it had lost 12') refers to the speaker."""
    if fig.verb_at is None:
        return None
    subject = clause[: fig.verb_at]
    said = list(re.finditer(r"\b(?:said|says|say|told|reported|reports|according to|that)\b", subject))
    cut = said[-1].end() if said else 0
    named = [
        m
        for m in actors.roles(subject)
        if m.start >= cut and m.role != "place" and not any(f.start <= m.start < f.end for f in figs)
    ]
    if named:
        return (named[0] if fig.participle else named[-1]).name
    if said and re.match(r"\s*(?:it|they|we)\b", subject[cut:]):
        speakers = [m for m in actors.mentions(subject[: said[-1].start()]) if m.is_party]
        return speakers[-1].name if speakers else None
    return None


def _attribute(
    clause: str, sentence_before: str, group: list[Figure], actors: Actors, figs: list[Figure]
) -> None:
    """Fill in each member's party, the side whose people it counts: its own words; the figure it is part
    of; the side 'its' refers to; the other side of whoever killed soldiers; the place after it, then the
    place before it; the side that reports it. The attacker is never the victim's side by inference."""
    reporter = actors.reporter(sentence_before + clause[: group[0].start])
    reporter = reporter or actors.reporter(clause[group[-1].end :])
    for i, fig in enumerate(group):
        if fig.party is not None:
            continue
        if fig.parent is not None:  # 'killing 23 people, including four children'
            fig.party = fig.parent.party
            continue
        if fig.others and i:  # 'a Thai soldier was killed and four others wounded'
            fig.party = group[i - 1].party
            continue
        if fig.lost:  # 'Russia has lost 1,000 soldiers': the loser is the subject
            fig.party = _subject(clause, fig, actors, figs)
            if fig.party:
                continue
        if fig.possessive:
            named = [m for m in actors.mentions(sentence_before + clause[: fig.start]) if m.is_party]
            fig.party = named[-1].name if named else None
            continue
        agent = _agent(clause, fig, actors, figs)
        if agent and group_of(fig.noun) == "military":
            fig.party = actors.other_party(agent)  # soldiers killed by one side are the other's
            continue
        stop = group[i + 1].start if i + 1 < len(group) else min(len(clause), fig.end + 60)
        after = [m for m in actors.roles(clause[fig.end : stop]) if m.role == "place" and m.start < 40]
        before = [m for m in actors.roles(clause[: fig.start]) if m.role == "place"]
        # 'More than 800,000 residents on both sides of the border': a total, not the reporter's side.
        reported = None if _BOTH_SIDES.search(clause[fig.end : stop]) else reporter
        candidates = [after[0].name if after else None, before[-1].name if before else None, reported]
        fig.party = next((c for c in candidates if c is not None and c != agent), None)


def extract_casualties(sentences: list[Sentence], actors: Actors, published: dt.date) -> list[CasualtyFact]:
    """Every distinct casualty figure stated in the sentences, in order of appearance."""
    facts: list[CasualtyFact] = []
    seen: set[tuple[object, ...]] = set()
    for sentence in sentences:
        if not sentence.has_any(_COUNT_STEMS) or not _MAY_COUNT.search(sentence.text):
            continue  # no metric word, no figure: most sentences stop here
        for offset, clause in clauses(sentence.text):
            figs = find_figures(clause, actors)
            if not figs:
                continue
            _assign_metrics(clause, figs)
            for group in _lists(clause, figs):
                _complete_list(group)
                _attribute(clause, sentence.text[:offset], group, actors, figs)
                for fig in group:
                    if not _countable(clause, fig):
                        continue
                    fact = CasualtyFact(
                        metric=fig.metric,  # type: ignore[arg-type]
                        count=fig.count,
                        qualifier=fig.qualifier or "exact",
                        group=group_of(fig.noun),
                        party=fig.party,
                        current=not is_background(sentence.text, published, offset + fig.start),
                        evidence=sentence.text,
                    )
                    key = (fact.metric, fact.count, fact.qualifier, fact.group, fact.party, fact.current)
                    if key not in seen:
                        seen.add(key)
                        facts.append(fact)
    return facts


def _complete_list(group: list[Figure]) -> None:
    """Members of one list share a metric; a later member inherits a missing qualifier and noun."""
    metrics = [f.metric for f in group if f.metric]
    for i, fig in enumerate(group):
        if fig.metric is None and metrics:
            later = [f.metric for f in group[i + 1 :] if f.metric]
            fig.metric = later[0] if later else metrics[0]
        if i:
            prev = group[i - 1]
            if fig.qualifier is None:
                fig.qualifier = prev.qualifier
            if fig.noun == "others":
                fig.others = True
                fig.noun = prev.noun
            if fig.noun is None and not fig.toll:
                fig.noun, fig.toll = prev.noun, prev.toll


def _countable(clause: str, fig: Figure) -> bool:
    """A figure counts when it names people or a toll, has a metric, and is asserted as a total."""
    if (
        fig.metric is None
        or fig.no_metric
        or (fig.noun is None and not fig.toll and not _metric_follows(clause, fig))
    ):
        return False
    after = clause[fig.end :]
    if _INCREMENT.search(clause[max(0, fig.start - 15) : fig.start]) or _INCREMENT_AFTER.match(
        fig.mods if fig.noun else after
    ):
        return False  # 'five more killed', 'another 10 people' add to a total; they are not one
    # A modal after the figure hedges it only when the figure is the subject ('100,000 people could be
    # displaced'), not the object of a verb before it ('has displaced 14 million and may have killed...').
    hedged_after = fig.verb_at is None and _HEDGED_AFTER.match(after)
    return not (_HEDGED.search(clause[: fig.start][-80:]) or hedged_after)


def _metric_follows(clause: str, fig: Figure) -> bool:
    return bool(
        re.match(
            r"\s+(?:were\s+|was\s+|have been\s+|has been\s+|had been\s+)?(?:"
            + "|".join(p for _, p in _METRICS)
            + ")",
            clause[fig.end :],
            re.IGNORECASE,
        )
    )
