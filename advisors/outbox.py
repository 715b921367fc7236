"""Runs the deliveries in the outbox table until each has worked: Teams or mail being down
never loses an intake, it only delays the news of it.

A worker claims a due delivery by moving its next attempt forward (a lease) with a conditional
update, so two workers never deliver the same one; a failure is tried again later, each time
waiting longer (30 s, 1 min, 2 min, … up to an hour).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from advisors.audit import KOERS, record
from server.background import repeating
from server.clock import or_now
from storage import leases
from storage.engine import writing
from storage.leases import claim_due
from storage.tables import intakes, outbox

log = logging.getLogger("koers.outbox")

LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)


class Skip(Exception):
    """Nothing to deliver (e.g. no Teams channel registered yet); the reason is kept."""


class Deliverer(Protocol):
    async def deliver(self, intake: Mapping[str, Any]) -> str:
        """Deliver the news of ``intake`` (its database row); returns what was done, for the
        audit trail. Raises Skip when there is nothing to deliver, anything else to retry."""
        ...


@dataclass(frozen=True)
class Delivery:
    id: str
    kind: str
    intake_id: str
    attempts: int


async def enqueue(connection: AsyncConnection, kind: str, intake_id: str, now: datetime) -> None:
    """Add a delivery, due now, in the caller's transaction (so it exists exactly when the
    change that needs it does)."""
    await connection.execute(
        outbox.insert().values(
            id=str(uuid.uuid4()),
            kind=kind,
            intake_id=intake_id,
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
    )


def backoff(attempts: int) -> timedelta:
    return leases.backoff(attempts, FIRST_RETRY, LAST_RETRY)


class OutboxWorker:
    def __init__(
        self,
        engine: AsyncEngine,
        deliverers: Mapping[str, Deliverer],
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._engine = engine
        self._deliverers = deliverers
        self._clock = or_now(clock)

    async def run_once(self, limit: int = 20) -> int:
        """Try every delivery that is due now; returns how many were delivered."""
        delivered = 0
        for delivery in await self._claim(limit):
            if await self._try(delivery):
                delivered += 1
        return delivered

    async def _claim(self, limit: int) -> list[Delivery]:
        now = self._clock()
        query = (
            select(
                outbox.c.id,
                outbox.c.kind,
                outbox.c.intake_id,
                outbox.c.attempts,
                outbox.c.next_attempt_at,
            )
            .where(outbox.c.delivered_at.is_(None))
            .where(outbox.c.next_attempt_at <= now)
            # Only what this worker can deliver; the rest waits for a worker that can.
            .where(outbox.c.kind.in_(list(self._deliverers)))
            .order_by(outbox.c.next_attempt_at)
            .limit(limit)
        )
        return [
            Delivery(row.id, row.kind, row.intake_id, row.attempts)
            for row in await claim_due(self._engine, outbox, query, now, LEASE)
        ]

    async def _try(self, delivery: Delivery) -> bool:
        deliverer = self._deliverers[delivery.kind]
        async with self._engine.connect() as connection:
            intake = (
                await connection.execute(select(intakes).where(intakes.c.id == delivery.intake_id))
            ).first()
        attempts = delivery.attempts + 1
        try:
            if intake is None:
                raise Skip("the intake is gone")
            done = await deliverer.deliver(dict(intake._mapping))
        except Skip as skipped:
            await self._finish(delivery, attempts, f"skipped: {skipped}"[:200], "skipped")
            return False
        except Exception as error:
            await self._retry(delivery, attempts, error)
            return False
        await self._finish(delivery, attempts, None, done)
        return True

    async def _finish(
        self, delivery: Delivery, attempts: int, note: str | None, detail: str
    ) -> None:
        now = self._clock()
        async with writing(self._engine) as connection:
            await connection.execute(
                update(outbox)
                .where(outbox.c.id == delivery.id)
                .values(delivered_at=now, attempts=attempts, last_error=note)
            )
            action = "delivery_skipped" if note else f"{delivery.kind}_sent"
            await record(connection, now, KOERS, action, delivery.intake_id, note or detail)

    async def _retry(self, delivery: Delivery, attempts: int, error: Exception) -> None:
        now = self._clock()
        reason = f"{type(error).__name__}: {error}"[:200]
        log.warning(
            "delivery failed, will retry",
            extra={
                "event": "delivery_failed",
                "kind": delivery.kind,
                "attempts": attempts,
                "error_type": type(error).__name__,
            },
        )
        async with writing(self._engine) as connection:
            await connection.execute(
                update(outbox)
                .where(outbox.c.id == delivery.id)
                .values(
                    attempts=attempts,
                    next_attempt_at=now + backoff(attempts),
                    last_error=reason,
                )
            )


def running(worker: OutboxWorker, interval: float) -> AbstractAsyncContextManager[None]:
    """Run ``worker`` in the background while the app runs."""
    return repeating("outbox", worker.run_once, interval)
