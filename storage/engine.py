"""Creates the SQLAlchemy async engine for ``DATABASE_URL``: SQLite (embedded) or PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class DatabaseUrlError(ValueError):
    """``DATABASE_URL`` names a database Koers cannot use."""


def create_engine(url: str) -> AsyncEngine:
    """An engine for ``url``; a SQLite file's folder is created, and SQLite is set up for
    several readers and one writer at a time (WAL) with a wait instead of a 'locked' error."""
    parsed = make_url(url)
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseUrlError(
            f"DATABASE_URL must start with {' or '.join(SUPPORTED_DRIVERS)}, "
            f"not {parsed.drivername}"
        )
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            # If the folder cannot be made, connecting fails later and /healthz says so.
            with contextlib.suppress(OSError):
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A fixed set of connections: opening one costs a thread and a file open, and under
        # load a pool that opens and closes extra connections spends its time doing just that.
        engine = create_async_engine(
            url, connect_args={"timeout": 15}, pool_size=16, max_overflow=0, pool_timeout=60
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def utc(moment: datetime) -> datetime:
    """A time read back from the database, in UTC: Koers stores UTC, and SQLite returns it
    without its time zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL never corrupts the database and survives a crash of Koers; only a
    # power cut can lose the last commits. It saves a disk flush on every commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


_sqlite_writers: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock] = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def writing(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A write transaction. SQLite takes one writer at a time and makes the others sleep and
    retry, which under load costs seconds; so this process queues its SQLite writers itself.
    PostgreSQL writes run side by side and lock only the rows they touch."""
    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            yield connection
        return
    lock = _sqlite_writers.setdefault(engine, asyncio.Lock())
    async with lock, engine.begin() as connection:
        yield connection
