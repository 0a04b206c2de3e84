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
from bot.config import AppConfig, FolderSourceConfig, Settings
from bot.pipeline import Batch, Destination, deliver, process, read_paths
from bot.store import Store

log = logging.getLogger("sitrep.run")

FOLDER_SCAN_SECONDS = 30
DELIVERY_SECONDS = 10


async def poll(store: Store, config: AppConfig, batch: Batch, destinations: dict[str, Destination]) -> None:
    """Process a batch of articles in reading order, then deliver what it put in the outbox."""
    for error in batch.errors:
        log.warning("article unreadable", extra={"error": str(error)})
    for article, pinned in batch.in_order():
        await process(store, config, article, pinned)
    await deliver(store, destinations)


async def run_once(config: AppConfig, settings: Settings) -> Batch:
    """Poll every source once, deliver, and return what was read (with its errors)."""
    store = await Store.open(settings.database_url)
    try:
        batch = Batch()
        for source in config.sources:
            if isinstance(source, FolderSourceConfig):
                read_paths([source.path], source.conflict, batch)
            else:
                log.warning(
                    "feed sources are polled by `sitrep run` only from a later release",
                    extra={"source": source.url},
                )
        await poll(store, config, batch, build_destinations(config))
        return batch
    finally:
        await store.close()


async def run_forever(config: AppConfig, settings: Settings) -> None:
    """Poll each folder source every FOLDER_SCAN_SECONDS and deliver, until SIGINT or SIGTERM."""
    store = await Store.open(settings.database_url)
    destinations = build_destinations(config)
    lock = asyncio.Lock()  # one article at a time: detection reads and writes each conflict's state

    async def poll_folder(source: FolderSourceConfig) -> None:
        async with lock:
            await poll(store, config, read_paths([source.path], source.conflict), destinations)

    async def deliver_waiting() -> None:
        async with lock:
            await deliver(store, destinations)

    scheduler = AsyncIOScheduler()
    for index, source in enumerate(config.sources):
        if isinstance(source, FolderSourceConfig):
            scheduler.add_job(
                poll_folder,
                "interval",
                args=[source],
                seconds=FOLDER_SCAN_SECONDS,
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
        async with lock:  # let the poll in flight finish its transaction
            await store.close()
