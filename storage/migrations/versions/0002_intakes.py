"""Intakes: what an employee consented to send to the career centre.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intakes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("schema_version", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("data", sa.Text(), nullable=False),
    )
    op.create_index("ix_intakes_created_at", "intakes", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_intakes_created_at", table_name="intakes")
    op.drop_table("intakes")
