"""`sitrep run`: open the store, build the destinations, and drive polling and delivery.

`run_once` polls every source once (a progress bar on a terminal, log lines otherwise) and delivers;
`run_forever` does the same on APScheduler 3's AsyncIOScheduler (in-memory jobs built from the
configuration, one per source, with jitter, `coalesce` and `max_instances=1`) until SIGINT or SIGTERM, and
watches folder sources with watchfiles so that a new or changed article file is read at once (the
periodic scan stays as the fallback).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from rich.progress import Progress
from watchfiles import Change, awatch

from adapters import build_destinations, chat_platforms, close_all, start_platforms
from bot.config import AppConfig, FolderSourceConfig, Settings, SourceConfig, interval_seconds
from bot.health import HealthServer, Metrics, engine_check
from bot.outbox import HEARTBEAT, deliver, heartbeat, leave, take_source, worker_id
from bot.pipeline import Destination, notify_operator, process_batch
from bot.sources.folder import ARTICLE_SUFFIXES
from bot.sources.reader import Batch, SourceReader, read_paths
from bot.store import Store

log = logging.getLogger("sitrep.run")

WATCH_DEBOUNCE_MS = 50


async def poll(
    store: Store,
    config: AppConfig,
    batch: Batch,
    destinations: dict[str, Destination],
    worker: str = "local",
    metrics: Metrics | None = None,
    *,
    log_errors: bool = True,
) -> None:
    """Process a batch of articles in reading order, then deliver what it put in the outbox. The batch's
    read errors are logged unless `log_errors` is false (`run --once` prints them itself)."""
    for error in batch.errors if log_errors else ():
        log.warning("source unreadable", extra={"error": str(error)})
    if batch.arrivals or batch.feeds:
        outcome = await process_batch(store, config, batch.in_order(), batch.feeds)
        if metrics is not None:
            metrics.articles(outcome.articles)
            metrics.facts(outcome.facts)
            for alert in outcome.alerts:
                metrics.alerts(alert.kind)
        if not (outcome.alerts or outcome.baselines or batch.notices):
            return  # nothing new to post (an unchanged feed): the delivery job retries what waits
    await notify_operator(store, config, batch.notices)
    await send_waiting(store, config, destinations, worker, metrics)


@dataclass
class Poller:
    """How `sitrep run` takes each source through the pipeline: at most `[feeds] in_flight` sources read
    ahead of processing (the rest wait unread, so memory holds that many feeds' items), and one batch of
    articles processed at a time (`lock`: detection reads and writes each conflict's state). With `leases`,
    a source is read only by the instance whose lease on it is due (`outbox.take_source`)."""

    store: Store
    config: AppConfig
    reader: SourceReader
    destinations: dict[str, Destination]
    worker: str = "local"
    metrics: Metrics | None = None
    leases: bool = True
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self._ahead = asyncio.Semaphore(self.config.feeds.in_flight)

    async def poll_source(self, source: SourceConfig) -> None:
        """Read one source (if due and this instance holds it) and take what it brought through."""
        async with self._ahead:
            interval = interval_seconds(source.interval)
            if self.leases and not await take_source(
                self.store, source.name, self.worker, interval, lease=interval
            ):
                return  # not due, or another instance polls it this interval
            started = time.perf_counter()
            batch = await self.reader.read(source)
            if self.metrics is not None:
                self.metrics.polled(source.kind, time.perf_counter() - started, ok=not batch.errors)
            await self.take(batch)

    async def take(self, batch: Batch) -> None:
        """`poll` one batch under the lock, except a batch of unchanged feeds, which touches no conflict:
        its polls are recorded at once, together with those of the other feeds polled at the same time."""
        if batch.unchanged:
            await poll(self.store, self.config, batch, self.destinations, self.worker, self.metrics)
            return
        async with self.lock:
            await poll(self.store, self.config, batch, self.destinations, self.worker, self.metrics)


def destination_kind(config: AppConfig, name: str) -> str:
    """A delivery's destination as a metrics label: console, webhook, slack or discord (never a channel)."""
    platform = name.partition(":")[0]
    kinds = {d.name: d.kind for d in config.destinations}
    return kinds.get(name, platform if platform in ("slack", "discord") else "other")


async def send_waiting(
    store: Store,
    config: AppConfig,
    destinations: dict[str, Destination],
    worker: str = "local",
    metrics: Metrics | None = None,
) -> int:
    """Deliver what is due; count it in `metrics`."""

    def observe(name: str, outcome: str, seconds: float) -> None:
        if metrics is not None and outcome != "dropped":
            metrics.delivered(destination_kind(config, name), outcome, seconds)  # type: ignore[arg-type]

    done = await deliver(
        store,
        destinations,
        worker=worker,
        max_attempts=config.delivery.max_attempts,
        observe=observe,
        lease=interval_seconds(config.delivery.claim),
    )
    if metrics is not None:
        metrics.outbox_depth(await store.outbox_depth())
    return done


async def read_everything(reader: SourceReader, sources: list[SourceConfig], show: bool) -> Batch:
    """Read every source once (feeds concurrently); a progress bar when `show`, else one log line each."""
    if not show:

        def logged(source: SourceConfig) -> None:
            log.info("source read", extra={"source": source.name})

        return await reader.read_all(sources, done=logged)
    with Progress(transient=True) as progress:
        task = progress.add_task("Reading sources", total=len(sources))
        return await reader.read_all(sources, done=lambda _: progress.advance(task))


async def run_once(config: AppConfig, settings: Settings) -> Batch:
    """Poll every source once, deliver, and return what was read (with its errors)."""
    destinations = build_destinations(config)
    store = await Store.open(settings.database_url)
    reader = SourceReader(store=store, config=config)
    platforms = chat_platforms(config, settings, store)
    try:
        destinations.update(await start_platforms(platforms, serve=False))  # to post, not to serve
        batch = await read_everything(reader, list(config.sources), sys.stderr.isatty())
        await poll(store, config, batch, destinations, log_errors=False)
        return batch
    finally:
        await close_all(platforms, destinations)
        await reader.close()
        await store.close()


async def watch_folders(
    config: AppConfig, on_files: asyncio.Queue[tuple[FolderSourceConfig, list[Path]]], stop: asyncio.Event
) -> None:
    """Put each batch of new or changed article files of the folder sources on `on_files`, until `stop`."""
    folders = [s for s in config.sources if isinstance(s, FolderSourceConfig) and s.path.is_dir()]
    if not folders:
        return
    async for changes in awatch(
        *(s.path for s in folders), stop_event=stop, debounce=WATCH_DEBOUNCE_MS, step=WATCH_DEBOUNCE_MS
    ):
        files = [
            Path(p)
            for kind, p in changes
            if kind != Change.deleted
            and Path(p).suffix.lower() in ARTICLE_SUFFIXES
            and not Path(p).name.startswith(".")
        ]
        for source in folders:  # a folder source is not recursive: its own files only
            mine = [f for f in files if f.resolve().parent == source.path.resolve()]
            if mine:
                await on_files.put((source, sorted(mine)))


async def run_forever(config: AppConfig, settings: Settings) -> None:
    """Poll each source at its interval and deliver, until SIGINT or SIGTERM."""
    destinations = build_destinations(config)
    store = await Store.open(settings.database_url)
    reader = SourceReader(store=store, config=config)
    platforms = chat_platforms(config, settings, store)
    destinations.update(await start_platforms(platforms, serve=True))
    instance = worker_id()
    metrics = Metrics()
    poller = Poller(store, config, reader, destinations, instance, metrics)
    lock = poller.lock

    async def deliver_waiting() -> None:
        async with lock:
            await send_waiting(store, config, destinations, instance, metrics)

    async def deliver_messages() -> None:
        """Deliver at once what is queued outside the pipeline (a new subscription's status view), rather
        than at the next delivery round; alerts are delivered by `poll` itself."""
        while True:
            await store.messages_queued.wait()
            store.messages_queued.clear()
            await deliver_waiting()

    async def alive() -> None:
        others = await heartbeat(store, instance)
        if others and store.engine.dialect.name == "sqlite":
            log.warning(
                "another sitrep instance runs on this SQLite store; SQLite is for one instance: "
                "use PostgreSQL (SITREP_DATABASE_URL) to run several",
                extra={"count": len(others)},
            )

    scheduler = AsyncIOScheduler()
    for index, source in enumerate(config.sources):
        scheduler.add_job(
            poller.poll_source,
            "interval",
            args=[source],
            seconds=interval_seconds(source.interval),
            jitter=3,
            coalesce=True,
            max_instances=1,
            id=f"source-{index}",
            next_run_time=dt.datetime.now(dt.UTC),
        )
    scheduler.add_job(
        deliver_waiting,
        "interval",
        seconds=interval_seconds(config.delivery.interval),
        coalesce=True,
        max_instances=1,
        id="deliver",
    )
    scheduler.add_job(
        alive,
        "interval",
        seconds=HEARTBEAT,
        coalesce=True,
        max_instances=1,
        id="heartbeat",
        next_run_time=dt.datetime.now(dt.UTC),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    changed: asyncio.Queue[tuple[FolderSourceConfig, list[Path]]] = asyncio.Queue()

    async def read_changed_files() -> None:
        while True:
            source, files = await changed.get()
            batch = read_paths(files, source.conflict)
            async with lock:
                await poll(store, config, batch, destinations, instance, metrics)

    watcher = asyncio.create_task(watch_folders(config, changed, stop))
    reading = asyncio.create_task(read_changed_files())
    messages = asyncio.create_task(deliver_messages())
    scheduler.start()
    health = None
    if config.health.port is not None:
        states = {p.name: ("connected" if p.name in destinations else "down") for p in platforms}
        health = HealthServer(metrics, engine_check(store.engine), lambda: scheduler.running, lambda: states)
        await health.start(config.health.host, config.health.port)
        log.info("health and metrics served", extra={"source": f"http://{config.health.host}:{health.port}/"})
    log.info("running", extra={"count": len(config.sources)})
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        if health is not None:
            await health.stop()
        reading.cancel()
        async with lock:  # let the batch in flight finish its transaction (and a delivery its post)
            messages.cancel()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await close_all(platforms, destinations)
            await reader.close()
            with contextlib.suppress(Exception):
                await leave(store, instance)
            await store.close()
