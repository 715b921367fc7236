"""Privacy: each intake knows its employee by a one-way key (to show, export or erase their
data), and when the employee withdrew it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from privacy.employee import Employee

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


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
        employee = Employee.from_reference(json.loads(reference))
        if employee is not None:
            connection.execute(
                intakes.update().where(intakes.c.id == intake_id).values(employee_key=employee.key)
            )


def downgrade() -> None:
    op.drop_index("ix_intakes_employee_key", "intakes")
    with op.batch_alter_table("intakes") as batch:
        batch.drop_column("withdrawn_at")
        batch.drop_column("employee_key")
