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
    sa.Column("facts", sa.JSON(none_as_null=True), nullable=True),  # None: not read (SQL NULL)
    sa.Column("signature", sa.LargeBinary, nullable=True),  # MinHash of the text (bot.dedup)
    sa.Column("duplicate_of", sa.Integer, nullable=True),  # the article a near-duplicate copies
    sa.Column("entry_key", sa.String(64), nullable=True),  # a feed entry's identity (bot.sources.feed)
    sa.UniqueConstraint("url", name="uq_articles_url"),
    sa.UniqueConstraint("entry_key", name="uq_articles_entry_key"),
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
    sa.Column("lines", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("revision", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("outlets", sa.Integer, nullable=False, server_default="1"),
)

# The facts each alert announced (`Alert.keys`): later articles confirming them are counted against it.
alert_keys = sa.Table(
    "alert_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "alert_id",
        sa.Integer,
        sa.ForeignKey("alerts.id", name="fk_alert_keys_alert_id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("conflict", sa.String(100), nullable=False),
    sa.Column("key", sa.String(300), nullable=False),
    sa.Index("ix_alert_keys_lookup", "conflict", "key"),
)

# Locality-sensitive hashing bands of each article's MinHash: articles sharing a band are candidates.
article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("band", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column(
        "article_id",
        sa.Integer,
        sa.ForeignKey("articles.id", name="fk_article_bands_article_id", ondelete="CASCADE"),
        primary_key=True,
    ),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "alert_id",
        sa.Integer,
        sa.ForeignKey("alerts.id", name="fk_deliveries_alert_id", ondelete="CASCADE"),
        nullable=True,  # None for a message that is not an alert (its `payload`)
    ),
    sa.Column("destination", sa.String(200), nullable=False),
    sa.Column("action", sa.String(10), nullable=False, server_default="post"),  # post, or edit a post
    sa.Column("payload", sa.JSON, nullable=True),  # a bot.message.Message that is not an alert
    sa.Column("status", sa.String(10), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("message_id", sa.String(200), nullable=True),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.Column("next_attempt", UTCDateTime, nullable=True),  # not before this: backoff after a failure
    sa.Column("claimed_by", sa.String(100), nullable=True),  # the instance sending it
    sa.Column("claimed_until", UTCDateTime, nullable=True),  # its claim expires then (a dead instance's too)
    # Claimed again after a claim that ended neither sent nor failed: its sender died mid-send.
    sa.Column("uncertain", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("alert_id", "destination", "action", name="uq_deliveries_alert_destination_action"),
    sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="ck_deliveries_status"),
    sa.CheckConstraint("action IN ('post', 'edit')", name="ck_deliveries_action"),
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
    # Set when the platform refused the channel for good (gone, archived, no access); subscribing again clears it.
    sa.Column("paused_reason", sa.Text, nullable=True),
    sa.Column("paused_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("platform", "channel", "conflict", name="uq_subscriptions_platform_channel_conflict"),
)

# Every followed feed: when it was first polled (the items it held then are a backlog) and its HTTP state.
feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("url", sa.String(2000), primary_key=True),
    sa.Column("first_polled", UTCDateTime, nullable=False),
    sa.Column("last_polled", UTCDateTime, nullable=True),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("disabled_reason", sa.Text, nullable=True),
    sa.Column("next_poll", UTCDateTime, nullable=True),  # not before: backoff, Retry-After, min_interval
    sa.Column("min_interval", sa.Float, nullable=True),  # seconds the server asks between polls
)

# One row per configured source: an instance polls a source only while it holds the lease, and when due.
source_leases = sa.Table(
    "source_leases",
    metadata,
    sa.Column("source", sa.String(2000), primary_key=True),
    sa.Column("holder", sa.String(100), nullable=True),
    sa.Column("until", UTCDateTime, nullable=True),
    sa.Column("next_due", UTCDateTime, nullable=True),
)

# Every running instance, and when it was last seen alive.
instances = sa.Table(
    "instances",
    metadata,
    sa.Column("id", sa.String(100), primary_key=True),
    sa.Column("host", sa.String(200), nullable=False),
    sa.Column("started", UTCDateTime, nullable=False),
    sa.Column("seen", UTCDateTime, nullable=False),
)
