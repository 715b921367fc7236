"""What both outboxes (deliveries to advisors, replies to channels) do the same way: claim the
rows that are due with a lease, so two workers never take the same one, and wait longer after
each failed try."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Row, Select, Table, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import writing


def backoff(attempts: int, first: timedelta, last: timedelta) -> timedelta:
    """``first``, twice that, four times, … after each failed try, never more than ``last``."""
    wait: timedelta = first * (2 ** max(attempts - 1, 0))
    return min(wait, last)


async def claim_due(
    engine: AsyncEngine,
    table: Table,
    due: Select[tuple[object, ...]],
    now: datetime,
    lease: timedelta,
) -> Sequence[Row[tuple[object, ...]]]:
    """The rows of ``due`` (which selects ``id`` and ``next_attempt_at`` among others) that
    this worker now holds: each one's next attempt is moved ``lease`` ahead, on the condition
    that nobody moved it first."""
    claimed = []
    async with writing(engine) as connection:
        for row in (await connection.execute(due)).all():
            taken = await connection.execute(
                update(table)
                .where(table.c.id == row.id)
                .where(table.c.next_attempt_at == row.next_attempt_at)
                .values(next_attempt_at=now + lease)
            )
            if taken.rowcount == 1:
                claimed.append(row)
    return claimed
