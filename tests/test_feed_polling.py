"""Polling feeds politely and surviving misbehaving ones: the real SourceReader and pipeline against a local
HTTP server on 127.0.0.1, with the store keeping each feed's validators, failures and next poll."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import threading
import time
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler

import pytest

from bot.config import AppConfig, FeedsConfig, FeedSourceConfig
from bot.pipeline import process_batch
from bot.runner import Poller
from bot.sources.feed import FeedError, canonical_url, parse_feed, retry_after
from bot.sources.reader import SourceReader, backoff
from bot.store import Store
from tests.conflicts import TC
from tests.test_feed_source import RSS20, FeedServer, reply, server  # noqa: F401 (the fixture)

CONFLICT = TC
NOW = dt.datetime.now(dt.UTC)


def config(*urls: str, **feeds: object) -> AppConfig:
    return AppConfig(
        conflicts=[CONFLICT],
        sources=[FeedSourceConfig(kind="feed", url=u, conflict="tc") for u in urls],
        feeds=FeedsConfig(**feeds),  # type: ignore[arg-type]
    )


def rss(*items: tuple[str, str, str, dt.datetime], ttl: int | None = None) -> str:
    """An RSS 2.0 feed of (guid, title, text, published) items."""
    body = "".join(
        f"<item><guid>{g}</guid><title>{escape(t)}</title><link>https://news.example/{g}?utm_source=rss</link>"
        f"<description>{escape(x)}</description><pubDate>{format_datetime(p)}</pubDate></item>"
        for g, t, x, p in items
    )
    extra = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{extra}{body}</channel></rss>'
    )


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(f"sqlite+aiosqlite:///{tmp_path}/feeds.db")
    yield s
    await s.close()


def test_backoff_doubles_is_jittered_capped_and_honours_retry_after():
    rng = random.Random(1)
    waits = [backoff(600, n, None, rng) for n in (1, 2, 3, 4)]
    assert all(0.8 * 600 * 2**i <= w <= 1.2 * 600 * 2**i for i, w in enumerate(waits))
    assert backoff(600, 40, None, rng) <= 1.2 * 24 * 3600
    assert backoff(60, 1, 3600, rng) == 3600


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after("120") == 120
    later = NOW + dt.timedelta(minutes=5)
    assert 290 <= retry_after(format_datetime(later), NOW) <= 300
    assert retry_after("soon") is None and retry_after(None) is None


def test_canonical_urls_drop_tracking_parameters():
    assert (
        canonical_url("https://News.Example/a?id=3&utm_source=x&fbclid=y#top")
        == "https://news.example/a?id=3"
    )


async def test_429_with_retry_after_is_honoured_and_nothing_is_asked_before(server, store):  # noqa: F811
    server.routes["/feed"] = reply("slow down", 429, Retry_After="120")
    reader = SourceReader(store=store, config=config(server.url("/feed")))
    source = config(server.url("/feed")).sources[0]
    batch = await reader.read(source)
    assert "HTTP 429" in str(batch.errors[0])
    record = await store.feed(server.url("/feed"))
    assert record.failures == 1 and record.next_poll >= NOW + dt.timedelta(seconds=119)
    again = await reader.read(source)  # not due yet: the server is not asked
    assert again.skipped == [server.url("/feed")] and len(server.requests) == 1
    await reader.close()


async def test_a_failing_feed_backs_off_recovers_and_is_disabled_after_too_many_failures(server, store):  # noqa: F811
    url = server.url("/feed")
    server.routes["/feed"] = reply("oops", 500)
    cfg = config(url, max_failures=3)
    reader = SourceReader(store=store, config=cfg, rng=random.Random(0))
    source = cfg.sources[0]
    await reader.read(source)
    first = await store.feed(url)
    await reader.read(source, force=True)
    second = await store.feed(url)
    assert (first.failures, second.failures) == (1, 2)
    assert second.next_poll - dt.datetime.now(dt.UTC) > (first.next_poll - NOW) * 1.2  # waits grow

    server.routes["/feed"] = reply(RSS20)  # recovery
    batch = await reader.read(source, force=True)
    await process_batch(store, cfg, batch.in_order(), batch.feeds)
    healthy = await store.feed(url)
    assert (healthy.failures, healthy.last_error, healthy.disabled_reason) == (0, None, None)

    server.routes["/feed"] = reply("gone", 410)
    for _ in range(3):
        batch = await reader.read(source, force=True)
    record = await store.feed(url)
    assert record.disabled_reason.startswith("3 failed polls in a row; the last: feed ")
    assert "HTTP 410" in record.disabled_reason
    assert [n.title for n in batch.notices] == [f"Feed disabled: {url}"]
    asked = len(server.requests)
    assert (await reader.read(source)).skipped == [url] and len(server.requests) == asked
    assert await store.enable_feed(url) and (await store.feed(url)).disabled_reason is None
    await reader.close()


async def test_the_servers_minimum_interval_is_a_floor(server, store):  # noqa: F811
    server.routes["/a"] = reply(RSS20, Cache_Control="public, max-age=3600")
    server.routes["/b"] = reply(rss(("1", "t", "x", NOW), ttl=180))
    cfg = config(server.url("/a"), server.url("/b"))
    reader = SourceReader(store=store, config=cfg)
    batch = await reader.read_all(list(cfg.sources))
    await process_batch(store, cfg, batch.in_order(), batch.feeds)
    a, b = await store.feed(server.url("/a")), await store.feed(server.url("/b"))
    assert a.min_interval == 3600 and a.next_poll >= NOW + dt.timedelta(seconds=3500)
    assert b.min_interval == 180 * 60
    assert set((await reader.read_all(list(cfg.sources))).skipped) == {server.url("/a"), server.url("/b")}
    await reader.close()


def slow_feeds(server: FeedServer, count: int, seconds: float) -> tuple[list[str], list[int]]:  # noqa: F811
    """`count` feeds that each answer after `seconds`; their URLs, and a list whose one item becomes the most
    requests the server was answering at once."""
    active, peak, lock = [0], [0], threading.Lock()

    def slow(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(seconds)
        with lock:
            active[0] -= 1
        reply(RSS20)(handler)

    for i in range(count):
        server.routes[f"/f{i}"] = slow
    return [server.url(f"/f{i}") for i in range(count)], peak


async def test_at_most_per_host_requests_are_in_flight_to_one_host(server, store):  # noqa: F811
    urls, peak = slow_feeds(server, 6, 0.15)
    cfg = config(*urls, per_host=2)
    reader = SourceReader(store=store, config=cfg)
    batch = await reader.read_all(list(cfg.sources))
    assert len(batch.feeds) == 6 and peak[0] == 2
    await reader.close()


@pytest.mark.parametrize("in_flight", [1, 3])
async def test_at_most_in_flight_sources_are_read_ahead_of_processing(server, store, in_flight):  # noqa: F811
    urls, peak = slow_feeds(server, 6, 0.1)
    cfg = config(*urls, per_host=6, in_flight=in_flight)
    poller = Poller(store, cfg, SourceReader(store=store, config=cfg), {}, leases=False)
    await asyncio.gather(*(poller.poll_source(s) for s in cfg.sources))
    await poller.reader.close()
    assert peak[0] == in_flight and len(await store.feeds()) == 6


async def test_one_broken_feed_leaves_the_others_alone(server, store):  # noqa: F811
    server.routes["/good"] = reply(RSS20)
    server.routes["/html"] = reply("<html><body>Not a feed</body></html>", Content_Type="text/html")
    server.routes["/empty"] = reply("")
    cfg = config(server.url("/good"), server.url("/html"), server.url("/empty"))
    reader = SourceReader(store=store, config=cfg)
    batch = await reader.read_all(list(cfg.sources))
    assert all("not a feed" in str(e) for e in batch.errors)
    assert len(batch.errors) == 2 and [f.url for f in batch.feeds] == [server.url("/good")]
    assert {a.article.title for a in batch.arrivals} >= {"Shelling near the border"}
    await reader.close()


@pytest.mark.parametrize(
    ("body", "headers", "title"),
    [
        pytest.param(
            rss(("1", "Frontière", "Réfugiés", NOW))
            .replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1252"?>')
            .encode("cp1252"),
            {"Content-Type": "application/rss+xml; charset=windows-1252"},
            "Frontière",
            id="windows-1252",
        ),
        pytest.param(
            rss(("1", "Frontière", "Réfugiés", NOW)).encode("cp1252"),
            {"Content-Type": "application/rss+xml; charset=utf-8"},  # mislabelled: the bytes are cp1252
            "Frontière",
            id="mislabelled-utf-8",
        ),
    ],
)
def test_legacy_and_mislabelled_encodings(body, headers, title):
    [article] = parse_feed(body, "https://x.example/feed", headers)
    assert article.title == title


async def test_a_redated_or_reordered_feed_alerts_nothing_and_an_edited_item_once(server, store):  # noqa: F811
    url = server.url("/feed")
    cfg = config(url)
    reader = SourceReader(store=store, config=cfg)
    one = ("a", "Border clashes", "Thai officials said 12 soldiers were killed in clashes with Cambodia.")
    two = ("b", "Talks", "Cambodia and Thailand said their foreign ministers would meet next month.")

    async def poll(*items: tuple[str, str, str, dt.datetime]) -> list[str]:
        server.routes["/feed"] = reply(rss(*items))
        batch = await reader.read(cfg.sources[0], force=True)
        outcome = await process_batch(store, cfg, batch.in_order(), batch.feeds)
        return [a.headline for a in outcome.alerts] + [f"baseline {c}" for c in outcome.baselines]

    assert await poll((*one, NOW - dt.timedelta(hours=2)), (*two, NOW - dt.timedelta(hours=1))) == [
        "baseline tc"
    ]
    # the same items, re-dated and reordered: nothing new
    assert await poll((*two, NOW), (*one, NOW + dt.timedelta(minutes=1))) == []
    edited = (
        one[0],
        one[1],
        "Thai officials said 19 soldiers have now been killed in clashes with Cambodia.",
    )
    assert await poll((*edited, NOW), (*two, NOW)) == ["Death toll rises to 19 (was 12)"]
    assert await poll((*edited, NOW), (*two, NOW)) == []  # re-extracted once only
    stored = await store.known([a for a in (await reader.read(cfg.sources[0], force=True)).arrivals])
    assert len(stored) == 2
    await reader.close()


async def test_full_text_reads_the_linked_page(server, store):  # noqa: F811
    page = (
        "<html><head><title>x</title></head><body><nav>Home | World</nav><article><h1>Clashes</h1>"
        + "".join(
            f"<p>Thai officials said on Saturday that 12 soldiers were killed in clashes with Cambodia, paragraph {i}.</p>"
            for i in range(4)
        )
        + "</article><footer>Copyright</footer></body></html>"
    )
    server.routes["/story"] = reply(page, Content_Type="text/html; charset=utf-8")
    feed = rss(("s", "Clashes", "Short summary.", NOW)).replace(
        "https://news.example/s?utm_source=rss", server.url("/story")
    )
    server.routes["/feed"] = reply(feed)
    cfg = AppConfig(
        conflicts=[CONFLICT],
        sources=[FeedSourceConfig(kind="feed", url=server.url("/feed"), conflict="tc", full_text=True)],
    )
    reader = SourceReader(store=store, config=cfg)
    [arrival] = (await reader.read(cfg.sources[0])).arrivals
    assert "12 soldiers were killed" in arrival.article.text and "Copyright" not in arrival.article.text
    await reader.close()


async def test_fetch_failures_never_hang(server, store):  # noqa: F811
    def stall(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"<rss>")
        handler.wfile.flush()
        time.sleep(3)

    server.routes["/stall"] = stall
    from bot.sources.feed import feed_client

    reader = SourceReader(
        client=feed_client(read_timeout=0.5), store=store, config=config(server.url("/stall"))
    )
    started = time.monotonic()
    batch = await asyncio.wait_for(reader.read(config(server.url("/stall")).sources[0]), 10)
    assert isinstance(batch.errors[0], FeedError) and time.monotonic() - started < 3
    await reader.close()
