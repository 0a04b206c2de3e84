"""The ceasefire status an article reports as current.

Each sentence about a ceasefire (ceasefire, truce, armistice, accord, commitments...) is read for cues of
one status. An agreement necessarily comes before its breakdown, so when an article reports both, the
breakdown is current unless the agreement is marked as a new one ('a new truce was signed'); talks to
revive a collapsed or suspended ceasefire leave it collapsed or suspended. A breakdown dated in an earlier
period yields to any current cue (it may be an earlier ceasefire's), and an agreement dated in an earlier
period is background. Hedged cues ('a ceasefire could be reached'), one side accepting a proposal, and one
side agreeing while another 'has not' are talks, not agreements; a ceasefire that 'takes effect at
midnight' is agreed, not yet in effect; 'fragile', 'threatens to derail', strikes 'despite the truce' and
mutual accusations of breaches are violations, not a collapse; failed talks leave no ceasefire ('none').
"""

from __future__ import annotations

import datetime as dt
import re

from bot.extract.actors import Actors
from bot.extract.dates import is_background
from bot.extract.text import Sentence
from bot.models import CeasefireFact

_CEASEFIRE = re.compile(
    r"\b(?:cease-?fire|truce|armistice|cessation of hostilities|humanitarian pause)s?\b", re.IGNORECASE
)
# Words that name the ceasefire once an article is about one.
_CEASEFIRE_STEMS = ("cease", "truce", "armistice", "hostilities", "pause")  # of _CEASEFIRE's words
_NOUN_STEMS = (*_CEASEFIRE_STEMS, "accord", "agreement", "commitments", "deal", "peace plan", "declaration")
_AGREEMENT = re.compile(
    r"\b(?:accords?|agreements?|commitments|deal|peace plan|declaration)\b", re.IGNORECASE
)

# Verbs of agreeing, and the agreements they take as object or subject.
_AGREE_VERB = r"(?:agreed|signed|reached|brokered|announced|declared|struck|sealed|clinched)"
_PACT = r"(?:cease-?fires?|truces?|armistice|deal|agreements?|accords?|pact|cessation of hostilities)"

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, re.compile(pattern, re.IGNORECASE))
    for status, pattern in (
        (
            "suspended",
            r"\b(?:(?:was|were|is|are|been|being)\s+(?:formally\s+|temporarily\s+)?suspended"
            r"|suspend(?:s|ed|ing)?\s+(?:the|its|their|a)\s+(?:\w+\s+){0,2}?"
            r"(?:cease-?fire|truce|accord|agreement|deal)|suspension of (?:the\s+)?(?:\w+\s+){0,2}?"
            r"(?:cease-?fire|truce|accord|agreement|deal)|put on hold)\b",
        ),
        (
            "collapsed",
            r"\b(?:collaps(?:e|ed|es|ing)|broke down|broken down|breakdown|unravel+(?:ed|ing)?|fell apart|"
            r"fallen apart|in tatters|shattered|no longer (?:being\s+)?(?:observed|holding|held|respected|"
            r"in (?:effect|force)|honou?red|kept)|(?:not|no longer) being (?:kept|observed|honou?red|"
            r"respected)|(?:ended|over) as fighting|fighting (?:has\s+)?resumed|resumption of (?:fighting|"
            r"hostilities)|"
            # 'a three-day ceasefire declared by Putin ended on Saturday' (but not 'ceasefire talks ended')
            r"(?:cease-?fire|truce)(?:(?!talks|negotiations|meeting)[^.;]){0,60}?\b(?:ended|expired|lapsed|"
            r"came to an end))\b",
        ),
        # Efforts to revive a ceasefire imply it is no longer in force.
        (
            "revival",
            r"\b(?:(?:revive|reviving|restore|restoring|resurrect|return to)\s+(?:the\s+|a\s+|its\s+)?"
            r"(?:\w+\s+){0,2}?(?:cease-?fire|truce|accord|agreement|terms))\b",
        ),
        (
            "violated",
            # (not 'violating international law': a breach of the law of war is not one of the truce)
            r"\b(?:violat(?:e|ed|es|ing|ion|ions)(?!\s+(?:of\s+)?(?:international|humanitarian|human rights))|breach(?:es|ed|ing)?|fragile|threatens? to derail|"
            r"accus\w+ (?:each other|one another|the other) of|skirmishes despite|salvage|"
            r"despite (?:the|a|an)\s+(?:\w+\s+){0,2}?(?:cease-?fire|truce))\b",
        ),
        (
            "in_effect",
            # 'has largely held', 'is holding', 'remains in place'; not 'has held talks' (held is transitive).
            r"\b(?:(?:is|are|was|remains?|remained|has|have|had|be)\s+(?:been\s+)?(?:\w+ly\s+|so far\s+)?"
            r"(?:(?:holding|held)(?!\s+(?:talks|an?|the|its|their|his|her|meetings?|discussions|consultations|"
            r"negotiations)\b)|in (?:effect|force|place)|observed|respected)|took effect|came into (?:effect|force)|"
            r"went into effect|(?:cease-?fire|truce)\s+(?:\w+ly\s+)?(?:held|holds)(?!\s+(?:talks|an?|the)\b)|"
            # 'since the truce began', 'killed during the ceasefire': it exists, so it is (or was) in force.
            r"(?:since|during|under) (?:the|a) (?:[\w-]+\s+)?(?:cease-?fire|truce)"
            r"(?!\s+(?:proposals?|plans?|talks|negotiations|deal|agreement))|(?:cease-?fire|truce) (?:began|started))\b",
        ),
        (
            "agreed",
            # The verb must govern the ceasefire ('signed a truce', 'the truce brokered by Qatar'): 'the toll
            # has reached 236' is not an agreement. A ceasefire that 'takes effect at midnight' is agreed but
            # not yet in force.
            rf"\b(?:{_AGREE_VERB}\s+(?:(?:to|on|upon)\s+)?(?:(?!talks|negotiat|resum|discuss)[\w’'“”\"-]+\s+){{0,4}}?"
            rf"{_PACT}|{_PACT},?\s+(?:(?:was|were|is|are|has been|have been|had been|being|that was|which was)\s+)?"
            rf"(?:\w+ly\s+)?{_AGREE_VERB}|(?:was|were|been) agreed|bring about|takes effect|"
            r"will (?:take|come into|go into) (?:effect|force)|"
            r"(?:is|are|was|were) (?:due|set|expected|scheduled) to (?:take|come into|go into) (?:effect|force))\b",
        ),
        (
            "negotiating",
            r"\b(?:talks|negotiat\w+|push(?:es|ing)? for|press(?:es|ing)? for|call(?:s|ed|ing)? for|"
            r"urg(?:e|es|ed|ing)|seek(?:s|ing)?|secure|mediat\w+|working to|efforts? to|proposed|"
            r"could be reached|optimistic|yet to agree|"
            # One side accepting a proposal is not a ceasefire agreed by both ('Ukraine agreed to a US
            # proposal for a 30-day ceasefire, but Russia has not').
            r"(?:agreed to|accepted|accepts|endorsed|endorsing|backing|backed)\s+(?:[\w’'-]+\s+){0,3}?"
            r"(?:proposals?|offers?|calls?|idea))\b",
        ),
        ("none", r"\b(?:no|without a|without any)\s+(?:\w+\s+)?(?:cease-?fire|truce)\b"),
    )
)
# An agreement necessarily precedes its breakdown, so the breakdown wins; talks rank last.
# Failed talks leave no ceasefire and no talks under way: none, ahead of the talks they end.
_PRIORITY = (
    "collapsed",
    "suspended",
    "revival",
    "violated",
    "in_effect",
    "agreed",
    "failed",
    "negotiating",
    "none",
)
_STATUS_OF_CUE = {"revival": "collapsed", "failed": "none"}
_HEDGE = re.compile(
    r"\b(?:could|would|may|might|if|hopes?|hoping|optimistic|expected to|aim(?:s|ed)? to|"
    r"working to|efforts? to|seek(?:s|ing)? to|push(?:es|ing)? (?:for|to)|secure)\b"
)
# 'Ceasefire talks collapsed': the talks failed; no ceasefire was in force to collapse.
_TALKS_BEFORE = re.compile(
    r"\b(?:talks|negotiations|discussions|mediation)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE
)
_NEW = re.compile(
    r"\b(?:new|renewed|fresh|another|second|latest)\s+(?:\w+\s+)?(?:cease-?fire|truce|accord|"
    r"agreement|deal)\b",
    re.IGNORECASE,
)


# '..., but the army has not (responded)': the other side's refusal makes an acceptance one-sided.
_BUT_NOT = re.compile(
    r"\bbut\b(?P<who>[^.;]{1,40}?)\b(?:has not|have not|had not|hasn't|haven't|did not|didn't|has yet to|"
    r"have yet to|rejected|refused|declined)\b"
)


def _one_sided(after: str, actors: Actors) -> bool:
    """True when what follows an agreement says another party has not agreed."""
    m = _BUT_NOT.search(after)
    return bool(m and actors.party_of(m.group("who")))


def _cues(sentence: str) -> list[tuple[str, re.Match[str]]]:
    found = []
    for status, pattern in _CUES:
        found.extend((status, m) for m in pattern.finditer(sentence))
    return found


def extract_ceasefire(
    sentences: list[Sentence], published: dt.date, actors: Actors | None = None
) -> CeasefireFact | None:
    """The article's current ceasefire status with the sentence that shows it, or None when it says nothing."""
    about_ceasefire = any(s.has_any(_CEASEFIRE_STEMS) and _CEASEFIRE.search(s.text) for s in sentences)
    if not about_ceasefire:
        return None
    evidence: dict[str, str] = {}
    earlier: dict[str, str] = {}  # breakdowns set in an earlier period: of an earlier ceasefire, perhaps
    new_agreement: tuple[str, str] | None = None
    for sentence in sentences:
        text = sentence.text
        if not sentence.has_any(_NOUN_STEMS) or not (_CEASEFIRE.search(text) or _AGREEMENT.search(text)):
            continue
        for status, match in _cues(text):
            # The hedge may stand before the cue or inside it ('an agreement could be reached').
            hedged = bool(_HEDGE.search(text[max(0, match.start() - 60) : match.end()]))
            if status == "collapsed" and _TALKS_BEFORE.search(text[: match.start()]):
                status = "failed"
            if status == "agreed" and actors and _one_sided(text[match.end() :], actors):
                status = "negotiating"
            elif status in ("agreed", "in_effect"):
                if hedged:
                    status = "negotiating"
                elif status == "agreed" and is_background(text, published, match.start()):
                    continue
                elif _NEW.search(text) and new_agreement is None:
                    new_agreement = (status, text)
            elif is_background(text, published, match.start()):
                earlier.setdefault(status, text)
                continue
            evidence.setdefault(status, text)
    if new_agreement is not None:
        return CeasefireFact(status=new_agreement[0], evidence=new_agreement[1])  # type: ignore[arg-type]
    # A breakdown is current unless it is dated earlier and the article reports a ceasefire since
    # ('the truce that took effect in October has held, unlike January's, which collapsed in March').
    for cues in (evidence, earlier):
        for cue in _PRIORITY:
            if cue in cues:
                status = _STATUS_OF_CUE.get(cue, cue)
                return CeasefireFact(status=status, evidence=cues[cue])  # type: ignore[arg-type]
    return None
