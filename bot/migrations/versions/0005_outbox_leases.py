"""The outbox works with several instances: deliveries are claimed and retried with backoff; sources are
leased; instances announce themselves.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

- deliveries.next_attempt: not before this (backoff after a failure); claimed_by, claimed_until: the
  instance sending it, until when (a dead instance's claims expire); uncertain: claimed again after a
  claim that ended neither sent nor failed (its sender died mid-send: the post may exist);
- source_leases: one row per source; an instance polls a source only while it holds its lease, and only
  when it is due;
- instances: every running instance and when it was last seen alive.

Hand-written and frozen: later changes go in new, higher-numbered revisions, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(_when("next_attempt"))
        batch.add_column(sa.Column("claimed_by", sa.String(100), nullable=True))
        batch.add_column(_when("claimed_until"))
        batch.add_column(sa.Column("uncertain", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "source_leases",
        sa.Column("source", sa.String(2000), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=True),
        _when("until"),
        _when("next_due"),
    )
    op.create_table(
        "instances",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("host", sa.String(200), nullable=False),
        _when("started", nullable=False),
        _when("seen", nullable=False),
    )


def downgrade() -> None:
    op.drop_table("instances")
    op.drop_table("source_leases")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("uncertain")
        batch.drop_column("claimed_until")
        batch.drop_column("claimed_by")
        batch.drop_column("next_attempt")
