"""Where Koers posts intake cards: the Teams channel a coordinator registered (the newest
registration wins), and which card belongs to which intake."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.audit import record
from storage.engine import writing
from storage.tables import intakes, teams_channels


class ChannelStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def register(
        self, conversation_id: str, reference: dict[str, Any], by: str, at: datetime
    ) -> None:
        async with writing(self._engine) as connection:
            await connection.execute(delete(teams_channels))
            await connection.execute(
                teams_channels.insert().values(
                    id=conversation_id[:200],
                    reference=json.dumps(reference),
                    registered_by=by,
                    registered_at=at,
                )
            )
            await record(connection, at, by, "channel_registered", None)

    async def current(self) -> dict[str, Any] | None:
        query = select(teams_channels.c.reference).order_by(teams_channels.c.registered_at.desc())
        async with self._engine.connect() as connection:
            reference = (await connection.execute(query.limit(1))).scalar_one_or_none()
        return None if reference is None else dict(json.loads(reference))

    async def remember_card(self, intake_id: str, activity_id: str) -> None:
        async with writing(self._engine) as connection:
            await connection.execute(
                update(intakes)
                .where(intakes.c.id == intake_id)
                .values(teams_activity_id=activity_id[:200])
            )
