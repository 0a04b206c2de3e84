"""Extraction: from one article's text to the facts it reports, for the conflict it is about.

Pure functions: they take values and return values, with no I/O.
"""

from __future__ import annotations

import functools
import re

from bot.config import ConflictConfig
from bot.extract.actors import Actors
from bot.extract.casualties import extract_casualties
from bot.extract.ceasefire import extract_ceasefire
from bot.extract.meetings import extract_meetings
from bot.extract.names import name_finder
from bot.extract.text import sentences
from bot.models import Article, Extraction, Fact

MAX_TEXT = 200_000


# Routing: a mention in the title weighs this much more than one in the body, and an article belongs to a
# conflict only with at least ROUTE_THRESHOLD points, so one passing mention in the body is not enough.
TITLE_WEIGHT = 3
ROUTE_THRESHOLD = 2
# A keyword inside a longer place name is another place: 'Sudan' in 'South Sudan', 'Korea' in 'North Korea'.
_COMPASS = ("South ", "North ", "East ", "West ", "Central ", "New ")


def _outside_longer_names(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(start, end) for start, end in spans if not text.endswith(_COMPASS, max(0, start - 8), start)]


def _mentions(names: list[str], text: str) -> int:
    """How often `text` names any of `names` (case as written) as whole words, outside longer place names."""
    if not names:
        return 0
    return len(_outside_longer_names(text, name_finder(tuple(names)).spans(text)))


@functools.lru_cache(maxsize=64)
def _keyword_owners(keywords: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[str]]:
    """Each case-folded keyword of the conflicts, with the ids of the conflicts it belongs to."""
    owners: dict[str, list[str]] = {}
    for conflict_id, words in keywords:
        for keyword in words:
            owners.setdefault(keyword.casefold(), []).append(conflict_id)
    return owners


def _keyword_scores(article: Article, conflicts: list[ConflictConfig], text: str) -> dict[str, int]:
    """Each conflict's keyword score, from one pass over the title and text with every conflict's keywords."""
    owners = _keyword_owners(tuple((c.id, tuple(c.keywords)) for c in conflicts))
    finder = name_finder(tuple(owners), True)
    scores = dict.fromkeys((c.id for c in conflicts), 0)
    for source, weight in ((article.title, TITLE_WEIGHT), (text, 1)):
        for start, end in _outside_longer_names(source, finder.spans(source)):
            for conflict_id in owners.get(source[start:end].casefold(), ()):
                scores[conflict_id] += weight
    return scores


def route(article: Article, conflicts: list[ConflictConfig]) -> ConflictConfig | None:
    """The conflict the article is about, or None.

    A conflict is a candidate when its keywords score at least ROUTE_THRESHOLD (a mention in the title
    counting TITLE_WEIGHT times): keywords decide whether an article concerns a conflict at all (an article
    about Israel and Lebanon is not about Gaza because Israel is a party there). Among candidates, the one
    whose every side the article names most wins (an article about Armenia and Azerbaijan that mentions
    Russia's war in passing names both Armenia and Azerbaijan, but Ukraine once), then the keyword score.
    The subject of a news story is named in its title or first paragraph: a conflict named only further
    down is a passing mention."""
    text = article.text[:MAX_TEXT]
    scores = _keyword_scores(article, conflicts, text)
    lead = f"{article.title}\n{_first_paragraph(text)}"
    best: tuple[tuple[int, int], ConflictConfig] | None = None
    for conflict in conflicts:
        score = scores[conflict.id]
        if score < ROUTE_THRESHOLD or not _named(conflict.keywords, lead):
            continue
        rank = (_both_sides(conflict, f"{article.title}\n{text}"), score)
        if best is None or rank > best[0]:
            best = (rank, conflict)
    return best[1] if best else None


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _first_paragraph(text: str) -> str:
    """The first non-blank piece of `re.split(_PARAGRAPH_BREAK, text)`, without splitting the rest."""
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[start : m.start()].strip():
            return text[start : m.start()]
        start = m.end()
    return text[start:] if text[start:].strip() else ""


def _named(names: list[str], text: str) -> bool:
    return bool(names) and bool(_outside_longer_names(text, name_finder(tuple(names), True).spans(text)))


def _both_sides(conflict: ConflictConfig, text: str) -> int:
    """How often the article names the least-named side of the conflict (0 without configured parties)."""
    counts = [_mentions([party, *aliases], text) for party, aliases in conflict.parties.items()]
    return min(counts, default=0)


def extract_facts(article: Article, conflict: ConflictConfig) -> Extraction:
    """Every casualty figure, meeting and the ceasefire status that `article` reports about `conflict`."""
    # A title may be the article's first sentence (files without a headline): read it with the body.
    # Past MAX_TEXT characters a text is no news article (a dump, a scraped archive): the rest is not read.
    units = sentences(f"{article.title[:MAX_TEXT]}\n\n{article.text[:MAX_TEXT]}")
    actors = _actors(conflict.model_dump_json())
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


@functools.lru_cache(maxsize=64)
def _actors(conflict_json: str) -> Actors:
    """One `Actors` per conflict configuration: its name patterns are compiled once, not per article."""
    return Actors(ConflictConfig.model_validate_json(conflict_json))


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
