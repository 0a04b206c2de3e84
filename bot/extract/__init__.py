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
from bot.extract.text import sentences, words_pattern
from bot.models import Article, Extraction, Fact

MAX_TEXT = 200_000


# Routing: a mention in the title weighs this much more than one in the body, and an article belongs to a
# conflict only with at least ROUTE_THRESHOLD points, so one passing mention in the body is not enough.
TITLE_WEIGHT = 3
ROUTE_THRESHOLD = 2
# A keyword inside a longer place name is another place: 'Sudan' in 'South Sudan', 'Korea' in 'North Korea'.
_COMPASS = ("South ", "North ", "East ", "West ", "Central ", "New ")


@functools.lru_cache(maxsize=512)
def _names_patterns(names: tuple[str, ...], ignore_case: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    plain = words_pattern(names)
    longer = "(?:" + "|".join(_COMPASS) + ")" + plain
    return re.compile(plain, re.IGNORECASE if ignore_case else 0), re.compile(longer)


def _mentions(names: list[str], text: str, ignore_case: bool = False) -> int:
    """How often `text` names any of `names` as whole words, outside longer place names."""
    if not names:
        return 0
    plain, longer = _names_patterns(tuple(names), ignore_case)
    count = len(plain.findall(text))
    if count and any(word in text for word in _COMPASS):
        count -= len(longer.findall(text))
    return count


def route(article: Article, conflicts: list[ConflictConfig]) -> ConflictConfig | None:
    """The conflict the article is about, or None.

    A conflict is a candidate when its keywords score at least ROUTE_THRESHOLD (a mention in the title
    counting TITLE_WEIGHT times): keywords decide whether an article concerns a conflict at all (an article
    about Israel and Lebanon is not about Gaza because Israel is a party there). Among candidates, the one
    whose every side the article names most wins (an article about Armenia and Azerbaijan that mentions
    Russia's war in passing names both Armenia and Azerbaijan, but Ukraine once), then the keyword score."""
    best: tuple[tuple[int, int], ConflictConfig] | None = None
    text = article.text[:MAX_TEXT]
    for conflict in conflicts:
        score = TITLE_WEIGHT * _mentions(conflict.keywords, article.title, True)
        score += _mentions(conflict.keywords, text, True)
        if score < ROUTE_THRESHOLD:
            continue
        rank = (_both_sides(conflict, f"{article.title}\n{text}"), score)
        if best is None or rank > best[0]:
            best = (rank, conflict)
    return best[1] if best else None


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
