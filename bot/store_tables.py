"""The store's tables as SQLAlchemy Core objects: what `bot.store` queries.

The schema itself is created and changed only by the Alembic migrations in `bot/migrations/versions`;
these definitions must describe the schema the newest migration leaves behind. Every type is portable
(SQLite and PostgreSQL run the same migrations).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored as UTC.

    Naive values are taken to be UTC. SQLite keeps no offset, so values read back without one get UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conflict", sa.String(100), nullable=True, index=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("path", sa.Text, nullable=True),
    sa.Column("outlet", sa.String(200), nullable=True),
    sa.Column("published", UTCDateTime, nullable=False),
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("facts", sa.JSON, nullable=True),
    sa.UniqueConstraint("url", name="uq_articles_url"),
    sa.UniqueConstraint("text_hash", name="uq_articles_text_hash"),
)

conflict_states = sa.Table(
    "conflict_states",
    metadata,
    sa.Column("conflict", sa.String(100), primary_key=True),
    sa.Column("state", sa.JSON, nullable=False),
    sa.Column("updated", UTCDateTime, nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conflict", sa.String(100), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("facts", sa.JSON, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", name="fk_alerts_article_id", ondelete="SET NULL"),
        nullable=True,
    ),
    sa.Column("created", UTCDateTime, nullable=False),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "alert_id",
        sa.Integer,
        sa.ForeignKey("alerts.id", name="fk_deliveries_alert_id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("destination", sa.String(200), nullable=False),
    sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("message_id", sa.String(200), nullable=True),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("alert_id", "destination", name="uq_deliveries_alert_destination"),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="ck_deliveries_status"),
    sa.Index("ix_deliveries_status", "status"),
)

subscriptions = sa.Table(
    "subscriptions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("platform", sa.String(20), nullable=False),
    sa.Column("channel", sa.String(200), nullable=False),
    sa.Column("conflict", sa.String(100), nullable=False),
    sa.Column("kinds", sa.JSON, nullable=False),
    sa.Column("min_sources", sa.Integer, nullable=False, server_default="1"),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.UniqueConstraint("platform", "channel", "conflict", name="uq_subscriptions_platform_channel_conflict"),
)
