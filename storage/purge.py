"""The retention periods, carried out: what is older than its period is deleted for good.

Runs inside the app (daily by default, ``PURGE_INTERVAL_HOURS``) and by hand or from cron:

    python app.py purge            # delete, print what was deleted per table
    python app.py purge --dry-run  # only count

What goes, with its period from ``Retention``:
- conversations (bot state, web chat conversations and their messages) ``conversation_days``
  after their last activity;
- intakes ``closed_intake_days`` after they were closed or withdrawn, with their notes and
  deliveries;
- audit lines after ``audit_days``; delivered outbox rows and expired sign-in sessions after
  ``conversation_days`` (they say nothing about an employee, but nothing needs them either);
  the ids of received activities after a day (channels retry within minutes), and replies
  still waiting for a channel after two days (the reply outbox itself gives up after one);
- comments left for the insights after ``closed_intake_days``. The anonymous insight events
  stay: they hold nothing about a person.
Open intakes stay until an advisor closes them.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import Delete, and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from privacy.retention import Retention
from storage.engine import writing
from storage.tables import (
    advisor_sessions,
    audit,
    bot_state,
    dl_activities,
    dl_conversations,
    feedback_comments,
    intake_notes,
    intakes,
    outbox,
    received_activities,
    reply_outbox,
)

log = logging.getLogger("koers.purge")
FINISHED = ("closed", "withdrawn")
# Channels retry within minutes; a day of received activity ids is plenty to answer once.
RECEIVED_KEPT = timedelta(days=1)
REPLIES_KEPT = timedelta(days=2)


async def _count_or_delete(connection: AsyncConnection, statement: Delete, dry_run: bool) -> int:
    if dry_run:
        table = statement.table
        where = statement.whereclause
        query = select(table).where(where) if where is not None else select(table)
        return len((await connection.execute(query)).all())
    return int((await connection.execute(statement)).rowcount or 0)


async def purge(
    engine: AsyncEngine, now: datetime, retention: Retention, *, dry_run: bool = False
) -> dict[str, int]:
    """Delete (or with ``dry_run`` only count) what is past its period; rows per table."""
    conversations_before = now - timedelta(days=retention.conversation_days)
    intakes_before = now - timedelta(days=retention.closed_intake_days)
    audit_before = now - timedelta(days=retention.audit_days)
    old_conversations = select(dl_conversations.c.id).where(
        dl_conversations.c.last_activity_at < conversations_before
    )
    old_intakes = select(intakes.c.id).where(
        intakes.c.status.in_(FINISHED),
        or_(
            and_(intakes.c.withdrawn_at.is_not(None), intakes.c.withdrawn_at < intakes_before),
            and_(intakes.c.withdrawn_at.is_(None), intakes.c.closed_at < intakes_before),
        ),
    )
    statements: list[tuple[str, Delete]] = [
        ("bot_state", delete(bot_state).where(bot_state.c.updated_at < conversations_before)),
        (
            "dl_activities",
            delete(dl_activities).where(dl_activities.c.conversation_id.in_(old_conversations)),
        ),
        (
            "dl_conversations",
            delete(dl_conversations).where(
                dl_conversations.c.last_activity_at < conversations_before
            ),
        ),
        ("intake_notes", delete(intake_notes).where(intake_notes.c.intake_id.in_(old_intakes))),
        ("outbox", delete(outbox).where(outbox.c.intake_id.in_(old_intakes))),
        ("intakes", delete(intakes).where(intakes.c.id.in_(old_intakes))),
        ("audit", delete(audit).where(audit.c.at < audit_before)),
        (
            "outbox_delivered",
            delete(outbox).where(
                outbox.c.delivered_at.is_not(None), outbox.c.delivered_at < conversations_before
            ),
        ),
        ("advisor_sessions", delete(advisor_sessions).where(advisor_sessions.c.expires_at < now)),
        (
            "reply_outbox",
            delete(reply_outbox).where(reply_outbox.c.created_at < now - REPLIES_KEPT),
        ),
        (
            "feedback_comments",
            delete(feedback_comments).where(feedback_comments.c.day < intakes_before),
        ),
        (
            "received_activities",
            delete(received_activities).where(
                received_activities.c.received_at < now - RECEIVED_KEPT
            ),
        ),
    ]
    counts: dict[str, int] = {}
    async with writing(engine) as connection:
        for name, statement in statements:
            counts[name] = await _count_or_delete(connection, statement, dry_run)
        if dry_run:
            await connection.rollback()
    log.info(
        "purge finished",
        extra={"event": "purge_dry_run" if dry_run else "purged", "status": json.dumps(counts)},
    )
    return counts
