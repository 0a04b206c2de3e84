"""The persistent store: articles already read, each conflict's state, alerts and their deliveries.

SQLAlchemy asyncio over SQLite (`sqlite+aiosqlite:///path`, the default) or PostgreSQL
(`postgresql+asyncpg://...`); no other database is supported. The schema belongs to the Alembic
migrations in `bot/migrations`, which `Store.open` runs before returning; both databases run the same ones.

Pydantic values (facts, alerts, states) are stored as `model_dump(mode="json")` and rebuilt from JSON
(`model_validate_json`), so a `date` comes back a `date` rather than a midnight `datetime`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot import store_tables as tables
from bot.config import async_database_url
from bot.models import Alert, AlertKind, Article, Fact
from bot.state import ConflictState

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ALL_KINDS: tuple[AlertKind, ...] = get_args(AlertKind)

_facts_adapter = TypeAdapter(list[Fact])
_kinds_adapter = TypeAdapter(list[AlertKind])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalise_text(text: str) -> str:
    """Casefolded text with punctuation dropped and whitespace collapsed: what duplicates share."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def text_hash(article: Article) -> str:
    """SHA-256 (hex) of the article's normalised text, or of its normalised title when the text is empty."""
    return hashlib.sha256(
        (normalise_text(article.text) or normalise_text(article.title)).encode()
    ).hexdigest()


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration for sitrep's migrations, with no alembic.ini; `connection` is shared."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _upgrade(connection: sa.Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


@dataclass(frozen=True, slots=True)
class Delivery:
    """An alert waiting to be posted to one destination (a `deliveries` row with its alert)."""

    id: int
    destination: str
    alert_id: int
    alert: Alert
    attempts: int


class Subscription(BaseModel):
    """A chat channel following one conflict: which alert kinds, from how many sources up."""

    id: int
    platform: str
    channel: str
    conflict: str
    kinds: list[AlertKind]
    min_sources: int = Field(ge=1)
    created: dt.datetime


def _alert(row: Mapping[str, Any]) -> Alert:
    payload = {k: row[k] for k in ("conflict", "kind", "headline", "text", "facts", "sources")}
    return Alert.model_validate_json(json.dumps(payload))


class Store:
    """Persistent state of the bot. Open with `await Store.open(url)`; close with `await store.close()`."""

    def __init__(self, engine: AsyncEngine) -> None:
        """Wrap an engine whose database is already migrated; use `Store.open` instead."""
        self._engine = engine

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
        url = async_database_url(url)
        parsed = make_url(url)
        is_sqlite = parsed.get_backend_name() == "sqlite"
        database = parsed.database
        if is_sqlite and database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args=dict(connect_args or {}))
        if is_sqlite:
            sa.event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        try:
            async with engine.begin() as conn:
                await conn.run_sync(_upgrade)
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
        """Store `article` once; return its new row id.

        Returns None, storing nothing, when an article with the same URL (if it has one) or the same
        normalised text is already stored, including when a concurrent call stored it first.
        """
        try:
            async with self._engine.begin() as conn:
                return await self._insert_article(conn, article, conflict, facts=None)
        except IntegrityError:
            return None

    async def is_known(self, article: Article) -> bool:
        """True when an article with the same URL (if any) or the same normalised text is stored."""
        async with self._engine.connect() as conn:
            return await self._already_stored(conn, article.url, text_hash(article))

    async def record_article(
        self,
        article: Article,
        conflict: str | None,
        facts: list[Fact],
        state: ConflictState | None,
        alerts: list[Alert],
        destinations: list[str],
    ) -> list[int] | None:
        """Store a newly read article with everything it caused, in one transaction.

        The article row (with its facts), the conflict's new `state` (if given), each alert and one
        'pending' delivery per destination are written together or not at all: a crash leaves the
        article unread, to be read again. Returns the new alert ids, or None, writing nothing, when the
        article is already stored (also when a concurrent call stored it first).
        """
        try:
            async with self._engine.begin() as conn:
                article_id = await self._insert_article(conn, article, conflict, facts)
                if article_id is None:
                    return None
                return await self._write_outcome(conn, article_id, state, alerts, destinations)
        except IntegrityError:
            if await self.is_known(article):
                return None
            raise

    async def _insert_article(
        self, conn: AsyncConnection, article: Article, conflict: str | None, facts: list[Fact] | None
    ) -> int | None:
        digest = text_hash(article)
        if await self._already_stored(conn, article.url, digest):
            return None
        # Facts are left out, not set to None: a JSON column would store None as JSON 'null'.
        extra = {} if facts is None else {"facts": _facts_adapter.dump_python(facts, mode="json")}
        result = await conn.execute(
            tables.articles.insert().values(
                **extra,
                conflict=conflict,
                url=article.url,
                text_hash=digest,
                title=article.title,
                path=article.path,
                outlet=article.outlet,
                published=article.published_at,
                first_seen=_now(),
            )
        )
        return int(result.inserted_primary_key[0])

    @staticmethod
    async def _already_stored(conn: AsyncConnection, url: str | None, digest: str) -> bool:
        same = tables.articles.c.text_hash == digest
        if url is not None:
            same = sa.or_(same, tables.articles.c.url == url)
        return (await conn.execute(sa.select(tables.articles.c.id).where(same).limit(1))).first() is not None

    async def load_state(self, conflict: str) -> ConflictState:
        """The stored state of `conflict`, or an empty `ConflictState(conflict=conflict)` if none."""
        async with self._engine.connect() as conn:
            query = sa.select(tables.conflict_states.c.state).where(
                tables.conflict_states.c.conflict == conflict
            )
            state = (await conn.execute(query)).scalar_one_or_none()
        if state is None:
            return ConflictState(conflict=conflict)
        return ConflictState.model_validate_json(json.dumps(state))

    async def record(
        self,
        article_id: int,
        facts: list[Fact],
        state: ConflictState,
        alerts: list[Alert],
        destinations: list[str],
    ) -> list[int]:
        """Save one article's outcome in a single transaction; return the new alert ids in order.

        Sets the article's facts, replaces the stored state of `state.conflict`, inserts each alert
        and one 'pending' delivery per destination for it. Raises (LookupError for an unknown
        article, IntegrityError e.g. for a repeated destination) and writes nothing if any step fails.
        """
        async with self._engine.begin() as conn:
            result = await conn.execute(
                tables.articles.update()
                .where(tables.articles.c.id == article_id)
                .values(facts=_facts_adapter.dump_python(facts, mode="json"))
            )
            if result.rowcount != 1:
                raise LookupError(f"no stored article with id {article_id}")
            return await self._write_outcome(conn, article_id, state, alerts, destinations)

    async def _write_outcome(
        self,
        conn: AsyncConnection,
        article_id: int,
        state: ConflictState | None,
        alerts: list[Alert],
        destinations: list[str],
    ) -> list[int]:
        now = _now()
        if state is not None:
            await self._put_state(conn, state, now)
        ids: list[int] = []
        for alert in alerts:
            data = alert.model_dump(mode="json")
            result = await conn.execute(
                tables.alerts.insert().values(**data, article_id=article_id, created=now)
            )
            alert_id = int(result.inserted_primary_key[0])
            ids.append(alert_id)
            if destinations:
                await conn.execute(
                    tables.deliveries.insert(),
                    [
                        {"alert_id": alert_id, "destination": d, "status": "pending", "created": now}
                        for d in destinations
                    ],
                )
        return ids

    async def _put_state(self, conn: AsyncConnection, state: ConflictState, now: dt.datetime) -> None:
        values = {"conflict": state.conflict, "state": state.model_dump(mode="json"), "updated": now}
        insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
            tables.conflict_states
        )
        await conn.execute(
            insert.values(**values).on_conflict_do_update(
                index_elements=[tables.conflict_states.c.conflict],
                set_={"state": insert.excluded.state, "updated": insert.excluded.updated},
            )
        )

    async def pending_deliveries(self, limit: int = 100) -> list[Delivery]:
        """Up to `limit` deliveries still to be tried, oldest first, each with its alert."""
        query = (
            sa.select(
                tables.deliveries.c.id,
                tables.deliveries.c.destination,
                tables.deliveries.c.alert_id,
                tables.deliveries.c.attempts,
                *(tables.alerts.c[k] for k in ("conflict", "kind", "headline", "text", "facts", "sources")),
            )
            .join(tables.alerts, tables.alerts.c.id == tables.deliveries.c.alert_id)
            .where(tables.deliveries.c.status == "pending")
            .order_by(tables.deliveries.c.id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Delivery(r["id"], r["destination"], r["alert_id"], _alert(r), r["attempts"]) for r in rows]

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
        await self._update_delivery(delivery_id, status="sent", sent_at=_now(), message_id=message_id)

    async def mark_failed(self, delivery_id: int, error: str, give_up: bool) -> None:
        """Record a failed attempt: attempts + 1 and `error` kept; status 'failed' if `give_up`, else
        it stays 'pending' to be retried. Raises LookupError for an unknown delivery id.
        """
        status = "failed" if give_up else "pending"
        await self._update_delivery(delivery_id, status=status, last_error=error)

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
        settings = {"kinds": kinds_list, "min_sources": min_sources}
        async with self._engine.begin() as conn:
            changed = await conn.execute(tables.subscriptions.update().where(key).values(**settings))
            if changed.rowcount == 0:
                new = {"platform": platform, "channel": channel, "conflict": conflict, "created": _now()}
                await conn.execute(tables.subscriptions.insert().values(**new, **settings))
            row = (await conn.execute(sa.select(tables.subscriptions).where(key))).mappings().one()
        return Subscription.model_validate(dict(row))

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


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()
