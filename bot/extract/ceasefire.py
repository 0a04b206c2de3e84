"""The ceasefire status an article reports as current.

Each sentence about a ceasefire (ceasefire, truce, armistice, accord, commitments...) is read for cues of
one status. An agreement necessarily comes before its breakdown, so when an article reports both, the
breakdown is current unless the agreement is marked as a new one ('a new truce was signed'); talks to
revive a collapsed or suspended ceasefire leave it collapsed or suspended. Hedged cues ('a ceasefire could
be reached') are talks, not agreements; 'fragile', 'threatens to derail' and mutual accusations of breaches
are violations, not a collapse.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.extract.casualties import is_background
from bot.extract.text import Sentence
from bot.models import CeasefireFact

_CEASEFIRE = re.compile(r"\b(?:cease-?fire|truce|armistice|cessation of hostilities)s?\b", re.IGNORECASE)
# Words that name the ceasefire once an article is about one.
_AGREEMENT = re.compile(
    r"\b(?:accords?|agreements?|commitments|deal|peace plan|declaration)\b", re.IGNORECASE
)

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
            r"hostilities))\b",
        ),
        # Efforts to revive a ceasefire imply it is no longer in force.
        (
            "revival",
            r"\b(?:(?:revive|reviving|restore|restoring|resurrect|return to)\s+(?:the\s+|a\s+|its\s+)?"
            r"(?:\w+\s+){0,2}?(?:cease-?fire|truce|accord|agreement|terms))\b",
        ),
        (
            "violated",
            r"\b(?:violat(?:e|ed|es|ing|ion|ions)|breach(?:es|ed|ing)?|fragile|threatens? to derail|"
            r"accus\w+ (?:each other|one another|the other) of|skirmishes despite|salvage)\b",
        ),
        (
            "in_effect",
            r"\b(?:(?:is|was|remains|has been|have been)\s+(?:largely\s+|broadly\s+)?(?:holding|held|"
            r"in (?:effect|force)|observed)|took effect|came into (?:effect|force)|went into effect|"
            r"takes effect)\b",
        ),
        (
            "agreed",
            r"\b(?:agreed (?:to|on|upon)|signed|reached|brokered|announced|struck|sealed|clinched|"
            r"(?:was|were|been) agreed|bring about)\b",
        ),
        (
            "negotiating",
            r"\b(?:talks|negotiat\w+|push(?:es|ing)? for|press(?:es|ing)? for|call(?:s|ed|ing)? for|"
            r"urg(?:e|es|ed|ing)|seek(?:s|ing)?|secure|mediat\w+|working to|efforts? to|proposed|"
            r"could be reached|optimistic)\b",
        ),
    )
)
_HEDGE = re.compile(
    r"\b(?:could|would|may|might|if|hopes?|hoping|optimistic|expected to|aim(?:s|ed)? to|"
    r"working to|efforts? to|seek(?:s|ing)? to|push(?:es|ing)? (?:for|to)|secure)\b"
)
_NEW = re.compile(
    r"\b(?:new|renewed|fresh|another|second|latest)\s+(?:\w+\s+)?(?:cease-?fire|truce|accord|"
    r"agreement|deal)\b",
    re.IGNORECASE,
)


def _cues(sentence: str) -> list[tuple[str, re.Match[str]]]:
    found = []
    for status, pattern in _CUES:
        found.extend((status, m) for m in pattern.finditer(sentence))
    return found


def extract_ceasefire(sentences: list[Sentence], published: dt.date) -> CeasefireFact | None:
    """The article's current ceasefire status with the sentence that shows it, or None when it says nothing."""
    about_ceasefire = any(_CEASEFIRE.search(s.text) for s in sentences)
    if not about_ceasefire:
        return None
    evidence: dict[str, str] = {}
    new_agreement: tuple[str, str] | None = None
    for sentence in sentences:
        text = sentence.text
        if not (_CEASEFIRE.search(text) or _AGREEMENT.search(text)):
            continue
        for status, match in _cues(text):
            hedged = bool(_HEDGE.search(text[: match.start()][-60:]))
            if status in ("agreed", "in_effect"):
                if hedged:
                    status = "negotiating"
                elif status == "agreed" and is_background(text, published):
                    continue
                elif _NEW.search(text) and new_agreement is None:
                    new_agreement = (status, text)
            evidence.setdefault(status, text)
    if new_agreement is not None:
        return CeasefireFact(status=new_agreement[0], evidence=new_agreement[1])  # type: ignore[arg-type]
    for cue in ("collapsed", "suspended", "revival", "violated", "in_effect", "agreed", "negotiating"):
        if cue in evidence:
            status = "collapsed" if cue == "revival" else cue
            return CeasefireFact(status=status, evidence=evidence[cue])  # type: ignore[arg-type]
    return None
