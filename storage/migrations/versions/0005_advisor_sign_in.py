"""Advisor sign-in: sessions and API tokens, both stored only as hashes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisor_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("advisor_id", sa.String(64), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_advisor_sessions_advisor_id", "advisor_sessions", ["advisor_id"])
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("advisor_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_api_tokens_advisor_id", "api_tokens", ["advisor_id"])


def downgrade() -> None:
    op.drop_index("ix_api_tokens_advisor_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_advisor_sessions_advisor_id", table_name="advisor_sessions")
    op.drop_table("advisor_sessions")
