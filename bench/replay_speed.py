"""Replay throughput: articles through extraction, deduplication, change detection and the SQLite store.

Usage: python bench/replay_speed.py [N] [BATCH]   (N articles, default 5000; BATCH per transaction, default 100)

The articles are synthetic news streams (tests/synthetic_stream.py: a conflict's death toll, meetings and
ceasefire re-reported by six outlets, with syndicated copies, near-duplicates and noise), one stream per
seed, until N articles; each stream is worded differently. They are replayed in publication order on a
fresh SQLite store, BATCH articles per transaction, as `sitrep run` stores a poll. Printed: articles per
second, and the share of time in each stage (the store's share includes its commits). Baseline, in the
same run: reading the same articles' text and splitting it into sentences, the least any reader does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import AppConfig  # noqa: E402
from bot.extract.text import sentences  # noqa: E402
from bot.models import Article  # noqa: E402
from bot.pipeline import Stages, process_batch  # noqa: E402
from bot.sources.reader import Arrival  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.synthetic_stream import CONFLICT, stream  # noqa: E402


def articles(n: int) -> list[Article]:
    found: list[Article] = []
    seed = 0
    while len(found) < n:
        found += stream(seed)
        seed += 1
    return sorted(found[:n], key=lambda a: (a.published_at, a.url or ""))


async def replay(items: list[Article], batch: int, folder: Path) -> tuple[float, Stages, int, int]:
    config = AppConfig(conflicts=[CONFLICT])
    store = await Store.open(f"sqlite+aiosqlite:///{folder}/bench.db")
    stages = Stages()
    alerts = copies = 0
    try:
        start = time.perf_counter()
        for i in range(0, len(items), batch):
            chunk = [Arrival(a) for a in items[i : i + batch]]
            outcome = await process_batch(store, config, chunk, stages=stages)
            alerts += len(outcome.alerts)
            copies += outcome.duplicates + outcome.near_duplicates
        return time.perf_counter() - start, stages, alerts, copies
    finally:
        await store.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    items = articles(n)

    start = time.perf_counter()
    for article in items:
        sentences(article.text)
    baseline = time.perf_counter() - start

    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmp:
        seconds, stages, alerts, copies = asyncio.run(replay(items, batch, Path(tmp)))
    print(f"{n} articles, {batch} per transaction: {alerts} alerts, {copies} copies skipped")
    print(f"read + split into sentences (baseline)  {n / baseline:9.1f} articles/s")
    print(
        f"replay                                  {n / seconds:9.1f} articles/s   {seconds / baseline:6.1f}x baseline"
    )
    accounted = sum(stages.seconds.values())
    for name in ("extract", "dedup", "detect", "store"):
        share = stages.seconds.get(name, 0.0) / seconds
        print(f"  {name:<8} {share:6.1%}")
    print(f"  other    {(seconds - accounted) / seconds:6.1%}")


if __name__ == "__main__":
    main()
