"""Privacy: each intake knows its employee by a one-way key (to show, export or erase their
data), and when the employee withdrew it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _employee_key(reference: Any) -> str | None:
    """The employee key as privacy/employee.py made it when this migration was written: a copy,
    so that a later change there cannot change what this migration did."""
    if not isinstance(reference, dict):
        return None
    user, channel = reference.get("user"), reference.get("channelId")
    if not isinstance(user, dict) or not user.get("id") or not channel:
        return None
    return hashlib.sha256(f"{channel}\n{user['id']}".encode()).hexdigest()


def upgrade() -> None:
    op.add_column("intakes", sa.Column("employee_key", sa.String(64), nullable=True))
    op.add_column("intakes", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_intakes_employee_key", "intakes", ["employee_key"])
    intakes = sa.table(
        "intakes",
        sa.column("id", sa.String),
        sa.column("employee_reference", sa.Text),
        sa.column("employee_key", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(intakes.c.id, intakes.c.employee_reference).where(
            intakes.c.employee_reference.is_not(None)
        )
    )
    for intake_id, reference in list(rows):
        key = _employee_key(json.loads(reference))
        if key is not None:
            connection.execute(
                intakes.update().where(intakes.c.id == intake_id).values(employee_key=key)
            )


def downgrade() -> None:
    op.drop_index("ix_intakes_employee_key", "intakes")
    with op.batch_alter_table("intakes") as batch:
        batch.drop_column("withdrawn_at")
        batch.drop_column("employee_key")
