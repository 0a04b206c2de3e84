"""Concurrent requests served together: the Coalescer itself, and the store's feed reads and poll records
through it (counted as SQL statements on a real SQLite store)."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa

from bot.coalesce import Coalescer
from bot.runner import Poller
from bot.sources.reader import Batch, SourceReader
from bot.store import FeedPoll, Store
from tests.conflicts import two_conflicts


class Recorder:
    def __init__(self, fail: set[str] | None = None, delay: float = 0.0) -> None:
        self.rounds: list[list[str]] = []
        self.fail = fail or set()
        self.delay = delay

    async def __call__(self, keys):
        self.rounds.append(list(keys))
        await asyncio.sleep(self.delay)
        if self.fail & set(keys):
            raise RuntimeError(f"cannot serve {sorted(self.fail & set(keys))}")
        return {k: k.upper() for k in keys}


async def test_concurrent_calls_share_one_round_and_get_their_own_answer():
    run = Recorder()
    coalescer = Coalescer(run)
    assert await asyncio.gather(*(coalescer(k) for k in ["a", "b", "a", "c"])) == ["A", "B", "A", "C"]
    assert run.rounds == [["a", "b", "c"]]
    assert await coalescer("d") == "D"  # a lone call is served on its own
    assert run.rounds[-1] == ["d"]


async def test_calls_made_during_a_round_join_the_next_one():
    run = Recorder(delay=0.05)
    coalescer = Coalescer(run)
    first = asyncio.create_task(coalescer("a"))
    await asyncio.sleep(0.01)  # the first round is under way
    later = await asyncio.gather(*(coalescer(k) for k in "bcd"))
    assert (await first, later) == ("A", ["B", "C", "D"])
    assert run.rounds == [["a"], ["b", "c", "d"]]


async def test_an_error_reaches_every_caller_of_its_round_only():
    run = Recorder(fail={"b"})
    coalescer = Coalescer(run)
    results = await asyncio.gather(coalescer("a"), coalescer("b"), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) and "cannot serve ['b']" in str(r) for r in results)
    assert await coalescer("a") == "A"  # the next round is tried again


async def test_a_cancelled_caller_leaves_the_others_served():
    run = Recorder(delay=0.02)
    coalescer = Coalescer(run)
    gone = asyncio.create_task(coalescer("a"))
    kept = asyncio.create_task(coalescer("b"))
    await asyncio.sleep(0)
    gone.cancel()
    assert await kept == "B"
    with pytest.raises(asyncio.CancelledError):
        await gone


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/c.db")
    yield s
    await s.close()


def count_statements(store: Store) -> list[str]:
    seen: list[str] = []
    sa.event.listen(
        store.engine.sync_engine, "before_cursor_execute", lambda _c, _cur, sql, *_: seen.append(sql)
    )
    return seen


async def test_feeds_polled_at_once_are_read_with_one_query_and_recorded_in_one_transaction(store):
    polls = [FeedPoll(f"https://wire.example/{i}.xml", f'"e{i}"', None) for i in range(50)]
    statements = count_statements(store)
    await asyncio.gather(*(store.record_poll(p) for p in polls))
    writes = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO FEEDS")]
    assert len(writes) == 1
    statements.clear()
    records = await asyncio.gather(
        *(store.feed(p.url) for p in polls), store.feed("https://unknown.example/")
    )
    assert [r.etag for r in records[:-1]] == [p.etag for p in polls] and records[-1] is None
    assert len([s for s in statements if "FROM feeds" in s]) == 1
    again = FeedPoll(polls[0].url, '"new"', "Sun, 22 Nov 2026 00:00:00 GMT")
    await store.record_poll(again)
    record = await store.feed(again.url)
    assert (record.etag, record.last_modified, record.failures) == ('"new"', again.last_modified, 0)


async def test_an_unchanged_feeds_poll_is_recorded_while_a_batch_holds_the_lock(store):
    config = two_conflicts()
    poller = Poller(store, config, SourceReader(store=store, config=config), {}, leases=False)
    batch = Batch(feeds=[FeedPoll("https://wire.example/a.xml", '"v1"', None)])
    async with poller.lock:  # a batch of articles is being processed
        await asyncio.wait_for(poller.take(batch), 5)
    await poller.reader.close()
    record = await store.feed("https://wire.example/a.xml")
    assert record is not None and record.etag == '"v1"' and record.last_polled is not None
