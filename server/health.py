"""``GET /healthz``: whether Koers can serve, for a load balancer and an operator at 3 a.m."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from server.app_keys import ENGINE, SETTINGS
from storage.migrate import current_revision, head_revision

log = logging.getLogger("koers.health")
CHECK_SECONDS = 3.0


async def database_state(engine: AsyncEngine) -> dict[str, Any]:
    """``state`` is ok, unreachable or outdated (schema not at the newest revision)."""
    expected = head_revision()
    state: dict[str, Any] = {"dialect": engine.dialect.name, "expected_revision": expected}
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            revision = await current_revision(engine)
    except Exception as error:
        log.warning(
            "database unreachable",
            extra={
                "event": "health",
                "database": "unreachable",
                "error_type": type(error).__name__,
            },
        )
        state.update(state="unreachable", revision=None)
        return state
    state.update(state="ok" if revision == expected else "outdated", revision=revision)
    return state


async def healthz(request: web.Request) -> web.Response:
    database = await database_state(request.app[ENGINE])
    healthy = database["state"] == "ok"
    return web.json_response(
        {
            "status": "ok" if healthy else "unavailable",
            "database": database,
            "auth": "local" if request.app[SETTINGS].local_mode else "bot_framework",
            # Which worker process answered (with WORKERS above 1).
            "worker": os.getpid(),
        },
        status=200 if healthy else 503,
    )
