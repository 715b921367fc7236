"""Insight events and feedback comments: anonymous rows about how conversations went.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "insight_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("journey", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("value", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
    )
    op.create_index("ix_insight_events_at", "insight_events", ["at"])
    op.create_index("ix_insight_events_journey", "insight_events", ["journey"])
    op.create_table(
        "feedback_comments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("day", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_feedback_comments_day", "feedback_comments", ["day"])


def downgrade() -> None:
    op.drop_index("ix_feedback_comments_day", "feedback_comments")
    op.drop_table("feedback_comments")
    op.drop_index("ix_insight_events_journey", "insight_events")
    op.drop_index("ix_insight_events_at", "insight_events")
    op.drop_table("insight_events")
