"""Wakes web chat streams in every worker when an activity is stored, through PostgreSQL.

With several workers a page's stream may be open on one while its turn runs on another. The
transaction that stores an activity also sends ``NOTIFY koers_webchat, '<conversation id>'``
(delivered by the server exactly when that transaction commits); each worker keeps one
connection that LISTENs and wakes its own streams of that conversation. When that connection is
lost (a restart of the server), it reconnects and wakes every stream once, so none waits for a
notification that went by meanwhile. On SQLite there is one worker and nothing to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from sqlalchemy import func, select
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncConnection

from server.background import in_background
from webchat.signals import ActivitySignals

log = logging.getLogger("koers.webchat")

CHANNEL = "koers_webchat"
RECONNECT_SECONDS = 1.0
# How often the listener checks its connection besides being told that it closed.
CHECK_SECONDS = 5.0


async def announce(connection: AsyncConnection, conversation_id: str) -> None:
    """In the caller's transaction: tell every worker that ``conversation_id`` has news."""
    if connection.dialect.name == "postgresql":
        await connection.execute(select(func.pg_notify(CHANNEL, conversation_id)))


def listening(url: URL, signals: ActivitySignals) -> contextlib.AbstractAsyncContextManager[None]:
    """While the app runs, wake this worker's streams for what other workers stored."""
    if url.get_backend_name() != "postgresql":
        return contextlib.nullcontext()
    return in_background(_listen_forever(url, signals))


async def _listen_forever(url: URL, signals: ActivitySignals) -> None:
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            async with _listener(dsn, signals) as (connection, lost):
                signals.notify_all()  # anything stored while we were not listening
                while not connection.is_closed():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(lost.wait(), timeout=CHECK_SECONDS)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning(
                "web chat listener cannot reach the database",
                extra={"event": "listen_failed", "error_type": type(error).__name__},
            )
        await asyncio.sleep(RECONNECT_SECONDS)


@contextlib.asynccontextmanager
async def _listener(
    dsn: str, signals: ActivitySignals
) -> AsyncIterator[tuple[asyncpg.Connection, asyncio.Event]]:
    """A listening connection, and an event set when it is lost."""
    lost = asyncio.Event()

    def on_notification(_connection: Any, _pid: int, _channel: str, payload: str) -> None:
        signals.notify(payload)

    connection = await asyncpg.connect(dsn, timeout=5)
    try:
        connection.add_termination_listener(lambda _connection: lost.set())
        await connection.add_listener(CHANNEL, on_notification)
        yield connection, lost
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(connection.close(), timeout=2)
