"""Delivering the outbox, and sharing the work between instances.

Every alert is written to the outbox (one delivery per destination) in the same transaction as the state
change that caused it (`bot.pipeline`); `deliver` then claims due deliveries and posts them. A failed post
is tried again after a backoff (doubling from BACKOFF_BASE, capped at BACKOFF_CAP, jittered), in order
per channel: while a channel's oldest delivery waits, its later ones wait too. After `[delivery]
max_attempts` failures a delivery is given up into the dead letters (`sitrep status` counts them, `sitrep
deliveries` lists them, `sitrep deliveries retry` puts them back). A permanent refusal pauses the
channel's subscriptions; a malformed message is dropped alone.

Several instances on one PostgreSQL database share the work: deliveries are claimed with FOR UPDATE SKIP
LOCKED, each source is polled by the instance holding its lease (`take_source`), and a dead instance's
claims and leases expire. SQLite is for one instance: a second one on the same file is warned.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import time
import uuid
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from bot import store_tables as tables
from bot.coalesce import Coalescer
from bot.pipeline import DeliveryError, Destination
from bot.store import Delivery, Store

log = logging.getLogger("sitrep.outbox")

BACKOFF_BASE = 10.0  # seconds before the first retry
BACKOFF_CAP = 3600.0  # never wait longer than this between tries
HEARTBEAT = 30.0  # seconds between an instance's signs of life
_rng = random.Random()


def worker_id() -> str:
    """This process's name among instances: host, process id and a random suffix."""
    return f"{socket.gethostname()[:60]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def retry_delay(attempts: int, rng: random.Random = _rng) -> float:
    """Seconds before the next try after `attempts` failures: BACKOFF_BASE doubled per failure, capped,
    jittered by ±20%."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP) * rng.uniform(0.8, 1.2)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def deliver(
    store: Store,
    destinations: Mapping[str, Destination],
    *,
    worker: str = "local",
    max_attempts: int = 8,
    limit: int = 100,
    observe: Callable[[str, str, float], None] | None = None,
    now: dt.datetime | None = None,
    lease: float = 120.0,
) -> int:
    """Post (or edit) the deliveries that are due; return how many were done. One failing destination is
    logged and the others carry on. A delivery named 'platform:channel' (a subscription) goes to the
    destination named 'platform'. `observe`, when given, is called as observe(destination, outcome,
    seconds) after each attempt (for metrics). `now` is the clock (tests simulate time with it); `lease` how
    long the claims last. A retry after a failed or unfinished try tells the destination the post may
    exist already (`maybe_sent`)."""
    done = 0
    now = now or _now()
    claimed = await store.claim_deliveries(worker, limit, lease=lease, now=now)
    stalled: set[str] = set()  # destinations that failed this round: their later messages wait, in order
    for index, delivery in enumerate(claimed):
        if delivery.destination in stalled:
            await store.release([delivery.id])
            continue
        platform, _, channel = delivery.destination.partition(":")
        destination = destinations.get(delivery.destination) or destinations.get(platform)
        if destination is None:
            await store.release([d.id for d in claimed[index:] if d.destination == delivery.destination])
            stalled.add(delivery.destination)  # a platform that is off: wait for it, lose nothing
            continue
        started = time.perf_counter()
        try:
            if delivery.action == "edit":
                if delivery.edit_of is None:
                    raise DeliveryError("the post to edit has no message id", drop=True)
                await destination.edit(delivery.edit_of, delivery.message, channel or None)
                message_id: str | None = delivery.edit_of
            else:
                message_id = await destination.send(
                    delivery.message,
                    channel or None,
                    key=f"sitrep-{delivery.id}",
                    maybe_sent=delivery.uncertain or delivery.attempts > 0,
                )
        except Exception as exc:  # an adapter's failure must not stop the others
            outcome = await _failed(store, delivery, exc, max_attempts, now)
            _observe(observe, delivery.destination, outcome, time.perf_counter() - started)
            if outcome != "dropped":
                stalled.add(delivery.destination)
            continue
        await store.mark_sent(delivery.id, message_id)
        _observe(
            observe,
            delivery.destination,
            "edited" if delivery.action == "edit" else "sent",
            time.perf_counter() - started,
        )
        done += 1
    return done


async def _failed(
    store: Store, delivery: Delivery, exc: Exception, max_attempts: int, now: dt.datetime
) -> str:
    delivery_id, name, attempts = delivery.id, delivery.destination, delivery.attempts
    error = f"{name}: {exc}"
    permanent = isinstance(exc, DeliveryError) and exc.permanent
    drop = isinstance(exc, DeliveryError) and exc.drop
    give_up = permanent or drop or attempts + 1 >= max_attempts
    retry_at = None if give_up else now + dt.timedelta(seconds=retry_delay(attempts + 1))
    await store.mark_failed(delivery_id, error, give_up=give_up, retry_at=retry_at)
    log.warning("delivery failed", extra={"adapter": name, "error": str(exc), "count": attempts + 1})
    platform, _, channel = name.partition(":")
    if permanent and channel and await store.pause_subscriptions(platform, channel, str(exc)):
        log.warning("subscription paused", extra={"adapter": name, "error": str(exc)})
    return "dropped" if drop else "dead" if give_up else "failed"


def _observe(
    observe: Callable[[str, str, float], None] | None, name: str, outcome: str, seconds: float
) -> None:
    if observe is not None:
        observe(name, outcome, seconds)


# -- several instances ------------------------------------------------------------------------------------


async def take_source(store: Store, source: str, holder: str, interval: float, lease: float) -> bool:
    """Whether `holder` may poll `source` now: it is due and no live instance holds it. Taking it sets when
    it is next due (now + interval) and holds it for `lease` seconds, so exactly one instance polls a
    source per interval, and another takes over within one interval when the holder dies. (The issue's
    FOR UPDATE SKIP LOCKED is not needed here: one conditional UPDATE decides, on both databases.)

    Sources asked for at once (a cycle over many feeds) are taken in one transaction (`Coalescer`): one
    UPDATE per holder and interval decides for all of them, each row on its own conditions."""
    takes = _lease_takes.get(store)
    if takes is None:
        takes = _lease_takes[store] = Coalescer(lambda keys: _take_sources(store, keys))
    return bool(await takes(_LeaseAsk(source, holder, interval, lease)))


@dataclass(frozen=True, eq=False)  # each ask is its own key: two asks for one source never both win
class _LeaseAsk:
    source: str
    holder: str
    interval: float
    lease: float


_lease_takes: weakref.WeakKeyDictionary[Store, Coalescer[_LeaseAsk, bool]] = weakref.WeakKeyDictionary()
_CHUNK = 500  # sources per statement (well under the databases' limits on bound parameters)


async def _take_sources(store: Store, asks: Sequence[_LeaseAsk]) -> dict[_LeaseAsk, bool]:
    now = _now()
    s = tables.source_leases.c
    insert = postgresql.insert if store.engine.dialect.name == "postgresql" else sqlite.insert
    groups: dict[tuple[str, float, float], list[_LeaseAsk]] = {}
    for ask in asks:
        groups.setdefault((ask.holder, ask.interval, ask.lease), []).append(ask)
    taken: dict[_LeaseAsk, bool] = {}
    async with store.engine.begin() as conn:
        # In one order on every instance, so that two instances' transactions lock rows in the same order.
        sources = sorted({ask.source for ask in asks})
        for start in range(0, len(sources), _CHUNK):
            rows = [{"source": source} for source in sources[start : start + _CHUNK]]
            await conn.execute(insert(tables.source_leases).values(rows).on_conflict_do_nothing())
        for (holder, interval, lease), group in groups.items():
            # One conditional UPDATE: PostgreSQL re-checks its condition after waiting for a concurrent
            # one, and SQLite runs it under its write lock, so only one instance can take a due source.
            won: set[str] = set()
            wanted = sorted({ask.source for ask in group})
            for start in range(0, len(wanted), _CHUNK):
                result = await conn.execute(
                    tables.source_leases.update()
                    .where(
                        s.source.in_(wanted[start : start + _CHUNK]),
                        sa.or_(s.next_due.is_(None), s.next_due <= now),
                        sa.or_(s.until.is_(None), s.until < now, s.holder == holder),
                    )
                    .values(
                        holder=holder,
                        until=now + dt.timedelta(seconds=lease),
                        next_due=now + dt.timedelta(seconds=interval),
                    )
                    .returning(s.source)
                )
                won.update(result.scalars())
            for ask in group:  # a source asked for twice goes to the first ask only
                taken[ask] = ask.source in won
                won.discard(ask.source)
    return taken


async def heartbeat(store: Store, instance: str) -> list[str]:
    """Record that `instance` is alive; return the other instances seen alive within two heartbeats."""
    now = _now()
    i = tables.instances.c
    async with store.engine.begin() as conn:
        updated = await conn.execute(tables.instances.update().where(i.id == instance).values(seen=now))
        if updated.rowcount == 0:
            await conn.execute(
                tables.instances.insert().values(
                    id=instance, host=socket.gethostname()[:200], started=now, seen=now
                )
            )
        await conn.execute(tables.instances.delete().where(i.seen < now - dt.timedelta(days=1)))
        alive = sa.select(i.id).where(i.id != instance, i.seen >= now - dt.timedelta(seconds=2 * HEARTBEAT))
        return list((await conn.execute(alive)).scalars())


async def leave(store: Store, instance: str) -> None:
    """Forget `instance` (a clean stop), and give back the claims and leases it held."""
    async with store.engine.begin() as conn:
        await conn.execute(tables.instances.delete().where(tables.instances.c.id == instance))
        await conn.execute(
            tables.deliveries.update()
            .where(tables.deliveries.c.claimed_by == instance, tables.deliveries.c.status == "pending")
            .values(claimed_by=None, claimed_until=None)
        )
        await conn.execute(
            tables.source_leases.update()
            .where(tables.source_leases.c.holder == instance)
            .values(holder=None, until=None)
        )
