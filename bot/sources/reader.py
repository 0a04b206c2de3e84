"""Reading the configured sources into batches of articles, politely.

A folder is read whole (files already stored are skipped later, by the pipeline). A feed is polled only
when it is due: after an error it backs off exponentially (with jitter, never less than the server's
Retry-After); after a success it waits at least the interval the server asked for (Cache-Control max-age,
RSS `<ttl>`). Its validators, failures and next poll are stored, so a restart keeps them; after
`[feeds] max_failures` failures in a row it is disabled, the operator is told once, and `sitrep status`
shows why. At most `[feeds] per_host` requests are in flight to one host. The items of a feed polled for
the first time are its backlog; items older than the feed's max_age are quiet.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bot.config import AppConfig, FeedSourceConfig, FolderSourceConfig, SourceConfig, interval_seconds
from bot.message import Message
from bot.models import Article
from bot.sources.feed import FeedError, feed_client, fetch_feed
from bot.sources.folder import ArticleError, read_articles
from bot.store import FeedPoll, FeedRecord, Store

log = logging.getLogger("sitrep.sources")

MAX_BACKOFF = 24 * 3600.0  # seconds: a failing feed is still tried once a day until it is disabled
MAX_PAGE_BYTES = 5_000_000


@dataclass(frozen=True)
class Arrival:
    """An article as a source delivers it, with the conflict its source pins it to. A `quiet` article
    (older than its feed's max_age) builds the state but alerts nobody; so does a `backlog` one (in a feed
    polled for the first time), whose conflicts then get one baseline summary each."""

    article: Article
    pinned: str | None = None
    quiet: bool = False
    backlog: bool = False


@dataclass
class Batch:
    """The articles a poll read, the feeds it polled, what it could not read, and the feeds it left alone
    (not due, or disabled)."""

    arrivals: list[Arrival] = field(default_factory=list)
    errors: list[ArticleError | FeedError] = field(default_factory=list)
    feeds: list[FeedPoll] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notices: list[Message] = field(default_factory=list)  # for the operator: feeds disabled by this poll

    @property
    def unchanged(self) -> bool:
        """Nothing to process: no article and no notice (its feeds, if any, were unchanged or failed)."""
        return not self.arrivals and not self.notices

    def in_order(self) -> list[Arrival]:
        """Publication order, then path order: the order in which a reader would have seen them."""
        return sorted(self.arrivals, key=lambda a: (a.article.published_at, a.article.path or ""))


def read_paths(paths: list[Path], conflict: str | None = None, batch: Batch | None = None) -> Batch:
    """Read every article file in `paths` (files or folders), keeping going past unreadable ones."""
    batch = batch or Batch()
    for _, article in read_articles(paths):
        if isinstance(article, ArticleError):
            batch.errors.append(article)
        else:
            batch.arrivals.append(Arrival(article, conflict))
    return batch


def backoff(interval: float, failures: int, retry_after: float | None, rng: random.Random) -> float:
    """Seconds to wait after `failures` consecutive failures: the interval doubled per failure, capped at a
    day, jittered by ±20%, and never less than the server's Retry-After."""
    delay = min(interval * 2 ** max(failures - 1, 0), MAX_BACKOFF) * rng.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


class SourceReader:
    """Reads configured sources into batches. With a store, each feed's validators and health come from it
    and go back to it (see the module docstring); without one, validators are kept in memory only."""

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        store: Store | None = None,
        config: AppConfig | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self._config = config
        feeds = config.feeds if config else None
        self._client = client or feed_client(feeds.contact_url if feeds else None)
        self._store = store
        self._per_host = feeds.per_host if feeds else 2
        self._max_failures = feeds.max_failures if feeds else 10
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._validators: dict[str, tuple[str | None, str | None]] = {}
        self._rng = rng or random.Random()

    def _host(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").casefold()
        return self._hosts.setdefault(host, asyncio.Semaphore(self._per_host))

    async def read(self, source: SourceConfig, batch: Batch | None = None, *, force: bool = False) -> Batch:
        """Read one source into `batch`. A feed that is not due (or is disabled) is skipped unless `force`."""
        batch = batch or Batch()
        if isinstance(source, FolderSourceConfig):
            return read_paths([source.path], source.conflict, batch)
        await self._read_feed(source, batch, force)
        return batch

    async def read_all(
        self,
        sources: list[SourceConfig],
        batch: Batch | None = None,
        done: Callable[[SourceConfig], None] | None = None,
    ) -> Batch:
        """Read every source, feeds concurrently (within the per-host limit); `done(source)` after each."""
        batch = batch or Batch()

        async def one(source: SourceConfig) -> None:
            await self.read(source, batch)
            if done is not None:
                done(source)

        await asyncio.gather(*(one(source) for source in sources))
        return batch

    async def _read_feed(self, source: FeedSourceConfig, batch: Batch, force: bool) -> None:
        now = dt.datetime.now(dt.UTC)
        record = await self._store.feed(source.url) if self._store else None
        if record is not None and not force:
            if record.disabled_reason:
                batch.skipped.append(source.url)
                return
            if record.next_poll and record.next_poll > now:
                batch.skipped.append(source.url)
                return
        first = self._store is not None and (record is None or record.last_polled is None)
        if record is not None:
            etag, last_modified = record.etag, record.last_modified
        else:
            etag, last_modified = self._validators.get(source.url, (None, None))
        interval = float(interval_seconds(source.interval))
        try:
            async with self._host(source.url):
                result = await fetch_feed(self._client, source.url, etag=etag, last_modified=last_modified)
        except FeedError as exc:
            batch.errors.append(exc)
            await self._failed(source, record, exc, interval, batch)
            return
        self._validators[source.url] = (result.etag, result.last_modified)
        wait = max(interval, result.min_interval or 0.0)
        next_poll = now + dt.timedelta(seconds=wait) if wait > interval else None
        batch.feeds.append(
            FeedPoll(source.url, result.etag, result.last_modified, next_poll, result.min_interval)
        )
        articles = result.articles
        if source.full_text and articles:
            articles = await self._full_texts(articles)
        oldest = now - dt.timedelta(seconds=interval_seconds(source.max_age))
        batch.arrivals.extend(
            Arrival(a, source.conflict, quiet=first or a.published_at < oldest, backlog=first)
            for a in articles
        )

    async def _failed(
        self,
        source: FeedSourceConfig,
        record: FeedRecord | None,
        error: FeedError,
        interval: float,
        batch: Batch,
    ) -> None:
        if self._store is None:
            return
        failures = (record.failures if record else 0) + 1
        wait = backoff(interval, failures, error.retry_after, self._rng)
        next_poll = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
        disable = (
            f"{failures} failed polls in a row; the last: {error}" if failures >= self._max_failures else None
        )
        await self._store.record_feed_failure(source.url, str(error), next_poll, disable)
        if disable:
            log.error("feed disabled", extra={"source": source.url, "error": disable})
            batch.notices.append(
                Message(
                    kind="notice",
                    conflict=source.conflict or "*",
                    title=f"Feed disabled: {source.url}",
                    lines=[disable, f"Enable it again with: sitrep feeds --enable {source.url}"],
                )
            )
        else:
            log.warning(
                "feed failed; backing off",
                extra={"source": source.url, "error": str(error), "count": failures, "seconds": round(wait)},
            )

    async def _full_texts(self, articles: list[Article]) -> list[Article]:
        """The articles with the main text of their pages where it is longer than the feed's text. Pages of
        articles already stored are not fetched."""
        known = await self._store.known(articles) if self._store else set()
        out = list(articles)
        wanted = [i for i, a in enumerate(articles) if a.url and i not in known]
        texts = await asyncio.gather(*(self._full_text(articles[i]) for i in wanted))
        for i, text in zip(wanted, texts, strict=True):
            if text and len(text) > len(out[i].text):
                out[i] = out[i].model_copy(update={"text": text})
        return out

    async def _full_text(self, article: Article) -> str | None:
        assert article.url is not None
        try:
            async with (
                self._host(article.url),
                asyncio.timeout(60),
                self._client.stream("GET", article.url) as response,
            ):
                if not response.is_success:
                    raise FeedError(f"page {article.url}: HTTP {response.status_code}")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_PAGE_BYTES:
                        raise FeedError(f"page {article.url}: over {MAX_PAGE_BYTES} bytes")
            html = body.decode(response.encoding or "utf-8", errors="replace")
            import trafilatura  # slow to import and heavy: only full_text feeds need it

            return await asyncio.to_thread(trafilatura.extract, html, include_comments=False)
        except (FeedError, httpx.HTTPError, TimeoutError) as exc:
            log.warning(
                "full text not read; using the feed's text", extra={"source": article.url, "error": str(exc)}
            )
            return None

    async def close(self) -> None:
        await self._client.aclose()
