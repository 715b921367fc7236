"""Reply outbox: a reply the channel could not take (5xx, timeout) waits here and is sent again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reply_outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("conversation_id", sa.String(512), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(200), nullable=True),
    )
    op.create_index("ix_reply_outbox_next_attempt_at", "reply_outbox", ["next_attempt_at"])
    op.create_index("ix_reply_outbox_conversation_id", "reply_outbox", ["conversation_id"])


def downgrade() -> None:
    op.drop_index("ix_reply_outbox_conversation_id", "reply_outbox")
    op.drop_index("ix_reply_outbox_next_attempt_at", "reply_outbox")
    op.drop_table("reply_outbox")
