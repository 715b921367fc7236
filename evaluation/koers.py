"""Koers running in this process on loopback, on a fresh SQLite database, reached over real
HTTP the way Teams reaches it: a channel posts to /api/messages and a connector on loopback
takes the replies.

The same parts the tests use (``tests/support``), so that the driver exercises exactly what the
tests do, and a clock the driver moves, so that an employee can come back after a night away.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from advisors.intake_store import IntakeStore
from app import create_app
from server.settings import Settings
from storage.engine import create_engine
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve

# A Tuesday morning: within office hours, so nothing depends on the evening.
START = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


class Clock:
    """Koers' clock: it moves only when the driver moves it (a little each message, hours for a
    break), so a run is the same every time."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by

    def timestamp(self) -> str:
        """The activity timestamp a channel would send."""
        return self.now.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class RunningKoers:
    channel: Channel
    sink: ConnectorSink
    clock: Clock
    store: IntakeStore

    async def intakes(self) -> dict[str, dict[str, Any]]:
        """Every stored intake, by id, as the advisors will read it."""
        return {str(intake["id"]): intake for intake in await self.store.all()}


@asynccontextmanager
async def running_koers(database: Path | None = None) -> AsyncIterator[RunningKoers]:
    """Koers on a new SQLite database (in a temporary folder unless ``database`` is given),
    without the background loops (deliveries, purge) that have nothing to do here."""
    with tempfile.TemporaryDirectory(prefix="koers-eval-") as folder:
        path = database or Path(folder) / "koers.db"
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{path}",
            port=0,
            outbox_interval_seconds=0,
            purge_interval_hours=0,
        )
        clock = Clock()
        sink = ConnectorSink()
        engine = create_engine(settings.database_url)
        try:
            async with serve(sink.app()) as sink_url:
                sink.url = sink_url
                async with (
                    serve(create_app(settings, clock=clock)) as bot_url,
                    aiohttp.ClientSession() as session,
                ):
                    yield RunningKoers(
                        Channel(session, bot_url, sink_url), sink, clock, IntakeStore(engine)
                    )
        finally:
            await engine.dispose()
