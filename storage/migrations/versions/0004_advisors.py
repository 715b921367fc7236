"""Advisors, the intake's way through the centre (proposal, assignee, status), notes, the
delivery outbox and the audit trail.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_INTAKE_COLUMNS: list[tuple[str, sa.types.TypeEngine[Any]]] = [
    ("theme", sa.String(32)),
    ("urgency", sa.String(16)),
    ("language", sa.String(8)),
    ("proposed_advisor", sa.String(64)),
    ("proposal_reason", sa.String(200)),
    ("assignee", sa.String(64)),
    ("closing_reason", sa.String(200)),
    ("updated_at", sa.DateTime(timezone=True)),
    ("claimed_at", sa.DateTime(timezone=True)),
    ("closed_at", sa.DateTime(timezone=True)),
    ("employee_reference", sa.Text()),
]


def upgrade() -> None:
    for name, kind in _INTAKE_COLUMNS:
        op.add_column("intakes", sa.Column(name, kind, nullable=True))
    op.create_index("ix_intakes_assignee", "intakes", ["assignee"])
    op.create_table(
        "advisors",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("teams_id", sa.String(200), nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("weekly_capacity", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "intake_notes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("intake_id", sa.String(36), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_intake_notes_intake_id", "intake_notes", ["intake_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("intake_id", sa.String(36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
    )
    op.create_index("ix_outbox_intake_id", "outbox", ["intake_id"])
    op.create_index("ix_outbox_next_attempt_at", "outbox", ["next_attempt_at"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("intake_id", sa.String(36), nullable=True),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_intake_id", "audit", ["intake_id"])


def downgrade() -> None:
    for index, table in [
        ("ix_audit_intake_id", "audit"),
        ("ix_audit_at", "audit"),
        ("ix_outbox_next_attempt_at", "outbox"),
        ("ix_outbox_intake_id", "outbox"),
        ("ix_intake_notes_intake_id", "intake_notes"),
    ]:
        op.drop_index(index, table_name=table)
    for table in ("audit", "outbox", "intake_notes", "advisors"):
        op.drop_table(table)
    op.drop_index("ix_intakes_assignee", table_name="intakes")
    with op.batch_alter_table("intakes") as batch:
        for name, _kind in reversed(_INTAKE_COLUMNS):
            batch.drop_column(name)
