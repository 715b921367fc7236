"""The tables Koers owns. Alembic migrations (storage/migrations) create and change them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text

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

# Web chat conversations that Koers' own Direct Line serves: whose they are, their language, and
# the watermark of the newest activity (``last_seq``), so activities are numbered without gaps.
dl_conversations = Table(
    "dl_conversations",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", String(64), nullable=False),
    Column("locale", String(16), nullable=False),
    Column("last_seq", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_activity_at", DateTime(timezone=True), nullable=False, index=True),
)

# Every activity of a web chat conversation, in order: what the page shows after a reload, what a
# reconnecting stream replays from its watermark, and what a second worker reads.
dl_activities = Table(
    "dl_activities",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("from_user", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("data", Text, nullable=False),
)

# Secrets Koers makes itself when the operator gave none (the web chat token key), shared by
# every worker through the database.
app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(128), nullable=False),
)
