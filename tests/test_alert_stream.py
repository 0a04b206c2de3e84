"""Change detection over a whole news stream, through the real pipeline: one alert per real change.

The stream (`tests/synthetic_stream.py`) has 300 articles from six outlets: a death toll, an injured and a
displaced figure rising step by step, re-reported again and again, some steps reported late by a lagging
outlet; talks announced, postponed and held; a ceasefire negotiated, agreed, violated and collapsed;
syndicated copies, near-duplicates and noise. Property tests (hypothesis) check the rules on random
subsets and orders of it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import store_tables as tables
from bot.config import AppConfig, ConsoleDestinationConfig
from bot.dedup import BANDS
from bot.detect import detect_changes
from bot.detect.ledger import baseline
from bot.extract import extract_facts
from bot.models import Alert, Article, CasualtyFact
from bot.pipeline import process_batch
from bot.sources.reader import Arrival
from bot.state import ConflictState
from bot.store import Store
from tests.synthetic_stream import CONFLICT, TIMELINE, kind_of, stream, tag

CONFIG = AppConfig(conflicts=[CONFLICT], destinations=[ConsoleDestinationConfig(kind="console")])


@cache
def articles(seed: int = 0) -> tuple[Article, ...]:
    return tuple(stream(seed))


@cache
def facts(url: str, seed: int = 0) -> tuple:
    article = next(a for a in articles(seed) if a.url == url)
    return tuple(extract_facts(article, CONFLICT).facts)


async def replay(items: list[Article], path: Path | None = None, times: int = 1) -> list[list[Alert]]:
    """Run the pipeline over `items` `times` times on one fresh store; the alerts of each run."""
    url = f"sqlite+aiosqlite:///{path}" if path else "sqlite+aiosqlite:///:memory:"
    store = await Store.open(url)
    try:
        runs = []
        for _ in range(times):
            runs.append((await process_batch(store, CONFIG, [Arrival(a) for a in items])).alerts)
        return runs
    finally:
        await store.close()


def test_a_300_article_stream_gives_one_alert_per_real_change(tmp_path):
    items = list(articles())
    [alerts] = asyncio.run(replay(items, tmp_path / "s.db"))
    first = {tag(a).change: a.url for a in items if tag(a).role == "first report"}
    expected = sorted((c.kind, first[c]) for c in TIMELINE if c.alerts)
    got = sorted((a.kind, a.sources[0].url) for a in alerts)
    assert got == expected
    assert len(alerts) == 22
    headlines = [a.headline for a in alerts]
    assert re.fullmatch(r"Death toll rises to (\w+ )*61 \(was (\w+ )*53\)", headlines[-1])
    assert any("moved to Sat 21 Mar 2026 (was Sat 14 Mar 2026)" in h for h in headlines)
    assert any(h.startswith("Ceasefire has collapsed") for h in headlines)
    assert not any(re.search(r"to (\w+ )*41,000", h) for h in headlines)  # a rise under 5% of the displaced
    for alert in alerts:
        assert alert.text.count("\n") <= 3  # a headline and at most three short lines


def test_replaying_the_stream_again_adds_no_alert():
    items = list(articles())[:120]
    first, second = asyncio.run(replay(items, times=2))
    assert first and second == []


def _detect_all(items: list[Article]) -> tuple[ConflictState, list[tuple[ConflictState, Alert]]]:
    state = ConflictState(conflict=CONFLICT.id)
    alerts = []
    for article in items:
        detection = detect_changes(state, list(facts(article.url)), article.reference())
        alerts += [(state, alert) for alert in detection.alerts]
        state = detection.state
    return state, alerts


def _world(state: ConflictState) -> dict:
    """The state without `announced` (what subscribers were told, which depends on arrival order)."""
    return state.model_dump(mode="json", exclude={"announced"})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1), st.floats(0.2, 1.0))
def test_the_final_state_does_not_depend_on_arrival_order(seed, share):
    rng = random.Random(seed)
    subset = [a for a in articles() if rng.random() < share]
    shuffled = subset[:]
    rng.shuffle(shuffled)
    in_order, _ = _detect_all(subset)
    shuffled_state, _ = _detect_all(shuffled)
    assert _world(shuffled_state) == _world(in_order)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_no_alert_is_ever_emitted_for_a_lower_figure(seed):
    rng = random.Random(seed)
    shuffled = list(articles())
    rng.shuffle(shuffled)
    _, alerts = _detect_all(shuffled)
    for before, alert in alerts:
        if alert.kind != "casualty" or alert.revision:
            continue
        ledger = {e.key: e for e in before.casualties}
        for fact in alert.facts:
            assert isinstance(fact, CasualtyFact)
            was = baseline(ledger, (fact.metric, fact.party, fact.group))
            assert was is None or fact.count > was[0], (alert.headline, was)


_EDITS = [
    lambda a, r: a.model_copy(update={"url": a.url + "?utm_source=x", "outlet": "Syndicator"}),
    lambda a, r: a.model_copy(update={"title": "UPDATE: " + a.title, "url": a.url + "/v2"}),
    lambda a, r: a.model_copy(update={"text": a.text.replace(". ", ".  ").upper(), "url": a.url + "/c"}),
    lambda a, r: a.model_copy(update={"text": _drop_a_sentence(a.text, r), "url": a.url + "/d"}),
    lambda a, r: a.model_copy(
        update={"text": a.text.replace(" said", " told reporters", 1), "url": a.url + "/e", "outlet": "Other"}
    ),
]


def _drop_a_sentence(text: str, rng: random.Random) -> str:
    sentences = text.split(". ")
    if len(sentences) > 3:
        sentences.pop(rng.randrange(1, len(sentences)))
    return ". ".join(sentences)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 299), st.integers(0, len(_EDITS) - 1), st.integers(0, 2**16))
def test_a_duplicate_or_near_duplicate_never_alerts(index, edit, seed):
    original = articles()[index]
    copy = _EDITS[edit](original, random.Random(seed))
    copy = copy.model_copy(update={"published": original.published_at + dt.timedelta(minutes=30)})
    [_, second] = asyncio.run(replay_pair(original, copy))
    assert second == [], (copy.title, [a.headline for a in second])


async def replay_pair(original: Article, copy: Article) -> list[list[Alert]]:
    store = await Store.open("sqlite+aiosqlite:///:memory:")
    try:
        return [
            (await process_batch(store, CONFIG, [Arrival(original)])).alerts,
            (await process_batch(store, CONFIG, [Arrival(copy)])).alerts,
        ]
    finally:
        await store.close()


def test_only_articles_about_a_followed_conflict_are_kept_for_near_duplicate_search():
    """An article about nothing followed has no facts a copy could repeat: it gets no MinHash bands."""
    about = next(a for a in articles() if kind_of(a) == "first report")
    elsewhere = about.model_copy(
        update={
            "title": "Harvest festival draws crowds",
            "text": " ".join(["Farmers brought pumpkins, apples and honey to the market square."] * 8),
            "url": "https://elsewhere.example/festival",
        }
    )

    async def bands() -> dict[str, int]:
        store = await Store.open("sqlite+aiosqlite:///:memory:")
        try:
            await process_batch(store, CONFIG, [Arrival(about), Arrival(elsewhere)])
            async with store.engine.connect() as conn:
                rows = await conn.execute(
                    sa.select(tables.articles.c.url, sa.func.count(tables.article_bands.c.band))
                    .join(tables.article_bands, isouter=True)
                    .group_by(tables.articles.c.url)
                )
                return dict(rows.all())
        finally:
            await store.close()

    assert asyncio.run(bands()) == {about.url: BANDS, elsewhere.url: 0}
