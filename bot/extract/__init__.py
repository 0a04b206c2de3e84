"""Extraction: from one article's text to the facts it reports, for the conflict it is about.

Pure functions: they take values and return values, with no I/O.
"""

from __future__ import annotations

import copy
import functools
import re

from bot.config import ConflictConfig
from bot.extract.actors import Actors
from bot.extract.casualties import extract_casualties
from bot.extract.ceasefire import extract_ceasefire
from bot.extract.fast import has_traps
from bot.extract.meetings import extract_meetings
from bot.extract.names import apart, name_finder
from bot.extract.text import DATELINE, sentences
from bot.models import Article, Extraction, Fact

MAX_TEXT = 200_000


# Routing: a mention in the title weighs this much more than one in the body, and an article belongs to a
# conflict only with at least ROUTE_THRESHOLD points, so one passing mention in the body is not enough.
TITLE_WEIGHT = 3
ROUTE_THRESHOLD = 2
# A keyword inside a longer place name is another place: 'Sudan' in 'South Sudan', 'Korea' in 'North Korea'.
_COMPASS = ("South ", "North ", "East ", "West ", "Central ", "New ")
_WORD_START = re.compile(r"\w")


def _outside_longer_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(start, end) for start, end in spans if not text.endswith(_COMPASS, max(0, start - 8), start)]


def _mentions(names: tuple[str, ...], text: str) -> int:
    """How often `text` names any of `names` (case as written) as whole words, outside longer place names."""
    if not names:
        return 0
    return len(_outside_longer_names(text, name_finder(names).spans(text)))


# What the router reads of one conflict: its id and its keywords.
_Shape = tuple[str, tuple[str, ...]]


class _Router:
    """What `route` needs of a list of conflicts, built once per configuration: one finder for every
    conflict's keywords, so that an article is scanned once for all of them, and the conflicts that own
    each keyword."""

    def __init__(self, shapes: tuple[_Shape, ...]) -> None:
        self.ids = [conflict_id for conflict_id, _ in shapes]
        # Each case-folded keyword, with the conflicts that list it (once per listing: each one counts).
        self.owners: dict[str, list[int]] = {}
        for index, (_, keywords) in enumerate(shapes):
            for keyword in keywords:
                self.owners.setdefault(keyword.casefold(), []).append(index)
        self.finder = name_finder(tuple(self.owners), True)
        # The title and the text are scanned as one string, joined by a line break, which no match can
        # straddle unless a keyword has one.
        self.one_scan = not any("\n" in keyword for keyword in self.owners)
        own = [{k.casefold() for k in keywords} for _, keywords in shapes]
        self.lead_in_scan = [self.one_scan and self._apart(keywords) for keywords in own]

    def _apart(self, own: set[str]) -> bool:
        """Whether the scan for every conflict's keywords finds, in a text without `CASE_TRAPS`, the same
        matches of these keywords as a scan for them alone would: when they are ASCII words (both scans
        then read the text in lower case, which is a match's case-folded text) that no other keyword can
        overlap in any text."""
        if not all(k.isascii() and _WORD_START.match(k) for k in own):
            return False
        return apart(sorted(own), sorted(set(self.owners) - own))


@functools.lru_cache(maxsize=64)
def _router_of(shapes: tuple[_Shape, ...]) -> _Router:
    return _Router(shapes)


# The router of each list of conflicts `route` was given, by the list's identity, with a copy of what it
# read of the list: a list changed in place, or a new one where an old one was, is routed by its content.
_routers: dict[int, tuple[list[tuple[str, list[str]]], _Router]] = {}


def _router(conflicts: list[ConflictConfig]) -> _Router:
    """The router of the conflicts. Comparing the list with a copy costs far less than making a hashable
    key of its content on every call; a key is made only when the comparison fails."""
    content = [(c.id, c.keywords) for c in conflicts]
    known = _routers.get(id(conflicts))
    if known is not None and known[0] == content:
        return known[1]
    router = _router_of(tuple((c.id, tuple(c.keywords)) for c in conflicts))
    if len(_routers) >= 64:
        _routers.clear()
    _routers[id(conflicts)] = (copy.deepcopy(content), router)
    return router


def route(article: Article, conflicts: list[ConflictConfig]) -> ConflictConfig | None:
    """The conflict the article is about, or None.

    A conflict is a candidate when its keywords score at least ROUTE_THRESHOLD (a mention in the title
    counting TITLE_WEIGHT times): keywords decide whether an article concerns a conflict at all (an article
    about Israel and Lebanon is not about Gaza because Israel is a party there). Among candidates, the one
    whose every side the article names most wins (an article about Armenia and Azerbaijan that mentions
    Russia's war in passing names both Armenia and Azerbaijan, but Ukraine once), then the keyword score.
    The subject of a news story is named in its title or first paragraph: a conflict named only further
    down, in a dateline or in a title's second headline is a passing mention."""
    router = _router(conflicts)
    title, text = article.title, article.text[:MAX_TEXT]
    full = f"{title}\n{text}"
    plain = not has_traps(full)
    # Each keyword match: where it starts in `full`, and the conflicts that own its keyword.
    hits = [
        (start, router.owners.get(full[start:end].casefold(), ()))
        for start, end in _keywords_found(router, title, text, full, plain)
    ]
    scores = dict.fromkeys(router.ids, 0)
    for start, owners in hits:
        weight = TITLE_WEIGHT if start < len(title) else 1
        for index in owners:
            scores[router.ids[index]] += weight
    scoring = [index for index, conflict in enumerate(conflicts) if scores[conflict.id] >= ROUTE_THRESHOLD]
    if not scoring:
        return None
    # The lead: the title's headline, a line break and the first paragraph, which ends at `lead_end` in
    # `full`. A wire dateline opening the paragraph says where the story was filed, not what it is about
    # ('BEIRUT (AP) — Islamic State militants ambushed ... in eastern Syria'); a title joining two headlines
    # with a semicolon has its subject in the first, the second being another, lesser story.
    first, last = _first_paragraph_span(text)
    dateline = DATELINE.match(text[first:last]) if text[first : first + 1].isupper() else None
    if dateline:
        first += dateline.end()
    head = title.split(";", 1)[0]
    body_start, lead_end = len(title) + 1 + first, len(title) + 1 + last
    candidates = []
    for index in scoring:
        conflict = conflicts[index]
        if plain and router.lead_in_scan[index]:  # (the scan found what a scan of the lead would)
            named = any(
                index in owners
                for start, owners in hits
                if start < len(head) or body_start <= start < lead_end
            )
        else:
            named = _named(conflict.keywords, f"{head}\n{text[first:last]}")
        if named and _abroad(conflict.keywords, f"{head}\n{text[first:last]}"):
            named = False
        if named:
            candidates.append(conflict)
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    # Only a choice between candidates needs their sides counted.
    best: tuple[tuple[int, int], ConflictConfig] | None = None
    for conflict in candidates:
        rank = (_both_sides(conflict, full), scores[conflict.id])
        if best is None or rank > best[0]:
            best = (rank, conflict)
    return best[1] if best else None


def _keywords_found(router: _Router, title: str, text: str, full: str, plain: bool) -> list[tuple[int, int]]:
    """Every match of a conflict's keyword in the title and the text, outside longer place names, as spans
    of `full` (the title, a line break, the text): from one scan of `full` when it is the same as a scan of
    each (the finder reads all of `full` the same way when it has no `CASE_TRAPS`)."""
    if router.one_scan and plain:
        return _outside_longer_names(full, router.finder.spans(full, plain=True))
    found = _outside_longer_names(title, router.finder.spans(title))
    skip = len(title) + 1
    found += [
        (start + skip, end + skip) for start, end in _outside_longer_names(text, router.finder.spans(text))
    ]
    return found


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _first_paragraph_span(text: str) -> tuple[int, int]:
    """Where the first non-blank piece of `re.split(_PARAGRAPH_BREAK, text)` is, without splitting the rest
    ((0, 0) when there is none)."""
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[start : m.start()].strip():
            return start, m.start()
        start = m.end()
    return (start, len(text)) if text[start:].strip() else (0, 0)


# A side's forces serving abroad: 'Rwandan troops', 'Ethiopian soldiers'; and a place the lead gives to a
# country ('in Somalia's Gedo region', 'Mozambique's Cabo Delgado province').
_FORCE_AFTER = re.compile(
    r"\s+(?:troops|soldiers|forces|force|contingent|contingents|peacekeepers|police|personnel|units?)\b"
)
_COUNTRY_PLACE = re.compile(
    r"\b([A-Z][a-z]+)['’]s\s+(?:[A-Z][\w-]*\s+){1,3}(?:province|region|district|state|county|prefecture)\b"
)


def _abroad(names: list[str], lead: str) -> bool:
    """Whether the lead names the conflict only by its sides' forces, which it places in another country's
    territory: a story about al-Shabaab killing 'Ethiopian soldiers' of the AU mission 'in Somalia's Gedo
    region', or about Islamic State insurgents in 'Mozambique's Cabo Delgado province' fought by 'Rwandan
    troops', is about Somalia's or Mozambique's war, not about Ethiopia's or Rwanda's own."""
    places = [m.group(1) for m in _COUNTRY_PLACE.finditer(lead)]
    if not places:
        return False
    own = {name.casefold() for name in names}
    if any(place.casefold() in own for place in places):
        return False
    spans = _outside_longer_names(lead, name_finder(tuple(names), True).spans(lead))
    return bool(spans) and all(_FORCE_AFTER.match(lead, end) for _, end in spans)


def _named(names: list[str], text: str) -> bool:
    return bool(names) and bool(_outside_longer_names(text, name_finder(tuple(names), True).spans(text)))


def _both_sides(conflict: ConflictConfig, text: str) -> int:
    """How often the article names the least-named side of the conflict (0 without configured parties)."""
    counts = [_mentions((party, *aliases), text) for party, aliases in conflict.parties.items()]
    return min(counts, default=0)


def extract_facts(article: Article, conflict: ConflictConfig) -> Extraction:
    """Every casualty figure, meeting and the ceasefire status that `article` reports about `conflict`."""
    # A title may be the article's first sentence (files without a headline): read it with the body.
    # Past MAX_TEXT characters a text is no news article (a dump, a scraped archive): the rest is not read.
    # A title made of the text's first words (an untitled brief or feed entry) is not read twice.
    title = "" if _opens_with(article.text, article.title) else article.title[:MAX_TEXT]
    units = sentences(f"{title}\n\n{article.text[:MAX_TEXT]}")
    actors = _actors_of(conflict)
    actors.start_article()
    published = article.published_date
    facts: list[Fact] = []
    facts.extend(extract_casualties(units, actors, published))
    facts.extend(extract_meetings(units, actors, published))
    ceasefire = extract_ceasefire(units, published, actors)
    if ceasefire is not None:
        facts.append(ceasefire)
    return Extraction(
        path=article.path,
        title=article.title,
        published=article.published,
        conflict=conflict.id,
        ceasefire_status=ceasefire.status if ceasefire else None,
        facts=facts,
    )


def _opens_with(text: str, title: str) -> bool:
    """Whether `text` begins with the words of `title` (whitespace aside)."""
    return bool(title) and " ".join(text[: 2 * len(title) + 16].split()).startswith(" ".join(title.split()))


@functools.lru_cache(maxsize=64)
def _actors(conflict_json: str) -> Actors:
    """One `Actors` per conflict configuration: its name patterns are compiled once, not per article."""
    return Actors(ConflictConfig.model_validate_json(conflict_json))


# What `Actors` reads of a conflict: its keywords, parties and mediators (in order, which matters to it).
_ActorsContent = tuple[list[str], list[tuple[str, list[str]]], list[tuple[str, list[str]]]]
# The `Actors` of each conflict `extract_facts` was given, by the conflict's identity, with a copy of what
# `Actors` read of it.
_actors_known: dict[int, tuple[_ActorsContent, Actors]] = {}


def _actors_of(conflict: ConflictConfig) -> Actors:
    """`_actors` of the conflict's JSON, without writing the JSON for every article: a conflict seen
    before is known by its identity, checked by comparing its content with the copy, so that a conflict
    changed in place (or a new one where an old one was) still gets the `Actors` of its content."""
    content = (conflict.keywords, list(conflict.parties.items()), list(conflict.mediators.items()))
    known = _actors_known.get(id(conflict))
    if known is not None and known[0] == content:
        return known[1]
    actors = _actors(conflict.model_dump_json())
    if len(_actors_known) >= 64:
        _actors_known.clear()
    _actors_known[id(conflict)] = (copy.deepcopy(content), actors)
    return actors


def unrouted(article: Article) -> Extraction:
    """The extraction of an article that belongs to no configured conflict: no facts."""
    return Extraction(
        path=article.path,
        title=article.title,
        published=article.published,
        conflict=None,
        ceasefire_status=None,
        facts=[],
    )
