"""Polling many feeds: sitrep against the `reader` library (the feed library under discord-rss-bot).

Usage: python bench/poll_feeds.py [FEEDS] [--reader-python PATH]
       (FEEDS feeds of 20 items each, default 1000; PATH: a Python with `reader` installed, default
       /tmp/reader-venv/bin/python; without one, only sitrep is measured)

A local server in a separate process (aiohttp) serves FEEDS RSS feeds of 20 news-length items each (600-900
words), with ETag and Last-Modified, answering 304 to a conditional GET that matches. The items are world
news: one in ten reports on one of the conflicts of tests/corpus/sitrep.toml (built from that corpus's
passages), the others are about anything else (economy, sport, science, weather), as in a general news feed.

Each side runs in its own process (for a fair peak RSS) and is timed for two cycles on the same server:
cold (every feed fetched and parsed for the first time; for sitrep also routed, extracted, deduplicated and
run through change detection into a SQLite store) and all-304 (every feed unchanged). sitrep polls as `sitrep
run` does, taking each source's lease (`outbox.take_source`) before reading it; between the cycles every
lease is made due again, as reader's `scheduled=False` polls every feed. Printed: seconds per
cycle, peak RSS, and the ratios sitrep / reader. sitrep polls with `[feeds] per_host = 16` because every
feed lives on one host here (16 is reader's worker count in `update_feeds(workers=16)`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from email.utils import format_datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ITEMS = 20
START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)

_TOPICS = {
    "economy": [
        "The central bank left its main interest rate at {n} percent on {day}, citing slowing inflation.",
        "Shares in {company} rose {n} percent after the company reported higher quarterly profits.",
        "Analysts expect exports to grow by {n} percent this year as demand from Asia recovers.",
        "The finance ministry said the budget deficit narrowed to {n} billion in the third quarter.",
        "Retail sales fell for a second month as households cut spending on clothing and furniture.",
    ],
    "sport": [
        "{team} beat their rivals {n}-{m} on {day} to move to the top of the table.",
        "The coach said the squad would travel to the tournament with {n} new players.",
        "A crowd of {big} watched the final, the largest attendance at the stadium in a decade.",
        "The striker, who has scored {n} goals this season, signed a new three-year contract.",
    ],
    "science": [
        "Researchers at the university said the new telescope had observed {n} previously unknown galaxies.",
        "The study, published on {day}, followed {big} patients over {n} years.",
        "Engineers plan to launch the satellite next spring after a final round of tests.",
        "The team said the results would need to be confirmed by independent laboratories.",
    ],
    "weather": [
        "Forecasters expect temperatures to reach {n} degrees by the weekend across the south.",
        "Heavy rain is expected to continue until {day}, the meteorological office said.",
        "Farmers said the dry spell had cut the wheat harvest by about a fifth.",
        "The city opened cooling centres as the heat wave entered its {n}th day.",
    ],
}
_FILL = {
    "company": ["Northwind", "Helios Energy", "Atlas Motors", "Bluegate Bank", "Orion Foods"],
    "team": ["City", "United", "Rovers", "Athletic", "Wanderers"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
}


def _filler(rng: random.Random, words: int) -> tuple[str, str]:
    topic = rng.choice(list(_TOPICS))
    paragraphs, count = [], 0
    while count < words:
        sentence = rng.choice(_TOPICS[topic]).format(
            n=rng.randint(2, 60),
            m=rng.randint(0, 5),
            big=f"{rng.randint(10, 90)},{rng.randint(100, 999)}",
            **{k: rng.choice(v) for k, v in _FILL.items()},
        )
        paragraphs.append(sentence)
        count += len(sentence.split())
    return f"{topic.title()} update {rng.randint(1, 10**6)}", "\n\n".join(paragraphs)


def _conflict_text(rng: random.Random, passages: list[str], words: int) -> tuple[str, str]:
    chosen, count = [], 0
    while count < words:
        passage = rng.choice(passages)
        chosen.append(passage)
        count += len(passage.split())
    title = chosen[0].split(".")[0][:100]
    return title, "\n\n".join(chosen)


def build_feeds(n: int) -> list[bytes]:
    from bot.sources.folder import list_article_files, read_article

    passages = [read_article(p).text for p in list_article_files(ROOT / "tests" / "corpus")]
    feeds = []
    for i in range(n):
        rng = random.Random(i)
        items = []
        for j in range(ITEMS):
            words = rng.randint(600, 900)
            title, text = _conflict_text(rng, passages, words) if rng.random() < 0.1 else _filler(rng, words)
            text += f"\n\nReport {i}-{j}."
            published = format_datetime(START + dt.timedelta(minutes=i * ITEMS + j))
            items.append(
                f"<item><guid>{i}-{j}</guid><title>{escape(title)}</title>"
                f"<link>http://news.example/{i}/{j}</link><pubDate>{published}</pubDate>"
                f"<description>{escape(text)}</description></item>"
            )
        feeds.append(
            (
                f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {i}</title>'
                f"{''.join(items)}</channel></rss>"
            ).encode()
        )
    return feeds


def serve(n: int, port_file: str) -> None:
    from aiohttp import web

    feeds = build_feeds(n)
    etags = [f'"{hashlib.sha1(f).hexdigest()[:16]}"' for f in feeds]
    modified = "Sun, 01 Nov 2026 00:00:00 GMT"

    async def feed(request: web.Request) -> web.Response:
        i = int(request.match_info["i"])
        if i >= n:
            raise web.HTTPNotFound()
        if request.headers.get("If-None-Match") == etags[i]:
            return web.Response(status=304, headers={"ETag": etags[i], "Last-Modified": modified})
        headers = {"ETag": etags[i], "Last-Modified": modified, "Content-Type": "application/rss+xml"}
        return web.Response(body=feeds[i], headers=headers)

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feeds/{i}.xml", feed)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        Path(port_file).write_text(str(port))
        await asyncio.Event().wait()

    asyncio.run(main())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_sitrep(base: str, n: int, folder: str) -> dict[str, float]:
    import sqlalchemy as sa

    from bot import store_tables as tables
    from bot.config import FeedsConfig, FeedSourceConfig, load_config
    from bot.runner import Poller
    from bot.sources.reader import SourceReader
    from bot.store import Store

    corpus = load_config(ROOT / "tests" / "corpus" / "sitrep.toml")
    sources = [FeedSourceConfig(kind="feed", url=f"{base}/feeds/{i}.xml") for i in range(n)]
    config = corpus.model_copy(
        update={"sources": sources, "feeds": FeedsConfig(per_host=16), "destinations": []}
    )

    async def cycles() -> tuple[float, float]:
        store = await Store.open(f"sqlite+aiosqlite:///{folder}/bench.db")
        reader = SourceReader(store=store, config=config)
        poller = Poller(store, config, reader, {})  # as `sitrep run` polls each source, lease included
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            await asyncio.gather(*(poller.poll_source(s) for s in sources))
            timings.append(time.perf_counter() - start)
            async with store.engine.begin() as conn:  # every feed due again (reader: scheduled=False)
                await conn.execute(sa.update(tables.source_leases).values(next_due=None))
        await reader.close()
        await store.close()
        return timings[0], timings[1]

    cold, warm = asyncio.run(cycles())
    return {"cold": cold, "warm": warm, "rss": peak_rss_mb()}


READER_SCRIPT = """
import json, resource, sys, time
from reader import make_reader
base, n, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
r = make_reader(db)
for i in range(n):
    r.add_feed(f"{base}/feeds/{i}.xml")
start = time.perf_counter(); r.update_feeds(workers=16); cold = time.perf_counter() - start
start = time.perf_counter(); r.update_feeds(workers=16, scheduled=False); warm = time.perf_counter() - start
entries = r.get_entry_counts().total
print(json.dumps({"cold": cold, "warm": warm, "entries": entries,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--serve":
        serve(int(args[1]), args[2])
        return
    if args and args[0] == "--sitrep":
        print(json.dumps(measure_sitrep(args[1], int(args[2]), args[3])))
        return
    n = int(args[0]) if args and args[0].isdigit() else 1000
    reader_python = (
        args[args.index("--reader-python") + 1]
        if "--reader-python" in args
        else "/tmp/reader-venv/bin/python"
    )
    with tempfile.TemporaryDirectory(prefix="sitrep-feeds-") as tmp:
        port_file = Path(tmp) / "port"
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(n), str(port_file)])
        try:
            while not port_file.exists() or not port_file.read_text():
                time.sleep(0.2)
            base = f"http://127.0.0.1:{port_file.read_text()}"
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            ours = json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--sitrep", base, str(n), tmp],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=True,
                ).stdout.splitlines()[-1]
            )
            theirs = None
            if Path(reader_python).exists():
                result = subprocess.run(
                    [reader_python, "-c", READER_SCRIPT, base, str(n), f"{tmp}/reader.sqlite"],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                theirs = json.loads(result.stdout.splitlines()[-1])
        finally:
            server.terminate()
            server.wait()
    print(f"{n} feeds x {ITEMS} items (600-900 words; 1 in 10 about a followed conflict), one local server")
    print(
        f"sitrep   cold {ours['cold']:7.1f} s   304 cycle {ours['warm']:6.2f} s   peak RSS {ours['rss']:6.0f} MB"
    )
    if theirs:
        print(
            f"reader   cold {theirs['cold']:7.1f} s   304 cycle {theirs['warm']:6.2f} s   peak RSS {theirs['rss']:6.0f} MB"
        )
        print(
            f"ratio sitrep/reader: cold {ours['cold'] / theirs['cold']:.2f} (target <= 1), "
            f"304 cycle {ours['warm'] / theirs['warm']:.2f} (target <= 0.5), "
            f"peak RSS {ours['rss'] / theirs['rss']:.2f} (target <= 2)"
        )
    else:
        print(f"reader not measured: no Python with `reader` at {reader_python}")


if __name__ == "__main__":
    main()
