"""Subscriptions can be paused: a channel the platform refuses (gone, archived, no access) stops receiving.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Hand-written and frozen: later changes go in new, higher-numbered revisions, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.add_column(sa.Column("paused_reason", sa.Text, nullable=True))
        batch.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("paused_at")
        batch.drop_column("paused_reason")
