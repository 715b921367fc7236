"""The advisors' Teams channel and the id of each intake's card in it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams_channels",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("registered_by", sa.String(64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.add_column("intakes", sa.Column("teams_activity_id", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("intakes") as batch:
        batch.drop_column("teams_activity_id")
    op.drop_table("teams_channels")
