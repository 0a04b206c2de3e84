"""Feed entries keep their identity; feeds keep when they may next be polled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

- articles.entry_key: a feed entry's identity (GUID within its feed, else canonical URL, else a hash of its
  title and text), unique, so a re-dated entry is recognised and an edited one replaces its old version;
- feeds.next_poll: not before this (backoff after errors, Retry-After, the server's minimum interval);
- feeds.min_interval: the least seconds between polls the server asked for (Cache-Control max-age, `<ttl>`).

Hand-written and frozen: later changes go in new, higher-numbered revisions, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("entry_key", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_articles_entry_key", ["entry_key"])
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("next_poll", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("min_interval", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.drop_column("min_interval")
        batch.drop_column("next_poll")
    with op.batch_alter_table("articles") as batch:
        batch.drop_constraint("uq_articles_entry_key", type_="unique")
        batch.drop_column("entry_key")
