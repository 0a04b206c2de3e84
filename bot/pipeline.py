"""The pipeline, read straight through: source -> articles -> facts -> changes -> outbox -> destinations.

`SourceReader` reads a source's articles; `process_batch` takes a batch of them through deduplication,
routing, extraction and change detection, and writes the new states, the alerts and their deliveries in one
transaction; `deliver` posts what is waiting in the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy.exc import IntegrityError

from bot import dedup
from bot.config import AppConfig, ConflictConfig, FolderSourceConfig
from bot.detect import Thresholds, detect_changes
from bot.extract import extract_facts, route
from bot.message import Message
from bot.models import Alert, Article, CasualtyFact, Fact, MeetingFact
from bot.sources.reader import Arrival
from bot.status import status_message
from bot.store import ALL_KINDS, FeedPoll, Store, Subscription
from bot.store_batch import NearDuplicate, Ref, Target, Transaction

log = logging.getLogger("sitrep.pipeline")

STORE_ATTEMPTS = 3  # a batch that loses a race with another instance is read again, at most this often


class Destination(Protocol):
    """Where messages go: a console, a chat platform, a webhook. Adapters implement it.

    `channel` is None for a configured destination, or the channel of a subscription on that platform."""

    name: str

    async def send(
        self, message: Message, channel: str | None = None, *, key: str | None = None
    ) -> str | None:
        """Post the message; return the platform's message id, if it has one (needed to edit it). `key`
        is the same for every try of one delivery: a platform that can, uses it to never post twice."""

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        """Replace a posted message (an alert that gained sources)."""


class DeliveryError(Exception):
    """A destination's refusal to post. `permanent`: retrying cannot help any message to that channel (it
    is gone or archived, the bot has no access, the token is invalid): the delivery is given up and, for a
    subscription, the channel's subscriptions are paused with this reason. `drop`: only this message can
    never be posted (refused as malformed, or the message to edit is gone): it alone is given up.
    Otherwise the delivery is tried again later."""

    def __init__(self, reason: str, *, permanent: bool = False, drop: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.drop = drop


def pinned_conflict(config: AppConfig, path: Path) -> str | None:
    """The conflict a configured folder source pins `path` to, if `path` lies in one."""
    resolved = path.resolve()
    for source in config.sources:
        if isinstance(source, FolderSourceConfig) and source.conflict:
            folder = source.path.resolve()
            if resolved == folder or folder in resolved.parents:
                return source.conflict
    return None


def conflict_for(config: AppConfig, article: Article, pinned: str | None) -> ConflictConfig | None:
    """The conflict an article belongs to: the one its source pins it to, else the routed one (or None)."""
    return config.conflict(pinned) if pinned else route(article, config.conflicts)


def targets_for(config: AppConfig, subscriptions: list[Subscription]) -> Callable[[str], list[Target]]:
    """Where a conflict's alerts go: the configured destinations that take it, and subscribed channels."""

    def targets(conflict: str) -> list[Target]:
        found = [
            Target(d.name, tuple(d.kinds or ALL_KINDS), d.min_sources)
            for d in config.destinations
            if d.conflicts is None or conflict in d.conflicts
        ]
        found += [
            Target(f"{s.platform}:{s.channel}", tuple(s.kinds), s.min_sources)
            for s in subscriptions
            if s.conflict == conflict and s.paused_reason is None
        ]
        return found

    return targets


def thresholds_of(config: AppConfig) -> Thresholds:
    return Thresholds(**config.thresholds.model_dump())


def _identity(fact: Fact) -> tuple[object, ...]:
    """What makes two facts the same news, whatever sentence they came from."""
    if isinstance(fact, CasualtyFact):
        return (fact.kind, fact.metric, fact.count, fact.party, fact.group)
    if isinstance(fact, MeetingFact):
        return (fact.kind, tuple(fact.parties), fact.place, fact.date, fact.status)
    return (fact.kind, fact.status)


class Stages:
    """Seconds spent in each stage of the pipeline, for benchmarks: `with stages("detect"): ...`.

    Stages nest, and time counts for the innermost one only: the detection inside a store transaction is
    detection time, not store time."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._open: list[str] = []
        self._since = 0.0

    def _charge(self) -> None:
        now = time.perf_counter()
        if self._open:
            name = self._open[-1]
            self.seconds[name] = self.seconds.get(name, 0.0) + now - self._since
        self._since = now

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        self._charge()
        self._open.append(name)
        try:
            yield
        finally:
            self._charge()
            self._open.pop()


@dataclass
class Outcome:
    """What a batch did: the alerts it queued (in order), and how many articles it skipped as copies."""

    alerts: list[Alert] = field(default_factory=list)
    duplicates: int = 0
    near_duplicates: int = 0
    articles: int = 0  # new articles stored
    facts: int = 0  # facts read from them
    baselines: list[str] = field(default_factory=list)  # conflicts that got a baseline summary


@dataclass
class _Prepared:
    arrival: Arrival
    digest: str
    signature: bytes | None
    conflict: ConflictConfig | None
    facts: list[Fact]
    replaces: int | None = None  # an edited version of this stored article


def _prepare(config: AppConfig, arrival: Arrival, stage: Stages, replaces: int | None) -> _Prepared:
    """The work an article needs before the store is asked anything: its hashes, conflict and facts."""
    article = arrival.article
    with stage("extract"):
        conflict = conflict_for(config, article, arrival.pinned)
        facts = extract_facts(article, conflict).facts if conflict else []
    with stage("dedup"):  # near-duplicates matter only for articles with facts
        digest, signature = dedup.text_hash(article), dedup.signature(article) if conflict else None
    return _Prepared(arrival, digest, signature, conflict, facts, replaces)


async def process_batch(
    store: Store,
    config: AppConfig,
    arrivals: list[Arrival],
    feeds: list[FeedPoll] | None = None,
    stages: Stages | None = None,
) -> Outcome:
    """Take articles, in the order given, through deduplication, extraction and change detection, and
    store everything they cause in one transaction; return what was queued.

    An exact copy (same URL or same text) is skipped; an edited version of a stored feed entry (same entry
    or URL, other text) replaces it, and only facts its old version did not report are detected. A near-duplicate (`bot.dedup`) is stored, but only
    the facts its original did not report are detected, and it confirms nothing: copies count once. Quiet
    articles build the state without alerting; each conflict a feed's backlog changed gets one baseline
    summary. Extraction runs before the transaction opens, so the store is locked only to decide and write.
    """
    stage = stages or Stages()
    if not arrivals:  # an unchanged feed: only its poll is recorded (with others recorded at the same time)
        await asyncio.gather(*(store.record_poll(feed) for feed in feeds or ()))
        return Outcome()
    with stage("dedup"):
        seen = await store.seen(arrivals)
    prepared = [
        _prepare(config, a, stage, seen.edited.get(i)) for i, a in enumerate(arrivals) if i not in seen.same
    ]
    for attempt in range(1, STORE_ATTEMPTS + 1):
        outcome = Outcome(duplicates=len(seen.same))
        try:
            with stage("store"):
                await _store_batch(store, config, prepared, feeds or [], outcome, stage)
            return outcome
        except IntegrityError:  # another instance stored one of these articles first: read them again
            if attempt == STORE_ATTEMPTS:
                raise
            log.info("batch raced another writer; retrying", extra={"count": len(prepared)})
    raise AssertionError("unreachable")


async def _store_batch(
    store: Store,
    config: AppConfig,
    prepared: list[_Prepared],
    feeds: list[FeedPoll],
    outcome: Outcome,
    stage: Stages,
) -> None:
    targets = targets_for(config, await store.subscriptions())
    async with store.transaction(targets) as tx:
        with stage("dedup"):  # copies stored before the batch are known already (`Store.known`)
            await tx.prefetch_bands([p.signature for p in prepared])
        for feed in feeds:
            tx.record_feed(feed)
        backlog: dict[str, ConflictConfig] = {}
        thresholds = thresholds_of(config)
        for item in prepared:
            conflict = await _decide(tx, item, thresholds, outcome, stage)
            if conflict is not None:
                backlog[conflict.id] = conflict
        for conflict in backlog.values():
            message = status_message(conflict, await tx.state(conflict.id), kind="baseline")
            tx.post_message(message, [t.name for t in targets(conflict.id)])
            outcome.baselines.append(conflict.id)


async def _decide(
    tx: Transaction, item: _Prepared, thresholds: Thresholds, outcome: Outcome, stage: Stages
) -> ConflictConfig | None:
    """Store one prepared article and what it changes; return its conflict when it is part of a backlog
    that changed the conflict's state."""
    article, conflict = item.arrival.article, item.conflict
    with stage("dedup"):
        if item.replaces is None and tx.is_known(article.url, item.digest):
            outcome.duplicates += 1
            return None
        if item.replaces is not None:  # an edited entry: only what its old version did not say is news
            near = NearDuplicate(Ref(item.replaces), 1.0, await tx.facts_of(item.replaces))
        else:
            near = await tx.near_duplicate(item.signature) if item.signature and conflict else None
    if conflict is None:
        tx.add_article(article, None, [], item.digest, item.signature, None, item.replaces)
        return None
    facts = item.facts
    outcome.articles += 1
    outcome.facts += len(item.facts)
    if near is not None:
        outcome.near_duplicates += 1
        seen = {_identity(f) for f in near.facts}
        facts = [f for f in facts if _identity(f) not in seen]
    source = article.reference()
    state = await tx.state(conflict.id)
    with stage("detect"):
        detection = detect_changes(state, facts, source, thresholds=thresholds)
    tx.put_state(detection.state)
    original = near.original if near and item.replaces is None else None
    article_ref = tx.add_article(
        article, conflict.id, item.facts, item.digest, item.signature, original, item.replaces
    )
    for alert in detection.alerts:
        tx.add_alert(alert, article_ref, quiet=item.arrival.quiet)
        if not item.arrival.quiet:
            outcome.alerts.append(alert)
            log.info("alert", extra={"conflict": alert.conflict, "kind": alert.kind})
    if near is None:
        tx.corroborate(conflict.id, detection.corroborated, source)
    return conflict if item.arrival.backlog and detection.alerts else None


async def notify_operator(store: Store, config: AppConfig, notices: list[Message]) -> None:
    """Queue notices for the operator (`[feeds] operator`); without one they are only logged."""
    if notices and config.feeds.operator:
        async with store.transaction(lambda _: ()) as tx:
            for notice in notices:
                tx.post_message(notice, [config.feeds.operator])


async def process(
    store: Store, config: AppConfig, article: Article, pinned: str | None = None
) -> list[Alert]:
    """Take one article through the pipeline; return the alerts it caused (already in the outbox)."""
    return (await process_batch(store, config, [Arrival(article, pinned)])).alerts
