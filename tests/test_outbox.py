"""The outbox: retries with backoff in order per channel, dead letters, claims and leases shared between
instances. On SQLite always, and on PostgreSQL when SITREP_TEST_DATABASE_URL is set."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
import sqlalchemy as sa

from bot.message import Message
from bot.outbox import deliver, heartbeat, leave, retry_delay, take_source
from bot.pipeline import DeliveryError
from bot.store import Store
from tests.test_store import Backend, backend  # noqa: F401 (the fixture)

NOW = dt.datetime.now(dt.UTC)


class Platform:
    """A destination that is down until `up_at` (answering like a 503), and records what it posts."""

    name = "slack"

    def __init__(self, up_at: dt.datetime | None = None) -> None:
        self.up_at = up_at
        self.clock = NOW
        self.posts: list[tuple[str | None, str]] = []

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        if self.up_at and self.clock < self.up_at:
            raise DeliveryError("HTTP 503 Service Unavailable")
        self.posts.append((channel, message.title))
        return f"m{len(self.posts)}"

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        raise AssertionError("no edits here")


@pytest.fixture
async def store(backend: Backend):  # noqa: F811
    s = await backend.open()
    yield s
    await s.close()


async def queue(store: Store, *items: tuple[str, str]) -> None:
    """Queue messages (destination, title) in this order."""
    async with store.transaction(lambda _: ()) as tx:
        for destination, title in items:
            tx.post_message(Message(kind="notice", conflict="c", title=title), [destination])


def test_backoff_doubles_from_ten_seconds_up_to_an_hour():
    class Fixed:
        def uniform(self, a: float, b: float) -> float:
            return 1.0

    assert [retry_delay(n, Fixed()) for n in (1, 2, 3, 10, 20)] == [10, 20, 40, 3600, 3600]  # type: ignore[arg-type]


async def test_an_outage_delays_but_never_loses_or_reorders_or_doubles(store):
    """The platform answers 503 for five minutes (simulated): every message arrives once, in order per
    channel, and a channel that works is not held up by one that does not."""
    slack = Platform(up_at=NOW + dt.timedelta(minutes=5))
    await queue(store, *[(f"slack:C{i % 2}", f"alert {i}") for i in range(6)], ("console", "other"))
    console = Platform()
    clock = NOW
    while clock < NOW + dt.timedelta(minutes=30):
        slack.clock = clock
        await deliver(store, {"slack": slack, "console": console}, now=clock, max_attempts=20)
        clock += dt.timedelta(seconds=7)
    assert console.posts == [(None, "other")]
    assert [t for c, t in slack.posts if c == "C0"] == ["alert 0", "alert 2", "alert 4"]
    assert [t for c, t in slack.posts if c == "C1"] == ["alert 1", "alert 3", "alert 5"]
    assert len(slack.posts) == 6 and await store.pending_deliveries() == []


async def test_a_delivery_is_given_up_into_the_dead_letters_and_can_be_retried(store):
    down = Platform(up_at=NOW + dt.timedelta(days=1))
    await queue(store, ("slack:C1", "lost?"))
    clock = NOW
    for _ in range(3):
        clock += dt.timedelta(hours=2)
        down.clock = clock
        await deliver(store, {"slack": down}, now=clock, max_attempts=3)
    [(dead, error)] = await store.dead_letters()
    assert dead.message.title == "lost?" and error == "slack:C1: HTTP 503 Service Unavailable"
    assert await store.retry_dead_letters() == 1 and await store.dead_letters() == []
    up = Platform()
    assert await deliver(store, {"slack": up}) == 1 and up.posts == [("C1", "lost?")]


async def test_a_destination_that_is_off_keeps_its_messages(store):
    await queue(store, ("discord:42", "kept"))
    assert await deliver(store, {}) == 0
    [waiting] = await store.pending_deliveries()
    assert waiting.attempts == 0  # not an attempt: the platform is off, the message waits for it
    later = Platform()
    later.name = "discord"
    assert await deliver(store, {"discord": later}) == 1


async def test_two_workers_never_claim_the_same_delivery_and_a_dead_workers_claims_expire(store):
    await queue(store, *[(f"d{i}", f"m{i}") for i in range(10)])
    first, second = await asyncio.gather(
        store.claim_deliveries("a", limit=6, lease=60), store.claim_deliveries("b", limit=6, lease=60)
    )
    ids_a, ids_b = {d.id for d in first}, {d.id for d in second}
    assert not ids_a & ids_b and len(ids_a | ids_b) == 10
    # worker a dies: after its lease, b takes its deliveries
    assert {d.id for d in await store.claim_deliveries("b", lease=60)} == ids_b
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
    assert {d.id for d in await store.claim_deliveries("b", now=later)} == ids_a | ids_b


async def test_one_instance_polls_a_source_per_interval_and_another_takes_over_when_it_dies(store):
    assert await take_source(store, "https://x/feed", "a", interval=60, lease=60)
    assert not await take_source(store, "https://x/feed", "b", interval=60, lease=60)  # not due
    assert not await take_source(store, "https://x/feed", "a", interval=60, lease=60)  # not due for a either
    took = await asyncio.gather(
        *(take_source(store, f"https://x/{i}", w, 60, 60) for i in range(3) for w in "ab")
    )
    assert took.count(True) == 3  # each new source by exactly one of the two
    await leave(store, "a")  # a stops: its leases are given back
    assert not await take_source(store, "https://x/feed", "b", interval=60, lease=60)  # still not due


async def test_sources_asked_for_at_once_are_taken_in_one_transaction(store):
    begins: list[object] = []
    sa.event.listen(store.engine.sync_engine, "begin", begins.append)
    urls = [f"https://x/{i}" for i in range(1200)]  # more than one statement's worth
    took = await asyncio.gather(*(take_source(store, url, "a", 60, 60) for url in urls))
    assert all(took) and len(begins) <= 2  # the first ask alone, then all the others together
    twice = await asyncio.gather(*(take_source(store, "https://y/feed", "a", 60, 60) for _ in range(3)))
    assert twice == [True, False, False]  # one source asked for three times at once is taken once
    assert not any(await asyncio.gather(*(take_source(store, url, "b", 60, 60) for url in urls)))


async def test_instances_see_each_other(store):
    assert await heartbeat(store, "a") == []
    assert await heartbeat(store, "b") == ["a"]
    await leave(store, "a")
    assert await heartbeat(store, "b") == []


async def test_a_delivery_whose_sender_died_mid_send_is_marked_uncertain(store):
    await queue(store, ("slack:C1", "maybe posted"))
    [first] = await store.claim_deliveries("a", lease=60)  # a claims it, then dies before recording anything
    assert first.uncertain is False
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)
    [again] = await store.claim_deliveries("b", now=later)
    assert again.uncertain is True  # the platform is asked to look for it before posting again
    await store.release([again.id])
    [clean] = await store.claim_deliveries("b")
    assert clean.uncertain is False  # a claim given back cleanly is not a mid-send death
