"""`sitrep run`: open the store, build the destinations, and drive polling and delivery.

`run_once` polls every source once and delivers; `run_forever` does the same on APScheduler 3's
AsyncIOScheduler (in-memory jobs built from the configuration, one per source, `coalesce` and
`max_instances=1`) until SIGINT or SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import signal

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from adapters import build_destinations
from bot.config import AppConfig, Settings, SourceConfig, interval_seconds
from bot.pipeline import Batch, Destination, SourceReader, deliver, process_batch
from bot.store import Store

log = logging.getLogger("sitrep.run")

DELIVERY_SECONDS = 10


async def poll(store: Store, config: AppConfig, batch: Batch, destinations: dict[str, Destination]) -> None:
    """Process a batch of articles in reading order, then deliver what it put in the outbox."""
    for error in batch.errors:
        log.warning("article unreadable", extra={"error": str(error)})
    await process_batch(store, config, batch.in_order(), batch.feeds)
    await deliver(store, destinations)


async def run_once(config: AppConfig, settings: Settings) -> Batch:
    """Poll every source once, deliver, and return what was read (with its errors)."""
    store = await Store.open(settings.database_url)
    reader = SourceReader(store=store)
    try:
        batch = Batch()
        for source in config.sources:
            await reader.read(source, batch)
        await poll(store, config, batch, build_destinations(config))
        return batch
    finally:
        await reader.close()
        await store.close()


async def run_forever(config: AppConfig, settings: Settings) -> None:
    """Poll each source at its interval and deliver, until SIGINT or SIGTERM."""
    store = await Store.open(settings.database_url)
    reader = SourceReader(store=store)
    destinations = build_destinations(config)
    lock = asyncio.Lock()  # one batch at a time: detection reads and writes each conflict's state

    async def poll_source(source: SourceConfig) -> None:
        batch = await reader.read(source)
        async with lock:
            await poll(store, config, batch, destinations)

    async def deliver_waiting() -> None:
        async with lock:
            await deliver(store, destinations)

    scheduler = AsyncIOScheduler()
    for index, source in enumerate(config.sources):
        scheduler.add_job(
            poll_source,
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
        deliver_waiting, "interval", seconds=DELIVERY_SECONDS, coalesce=True, max_instances=1, id="deliver"
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    scheduler.start()
    log.info("running", extra={"count": len(config.sources)})
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        async with lock:  # let the batch in flight finish its transactions
            await reader.close()
            await store.close()
