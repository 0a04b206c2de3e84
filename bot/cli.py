"""The `sitrep` command line (shared spec, sections 4 to 7): extract, replay, run, status.

Exit status: 0 success; 1 some input could not be processed (each named on stderr); 2 usage or
configuration error.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

from bot.config import AppConfig, ConfigError, ConflictConfig, load_config, load_settings
from bot.extract import extract_facts, unrouted
from bot.logs import setup_logging
from bot.pipeline import conflict_for, pinned_conflict, process_batch
from bot.sources.folder import ArticleError, read_articles
from bot.sources.reader import Arrival, Batch, read_paths
from bot.state import ConflictState
from bot.store import FeedRecord, Store, StoreError, sqlite_file_missing

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Alerts on armed conflicts: reads the news and reports only what really changed.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log every step to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--config",
            type=Path,
            metavar="F",
            help="configuration file (default ./sitrep.toml, else the built-in seed setup)",
        )
        return sub

    extract = command("extract", "print the facts each article reports; nothing is stored or posted")
    extract.add_argument("--conflict", metavar="ID", help="read every article as about this conflict")
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files or folders")
    extract.add_argument("--json", action="store_true", help="one JSON object per article, one per line")

    replay = command(
        "replay",
        "run the whole pipeline on a fresh temporary store and print the alerts it "
        "would post; nothing is posted and no existing store is touched",
    )
    replay.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="article files or folders")
    replay.add_argument("--json", action="store_true", help="one JSON object per alert, one per line")

    run = command("run", "the bot: poll the sources, deliver alerts to every destination")
    run.add_argument("--once", action="store_true", help="poll every source once, deliver, and exit")

    evaluate = command(
        "eval",
        "score extraction against hand-annotated gold files (NAME.gold.json beside "
        "each article); exit 1 below the thresholds",
    )
    evaluate.add_argument(
        "gold_dir",
        type=Path,
        metavar="GOLD_DIR",
        help="folder of gold files; its sitrep.toml is the configuration unless --config",
    )
    evaluate.add_argument(
        "--min-f1",
        type=float,
        default=0.0,
        metavar="X",
        help="lowest acceptable F1 for casualties and for meetings (0 to 1)",
    )
    evaluate.add_argument(
        "--min-accuracy",
        type=float,
        default=0.0,
        metavar="X",
        help="lowest acceptable ceasefire status accuracy (0 to 1)",
    )
    evaluate.add_argument("--mistakes", action="store_true", help="list every extra and missed fact")
    evaluate.add_argument(
        "--strict",
        action="store_true",
        help="match every field: a casualty's qualifier, group and current; a meeting's status, place, parties",
    )
    evaluate.add_argument("--json", action="store_true", help="the scores as one JSON object")

    status = command("status", "where each conflict stands now, from the store")
    status.add_argument("conflict", nargs="?", metavar="CONFLICT", help="one conflict id (default: all)")
    status.add_argument("--json", action="store_true", help="one JSON object per conflict")

    deliveries = command(
        "deliveries",
        "list the deliveries given up after their last attempt (dead letters); "
        "`deliveries retry [ID...]` puts them (or only those ids) back in the outbox",
    )
    deliveries.add_argument("action", nargs="?", choices=["retry"], help="retry: send them again")
    deliveries.add_argument(
        "ids", nargs="*", type=int, metavar="ID", help="with retry: only these deliveries"
    )

    feeds = command("feeds", "the health of every feed followed: last poll, failures, why one is disabled")
    feeds.add_argument("--enable", metavar="URL", help="enable a disabled feed again, its failures forgotten")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    setup_logging(verbose=args.verbose)
    try:
        if args.command == "eval" and args.config is None and (args.gold_dir / "sitrep.toml").exists():
            args.config = args.gold_dir / "sitrep.toml"
        config = load_config(args.config)
        handler = {
            "extract": _extract,
            "replay": _replay,
            "run": _run,
            "status": _status,
            "eval": _eval,
            "feeds": _feeds,
            "deliveries": _deliveries,
        }[args.command]
        return handler(args, config)
    except (ConfigError, StoreError) as exc:
        print(f"sitrep: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _require_conflict(config: AppConfig, conflict: str, argument: str) -> None:
    """A usage error naming the command-line `argument` unless `conflict` is a configured conflict id."""
    if not any(c.id == conflict for c in config.conflicts):
        known = ", ".join(c.id for c in config.conflicts)
        raise ConfigError(f"{argument}: unknown conflict {conflict!r} (configured: {known})")


def _report_errors(batch: Batch) -> int:
    for error in batch.errors:
        print(f"sitrep: {error}", file=sys.stderr)
    return EXIT_INPUT if batch.errors else EXIT_OK


def _extract(args: argparse.Namespace, config: AppConfig) -> int:
    if args.conflict:
        _require_conflict(config, args.conflict, "--conflict")
    status = EXIT_OK
    for path, article in read_articles(args.paths):
        if isinstance(article, ArticleError):
            print(json.dumps({"path": _error_path(article), "error": str(article)}), flush=True)
            print(f"sitrep: {article}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        pinned = args.conflict or pinned_conflict(config, Path(article.path or path))
        conflict = conflict_for(config, article, pinned)
        result = extract_facts(article, conflict) if conflict else unrouted(article)
        if args.json:
            print(result.model_dump_json(), flush=True)
        else:
            print(f"{article.path}: {article.title} [{result.published}] -> {result.conflict}")
            for fact in result.facts:
                print("  " + json.dumps(fact.model_dump(mode="json", exclude={"evidence"})))
    return status


def _error_path(error: Exception) -> str:
    return str(error).split(": ", 1)[0]


def _replay(args: argparse.Namespace, config: AppConfig) -> int:
    batch = read_paths(args.paths)
    arrivals = [
        Arrival(a.article, pinned_conflict(config, Path(a.article.path or ""))) for a in batch.arrivals
    ]
    batch.arrivals = arrivals

    async def replay() -> None:
        with tempfile.TemporaryDirectory(prefix="sitrep-replay-") as tmp:
            store = await Store.open(f"sqlite+aiosqlite:///{tmp}/replay.db")
            try:
                outcome = await process_batch(store, config, batch.in_order())
                for alert in outcome.alerts:
                    if args.json:
                        print(alert.model_dump_json(), flush=True)
                    else:
                        print(alert.text + "\n", flush=True)
            finally:
                await store.close()

    asyncio.run(replay())
    return _report_errors(batch)


def _run(args: argparse.Namespace, config: AppConfig) -> int:
    from bot.runner import run_forever, run_once

    settings = load_settings()
    if args.once:
        batch = asyncio.run(run_once(config, settings))
        return _report_errors(batch)
    asyncio.run(run_forever(config, settings))
    return EXIT_OK


def _eval(args: argparse.Namespace, config: AppConfig) -> int:
    from bot.evaluate import GoldError, evaluate

    try:
        report = evaluate(args.gold_dir, config, strict=args.strict)
    except GoldError as exc:
        print(f"sitrep: eval: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        if args.mistakes and report.mistakes:
            print("\n".join(report.mistakes) + "\n")
        print(report.as_text())
    below = [
        f"{name} {value:.3f} < {floor}"
        for name, value, floor in (
            ("casualty F1", report.casualty.f1, args.min_f1),
            ("meeting F1", report.meeting.f1, args.min_f1),
            ("ceasefire accuracy", report.ceasefire_accuracy, args.min_accuracy),
        )
        if value < floor
    ]
    if below:
        print("sitrep: eval: below threshold: " + "; ".join(below), file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _feed_line(feed: FeedRecord) -> str:
    if feed.disabled_reason:
        return f"feed {feed.url}: DISABLED: {feed.disabled_reason}"
    if feed.failures:
        when = feed.next_poll.isoformat(timespec="seconds") if feed.next_poll else "soon"
        return f"feed {feed.url}: {feed.failures} failed polls in a row ({feed.last_error}); next try {when}"
    last = feed.last_polled.isoformat(timespec="seconds") if feed.last_polled else "never"
    return f"feed {feed.url}: ok, last polled {last}"


def _deliveries(args: argparse.Namespace, config: AppConfig) -> int:
    async def report() -> int:
        store = await Store.open(load_settings().database_url)
        try:
            if args.action == "retry":
                count = await store.retry_dead_letters(args.ids or None)
                print(f"{count} deliveries back in the outbox")
                return EXIT_OK
            for delivery, error in await store.dead_letters():
                print(f"{delivery.id}\t{delivery.destination}\t{delivery.message.title[:80]}\t{error}")
            return EXIT_OK
        finally:
            await store.close()

    return asyncio.run(report())


def _feeds(args: argparse.Namespace, config: AppConfig) -> int:
    async def report() -> int:
        store = await Store.open(load_settings().database_url)
        try:
            if args.enable:
                if not await store.enable_feed(args.enable):
                    print(f"sitrep: feeds: no feed {args.enable!r} has been polled", file=sys.stderr)
                    return EXIT_USAGE
                print(f"feed {args.enable}: enabled")
                return EXIT_OK
            known = {f.url: f for f in await store.feeds()}
            for source in config.sources:
                url = getattr(source, "url", None)
                if url is not None:
                    print(_feed_line(known[url]) if url in known else f"feed {url}: not polled yet")
            return EXIT_OK
        finally:
            await store.close()

    return asyncio.run(report())


def _status(args: argparse.Namespace, config: AppConfig) -> int:
    from bot.status import status_report

    conflicts = config.conflicts
    if args.conflict:
        _require_conflict(config, args.conflict, "CONFLICT")
        conflicts = [config.conflict(args.conflict)]

    def show(conflict: ConflictConfig, state: ConflictState) -> None:
        result = status_report(conflict, state, dt.datetime.now(dt.UTC).date())
        print(result.model_dump_json() if args.json else result.as_text() + "\n", flush=True)

    url = load_settings().database_url
    if sqlite_file_missing(url):  # nothing read yet: say so, without creating the database
        for conflict in conflicts:
            show(conflict, ConflictState(conflict=conflict.id))
        return EXIT_OK

    async def report() -> None:
        store = await Store.open(url)
        try:
            for conflict in conflicts:
                show(conflict, await store.load_state(conflict.id))
            if not args.json:
                troubled = [f for f in await store.feeds() if f.disabled_reason or f.failures]
                for feed in troubled:
                    print(_feed_line(feed), flush=True)
                dead = await store.dead_letters()
                if dead:
                    print(
                        f"{len(dead)} deliveries given up (sitrep deliveries lists them; sitrep deliveries retry)"
                    )
        finally:
            await store.close()

    asyncio.run(report())
    return EXIT_OK
