"""Throughput of extraction and of the whole pipeline, against a baseline measured in the same run.

Usage: python bench/bench_pipeline.py [N]   (N articles, default 500)

The articles are the seed articles, varied (every figure shifted, a serial number added) so that none is a
duplicate of another. Baseline: reading the files and splitting them into sentences, the least any reader
must do. Printed: articles per second for each stage, its cost as a multiple of the baseline, and the peak
Python memory of extraction.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import default_config  # noqa: E402
from bot.extract import extract_facts  # noqa: E402
from bot.extract.text import sentences  # noqa: E402
from bot.pipeline import process, read_paths  # noqa: E402
from bot.store import Store  # noqa: E402


def make_articles(folder: Path, n: int) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    manifest = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        text = re.sub(
            r"\b\d+\b", lambda m, shift=i: str(int(m.group()) + shift), seed.read_text(encoding="utf-8")
        )
        name = f"{i:05d}.txt"
        (folder / name).write_text(f"{text}\n\nSerial {i}.\n", encoding="utf-8")
        manifest.append(f'["{name}"]\ndate = 2025-12-{19 + (i * 7) // n:02d}\n')
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")


def timed(label: str, n: int, fn, baseline: float | None = None) -> float:
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    ratio = f"{elapsed / baseline:6.1f}x baseline" if baseline else "  (baseline)"
    print(f"{label:<38} {n / elapsed:10.1f} articles/s  {ratio}")
    return elapsed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    config = default_config()
    conflict = config.conflicts[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        make_articles(folder, n)
        print(f"{n} articles, {sum(f.stat().st_size for f in folder.glob('*.txt')) / 1e6:.1f} MB")

        def baseline() -> None:
            for article, _ in read_paths([folder]).articles:
                sentences(article.title + "\n\n" + article.text)

        base = timed("read + split into sentences", n, baseline)
        articles = [a for a, _ in read_paths([folder]).articles]

        def extract() -> None:
            for article in articles:
                extract_facts(article, conflict)

        timed("extract facts", n, extract, base)
        tracemalloc.start()
        extract()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{'extract facts: peak Python memory':<38} {peak / 1e3:10.0f} KB")

        async def pipeline() -> None:
            store = await Store.open(f"sqlite+aiosqlite:///{tmp}/bench.db")
            try:
                for article in sorted(articles, key=lambda a: (a.published_at, a.path or "")):
                    await process(store, config, article, conflict.id)
            finally:
                await store.close()

        timed("whole pipeline (SQLite store)", n, lambda: asyncio.run(pipeline()), base)


if __name__ == "__main__":
    main()
