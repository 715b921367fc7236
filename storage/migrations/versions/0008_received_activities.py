"""Received activities: a channel that delivers the same activity twice gets one answer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "received_activities",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_received_activities_received_at", "received_activities", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_received_activities_received_at", "received_activities")
    op.drop_table("received_activities")
