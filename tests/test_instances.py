"""Two `sitrep run` processes on one PostgreSQL database share the work: each feed is fetched once per
interval, every alert is posted once, and when one process is killed the other takes over its feeds.

Needs PostgreSQL (SITREP_TEST_DATABASE_URL); each run gets a database of its own. Alerts go to a Slack
channel on the fake Slack (tests/fakes_slack.py, both instances connected to it) and to a JSON webhook
served on 127.0.0.1; both record every post.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.store import Store
from tests.conflicts import conflict_toml
from tests.conftest import ROOT
from tests.fakes_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

INTERVAL = 2  # seconds between polls of a feed
SLACK_CHANNEL = "C0SHARED"
FEEDS = 3

CONFIG = f"""
{conflict_toml()}
[[destinations]]
kind = "webhook"
name = "hook"
format = "json"
url_env = "SITREP_TEST_HOOK_URL"
"""


@pytest.fixture
def database():
    """A fresh PostgreSQL database on the test server, dropped afterwards."""
    raw = os.environ.get("SITREP_TEST_DATABASE_URL")
    if not raw:
        pytest.skip("SITREP_TEST_DATABASE_URL not set: the several-instances test needs PostgreSQL")
    url = make_url(raw)
    name = f"sitrep_{uuid.uuid4().hex[:10]}"

    async def execute(sql: str) -> None:
        conn = await asyncpg.connect(
            host=url.host or "127.0.0.1",
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            database=url.database,
        )
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name, drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    asyncio.run(execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class World:
    """The feed server and the webhook recorder: what the two instances talk to."""

    def __init__(self) -> None:
        self.items: dict[int, list[str]] = {i: [] for i in range(FEEDS)}
        self.fetches: dict[int, list[float]] = {i: [] for i in range(FEEDS)}
        self.posts: list[dict] = []
        self.lock = threading.Lock()
        world = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # a feed
                i = int(self.path.strip("/").split(".")[0])
                with world.lock:
                    world.fetches[i].append(time.monotonic())
                    body = (
                        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                        + "".join(world.items[i])
                        + "</channel></rss>"
                    ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:  # the webhook
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with world.lock:
                    world.posts.append(payload)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, feed: int, n: int, toll: int, published: dt.datetime) -> None:
        text = (
            f"Thai officials said {toll} soldiers had been killed in the fighting with Cambodia since July."
        )
        item = (
            f"<item><guid>{feed}-{n}</guid><title>Clashes {feed}-{n}</title>"
            f"<link>https://wire.example/{feed}/{n}</link><pubDate>{format_datetime(published)}</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
        with self.lock:
            self.items[feed].append(item)


async def alert_headlines(database: str, destination: str) -> list[str]:
    """The casualty alerts the instances queued for `destination` and recorded as sent."""
    url = make_url(database)
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )
    try:
        rows = await conn.fetch(
            "SELECT a.headline FROM alerts a JOIN deliveries d ON d.alert_id = a.id"
            " WHERE a.kind = 'casualty' AND d.action = 'post' AND d.status = 'sent' AND d.destination = $1",
            destination,
        )
    finally:
        await conn.close()
    return [r["headline"] for r in rows]


class SlackThread:
    """The fake Slack, served from an event loop of its own in a thread (the test itself is not async)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.fake = FakeSlack()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)

    def posts(self, channel: str) -> list[dict]:
        async def read() -> list[dict]:
            return self.fake.posts(channel)

        return asyncio.run_coroutine_threadsafe(read(), self.loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)


async def subscribe(database: str) -> None:
    store = await Store.open(database)
    try:
        await store.add_subscription("slack", SLACK_CHANNEL, "tc", ["casualty"])
    finally:
        await store.close()


def start(tmp_path, database: str, world: World, slack: SlackThread, name: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SITREP_"))}
    env.update(
        SITREP_DATABASE_URL=database,
        SITREP_TEST_HOOK_URL=f"{world.base}/hook",
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=slack.fake.api_url,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / f"{name}.log", "w"),
    )


def test_two_instances_share_the_feeds_and_post_every_alert_once(tmp_path, database):
    world = World()
    now = dt.datetime.now(dt.UTC)
    for feed in range(FEEDS):
        world.add(feed, 0, 10 + feed, now - dt.timedelta(hours=1))  # the backlog
    sources = "".join(
        f'\n[[sources]]\nkind = "feed"\nurl = "{world.base}/{i}.xml"\ninterval = "{INTERVAL}s"\nconflict = "tc"\n'
        for i in range(FEEDS)
    )
    (tmp_path / "sitrep.toml").write_text(CONFIG + sources, encoding="utf-8")
    asyncio.run(subscribe(database))
    slack = SlackThread()
    first = start(tmp_path, database, world, slack, "a")
    time.sleep(1.5)
    second = start(tmp_path, database, world, slack, "b")
    try:
        time.sleep(6)
        toll = 100
        for n in range(1, 4):  # news while both run: each a higher toll
            world.add(n % FEEDS, n, toll + n, dt.datetime.now(dt.UTC))
            time.sleep(INTERVAL)
        first.send_signal(signal.SIGKILL)  # one instance dies mid-run
        first.wait()
        killed_at = time.monotonic()
        for n in range(4, 7):
            world.add(n % FEEDS, n, toll + n, dt.datetime.now(dt.UTC))
            time.sleep(INTERVAL)
        time.sleep(INTERVAL * 3)
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=30) == 0, (tmp_path / "b.log").read_text()
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.kill()
        world.server.shutdown()
        slack_posts = [p["text"].split("\n")[0] for p in slack.posts(SLACK_CHANNEL)]
        slack.stop()

    titles = [p["title"] for p in world.posts if p["kind"] == "casualty"]
    assert len(titles) == len(set(titles)), titles  # none twice
    last = f"Death toll rises to {toll + 6} "
    assert titles and titles[-1].startswith(last), titles  # the last news arrived
    stored = asyncio.run(alert_headlines(database, "hook"))
    assert sorted(titles) == sorted(stored)  # every alert the instances queued was posted, once
    # what is not an alert: the status view that subscribing queued, the baseline summaries of first polls
    alerts_in_slack = [t for t in slack_posts if not t.startswith(("Status:", "Now following:"))]
    assert alerts_in_slack == titles  # the same alerts in the Slack channel, once each, in order
    assert sorted(alerts_in_slack) == sorted(asyncio.run(alert_headlines(database, f"slack:{SLACK_CHANNEL}")))
    baselines = [p for p in world.posts if p["kind"] == "baseline"]
    assert len(baselines) <= FEEDS  # one per first poll of a feed at most, never per item or per instance
    for feed, times in world.fetches.items():
        span = times[-1] - times[0]
        assert len(times) <= span / INTERVAL + 3, (feed, len(times), span)  # once per interval, not twice
        after = [t for t in times if t > killed_at]
        assert after and after[0] - killed_at <= INTERVAL * 2 + 4, (feed, after[:1])  # taken over
