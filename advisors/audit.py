"""The audit trail: who read or changed which intake, and when. Written in the same transaction
as the change it records, so the trail and the data never disagree."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.tables import audit

KOERS = "koers"  # the actor when Koers itself acts


async def record(
    connection: AsyncConnection,
    at: datetime,
    actor: str,
    action: str,
    intake_id: str | None,
    detail: str = "",
) -> None:
    await connection.execute(
        audit.insert().values(
            at=at, actor=actor, action=action, intake_id=intake_id, detail=detail[:200]
        )
    )


async def trail(engine: AsyncEngine, intake_id: str) -> list[dict[str, Any]]:
    """Everything recorded about one intake, oldest first."""
    query = select(audit).where(audit.c.intake_id == intake_id).order_by(audit.c.id)
    async with engine.connect() as connection:
        return [dict(row._mapping) for row in await connection.execute(query)]
