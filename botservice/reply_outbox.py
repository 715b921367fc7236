"""Replies the channel could not take for a moment wait here and are sent again.

When the Teams connector answers 5xx or 429, or cannot be reached, the turn does not fail: its
remaining replies are stored, in order, with the conversation's reference, and the turn ends as
usual (its state saved, the activity answered 200). A worker in every Koers process sends them
again, waiting 2 s, 4 s, 8 s, … up to 5 minutes between tries, and deletes each once the
channel took it. A reply still not delivered after a day is dropped, with a log line: by then
it answers a question nobody is waiting for. A row is claimed with a short lease, so two workers
never send the same reply.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from botbuilder.schema import Activity, ConversationReference
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from server.clock import or_now
from server.logs import conversation_hash
from storage import leases
from storage.engine import utc, writing
from storage.leases import claim_due
from storage.tables import reply_outbox

log = logging.getLogger("koers.replies")

FIRST_RETRY = timedelta(seconds=2)
LAST_RETRY = timedelta(minutes=5)
LEASE = timedelta(minutes=1)
GIVE_UP_AFTER = timedelta(days=1)


Send = Callable[[ConversationReference, list[Activity]], Awaitable[None]]


def backoff(attempts: int) -> timedelta:
    return leases.backoff(attempts, FIRST_RETRY, LAST_RETRY)


@dataclass(frozen=True)
class _Waiting:
    id: str
    conversation_id: str
    reference: str
    activity: str
    created_at: datetime
    attempts: int


class ReplyOutbox:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] | None = None) -> None:
        self._engine = engine
        self._clock = or_now(clock)

    async def keep(self, reference: ConversationReference, activities: list[Activity]) -> None:
        """Store ``activities`` (in this order) to be sent to ``reference`` later."""
        now = self._clock()
        serialised_reference = json.dumps(reference.serialize())
        async with writing(self._engine) as connection:
            await connection.execute(
                reply_outbox.insert(),
                [
                    {
                        "id": str(uuid.uuid4()),
                        "conversation_id": reference.conversation.id,
                        "position": position,
                        "reference": serialised_reference,
                        "activity": json.dumps(activity.serialize()),
                        "created_at": now,
                        "attempts": 0,
                        "next_attempt_at": now + FIRST_RETRY,
                    }
                    for position, activity in enumerate(activities)
                ],
            )

    async def run_once(self, send: Send) -> int:
        """Send what is due, each conversation's replies in order; how many went out."""
        sent = 0
        by_conversation: dict[str, list[_Waiting]] = {}
        for row in await self._claim():
            by_conversation.setdefault(row.conversation_id, []).append(row)
        for rows in by_conversation.values():
            for index, row in enumerate(rows):
                if not await self._send_one(row, send):
                    await self._postpone(rows[index:])  # the rest waits behind it, in order
                    break
                sent += 1
        return sent

    async def _claim(self) -> list[_Waiting]:
        now = self._clock()
        due = (
            select(reply_outbox)
            .where(reply_outbox.c.next_attempt_at <= now)
            .order_by(reply_outbox.c.created_at, reply_outbox.c.position)
            .limit(50)
        )
        return [
            _Waiting(
                row.id,
                row.conversation_id,
                row.reference,
                row.activity,
                utc(row.created_at),
                row.attempts,
            )
            for row in await claim_due(self._engine, reply_outbox, due, now, LEASE)
        ]

    async def _send_one(self, row: _Waiting, send: Send) -> bool:
        reference = ConversationReference().deserialize(json.loads(row.reference))
        activity = Activity().deserialize(json.loads(row.activity))
        try:
            await send(reference, [activity])
        except Exception as error:
            log.warning(
                "reply could not be sent, will retry",
                extra={
                    "event": "reply_retry_failed",
                    "conversation": conversation_hash(row.conversation_id),
                    "attempts": row.attempts + 1,
                    "error_type": type(error).__name__,
                },
            )
            return False
        async with writing(self._engine) as connection:
            await connection.execute(delete(reply_outbox).where(reply_outbox.c.id == row.id))
        log.info(
            "waiting reply sent",
            extra={
                "event": "reply_sent_later",
                "conversation": conversation_hash(row.conversation_id),
            },
        )
        return True

    async def _postpone(self, rows: list[_Waiting]) -> None:
        now = self._clock()
        async with writing(self._engine) as connection:
            for row in rows:
                if now - row.created_at > GIVE_UP_AFTER:
                    await connection.execute(
                        delete(reply_outbox).where(reply_outbox.c.id == row.id)
                    )
                    log.error(
                        "reply dropped after a day of tries",
                        extra={
                            "event": "reply_dropped",
                            "conversation": conversation_hash(row.conversation_id),
                        },
                    )
                    continue
                attempts = row.attempts + 1
                await connection.execute(
                    update(reply_outbox)
                    .where(reply_outbox.c.id == row.id)
                    .values(attempts=attempts, next_attempt_at=now + backoff(attempts))
                )
