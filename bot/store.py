"""The persistent store: articles already read, each conflict's state, alerts and their deliveries.

SQLAlchemy asyncio over SQLite (`sqlite+aiosqlite:///path`, the default) or PostgreSQL
(`postgresql+asyncpg://...`); no other database is supported. The schema belongs to the Alembic
migrations in `bot/migrations`, which `Store.open` runs before returning; both databases run the same ones.

Pydantic values (facts, alerts, states) are stored as their JSON (`model_dump_json`: a model given as a
JSON column's value is written by pydantic's own serializer, `_json`) and rebuilt from JSON
(`model_validate_json`), so a `date` comes back a `date` rather than a midnight `datetime`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import sqlalchemy as sa
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot import store_tables as tables
from bot.coalesce import Coalescer
from bot.config import async_database_url
from bot.dedup import text_hash
from bot.message import Message, alert_message
from bot.models import Alert, AlertKind, Article
from bot.state import ConflictState, dump_state, load_state
from bot.store_batch import FeedPoll, Target, Transaction

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ALL_KINDS: tuple[AlertKind, ...] = get_args(AlertKind)

_kinds_adapter = TypeAdapter(list[AlertKind])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration for sitrep's migrations, with no alembic.ini; `connection` is shared."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration's revision id: migrations are named `NNNN_*.py` with revision 'NNNN'."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py"))


def _upgrade(connection: sa.Connection) -> None:
    """Bring the schema to the newest migration. Alembic (slow to import, and heavy) is loaded only when
    the database is behind."""
    if sa.inspect(connection).has_table("alembic_version"):
        current = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        if current == [head_revision()]:
            return
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def _sqlite_file(parsed: sa.URL) -> Path | None:
    """The file a SQLite URL names (None for another database, memory, or a `file:` URI)."""
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return None if database.startswith("file:") else Path(database).expanduser()


def sqlite_file_missing(url: str) -> bool:
    """Whether `url` names a SQLite file that does not exist yet (opening it would create it)."""
    try:
        file = _sqlite_file(make_url(async_database_url(url)))
    except sa.exc.ArgumentError:
        return False
    return file is not None and not file.exists()


class StoreError(Exception):
    """A database that cannot be opened; the message names it (without a password) and the problem."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message waiting to be posted to (or edited on) one destination: a `deliveries` row with its
    message, built from its alert as the alert now stands (so a post made late shows every source)."""

    id: int
    destination: str
    action: str  # 'post', or 'edit' the message `edit_of`
    message: Message
    alert_id: int | None
    attempts: int
    edit_of: str | None = None
    uncertain: bool = False  # an earlier sender died mid-send: the post may already exist


@dataclass
class Seen:
    """Articles already stored: with the same text (`same`), or as an earlier version (`edited`: position
    -> the stored article's id)."""

    same: set[int] = field(default_factory=set)
    edited: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FeedRecord:
    """A followed feed's stored state: HTTP validators, health, and when it may next be polled."""

    url: str
    first_polled: dt.datetime
    last_polled: dt.datetime | None  # the last successful poll; None: it never succeeded
    etag: str | None
    last_modified: str | None
    failures: int = 0  # consecutive
    last_error: str | None = None
    disabled_reason: str | None = None
    next_poll: dt.datetime | None = None
    min_interval: float | None = None


class Subscription(BaseModel):
    """A chat channel following one conflict: which alert kinds, from how many sources up."""

    id: int
    platform: str
    channel: str
    conflict: str
    kinds: list[AlertKind]
    min_sources: int = Field(ge=1)
    created: dt.datetime
    paused_reason: str | None = None
    paused_at: dt.datetime | None = None


_ALERT_FIELDS = ("conflict", "kind", "headline", "text", "facts", "sources", "lines", "revision")


def _alert(row: Mapping[str, Any]) -> Alert:
    payload = {k: row[k] for k in _ALERT_FIELDS}
    return Alert.model_validate_json(json.dumps(payload))


class Store:
    """Persistent state of the bot. Open with `await Store.open(url)`; close with `await store.close()`."""

    def __init__(self, engine: AsyncEngine) -> None:
        """Wrap an engine whose database is already migrated; use `Store.open` instead."""
        self._engine = engine
        # Conflict states this process last wrote or read, with their `updated` stamp: a transaction reuses
        # one while the stored stamp is unchanged, instead of decoding the JSON again.
        self._states: dict[str, tuple[dt.datetime, ConflictState]] = {}
        # Feeds polled at once read their records, and record their unchanged polls, together.
        self._feed_reads: Coalescer[str, FeedRecord] = Coalescer(self._feeds_by_url)
        self._poll_writes: Coalescer[FeedPoll, bool] = Coalescer(self._record_polls)
        # Set when a transaction of this process has queued a message that is not an alert (a new
        # subscription's status view, an operator notice): `sitrep run` delivers those at once.
        self.messages_queued = asyncio.Event()

    @property
    def engine(self) -> AsyncEngine:
        """The underlying engine (for tests and maintenance)."""
        return self._engine

    @classmethod
    async def open(cls, url: str, *, connect_args: Mapping[str, Any] | None = None) -> Store:
        """Connect to `url` and bring its schema to the newest migration.

        Plain `sqlite://` and `postgresql://` URLs are mapped to their asyncio drivers. For a SQLite
        file the parent folder is created if missing, and every connection enables foreign keys and
        WAL journaling. `connect_args` go to the DBAPI driver (e.g. asyncpg `server_settings`).
        Opening an up-to-date database again changes nothing.
        """
        try:
            parsed = make_url(async_database_url(url))
        except sa.exc.ArgumentError:
            raise StoreError(
                "the database URL (SITREP_DATABASE_URL) is not a URL such as sqlite:///sitrep.db or "
                "postgresql://user@host/name"
            ) from None
        name = parsed.render_as_string(hide_password=True)
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise StoreError(f"database {name}: only SQLite and PostgreSQL are supported")
        is_sqlite = parsed.get_backend_name() == "sqlite"
        try:
            if (file := _sqlite_file(parsed)) is not None:
                file.parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(parsed, connect_args=dict(connect_args or {}), json_serializer=_json)
        except (OSError, sa.exc.ArgumentError) as e:
            raise StoreError(f"database {name}: {e}") from None
        if is_sqlite:
            sa.event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_upgrade)
        except (OSError, sa.exc.DBAPIError) as e:  # unreachable, refused, not a database, no such file...
            await engine.dispose()
            reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
            raise StoreError(f"database {name}: cannot open it: {reason}") from None
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine)

    async def close(self) -> None:
        """Release every connection; the store cannot be used afterwards."""
        await self._engine.dispose()

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def add_article(self, article: Article, conflict: str | None) -> int | None:
        """Store `article` once, without facts; return its new row id.

        Returns None, storing nothing, when an article with the same URL (if it has one) or the same
        normalised text is already stored, including when a concurrent call stored it first.
        """
        if await self.is_known(article):
            return None
        try:
            async with self.transaction(lambda _: ()) as tx:
                ref = tx.add_article(article, conflict, None, text_hash(article), None, None)
        except IntegrityError:  # a concurrent call stored it first: the unique URL and text hash say so
            return None
        return ref.id

    async def is_known(self, article: Article) -> bool:
        """True when an article with the same URL (if any) or the same normalised text is stored."""
        return bool(await self.known([article]))

    async def load_state(self, conflict: str) -> ConflictState:
        """The stored state of `conflict`, or an empty `ConflictState(conflict=conflict)` if none."""
        async with self._engine.connect() as conn:
            query = sa.select(tables.conflict_states.c.state).where(
                tables.conflict_states.c.conflict == conflict
            )
            state = (await conn.execute(query)).scalar_one_or_none()
        if state is None:
            return ConflictState(conflict=conflict)
        return load_state(state)

    def _delivery_query(self) -> sa.Select[Any]:
        post = tables.deliveries.alias("post")
        return (
            sa.select(
                tables.deliveries.c.id,
                tables.deliveries.c.destination,
                tables.deliveries.c.action,
                tables.deliveries.c.alert_id,
                tables.deliveries.c.attempts,
                tables.deliveries.c.payload,
                tables.deliveries.c.uncertain,
                tables.alerts.c.outlets,
                post.c.message_id.label("edit_of"),
                *(tables.alerts.c[k] for k in _ALERT_FIELDS),
            )
            .outerjoin(tables.alerts, tables.alerts.c.id == tables.deliveries.c.alert_id)
            .outerjoin(
                post,
                sa.and_(
                    tables.deliveries.c.action == "edit",
                    post.c.alert_id == tables.deliveries.c.alert_id,
                    post.c.destination == tables.deliveries.c.destination,
                    post.c.action == "post",
                ),
            )
            .order_by(tables.deliveries.c.id)
        )

    @staticmethod
    def _delivery(r: Mapping[str, Any]) -> Delivery:
        if r["alert_id"] is None:
            message = Message.model_validate_json(json.dumps(r["payload"]))
        else:
            message = alert_message(_alert(r), r["alert_id"], r["outlets"])
        return Delivery(
            r["id"],
            r["destination"],
            r["action"],
            message,
            r["alert_id"],
            r["attempts"],
            r["edit_of"],
            r["uncertain"],
        )

    async def pending_deliveries(self, limit: int = 100) -> list[Delivery]:
        """Up to `limit` deliveries still to be tried, oldest first, each with its message (whether due
        or waiting for a retry, claimed or not)."""
        query = self._delivery_query().where(tables.deliveries.c.status == "pending").limit(limit)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [self._delivery(r) for r in rows]

    async def claim_deliveries(
        self, worker: str, limit: int = 100, lease: float = 120.0, now: dt.datetime | None = None
    ) -> list[Delivery]:
        """Claim up to `limit` deliveries that are due, oldest first, for `worker`, for `lease` seconds.

        A destination whose oldest waiting delivery is not due (backing off after a failure) or is
        claimed by another worker is skipped whole, so one channel's messages always go out in order. On
        PostgreSQL the rows are locked with FOR UPDATE SKIP LOCKED while claimed, so two workers never
        claim the same delivery; a dead worker's claims expire after `lease`. `now` is the clock (tests).
        """
        now = now or _now()
        d = tables.deliveries.c
        waiting = d.status == "pending"
        # NULL-safe: an unclaimed row has NULL claim columns, and NOT (NULL > x) is not true in SQL.
        claimed_elsewhere = sa.and_(
            d.claimed_until.is_not(None), d.claimed_until > now, sa.func.coalesce(d.claimed_by, "") != worker
        )
        blocked = sa.select(d.destination).where(waiting, sa.or_(d.next_attempt > now, claimed_elsewhere))
        due = (
            sa.select(d.id)
            .where(
                waiting,
                sa.or_(d.next_attempt.is_(None), d.next_attempt <= now),
                sa.not_(claimed_elsewhere),
                d.destination.not_in(blocked),
            )
            .order_by(d.id)
            .limit(limit)
        )
        until = now + dt.timedelta(seconds=lease)
        async with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True)
            # One statement: SQLite takes its write lock for it, so two workers cannot both claim a row.
            claim = (
                tables.deliveries.update()
                .where(d.id.in_(due.scalar_subquery()))
                # SET reads the old row: a claim still set is one whose sender died mid-send.
                .values(claimed_by=worker, claimed_until=until, uncertain=d.claimed_until.is_not(None))
                .returning(d.id)
            )
            ids = list((await conn.execute(claim)).scalars())
            if not ids:
                return []
            rows = (await conn.execute(self._delivery_query().where(d.id.in_(ids)))).mappings().all()
        return [self._delivery(r) for r in rows]

    async def outbox_depth(self) -> int:
        """How many deliveries wait in the outbox."""
        query = (
            sa.select(sa.func.count())
            .select_from(tables.deliveries)
            .where(tables.deliveries.c.status == "pending")
        )
        async with self._engine.connect() as conn:
            return int((await conn.execute(query)).scalar_one())

    async def release(self, delivery_ids: Sequence[int]) -> None:
        """Give back claims without an attempt (the worker stops, or keeps a channel's order)."""
        if delivery_ids:
            async with self._engine.begin() as conn:
                await conn.execute(
                    tables.deliveries.update()
                    .where(tables.deliveries.c.id.in_(list(delivery_ids)))
                    .values(claimed_by=None, claimed_until=None, uncertain=False)
                )

    async def dead_letters(self, limit: int = 100) -> list[tuple[Delivery, str | None]]:
        """Deliveries given up ('failed'), newest first, with their last error."""
        query = (
            self._delivery_query()
            .add_columns(tables.deliveries.c.last_error)
            .where(tables.deliveries.c.status == "failed")
            .order_by(None)
            .order_by(tables.deliveries.c.id.desc())
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [(self._delivery(r), r["last_error"]) for r in rows]

    async def retry_dead_letters(self, delivery_ids: Sequence[int] | None = None) -> int:
        """Put given-up deliveries (all, or these ids) back in the outbox with their attempts forgotten."""
        where = tables.deliveries.c.status == "failed"
        if delivery_ids is not None:
            where = sa.and_(where, tables.deliveries.c.id.in_(list(delivery_ids)))
        async with self._engine.begin() as conn:
            result = await conn.execute(
                tables.deliveries.update()
                .where(where)
                .values(status="pending", attempts=0, next_attempt=None, claimed_by=None, claimed_until=None)
            )
        return result.rowcount

    @contextlib.asynccontextmanager
    async def transaction(self, targets: Callable[[str], Sequence[Target]]) -> AsyncIterator[Transaction]:
        """A `Transaction` for one batch of articles: committed when the block ends, rolled back on error."""
        async with self._engine.begin() as conn:
            tx = Transaction(conn, targets, _now(), self._states)
            yield tx
            await tx.flush()
        if tx.queued_messages:  # (committed)
            self.messages_queued.set()

    async def known(self, articles: Sequence[Any]) -> set[int]:
        """The positions in `articles` (Articles, or items with an `.article`) whose URL, entry or text is
        stored already."""
        seen = await self.seen(articles)
        return seen.same | set(seen.edited)

    async def seen(self, articles: Sequence[Any]) -> Seen:
        """Which of `articles` (Articles, or items with an `.article`) are stored already with the same
        text, and which are edited versions of a stored one (same feed entry or URL, other text)."""
        items = [getattr(a, "article", a) for a in articles]
        found = Seen()
        async with self._engine.connect() as conn:
            for start in range(0, len(items), 300):
                chunk = items[start : start + 300]
                digests = [text_hash(a) for a in chunk]
                urls = [a.url for a in chunk if a.url]
                keys = [a.key for a in chunk if a.key]
                c = tables.articles.c
                query = sa.select(c.id, c.url, c.text_hash, c.entry_key).where(
                    sa.or_(c.text_hash.in_(digests), c.url.in_(urls), c.entry_key.in_(keys))
                )
                rows = (await conn.execute(query)).all()
                hashes = {r.text_hash for r in rows}
                by_url = {r.url: r.id for r in rows if r.url}
                by_key = {r.entry_key: r.id for r in rows if r.entry_key}
                for i, (article, digest) in enumerate(zip(chunk, digests, strict=True)):
                    if digest in hashes:
                        found.same.add(start + i)
                    elif (old := by_key.get(article.key) or by_url.get(article.url)) is not None:
                        found.edited[start + i] = old
        return found

    async def feed(self, url: str) -> FeedRecord | None:
        """The stored state of a followed feed, or None if it was never polled. (Feeds asked for at once
        are read with one query.)"""
        return await self._feed_reads(url)

    async def feeds(self, urls: Sequence[str] | None = None) -> list[FeedRecord]:
        """The stored state of these feeds (every feed when None), by URL."""
        query = sa.select(tables.feeds).order_by(tables.feeds.c.url)
        chunks = [None] if urls is None else [list(urls)[i : i + 500] for i in range(0, len(urls), 500)]
        records: list[FeedRecord] = []
        async with self._engine.connect() as conn:
            for chunk in chunks:
                where = query if chunk is None else query.where(tables.feeds.c.url.in_(chunk))
                rows = (await conn.execute(where)).mappings().all()
                records += [FeedRecord(**{k: r[k] for k in FeedRecord.__dataclass_fields__}) for r in rows]
        return records

    async def _feeds_by_url(self, urls: Sequence[str]) -> dict[str, FeedRecord]:
        return {record.url: record for record in await self.feeds(urls)}

    async def record_poll(self, poll: FeedPoll) -> None:
        """Record a successful poll that brought nothing new (an unchanged feed): its validators and when
        it may next be polled. Polls recorded at once share one transaction."""
        await self._poll_writes(poll)

    async def _record_polls(self, polls: Sequence[FeedPoll]) -> dict[FeedPoll, bool]:
        async with self.transaction(lambda _: ()) as tx:
            for poll in polls:
                tx.record_feed(poll)
        return dict.fromkeys(polls, True)

    async def record_feed_failure(
        self, url: str, error: str, next_poll: dt.datetime, disabled_reason: str | None = None
    ) -> FeedRecord:
        """Count a failed poll of a feed (a first failure creates its record, without a successful poll);
        set when it may be tried again, and disable it when `disabled_reason` is given."""
        values = {"last_error": error[:500], "next_poll": next_poll, "disabled_reason": disabled_reason}
        async with self._engine.begin() as conn:
            changed = await conn.execute(
                tables.feeds.update()
                .where(tables.feeds.c.url == url)
                .values(failures=tables.feeds.c.failures + 1, **values)
            )
            if changed.rowcount == 0:
                await conn.execute(
                    tables.feeds.insert().values(url=url, first_polled=_now(), failures=1, **values)
                )
        record = await self.feed(url)
        assert record is not None
        return record

    async def enable_feed(self, url: str) -> bool:
        """Enable a disabled feed again, with its failures forgotten; False when no such feed is recorded."""
        async with self._engine.begin() as conn:
            changed = await conn.execute(
                tables.feeds.update()
                .where(tables.feeds.c.url == url)
                .values(disabled_reason=None, failures=0, next_poll=None)
            )
        return changed.rowcount > 0

    async def _update_delivery(self, delivery_id: int, **values: Any) -> None:
        async with self._engine.begin() as conn:
            result = await conn.execute(
                tables.deliveries.update()
                .where(tables.deliveries.c.id == delivery_id)
                .values(attempts=tables.deliveries.c.attempts + 1, **values)
            )
            if result.rowcount != 1:
                raise LookupError(f"no delivery with id {delivery_id}")

    async def mark_sent(self, delivery_id: int, message_id: str | None = None) -> None:
        """Record a successful post: status 'sent', `sent_at` now, attempts + 1, the platform's message id.

        Raises LookupError for an unknown delivery id.
        """
        await self._update_delivery(
            delivery_id,
            status="sent",
            sent_at=_now(),
            message_id=message_id,
            claimed_by=None,
            claimed_until=None,
        )

    async def mark_failed(
        self, delivery_id: int, error: str, give_up: bool, retry_at: dt.datetime | None = None
    ) -> None:
        """Record a failed attempt: attempts + 1 and `error` kept; status 'failed' (a dead letter) if
        `give_up`, else it stays 'pending', to be tried again from `retry_at`. Raises LookupError for an
        unknown delivery id.
        """
        status = "failed" if give_up else "pending"
        await self._update_delivery(
            delivery_id,
            status=status,
            last_error=error[:1000],
            next_attempt=retry_at,
            claimed_by=None,
            claimed_until=None,
            uncertain=False,
        )

    async def recent_alerts(self, conflict: str, limit: int = 10) -> list[Alert]:
        """The latest `limit` alerts stored for `conflict`, newest first."""
        query = (
            sa.select(tables.alerts)
            .where(tables.alerts.c.conflict == conflict)
            .order_by(tables.alerts.c.id.desc())
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_alert(r) for r in rows]

    async def add_subscription(
        self,
        platform: str,
        channel: str,
        conflict: str,
        kinds: Sequence[AlertKind] | None = None,
        min_sources: int = 1,
    ) -> Subscription:
        """Subscribe `channel` on `platform` to `conflict` (every alert kind when `kinds` is None or empty).

        Subscribing again replaces the kinds and `min_sources` of the existing subscription (same id).
        Raises ValueError (pydantic's ValidationError) for an unknown kind or `min_sources` below 1.
        """
        kinds_list = _kinds_adapter.validate_python(list(dict.fromkeys(kinds or ())) or list(ALL_KINDS))
        if min_sources < 1:
            raise ValueError(f"min_sources must be at least 1, got {min_sources}")
        key = sa.and_(
            tables.subscriptions.c.platform == platform,
            tables.subscriptions.c.channel == channel,
            tables.subscriptions.c.conflict == conflict,
        )
        settings = {"kinds": kinds_list, "min_sources": min_sources, "paused_reason": None, "paused_at": None}
        async with self._engine.begin() as conn:
            changed = await conn.execute(tables.subscriptions.update().where(key).values(**settings))
            if changed.rowcount == 0:
                new = {"platform": platform, "channel": channel, "conflict": conflict, "created": _now()}
                await conn.execute(tables.subscriptions.insert().values(**new, **settings))
            row = (await conn.execute(sa.select(tables.subscriptions).where(key))).mappings().one()
        return Subscription.model_validate(dict(row))

    async def pause_subscriptions(self, platform: str, channel: str, reason: str) -> int:
        """Pause every subscription of a channel the platform refused for good; how many were newly paused
        (0 when they were paused already, so the operator is told once)."""
        async with self._engine.begin() as conn:
            result = await conn.execute(
                tables.subscriptions.update()
                .where(
                    tables.subscriptions.c.platform == platform,
                    tables.subscriptions.c.channel == channel,
                    tables.subscriptions.c.paused_reason.is_(None),
                )
                .values(paused_reason=reason[:500], paused_at=_now())
            )
        return result.rowcount

    async def remove_subscription(self, platform: str, channel: str, conflict: str) -> bool:
        """Unsubscribe; True if a subscription was removed, False if there was none."""
        async with self._engine.begin() as conn:
            result = await conn.execute(
                tables.subscriptions.delete().where(
                    tables.subscriptions.c.platform == platform,
                    tables.subscriptions.c.channel == channel,
                    tables.subscriptions.c.conflict == conflict,
                )
            )
        return result.rowcount > 0

    async def subscriptions(
        self, conflict: str | None = None, *, platform: str | None = None, channel: str | None = None
    ) -> list[Subscription]:
        """Subscriptions, oldest first, optionally only those for `conflict`, `platform` and/or `channel`."""
        query = sa.select(tables.subscriptions).order_by(tables.subscriptions.c.id)
        for column, value in (("conflict", conflict), ("platform", platform), ("channel", channel)):
            if value is not None:
                query = query.where(tables.subscriptions.c[column] == value)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Subscription.model_validate(dict(r)) for r in rows]


def _json(value: Any) -> str:
    """A JSON column's value as JSON text: a pydantic model by its own (compiled) serializer, which is
    several times faster than `json.dumps` of its `model_dump` for a large conflict state."""
    if isinstance(value, ConflictState):
        return dump_state(value)
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return json.dumps(value)


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()
