"""Keeps consented intakes in the database, each in its own row (not in bot state), so that
advisors can read and update them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.intake import validate
from storage.engine import writing
from storage.tables import intakes


class IntakeStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, intake: dict[str, Any]) -> str:
        """Store a schema-valid intake; returns its reference."""
        validate(intake)
        async with writing(self._engine) as connection:
            await connection.execute(
                intakes.insert().values(
                    id=intake["id"],
                    reference=intake["reference"],
                    created_at=datetime.fromisoformat(intake["created_at"]),
                    schema_version=intake["schema_version"],
                    data=json.dumps(intake, ensure_ascii=False),
                )
            )
        return str(intake["reference"])

    async def all(self) -> list[dict[str, Any]]:
        """Every stored intake, oldest first."""
        async with self._engine.connect() as connection:
            rows = await connection.execute(select(intakes.c.data).order_by(intakes.c.created_at))
            return [json.loads(data) for (data,) in rows]
