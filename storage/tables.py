"""The tables Koers owns. Alembic migrations (storage/migrations) create and change them."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, Text

metadata = MetaData()

# Bot state (conversation and user state, dialog stacks) as botbuilder's Storage sees it.
# The key is hashed for the primary key so that keys of any length and character work on
# every database; the key itself is kept beside it.
bot_state = Table(
    "bot_state",
    metadata,
    Column("key_hash", String(64), primary_key=True),
    Column("key", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("e_tag", String(64), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)

# Intakes the employee consented to send, one row each, with the intake JSON as it was approved.
intakes = Table(
    "intakes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("reference", String(16), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("schema_version", String(8), nullable=False),
    Column("status", String(16), nullable=False, server_default="new"),
    Column("data", Text, nullable=False),
)
