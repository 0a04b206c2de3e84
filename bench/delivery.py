"""Outbox throughput: deliveries per second from the store to a platform with no rate limit.

Usage: python bench/delivery.py [N]   (N deliveries, default 10000)

Queues N messages to 100 channels of a platform, then runs the delivery job (`bot.outbox.deliver`, 100
claimed per round, as `sitrep run` does) until the outbox is empty, against a destination that accepts
every post at once. Measured on SQLite, and on PostgreSQL when SITREP_TEST_DATABASE_URL (or
SITREP_BENCH_DATABASE_URL) is set. Baseline, in the same run: the same posts sent straight to the
destination without the store. Target: at least 500 deliveries/s on SQLite.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.config import async_database_url  # noqa: E402
from bot.message import Message  # noqa: E402
from bot.outbox import deliver  # noqa: E402
from bot.store import Store  # noqa: E402


class Platform:
    """Accepts every post at once, and counts them."""

    name = "fake"

    def __init__(self) -> None:
        self.posts = 0

    async def send(
        self,
        message: Message,
        channel: str | None = None,
        *,
        key: str | None = None,
        maybe_sent: bool = False,
    ) -> str | None:
        self.posts += 1
        return str(self.posts)

    async def edit(self, message_id: str, message: Message, channel: str | None = None) -> None:
        pass


async def run(store: Store, n: int) -> float:
    message = Message(
        kind="notice", conflict="c", title="A headline of usual length for an alert", lines=["x"]
    )
    for start in range(0, n, 1000):
        async with store.transaction(lambda _: ()) as tx:
            for i in range(start, min(n, start + 1000)):
                tx.post_message(message, [f"fake:C{i % 100}"])
    platform = Platform()
    began = time.perf_counter()
    while await deliver(store, {"fake": platform}, worker="bench", limit=100):
        pass
    seconds = time.perf_counter() - began
    assert platform.posts == n, platform.posts
    return seconds


async def baseline(n: int) -> float:
    platform = Platform()
    message = Message(
        kind="notice", conflict="c", title="A headline of usual length for an alert", lines=["x"]
    )
    began = time.perf_counter()
    for i in range(n):
        await platform.send(message, f"C{i % 100}", key=str(i))
    return time.perf_counter() - began


async def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    print(f"{n} deliveries to 100 channels, 100 claimed per round")
    print(f"straight to the platform (baseline)  {n / await baseline(n):12.0f} deliveries/s")
    with tempfile.TemporaryDirectory(prefix="sitrep-delivery-") as tmp:
        store = await Store.open(f"sqlite+aiosqlite:///{tmp}/bench.db")
        try:
            print(
                f"through the outbox, SQLite            {n / await run(store, n):12.0f} deliveries/s   (target >= 500)"
            )
        finally:
            await store.close()
    url = os.environ.get("SITREP_BENCH_DATABASE_URL") or os.environ.get("SITREP_TEST_DATABASE_URL")
    if not url:
        print("through the outbox, PostgreSQL        not measured (set SITREP_TEST_DATABASE_URL)")
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(async_database_url(url))
    async with admin.begin() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        store = await Store.open(url, connect_args={"server_settings": {"search_path": schema}})
        try:
            print(f"through the outbox, PostgreSQL        {n / await run(store, n):12.0f} deliveries/s")
        finally:
            await store.close()
    finally:
        async with admin.begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
