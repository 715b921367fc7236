"""Web chat conversations and their activities in SQL: the one record every worker reads.

Each activity gets the next number of its conversation (its watermark) in the same transaction
that stores it, so numbers have no gaps and a reader that has seen number N has seen all before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import writing
from storage.tables import dl_activities, dl_conversations
from webchat.notifications import announce

# One reply to a poll or one stream frame carries at most this many activities.
PAGE_SIZE = 100


@dataclass(frozen=True)
class WebConversation:
    id: str
    user_id: str
    locale: str


@dataclass(frozen=True)
class LoggedActivity:
    watermark: int
    activity: dict[str, Any]


def timestamp(moment: datetime) -> str:
    """An activity's timestamp as Direct Line writes it (UTC, ISO 8601 with Z)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_watermark(raw: str) -> int:
    """A watermark as a client sends it back ("" for none); ValueError when it is not one."""
    if raw == "":
        return 0
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise ValueError("watermark must be a number")
    return int(raw)


def activity_id(conversation_id: str, watermark: int) -> str:
    """Direct Line's activity id shape: the conversation and the activity's number."""
    return f"{conversation_id}|{watermark:07d}"


class ActivityLog:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def open(self, conversation: WebConversation, now: datetime) -> bool:
        """Create the conversation; False when it already existed (then nothing changes)."""
        try:
            async with writing(self._engine) as connection:
                await connection.execute(
                    insert(dl_conversations).values(
                        id=conversation.id,
                        user_id=conversation.user_id,
                        locale=conversation.locale,
                        last_seq=0,
                        created_at=now,
                        last_activity_at=now,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def conversation(self, conversation_id: str) -> WebConversation | None:
        query = select(
            dl_conversations.c.id, dl_conversations.c.user_id, dl_conversations.c.locale
        ).where(dl_conversations.c.id == conversation_id)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return None if row is None else WebConversation(row.id, row.user_id, row.locale)

    async def append(
        self,
        conversation_id: str,
        activities: list[dict[str, Any]],
        *,
        from_user: bool,
        now: datetime,
    ) -> list[str]:
        """Store ``activities`` as the conversation's next ones, with their ids, in one
        transaction; returns the ids. A conversation the employee just erased takes nothing
        more: the activities are dropped and their ids are empty."""
        async with writing(self._engine) as connection:
            # The row lock of this update orders concurrent writers on PostgreSQL; SQLite has
            # one writer at a time anyway.
            last = (
                await connection.execute(
                    update(dl_conversations)
                    .where(dl_conversations.c.id == conversation_id)
                    .values(
                        last_seq=dl_conversations.c.last_seq + len(activities),
                        last_activity_at=now,
                    )
                    .returning(dl_conversations.c.last_seq)
                )
            ).scalar_one_or_none()
            if last is None:
                return [""] * len(activities)
            first = last - len(activities) + 1
            rows = [
                {
                    "conversation_id": conversation_id,
                    "seq": watermark,
                    "from_user": from_user,
                    "created_at": now,
                    "data": json.dumps(
                        {**activity, "id": activity_id(conversation_id, watermark)},
                        ensure_ascii=False,
                    ),
                }
                for watermark, activity in enumerate(activities, start=first)
            ]
            await connection.execute(insert(dl_activities), rows)
            await announce(connection, conversation_id)
        return [activity_id(conversation_id, watermark) for watermark in range(first, last + 1)]

    async def after(self, conversation_id: str, watermark: int) -> list[LoggedActivity] | None:
        """The activities after ``watermark`` (oldest first, at most one page); None when the
        conversation does not exist (any more: the employee may have erased it). One query:
        a stream asks this at every wake and every re-read."""
        newer = and_(
            dl_activities.c.conversation_id == dl_conversations.c.id,
            dl_activities.c.seq > watermark,
        )
        query = (
            select(dl_activities.c.seq, dl_activities.c.data)
            .select_from(dl_conversations.outerjoin(dl_activities, newer))
            .where(dl_conversations.c.id == conversation_id)
            .order_by(dl_activities.c.seq)
            .limit(PAGE_SIZE)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        if not rows:
            return None
        return [
            LoggedActivity(row.seq, json.loads(row.data)) for row in rows if row.seq is not None
        ]

    async def rewrite_answered(
        self, conversation_id: str, rewrite: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> int:
        """Rewrites what Koers sent since the employee's previous message, now that the
        employee has answered it (their latest message is stored already). Returns how many
        activities changed. Two small reads (the last two messages' numbers, then the few
        activities between them); a write transaction only when one of them changes, which
        most turns do not."""
        latest = (
            select(dl_activities.c.seq)
            .where(dl_activities.c.conversation_id == conversation_id)
            .where(dl_activities.c.from_user.is_(True))
            .order_by(dl_activities.c.seq.desc())
            .limit(2)
        )
        async with self._engine.connect() as connection:
            seqs = list((await connection.execute(latest)).scalars())
            if not seqs:
                return 0
            answered = (
                select(dl_activities.c.seq, dl_activities.c.data)
                .where(dl_activities.c.conversation_id == conversation_id)
                .where(dl_activities.c.from_user.is_(False))
                .where(dl_activities.c.seq < seqs[0])
                .where(dl_activities.c.seq > (seqs[1] if len(seqs) > 1 else 0))
            )
            rows = (await connection.execute(answered)).all()
        changed = []
        for row in rows:
            before = json.loads(row.data)
            after = rewrite(before)
            if after != before:
                changed.append((row.seq, json.dumps(after, ensure_ascii=False)))
        if changed:
            async with writing(self._engine) as connection:
                for seq, data in changed:
                    await connection.execute(
                        update(dl_activities)
                        .where(dl_activities.c.conversation_id == conversation_id)
                        .where(dl_activities.c.seq == seq)
                        .values(data=data)
                    )
        return len(changed)

    async def user_messages_since(self, conversation_id: str, since: datetime) -> int:
        query = (
            select(func.count())
            .select_from(dl_activities)
            .where(dl_activities.c.conversation_id == conversation_id)
            .where(dl_activities.c.from_user.is_(True))
            .where(dl_activities.c.created_at >= since)
        )
        async with self._engine.connect() as connection:
            return int((await connection.execute(query)).scalar_one())
