"""The pipeline, read straight through: source -> articles -> facts -> changes -> outbox -> destinations.

`SourceReader` reads a source's articles; `process` takes one article through routing, deduplication,
extraction and change detection, and writes the new state, its alerts and one delivery per destination in
one transaction; `deliver` posts what is waiting in the outbox.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httpx

from bot.config import AppConfig, ConflictConfig, FolderSourceConfig, SourceConfig
from bot.detect import Thresholds, detect_changes
from bot.extract import extract_facts, route
from bot.models import Alert, Article
from bot.sources.feed import FeedError, feed_client, fetch_feed
from bot.sources.folder import ArticleError, list_article_files, read_article
from bot.store import Store

log = logging.getLogger("sitrep.pipeline")

MAX_DELIVERY_ATTEMPTS = 5


class Destination(Protocol):
    """Where alerts go: a console, a chat channel, a webhook. Adapters implement it."""

    name: str

    async def send(self, alert: Alert) -> str | None:
        """Post the alert; return the platform's message id, if it has one."""


@dataclass
class Batch:
    """The articles a poll read, and the files it could not read."""

    articles: list[tuple[Article, str | None]] = field(default_factory=list)  # (article, pinned conflict)
    errors: list[ArticleError | FeedError] = field(default_factory=list)

    def in_order(self) -> list[tuple[Article, str | None]]:
        """Publication order, then path order: the order in which a reader would have seen them."""
        return sorted(self.articles, key=lambda item: (item[0].published_at, item[0].path or ""))


def read_paths(paths: list[Path], conflict: str | None = None, batch: Batch | None = None) -> Batch:
    """Read every article file in `paths` (files or folders), keeping going past unreadable ones."""
    batch = batch or Batch()
    for path in paths:
        try:
            files = list_article_files(path)
        except ArticleError as exc:
            batch.errors.append(exc)
            continue
        for file in files:
            try:
                batch.articles.append((read_article(file), conflict))
            except ArticleError as exc:
                batch.errors.append(exc)
    return batch


class SourceReader:
    """Reads configured sources into batches; remembers each feed's validators (ETag, Last-Modified) so
    that a feed that has not changed costs one cheap 304."""

    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        self._client = client or feed_client()
        self._validators: dict[str, tuple[str | None, str | None]] = {}

    async def read(self, source: SourceConfig, batch: Batch | None = None) -> Batch:
        batch = batch or Batch()
        if isinstance(source, FolderSourceConfig):
            return read_paths([source.path], source.conflict, batch)
        etag, last_modified = self._validators.get(source.url, (None, None))
        try:
            result = await fetch_feed(self._client, source.url, etag=etag, last_modified=last_modified)
        except FeedError as exc:
            batch.errors.append(exc)
            return batch
        self._validators[source.url] = (result.etag, result.last_modified)
        batch.articles.extend((article, source.conflict) for article in result.articles)
        return batch

    async def close(self) -> None:
        await self._client.aclose()


def pinned_conflict(config: AppConfig, path: Path) -> str | None:
    """The conflict a configured folder source pins `path` to, if `path` lies in one."""
    resolved = path.resolve()
    for source in config.sources:
        if isinstance(source, FolderSourceConfig) and source.conflict:
            folder = source.path.resolve()
            if resolved == folder or folder in resolved.parents:
                return source.conflict
    return None


def destinations_for(config: AppConfig, conflict: ConflictConfig) -> list[str]:
    return [d.name for d in config.destinations if d.conflicts is None or conflict.id in d.conflicts]


def conflict_for(config: AppConfig, article: Article, pinned: str | None) -> ConflictConfig | None:
    """The conflict an article belongs to: the one its source pins it to, else the routed one (or None)."""
    return config.conflict(pinned) if pinned else route(article, config.conflicts)


async def process(
    store: Store,
    config: AppConfig,
    article: Article,
    pinned: str | None = None,
    thresholds: Thresholds | None = None,
) -> list[Alert]:
    """Take one article through the pipeline; return the alerts it caused (already in the outbox).

    The article, its facts, the conflict's new state, the alerts and their deliveries are stored in one
    transaction, so an article is either wholly processed or, after a crash, read again.
    """
    if await store.is_known(article):
        log.info(
            "duplicate article skipped", extra={"article_path": article.path, "article_url": article.url}
        )
        return []
    conflict = conflict_for(config, article, pinned)
    if conflict is None:
        log.info("article matches no conflict", extra={"article_path": article.path})
        await store.record_article(article, None, [], None, [], [])
        return []
    extraction = extract_facts(article, conflict)
    state = await store.load_state(conflict.id)
    new_state, alerts = detect_changes(
        state, extraction.facts, article.reference(), dt.datetime.now(dt.UTC), thresholds
    )
    stored = await store.record_article(
        article, conflict.id, extraction.facts, new_state, alerts, destinations_for(config, conflict)
    )
    if stored is None:  # another worker stored the same article in the meantime
        return []
    for alert in alerts:
        log.info("alert", extra={"conflict": conflict.id, "kind": alert.kind, "headline": alert.headline})
    return alerts


async def deliver(store: Store, destinations: Mapping[str, Destination]) -> int:
    """Post every waiting delivery; one failing destination is logged and the others carry on.

    Returns how many were posted. A delivery that keeps failing is given up after MAX_DELIVERY_ATTEMPTS.
    """
    sent = 0
    for delivery in await store.pending_deliveries():
        destination = destinations.get(delivery.destination)
        if destination is None:
            await store.mark_failed(
                delivery.id, f"no destination named {delivery.destination!r}", give_up=True
            )
            continue
        try:
            message_id = await destination.send(delivery.alert)
        except Exception as exc:  # an adapter's failure must not stop the others
            give_up = delivery.attempts + 1 >= MAX_DELIVERY_ATTEMPTS
            log.warning("delivery failed", extra={"adapter": delivery.destination, "error": str(exc)})
            await store.mark_failed(delivery.id, f"{delivery.destination}: {exc}", give_up=give_up)
            continue
        await store.mark_sent(delivery.id, message_id)
        sent += 1
    return sent
