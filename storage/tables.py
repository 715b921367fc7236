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
