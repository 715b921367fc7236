"""The tables Koers owns. Alembic migrations (storage/migrations) create and change them."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, false

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
    # Copied from the intake for the advisors' queue and its filters.
    Column("theme", String(32), nullable=True),
    Column("urgency", String(16), nullable=True),
    Column("language", String(8), nullable=True),
    # Who Koers proposed and why; who has it now; how it ended.
    Column("proposed_advisor", String(64), nullable=True),
    Column("proposal_reason", String(200), nullable=True),
    Column("assignee", String(64), nullable=True, index=True),
    Column("closing_reason", String(200), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=True),
    Column("claimed_at", DateTime(timezone=True), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    # Where to tell the employee that an advisor took their intake (the conversation reference).
    Column("employee_reference", Text, nullable=True),
    # The intake's card in the advisors' Teams channel, to update it when someone claims it.
    Column("teams_activity_id", String(200), nullable=True),
    # The employee's one-way key (privacy.employee), to find their intakes on request; and when
    # they withdrew a handled intake (its content is gone then, the row stays for the advisor).
    Column("employee_key", String(64), nullable=True, index=True),
    Column("withdrawn_at", DateTime(timezone=True), nullable=True),
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

# The career centre's advisors and coordinators (seeded from content/advisors.yml).
advisors = Table(
    "advisors",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False, unique=True),
    Column("teams_id", String(200), nullable=True),
    Column("role", String(16), nullable=False),
    Column("themes", Text, nullable=False),
    Column("languages", Text, nullable=False),
    Column("weekly_capacity", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("password_hash", String(200), nullable=True),
    Column("failed_sign_ins", Integer, nullable=False, server_default="0"),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)

# Notes advisors keep on an intake; only advisors read them.
intake_notes = Table(
    "intake_notes",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("intake_id", String(36), nullable=False, index=True),
    Column("author", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
)

# Deliveries still to make (a card in Teams, a mail), tried again with backoff until they work.
outbox = Table(
    "outbox",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("intake_id", String(36), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(200), nullable=True),
)

# Who read or changed which intake, and when.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("intake_id", String(36), nullable=True, index=True),
    Column("detail", String(200), nullable=False, server_default=""),
)

# Signed-in advisors: the session id is only stored hashed, with its CSRF token and expiry.
advisor_sessions = Table(
    "advisor_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("advisor_id", String(64), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# Bearer tokens for the advisors' JSON API (tools, scripts), only stored hashed.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("advisor_id", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The advisors' Teams channel(s) a coordinator registered; the newest one gets the cards.
teams_channels = Table(
    "teams_channels",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("reference", Text, nullable=False),
    Column("registered_by", String(64), nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)

# Activities a channel delivered to /api/messages, by a hash of channel, conversation and
# activity id: a retried delivery is answered once. ``done`` is false while the turn runs.
received_activities = Table(
    "received_activities",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("done", Boolean, nullable=False, server_default=false()),
)

# Replies a channel could not take for a moment (botservice/reply_outbox.py); a row is deleted
# once sent. ``position`` keeps a turn's replies in their order.
reply_outbox = Table(
    "reply_outbox",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("conversation_id", String(512), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("reference", Text, nullable=False),
    Column("activity", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("last_error", String(200), nullable=True),
)

# Anonymous events for the career centre's insights (insights/): no user id, no conversation id,
# no typed word. ``journey`` is a random id for one pass through the conversation, kept in the
# conversation's state only, so that its events can be counted together.
insight_events = Table(
    "insight_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("journey", String(32), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("value", String(64), nullable=True),
    Column("channel", String(16), nullable=False),
    Column("language", String(8), nullable=False),
)

# Comments employees agreed to leave at the end of a conversation: redacted, with the day only,
# linked to nothing.
feedback_comments = Table(
    "feedback_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("day", DateTime(timezone=True), nullable=False, index=True),
    Column("text", Text, nullable=False),
)
