"""The ceasefire status an article reports as current.

Each sentence about a ceasefire (ceasefire, truce, armistice, accord, commitments...) is read for cues of
one status. An agreement necessarily comes before its breakdown, so when an article reports both, the
breakdown is current unless the agreement is marked as a new one ('a new truce was signed'); talks to
revive a collapsed or suspended ceasefire leave it collapsed or suspended. A breakdown dated in an earlier
period yields to any current cue (it may be an earlier ceasefire's), and an agreement dated in an earlier
period is background; the date of an agreement's own participle ('the truce signed in Doha last month')
dates neither. Hedged cues ('a ceasefire could be reached'), one side accepting a proposal, one side
agreeing while another 'has not', and agreements denied ('no ceasefire agreed', 'did not reach an
agreement') are talks, not agreements; a peace agreement is no ceasefire unless its clause makes it one.
A ceasefire that 'takes effect at midnight', is 'to be implemented' or that the sides 'commit to' is
agreed, not yet in effect. 'Fragile', 'threatens to derail', 'the most serious test yet of the truce',
strikes 'despite' or 'during' the truce, 'the first deadly attack since the truce', fighting that goes
on after a ceasefire was declared ('declared a ceasefire, but attacks have continued'), mutual accusations
of breaches, and clashes reported in a concession ('has held, although ... clashes') are violations, not a
collapse; 'no violations reported' is none. A ceasefire that 'ended the war' is in place (what ended is the
war); one that 'ended on June 30' or whose 'breakdown' is reported is over. A third party's call ('called on
Monday for an immediate ceasefire'), a side wanting one, and a proposal that 'remains unsigned' are talks. Failed talks, and talks denied ('no ceasefire talks are under way', 'no interest in talks'), leave no
ceasefire ('none'), as do refusals and denials ('no ceasefire and no negotiation', 'no truce has been
proposed', 'No ceasefire is in place'); a truce one side 'rejects' was put to it (talks). Once an article
names a humanitarian pause, 'the pause' is its ceasefire; another war's truce ('the war in neighbouring
Tigray, which ended with a truce') is not the conflict's. 'There has never been a ceasefire', 'not aware of
any talks' and 'no appetite for talks' deny; 'working on' a ceasefire is talks. A start date still to come
('will take effect at midnight on 8 February') does not date the agreement. A live blog's entries are read
by their times: the latest one that reports the ceasefire's state decides, whichever way the entries run.
"""

from __future__ import annotations

import datetime as dt
import re

from bot.extract.actors import Actors
from bot.extract.dates import is_background
from bot.extract.fast import Blind
from bot.extract.reports import OTHER_WAR
from bot.extract.text import Sentence, clauses, stems_pattern
from bot.models import CeasefireFact

Span = tuple[int, int]  # (start, end) of a match in a sentence

# 'A halt to hostilities', 'to halt the fighting', 'stop all hostilities': a ceasefire in other words; so is
# a moratorium (on strikes against energy sites, on shelling), a partial truce.
_CEASEFIRE = Blind(
    r"\b(?:(?:cease-?fire|truce|armistice|cessation of hostilities|humanitarian pause|moratorium)s?"
    r"|halt (?:to )?(?:all |the )?(?:hostilities|fighting)|(?:stop|end) (?:all |the )?hostilities)\b"
)
# Words that name the ceasefire once an article is about one (the stems of _CEASEFIRE).
_CEASEFIRE_WORDS = ("cease", "truce", "armistice", "hostilities", "pause", "halt", "moratori")
_CEASEFIRE_STEMS = stems_pattern(_CEASEFIRE_WORDS)
_NOUN_STEMS = stems_pattern(
    (*_CEASEFIRE_WORDS, "accord", "agreement", "commitments", "deal", "peace plan", "declaration")
)
_AGREEMENT = Blind(r"\b(?:accords?|agreements?|commitments|deal|peace plan|declaration)\b")
# 'The pause has taken effect': the humanitarian pause the article named before (not 'talks resumed after a
# six-week pause').
_PAUSE = Blind(r"\bpauses?\b")

# Verbs of agreeing, and the agreements they take as object or subject.
_AGREE_VERB = r"(?:agreed|signed|reached|brokered|announced|declared|struck|sealed|clinched)"
_PACT = (
    r"(?:cease-?fires?|truces?|armistice|deal|agreements?|accords?|pact|cessation of hostilities"
    r"|(?:a )?halt (?:to )?(?:all |the )?(?:hostilities|fighting)|(?:stop|end) (?:all |the )?hostilities)"
)

_CUES: tuple[tuple[str, Blind], ...] = tuple(
    (status, Blind(pattern))
    for status, pattern in (
        (
            "suspended",
            r"\b(?:(?:was|were|is|are|been|being)\s+(?:formally\s+|temporarily\s+)?suspended"
            r"|suspend(?:s|ed|ing)?\s+(?:(?:the\s+)?(?:implementation|observance|application) of\s+)?"
            r"(?:the|its|their|a)\s+(?:(?:commitment|adherence|participation)\s+(?:to|in)\s+(?:the|a)\s+)?"
            r"(?:\w+\s+){0,2}?(?:cease-?fire|truce|moratorium|accord|agreement|deal|declaration)"
            r"|suspension of (?:the\s+)?(?:\w+\s+){0,2}?(?:cease-?fire|truce|moratorium|accord|agreement|deal|"
            r"declaration)"
            r"|put on hold|(?:is|was|are|were|been)\s+[\"“]?on hold)\b",
        ),
        (
            "collapsed",
            r"\b(?:collaps(?:e|ed|es|ing)|broke down|broken down|break(?:s|ing)? down|breakdown|unravel+(?:ed|ing)?|fell apart|"
            r"fallen apart|in tatters|shattered|no longer (?:being\s+)?(?:observed|holding|held|respected|"
            r"in (?:effect|force)|honou?red|kept|exists?)|ceased to exist|(?:not|no longer) being (?:kept|observed|honou?red|"
            r"respected)|(?:ended|over) as fighting|fighting (?:has\s+)?resumed|resumption of (?:fighting|"
            r"hostilities)|"
            # 'a three-day ceasefire declared by Putin ended on Saturday', 'the junta's ceasefire, declared
            # after the earthquake to allow relief work, officially ended on June 30' (an appositive between
            # them); not 'ceasefire talks ended', nor 'a ceasefire ended the war': what it ended is the war.
            r"(?:cease-?fire|truce)(?:,[^,.;]{1,90},)?(?:(?!talks|negotiations|meeting)[^.;]){0,60}?\b(?:"
            r"ended(?!\s+(?:the|a|an|its|their|this|that|[\d-]+\S*|weeks|months|years|decades)\b)|expired|lapsed|"
            r"ran out|came to an end))\b",
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
            r"\b(?:(?<!no )(?<!no major )(?<!no serious )(?<!no significant )"
            r"(?:violat(?:e|ed|es|ing|ion|ions)(?!\s+(?:of\s+)?(?:international|humanitarian|human rights))"
            r"|breach(?:es|ed|ing)?)|fragile|threatens? to derail|"
            r"accus\w+ (?:each other|one another|the other) of|skirmishes despite|salvage|"
            r"despite (?:the|a|an)\s+(?:\w+\s+){0,2}?(?:cease-?fire|truce)|"
            # 'the most serious test yet of the ceasefire', 'the truce was tested'
            r"tests? (?:yet |so far )?(?:of|for) (?:the|a|an) (?:[\w-]+\s+){0,2}?(?:cease-?fire|truce)|"
            r"(?:cease-?fire|truce) (?:was|is|has been) (?:\w+\s+)?tested|"
            # the first deadly attack since the truce began: an attack during it
            r"(?:deadly|fatal|deadliest|lethal)\s+(?:[\w-]+\s+)?(?:attacks?|strikes?|raids?|shelling|clash(?:es)?|"
            r"incidents?|violence)\s+since (?:the|a|an) (?:[\w-]+\s+)?(?:cease-?fire|truce)|"
            # an attack during a declared truce
            r"(?:strikes?|attacks?|shelling|bombardment|bombing|raids?|killed|clashes)\b[^.;]{0,40}?\bduring "
            r"(?:the|a|an) (?:[\w-]+\s+)?(?:cease-?fire|truce))\b",
        ),
        # Fighting reported in a concession ('has reduced fighting, although aid groups report sporadic
        # clashes'): a breach, when the same sentence has the ceasefire in force.
        (
            "breach_in_force",
            r"\b(?:although|though|but|even as|despite)\b[^.;]{0,50}?\b(?:clash(?:es)?|fighting|skirmish(?:es)?|"
            r"shelling|attacks?|strikes?|raids?|incursions?|exchanges? of fire|incidents?)\b",
        ),
        (
            "in_effect",
            # 'has largely held', 'is holding', 'remains in place'; not 'has held talks' (held is transitive).
            r"\b(?:(?:is|are|was|remains?|remained|has|have|had|be)\s+(?:been\s+)?(?:\w+ly\s+|so far\s+)?"
            r"(?:(?:holding|held)(?!\s+(?:[\w-]+\s+){0,2}?(?:talks|an?|the|its|their|his|her|meetings?|discussions|"
            r"consultations|negotiations)\b)|in (?:effect|force|place)|observed|respected)|took effect|"
            r"came into (?:effect|force)|"
            r"went into effect|(?:has|have|had) taken effect|(?:cease-?fire|truce)\s+(?:\w+ly\s+)?(?:held|holds)(?!\s+(?:talks|an?|the)\b)|"
            # 'since the truce began', 'killed during the ceasefire': it exists, so it is (or was) in force.
            r"(?:since|during|under) (?:the|a) (?:[\w-]+\s+)?(?:cease-?fire|truce)"
            r"(?!\s+(?:proposals?|plans?|talks|negotiations|deal|agreement))|(?:cease-?fire|truce) (?:began|started))\b",
        ),
        (
            "agreed",
            # The verb must govern the ceasefire ('signed a truce', 'the truce brokered by Qatar'): 'the toll
            # has reached 236' is not an agreement. A ceasefire that 'takes effect at midnight' is agreed but
            # not yet in force.
            rf"\b(?:{_AGREE_VERB}\s+(?:(?:to|on|upon)\s+)?(?:(?!talks|negotiat|resum|discuss)[\w’'“”\"-]+\s+){{0,6}}?"
            rf"{_PACT}|{_PACT},?\s+(?:(?:was|were|is|are|has been|have been|had been|being|that was|which was)\s+)?"
            rf"(?:\w+ly\s+)?{_AGREE_VERB}|(?:was|were|been) agreed|bring about|takes effect|"
            r"(?:will|to) (?:take|come into|go into) (?:effect|force)|(?:is|are) to be implemented|"
            # 'committing to a permanent ceasefire' (not 'remained committed to the truce': it exists)
            r"(?<!remain )(?<!remains )(?<!remained )commit(?:s|ted|ting)? (?:themselves |itself )?to "
            r"(?:a|an) (?:[\w-]+\s+){0,2}?(?:cease-?fire|truce)|"
            r"(?:is|are|was|were) (?:due|set|expected|scheduled) to (?:take|come into|go into) (?:effect|force))\b",
        ),
        (
            "negotiating",
            # 'called on Monday for an immediate ceasefire': the call's day may stand before 'for'
            r"\b(?:talks|negotiat\w+|consultations|push(?:es|ing)? for|press(?:es|ing)? for|"
            # ('calls on the parties for an immediate ceasefire': whom the call is to may stand before 'for')
            r"call(?:s|ed|ing)?\s+(?:(?:late |early )?on \w+\s+|again\s+|repeatedly\s+|publicly\s+|"
            r"on (?:the |all )?(?:[\w-]+\s+){1,2}?)?for|"
            # 'wanted an immediate and unconditional ceasefire', 'demanded a truce': a side's call for one
            r"(?:want(?:s|ed)?|demand(?:s|ed|ing)?)\s+(?:an?|the)\s+(?:[\w-]+,?\s+(?:and\s+)?){0,3}?"
            r"(?:cease-?fire|truce)|"
            # 'a proposal for a truce remains unsigned': offered, not agreed
            r"proposals? (?:by|from|for)\b|unsigned|yet to be signed|"
            # 'Moscow rejects a truce before a settlement': one was put to it (not 'rejects any truce')
            r"reject(?:s|ed|ing)?\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:cease-?fire|truce)|"
            # 'called on the warring parties to agree a ceasefire' (not 'to respect' one: it exists)
            r"call(?:s|ed|ing)? on\b[^.;]{0,60}?\bto (?:agree|reach|accept|declare|negotiate|sign)|"
            r"urg(?:e|es|ed|ing)|seek(?:s|ing)?|secure|mediat\w+|working (?:to|on|towards?)|efforts? to|proposed|"
            r"could be reached|optimistic|yet to agree|(?:did not|didn't|failed to|without) (?:reach|agree)\w*|"
            # One side accepting a proposal is not a ceasefire agreed by both ('Ukraine agreed to a US
            # proposal for a 30-day ceasefire, but Russia has not').
            r"(?:agreed to|accepted|accepts|endorsed|endorsing|backing|backed)\s+(?:[\w’'-]+\s+){0,3}?"
            r"(?:proposals?|offers?|calls?|idea))\b",
        ),
        (
            "none",
            r"\b(?:(?:no|without a|without any)\s+(?:\w+\s+)?(?:cease-?fire|truce)"
            # 'there has never been a ceasefire in the conflict'
            r"|never (?:been|had|agreed|seen) (?:a|any) (?:\w+\s+)?(?:cease-?fire|truce))\b",
        ),
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
# Talks denied: 'no ceasefire talks are under way', 'neither side has shown any interest in talks', 'has
# ruled out talks'.
_NO_TALKS = re.compile(
    r"\b(?:no|neither|nor|without)\s+(?:[\w-]+\s+){0,2}?(?:talks|negotiations?)\b"
    # ('any', a word of denials and questions: 'nor ... has shown any appetite for talks')
    r"|\b(?:no|neither|nor|not|n't|any)\b[^.;]{0,60}?\b(?:interest|appetite|desire|willingness) (?:in|for)"
    r" (?:talks|negotiations)\b"
    # 'we are not aware of any talks', 'has not held any negotiations'
    r"|\b(?:not|n't|never)\b[^.;]{0,30}?\bany\s+(?:[\w-]+\s+){0,2}?(?:talks|negotiations?)\b"
    # 'has ruled out talks with the insurgents', 'ruled out negotiating with "terrorists"'
    r"|\b(?:ruled?|rules|ruling) out\s+(?:any\s+)?(?:[\w-]+\s+){0,2}?(?:talks|negotiat\w+)\b",
    re.IGNORECASE,
)
# An agreement denied: 'no ceasefire agreed', 'did not reach an agreement'.
_NOT_AGREED = re.compile(r"\b(?:no|not|never|without|failed to|yet to)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# A cue denied of the ceasefire before it: 'No ceasefire is in place', 'no truce has been proposed'.
_DENIED = re.compile(
    r"\b(?:no|not any)\s+(?:[\w-]+\s+)?(?:cease-?fire|truce|armistice)s?\s+"
    r"(?:(?:is|are|was|were|has|have|had|been|yet|ever)\s+){0,3}$",
    re.IGNORECASE,
)
_LATER = re.compile(r"\b(?:effect|force|implemented)\b")
# A ceasefire that 'will take effect at midnight on 8 February': the date is when it starts, still to come,
# and does not set the agreement in an earlier period.
_FUTURE_START = re.compile(
    r"\b(?:will|(?:is|are|was|were) (?:due |set |expected |scheduled )?to)\s+(?:\w+\s+)?(?:take|come into|go into)\s+"
    r"(?:effect|force)\b",
    re.IGNORECASE,
)
# A live blog's entry opens with its time ('**18:10** — ', '08:20 - ').
_ENTRY_TIME = re.compile(r"^\**\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)\b[^—–\-]{0,20}?[—–-]")
# Statuses that tell the ceasefire's state, not talks about one: in a live blog, the latest entry that
# reports one decides.
_STATE = ("collapsed", "suspended", "revival", "violated", "in_effect", "agreed")
_PEACE = re.compile(r"\bpeace\b", re.IGNORECASE)
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


# Words each cue's pattern needs (in lower case, '|' between them): a cheap test before the pattern.
_CUE_STEM_LISTS = {
    "suspended": "suspen|on hold",
    "collapsed": "collaps|broke|break|unravel|apart|tatters|shattered|no longer|ceased to|not being|ended|over as|resum|expired"
    "|lapsed|ran out|came to an end",
    "revival": "reviv|restor|resurrect|return to",
    "violated": "violat|breach|fragile|derail|accus|skirmish|salvage|despite|test|during|since",
    "breach_in_force": "though|but|even as|despite",
    "in_effect": "hold|held|in effect|in force|in place|observed|respected|took effect|taken effect|into effect"
    "|into force|since|during|under|began|started",
    "agreed": "agreed|signed|reached|brokered|announced|declared|struck|sealed|clinched|bring about|effect"
    "|force|implemented|commit",
    "negotiating": "talks|negotiat|consultations|push|press|call|urg|seek|secure|mediat|work|effort|proposed|optimistic|reach"
    "|agree|accept|endors|back|want|demand|proposal|signed|reject",
    "none": "no |without|never",
}
_CUE_STEMS = {status: stems_pattern(stems.split("|")) for status, stems in _CUE_STEM_LISTS.items()}
# Longer stems for the cues whose stems above are words common in any ceasefire story ('force' of 'forces',
# 'agree' of 'agreement', 'under'): each match of the cue's lower-case pattern still has one, so they serve
# a sentence read in lower case (one without `CASE_TRAPS`).
_CUE_STEM_LISTS_PLAIN = {
    "agreed": "agreed|signed|reached|brokered|announced|declared|struck|sealed|clinched|bring about"
    "|takes effect|take effect|take force|into effect|into force|implemented|commit",
    "in_effect": "hold|held|in effect|in force|in place|observed|respected|took effect|taken effect|into effect"
    "|into force|since the|since a |during the|during a |under the|under a |began|started",
    "violated": "violat|breach|fragile|derail|accus|skirmish|salvage|despite|test|during the|during a |deadl"
    "|fatal|lethal",
    "negotiating": "talks|negotiat|consultations|push|press|call|urg|seek|secure|mediat|working to|working on|working toward"
    "|effort|proposed|optimistic"
    "|could be reached|yet to agree|did not |didn't |failed to |without |proposal|offer|idea|want|demand"
    "|unsigned|yet to be signed|reject",
}
_CUE_STEMS_PLAIN = {
    status: stems_pattern(_CUE_STEM_LISTS_PLAIN[status].split("|"))
    if status in _CUE_STEM_LISTS_PLAIN
    else stems
    for status, stems in _CUE_STEMS.items()
}


def _ceasefire_in_clause(text: str, start: int) -> bool:
    return any(
        offset <= start < offset + len(part) and _CEASEFIRE.found(part) for offset, part in clauses(text)
    )


def _another_wars(text: str, start: int, actors: Actors) -> bool:
    """Whether the cue at `start` is about another war's ceasefire: one named by a place that is none of
    the conflict's names or keywords, as another war's toll is not this one's (see `reports`)."""
    if "war " not in text and "conflict " not in text:
        return False
    m = OTHER_WAR.search(text, 0, start)
    return m is not None and not actors.is_known(m.group("name"))


def _reading(cue: str, span: Span, text: str, in_force: bool, actors: Actors | None) -> str | None:
    """What a cue (at `span` of `text`) says once its context is read, or None when it says nothing about
    the ceasefire."""
    if cue == "breach_in_force":  # fighting reported in a concession counts only against a truce in force
        return "violated" if in_force else None
    start, end = span
    before = text[max(0, start - 60) : start]
    words = text[start:end]  # (in the text's own case, as the case-blind match reads it)
    if cue == "negotiating" and _NO_TALKS.search(before + words):
        return "none"  # 'no ceasefire talks are under way', 'no interest in talks'
    if cue in ("negotiating", "in_effect") and _DENIED.search(before):
        return "none"  # 'No ceasefire is in place', 'no truce has been proposed'
    if actors is not None and _another_wars(text, start, actors):
        return None  # 'the war in neighbouring Tigray, which ended with a truce signed in Pretoria'
    if cue == "collapsed" and _TALKS_BEFORE.search(text[:start]):
        return "failed"  # 'ceasefire talks collapsed'
    if cue == "agreed":
        if _PEACE.search(words) and not _ceasefire_in_clause(text, start):
            return None  # a peace agreement is no ceasefire unless its clause makes it one
        if _NOT_AGREED.search(before[-25:]):
            return "negotiating"  # 'no ceasefire agreed': talks without a deal
        if actors and _one_sided(text[end:], actors):
            return "negotiating"  # one side agreed, the other has not
    # The hedge may stand before the cue or inside it ('an agreement could be reached').
    if cue in ("agreed", "in_effect") and _HEDGE.search(before + words):
        return "negotiating"
    return cue


# Headlines tell what happened in the present tense: 'Thailand and Cambodia agree ceasefire', 'Qatar
# brokers Gaza truce', 'Truce takes hold'. Not 'agree to seek a truce': that is talks.
_HEADLINE_CUES = (
    (
        "agreed",
        Blind(
            r"\b(?:agree|agrees|sign|signs|reach|reaches|broker|brokers|seal|seals|strike|strikes)\s+"
            r"(?:(?:to|on)\s+)?(?:(?!talks|negotiat|resum|discuss|seek|work|push|press|pursu)[\w’'-]+\s+){0,3}?"
            rf"{_PACT}\b"
        ),
    ),
    ("in_effect", Blind(r"\b(?:cease-?fires?|truces?)\s+(?:takes?|took) hold\b")),
)


def _cues(sentence: Sentence) -> list[tuple[str, Span]]:
    """Each cue in the sentence with the span of its match: the readings need only the span and the
    sentence, so the matches are not rebuilt in the text's own case (see `Blind.spans`)."""
    found = []
    stems = _CUE_STEMS_PLAIN if sentence.plain else _CUE_STEMS
    for status, pattern in _CUES:
        if sentence.has_any(stems[status]):
            found.extend((status, span) for span in pattern.spans(sentence.text, sentence.low))
    if sentence.is_headline:
        for status, pattern in _HEADLINE_CUES:
            found.extend((status, span) for span in pattern.spans(sentence.text, sentence.low))
    return found


def extract_ceasefire(
    sentences: list[Sentence], published: dt.date, actors: Actors | None = None
) -> CeasefireFact | None:
    """The article's current ceasefire status with the sentence that shows it, or None when it says nothing."""
    # (Each sentence's test is made once: the loop below reads it again for the sentences it keeps.)
    names_ceasefire = [s.has_any(_CEASEFIRE_STEMS) and _CEASEFIRE.found(s.text, s.low) for s in sentences]
    if not any(names_ceasefire):
        return None
    evidence: dict[str, str] = {}
    earlier: dict[str, str] = {}  # breakdowns set in an earlier period: of an earlier ceasefire, perhaps
    new_agreement: tuple[str, str] | None = None
    paused = False  # whether a humanitarian pause was named: then 'the pause' is it
    times = _entry_times(sentences)
    by_entry: dict[int, dict[str, str]] = {}  # in a live blog: each entry's cues, by the entry's time
    for index, (sentence, ceasefire) in enumerate(zip(sentences, names_ceasefire, strict=True)):
        text = sentence.text
        if not sentence.has_any(_NOUN_STEMS):
            continue
        if ceasefire and not paused and "pause" in sentence.lower:
            paused = "humanitarian pause" in sentence.lower
        if not (
            ceasefire or _AGREEMENT.found(text, sentence.low) or (paused and _PAUSE.found(text, sentence.low))
        ):
            continue
        cues = _cues(sentence)
        # A cue's reading depends on whether the ceasefire is in force only for a breach in a concession:
        # the others are read once, before that is known.
        readings = [
            None if cue == "breach_in_force" else _reading(cue, m, text, False, actors) for cue, m in cues
        ]
        # A ceasefire declared or signed is in force, unless it takes effect later.
        later = any(status == "agreed" and _LATER.search(text[start:end]) for status, (start, end) in cues)
        in_force = any(status == "in_effect" for status, _ in cues) or (
            not later
            and any(
                cue == "agreed" and reading == "agreed"
                for (cue, _), reading in zip(cues, readings, strict=True)
            )
        )
        for (cue, span), reading in zip(cues, readings, strict=True):
            status = _reading(cue, span, text, in_force, actors) if cue == "breach_in_force" else reading
            if status is None:
                continue
            if cue in ("agreed", "in_effect"):
                if (
                    status == "agreed"
                    and not (later and _FUTURE_START.search(text))
                    and is_background(text, published, span[0], sentence)
                ):
                    continue
                if status in ("agreed", "in_effect") and new_agreement is None and _NEW.search(text):
                    new_agreement = (status, text)
            elif is_background(text, published, span[0], sentence):
                earlier.setdefault(status, text)
                continue
            evidence.setdefault(status, text)
            if times is not None:
                by_entry.setdefault(times[index], {}).setdefault(status, text)
    # A live blog's entries are read by their times, whether they run oldest or newest first: the latest
    # entry that reports the ceasefire's state decides (the truce that took effect at noon, not the one that
    # collapsed before it); talks in a later entry leave that state, as talks rank below it anywhere.
    for time in sorted(by_entry, reverse=True):
        for cue in _PRIORITY:
            if cue in _STATE and cue in by_entry[time]:
                status = _STATUS_OF_CUE.get(cue, cue)
                return CeasefireFact(status=status, evidence=by_entry[time][cue])  # type: ignore[arg-type]
    if new_agreement is not None:
        return CeasefireFact(status=new_agreement[0], evidence=new_agreement[1])  # type: ignore[arg-type]
    # A breakdown is current unless it is dated earlier and the article reports a ceasefire since
    # ('the truce that took effect in October has held, unlike January's, which collapsed in March').
    for found in (evidence, earlier):
        for cue in _PRIORITY:
            if cue in found:
                status = _STATUS_OF_CUE.get(cue, cue)
                return CeasefireFact(status=status, evidence=found[cue])  # type: ignore[arg-type]
    return None


def _entry_times(sentences: list[Sentence]) -> list[int] | None:
    """Each sentence's live-blog entry time in minutes (that of the last entry opened before it, -1 before
    the first), or None when the article is no live blog (fewer than three entries open with a time)."""
    times: list[int] = []
    time, paragraph, entries = -1, -1, 0
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph = sentence.paragraph
            m = _ENTRY_TIME.match(sentence.text) if sentence.text[:1] in "*0123456789" else None
            if m:
                time, entries = int(m.group("hour")) * 60 + int(m.group("minute")), entries + 1
        times.append(time)
    return times if entries >= 3 else None
