"""The initial schema: articles, conflict states, alerts, deliveries and subscriptions.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Hand-written and frozen: later changes go in new, higher-numbered revisions, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conflict", sa.String(100), nullable=True),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=True),
        sa.Column("outlet", sa.String(200), nullable=True),
        _when("published"),
        _when("first_seen"),
        sa.Column("facts", sa.JSON, nullable=True),
        sa.UniqueConstraint("url", name="uq_articles_url"),
        sa.UniqueConstraint("text_hash", name="uq_articles_text_hash"),
    )
    op.create_index("ix_articles_conflict", "articles", ["conflict"])

    op.create_table(
        "conflict_states",
        sa.Column("conflict", sa.String(100), primary_key=True),
        sa.Column("state", sa.JSON, nullable=False),
        _when("updated"),
    )

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("conflict", sa.String(100), nullable=False),
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
        _when("created"),
    )
    op.create_index("ix_alerts_conflict", "alerts", ["conflict"])

    op.create_table(
        "deliveries",
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
        _when("created"),
        _when("sent_at", nullable=True),
        sa.UniqueConstraint("alert_id", "destination", name="uq_deliveries_alert_destination"),
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed')", name="ck_deliveries_status"),
    )
    op.create_index("ix_deliveries_status", "deliveries", ["status"])

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("conflict", sa.String(100), nullable=False),
        sa.Column("kinds", sa.JSON, nullable=False),
        sa.Column("min_sources", sa.Integer, nullable=False, server_default="1"),
        _when("created"),
        sa.UniqueConstraint(
            "platform", "channel", "conflict", name="uq_subscriptions_platform_channel_conflict"
        ),
    )


def downgrade() -> None:
    op.drop_table("subscriptions")
    op.drop_index("ix_deliveries_status", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_alerts_conflict", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_articles_conflict", table_name="articles")
    op.drop_table("articles")
    op.drop_table("conflict_states")
