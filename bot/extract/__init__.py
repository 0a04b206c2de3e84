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


def route(article: Article, conflicts: list[ConflictConfig]) -> ConflictConfig | None:
    """The conflict the article is about: the one whose keywords and party names it mentions most (the
    title counting TITLE_WEIGHT times), or None when no conflict reaches ROUTE_THRESHOLD."""
    best: tuple[int, ConflictConfig] | None = None
    for conflict in conflicts:
        names = [
            *conflict.keywords,
            *conflict.parties,
            *(a for aliases in conflict.parties.values() for a in aliases),
        ]
        pattern = re.compile(words_pattern(names), re.IGNORECASE)
        score = TITLE_WEIGHT * len(pattern.findall(article.title)) + len(
            pattern.findall(article.text[:MAX_TEXT])
        )
        if score >= ROUTE_THRESHOLD and (best is None or score > best[0]):
            best = (score, conflict)
    return best[1] if best else None


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
