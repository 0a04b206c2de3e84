"""Extraction speed against feedparser, measured in the same run.

Usage: python bench/extract_speed.py [N]   (N articles, default 2000)

The articles are the seeds plus every corpus article (tests/corpus), repeated to N. The baseline is
feedparser parsing the same articles wrapped as RSS 2.0 items (one feed of N items, parsed from bytes):
the least work a feed bot does per article. Printed: articles per second for both, and the ratio of
extraction time to feedparser time (at most 1.0: extraction is never the bottleneck).

Both sides are warmed up first (feedparser on a one-item feed, extraction on one article: the rules'
patterns compile on first use), then each is timed ROUNDS times and its best round counts, which keeps the
ratio steady on a busy machine.
"""

from __future__ import annotations

import sys
import time
from html import escape
from itertools import cycle, islice
from pathlib import Path

import feedparser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.extract import extract_facts, route  # noqa: E402
from bot.models import Article  # noqa: E402
from bot.sources.folder import list_article_files, read_article  # noqa: E402


def articles() -> list[Article]:
    found = [read_article(p) for p in list_article_files(ROOT / "seeds")]
    corpus = ROOT / "tests" / "corpus"
    if corpus.is_dir():
        found += [read_article(p) for p in list_article_files(corpus)]
    return found


def as_rss(items: list[Article]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(a.title)}</title><link>https://example.org/{i}</link>"
        f"<pubDate>Mon, 22 Dec 2025 10:00:00 +0000</pubDate><description>{escape(a.text)}</description></item>"
        for i, a in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{entries}</channel></rss>'.encode()
    )


ROUNDS = 3


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    corpus_config = ROOT / "tests" / "corpus" / "sitrep.toml"
    config = load_config(corpus_config if corpus_config.exists() else None)
    sample = list(islice(cycle(articles()), n))
    body = as_rss(sample)

    def parse_feed(feed: bytes) -> int:
        return len(feedparser.parse(feed).entries)

    def extract(items: list[Article]) -> None:
        for article in items:
            conflict = route(article, config.conflicts) or config.conflicts[0]
            extract_facts(article, conflict)

    assert parse_feed(as_rss(sample[:1])) == 1
    extract(sample[:1])

    feed_seconds = extract_seconds = float("inf")
    for _ in range(ROUNDS):
        start = time.perf_counter()
        assert parse_feed(body) == n
        feed_seconds = min(feed_seconds, time.perf_counter() - start)
        start = time.perf_counter()
        extract(sample)
        extract_seconds = min(extract_seconds, time.perf_counter() - start)

    print(f"{n} articles ({len(body) / 1e6:.1f} MB as RSS)")
    print(f"feedparser (baseline)   {n / feed_seconds:9.1f} articles/s")
    print(f"route + extract         {n / extract_seconds:9.1f} articles/s")
    print(f"ratio extract / feedparser: {extract_seconds / feed_seconds:.2f}")


if __name__ == "__main__":
    main()
