"""Nothing lost, nothing twice: the real `sitrep run`, killed with SIGKILL at random moments and started again,
delivers every alert exactly once, in order, to a Slack and a Discord channel.

The fake Slack and Discord (tests/fakes_slack.py, tests/fakes_discord.py) run in this test's event loop on
127.0.0.1 and keep what they received across the restarts; `python -m bot run` runs in a subprocess on a
SQLite store. The 200 articles of the synthetic stream arrive in the folder in publication order, a chunk
before each start (as news arrives while the bot is up and down), so that every run has something to read
and to post, and a kill can land while sitrep starts, reads, writes a batch or posts. What the channels end
with is compared with what `sitrep replay` gives on the same folder and configuration.

Claims on deliveries last a second here (`[delivery] claim = "1s"`; two minutes by default), so a killed
run's claims pass to the next run at once. The next process takes them over as `uncertain` deliveries,
which the adapters must not post twice (Slack: message metadata looked up in the channel's history;
Discord: an enforced nonce).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

import sqlalchemy as sa
import yaml

from adapters.discord_embeds import escape as discord_escape
from bot import store_tables as tables
from bot.commands import Channel, run_command
from bot.config import load_config
from bot.sources.folder import list_article_files, read_article
from bot.store import Store
from tests import synthetic_stream
from tests.conflicts import conflict_toml
from tests.conftest import ROOT
from tests.fakes_discord import CHANNEL_ID, TOKEN, FakeDiscord
from tests.fakes_slack import APP_TOKEN, BOT_TOKEN, FakeSlack

ARTICLES = 200
KILLS = 20
SEED = 8  # the kills' moments
KILL_AFTER = (0.4, 3.2)  # seconds after a start: while it starts (~1.5 s), reads, writes or posts
FINISH_SECONDS = 40.0  # the last run must have read and posted everything within this
SLACK_CHANNEL = "C0CRASH"
DISCORD_CHANNEL = str(CHANNEL_ID)

CONFIG = f"""
{conflict_toml(synthetic_stream.CONFLICT)}
[[sources]]
kind = "folder"
path = "articles"
conflict = "{synthetic_stream.CONFLICT.id}"
interval = "1s"

[delivery]
interval = "1s"
claim = "1s"   # a killed run's claims pass to the next run after a second
"""


def article_file(n: int, article) -> tuple[str, str]:
    """An article as a file of the folder source: YAML front matter, then the text."""
    meta = {
        "title": article.title,
        "date": article.published.isoformat(),
        "url": article.url,
        "source": article.outlet,
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"{n:03d}.md", f"---\n{front}---\n\n{article.text}\n"


def drop(folder: Path, files: list[tuple[str, str]]) -> None:
    """Put files in the folder whole: written under a hidden name (which sitrep skips), then renamed."""
    for name, text in files:
        hidden = folder / f".{name}.part"
        hidden.write_text(text, encoding="utf-8")
        hidden.rename(folder / name)


def environment(db_url: str, slack: FakeSlack, discord: FakeDiscord) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "SITREP_"))}
    env.update(
        SITREP_DATABASE_URL=db_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=slack.api_url,
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=discord.api_url,
        COLUMNS="100",
        # This tree's code, whatever copy of sitrep is installed (an editable install may be elsewhere).
        PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    return env


async def claims_left(db_url: str) -> int:
    """The claims a killed run left behind (they stay set, so the next claim knows its sender died
    mid-send, and the destination is asked to look for the post first)."""
    store = await Store.open(db_url)
    try:
        d = tables.deliveries.c
        query = sa.select(sa.func.count()).where(d.status == "pending", d.claimed_until.is_not(None))
        async with store.engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())
    finally:
        await store.close()


async def finished(db_url: str, articles: list) -> tuple[bool, str]:
    """Whether every article is stored and the outbox is empty; and what is missing, if not."""
    store = await Store.open(db_url)
    try:
        read = len(await store.known(articles))
        depth = await store.outbox_depth()
        async with store.engine.connect() as conn:
            dead = (
                await conn.execute(
                    sa.select(sa.func.count())
                    .select_from(tables.deliveries)
                    .where(tables.deliveries.c.status == "failed")
                )
            ).scalar_one()
    finally:
        await store.close()
    return read == len(articles) and depth == 0, f"{read}/{len(articles)} read, {depth} waiting, {dead} dead"


async def test_killed_at_random_moments_every_alert_arrives_exactly_once_in_each_channel(tmp_path):
    started = time.monotonic()
    folder = tmp_path / "articles"
    folder.mkdir()
    (tmp_path / "sitrep.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "sitrep.toml")
    files = [article_file(n, a) for n, a in enumerate(synthetic_stream.stream(0)[:ARTICLES])]
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'sitrep.db'}"
    log = (tmp_path / "sitrep.log").open("ab")

    # Both channels subscribe before the first run, as /subscribe would: each gets the status view first.
    store = await Store.open(db_url)
    for where in (Channel("slack", SLACK_CHANNEL), Channel("discord", DISCORD_CHANNEL)):
        await run_command(store, config, where, "subscribe", synthetic_stream.CONFLICT.id)
    queued = await store.pending_deliveries()
    await store.close()
    status_view = {d.destination: d.message.title for d in queued}
    assert set(status_view) == {f"slack:{SLACK_CHANNEL}", f"discord:{DISCORD_CHANNEL}"}

    slack, discord = FakeSlack(), FakeDiscord()
    await slack.start()
    await discord.start()
    env = environment(db_url, slack, discord)

    async def start() -> asyncio.subprocess.Process:
        log.write(f"--- start at {time.monotonic() - started:.1f}s\n".encode())
        log.flush()
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            "--config",
            str(tmp_path / "sitrep.toml"),
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=log,
        )

    rng = random.Random(SEED)
    per_run = -(-len(files) // (KILLS + 1))
    chunks = [files[i : i + per_run] for i in range(0, len(files), per_run)]
    taken_over = 0
    process: asyncio.subprocess.Process | None = None
    try:
        for kill in range(KILLS):
            drop(folder, chunks[kill] if kill < len(chunks) else [])
            process = await start()
            await asyncio.sleep(rng.uniform(*KILL_AFTER))
            process.kill()
            assert await process.wait() == -signal.SIGKILL
            taken_over += await claims_left(db_url)
        for chunk in chunks[KILLS:]:
            drop(folder, chunk)

        # The last run: until every article is read and the outbox is empty; then SIGTERM ends it cleanly.
        articles = [read_article(path) for path in list_article_files(folder)]
        assert len(articles) == ARTICLES
        process = await start()
        deadline = time.monotonic() + FINISH_SECONDS
        while not (done := await finished(db_url, articles))[0]:
            assert time.monotonic() < deadline, f"not finished after {FINISH_SECONDS}s: {done[1]}"
            assert process.returncode is None, f"sitrep run exited with {process.returncode}"
            await asyncio.sleep(0.25)
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
    finally:
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()
        log.close()
        await slack.stop()
        await discord.close()

    # What a replay of the same folder with the same configuration alerts, in order.
    replay = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "replay",
        "--config",
        str(tmp_path / "sitrep.toml"),
        str(folder),
        "--json",
        cwd=tmp_path,
        env={**env, "SITREP_DATABASE_URL": f"sqlite:///{tmp_path / 'replay.db'}"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await replay.communicate()
    assert replay.returncode == 0, err.decode()
    headlines = [json.loads(line)["headline"] for line in out.decode().splitlines() if line.strip()]
    assert len(headlines) >= 10  # the stream's changes: death tolls, talks, a ceasefire's phases

    slack_posts = [m["blocks"][0]["text"]["text"] for m in slack.posts(SLACK_CHANNEL)]
    discord_posts = [body["embeds"][0]["title"] for body in discord.posts(DISCORD_CHANNEL)]
    assert slack_posts == [status_view[f"slack:{SLACK_CHANNEL}"], *headlines]
    assert discord_posts == [discord_escape(status_view[f"discord:{DISCORD_CHANNEL}"])] + [
        discord_escape(h) for h in headlines
    ]
    # Each Slack post carries its own delivery key, once.
    keys = [m["metadata"]["event_payload"]["key"] for m in slack.posts(SLACK_CHANNEL)]
    assert len(set(keys)) == len(keys)
    assert slack.problems == []
    # The crashes did hit deliveries in flight: claims of dead processes were taken over.
    assert taken_over > 0
    assert time.monotonic() - started < 90
