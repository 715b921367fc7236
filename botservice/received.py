"""Channels deliver again when they are not sure an activity arrived (a timeout, a 5xx); Koers
answers each activity once.

The check runs while the turn holds its conversation's lock (storage/conversation_locks.py), so a
second delivery waits for the first to finish. Before the turn, the activity is noted (channel,
conversation and activity id, hashed) as "in progress"; when the turn is done it is marked done.
The same activity again:
- done already: answered 200 and not processed a second time;
- still "in progress" although nobody holds the lock: the worker that had it died mid-turn
  (killed, or its database went away), so this delivery takes it over.
A turn that fails forgets its note, so the channel's retry is processed as if it were new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from enum import Enum

from botbuilder.schema import Activity
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import writing
from storage.tables import received_activities


class Arrival(Enum):
    NEW = "new"
    DONE_BEFORE = "done_before"


def received_key(activity: Activity) -> str | None:
    """The activity's identity across deliveries; None when the channel gave it no id."""
    if not activity.id or not activity.conversation or not activity.conversation.id:
        return None
    raw = f"{activity.channel_id}\n{activity.conversation.id}\n{activity.id}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ReceivedActivities:
    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self._clock = clock

    async def arrive(self, key: str) -> Arrival:
        """Note that the activity arrived; whether to process it. Call it holding the
        conversation's lock."""
        now = self._clock()
        try:
            async with writing(self._engine) as connection:
                await connection.execute(
                    received_activities.insert().values(key=key, received_at=now, done=False)
                )
            return Arrival.NEW
        except IntegrityError:
            pass
        async with writing(self._engine) as connection:
            row = (
                await connection.execute(
                    select(received_activities.c.done).where(received_activities.c.key == key)
                )
            ).first()
            if row is None:  # its turn failed just now and forgot it: this one is new
                await connection.execute(
                    received_activities.insert().values(key=key, received_at=now, done=False)
                )
                return Arrival.NEW
            if row.done:
                return Arrival.DONE_BEFORE
            await connection.execute(
                update(received_activities)
                .where(received_activities.c.key == key)
                .values(received_at=now)
            )
            return Arrival.NEW

    async def done(self, key: str) -> None:
        async with writing(self._engine) as connection:
            await connection.execute(
                update(received_activities)
                .where(received_activities.c.key == key)
                .values(done=True)
            )

    async def failed(self, key: str) -> None:
        """Forget the activity, so that the channel's retry is processed."""
        async with writing(self._engine) as connection:
            await connection.execute(
                delete(received_activities).where(received_activities.c.key == key)
            )
