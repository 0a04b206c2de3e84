"""Corroboration, near-duplicates, neutral messages and followed feeds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

- alerts: their detail `lines`, whether they are a `revision`, how many `outlets` confirmed them;
- alert_keys: the facts each alert announced, to count later articles confirming them;
- articles: a MinHash `signature` and the article a near-duplicate copies (`duplicate_of`);
- article_bands: the signature's LSH bands, to find near-duplicates with one indexed lookup;
- deliveries: an `action` (post, or edit of a posted message) and a `payload` for messages that are not
  alerts (a status reply, a baseline summary); `alert_id` becomes optional;
- feeds: every followed feed, when it was first polled (its first items are a backlog) and its HTTP state.

Hand-written and frozen: later changes go in new, higher-numbered revisions, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("lines", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("revision", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("outlets", sa.Integer, nullable=False, server_default="1"))

    op.create_table(
        "alert_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "alert_id",
            sa.Integer,
            sa.ForeignKey("alerts.id", name="fk_alert_keys_alert_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("conflict", sa.String(100), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
    )
    op.create_index("ix_alert_keys_lookup", "alert_keys", ["conflict", "key"])

    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("signature", sa.LargeBinary, nullable=True))
        batch.add_column(sa.Column("duplicate_of", sa.Integer, nullable=True))

    op.create_table(
        "article_bands",
        sa.Column("band", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", name="fk_article_bands_article_id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )

    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("alert_id", existing_type=sa.Integer, nullable=True)
        batch.add_column(sa.Column("action", sa.String(10), nullable=False, server_default="post"))
        batch.add_column(sa.Column("payload", sa.JSON, nullable=True))
        batch.drop_constraint("uq_deliveries_alert_destination", type_="unique")
        batch.create_unique_constraint(
            "uq_deliveries_alert_destination_action", ["alert_id", "destination", "action"]
        )
        batch.create_check_constraint("ck_deliveries_action", "action IN ('post', 'edit')")

    op.create_table(
        "feeds",
        sa.Column("url", sa.String(2000), primary_key=True),
        _when("first_polled"),
        _when("last_polled", nullable=True),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("disabled_reason", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("feeds")
    op.execute("DELETE FROM deliveries WHERE alert_id IS NULL OR action <> 'post'")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint("ck_deliveries_action", type_="check")
        batch.drop_constraint("uq_deliveries_alert_destination_action", type_="unique")
        batch.create_unique_constraint("uq_deliveries_alert_destination", ["alert_id", "destination"])
        batch.drop_column("payload")
        batch.drop_column("action")
        batch.alter_column("alert_id", existing_type=sa.Integer, nullable=False)
    op.drop_table("article_bands")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("duplicate_of")
        batch.drop_column("signature")
    op.drop_index("ix_alert_keys_lookup", table_name="alert_keys")
    op.drop_table("alert_keys")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_column("outlets")
        batch.drop_column("revision")
        batch.drop_column("lines")
