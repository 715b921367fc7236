"""One conversation's turns run one after the other, in every worker together.

Two activities of a conversation arriving at once would otherwise both read the same state, and
the second save would be refused (an eTag conflict) or, worse, undo the first. In one worker an
asyncio lock per conversation queues them. Across workers PostgreSQL does: the turn holds a
transaction-scoped advisory lock on the conversation's key, which the server releases by itself
when the worker's connection ends, so a worker killed mid-turn never leaves a conversation stuck.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# The advisory locks get their own small pool: a turn holds its lock connection while it uses the
# main pool for its work, so sharing one pool could leave every connection waiting for another.
LOCK_POOL_SIZE = 2
LOCK_POOL_OVERFLOW = 18


class KeyedLocks:
    """One asyncio lock per key in this worker; a lock is dropped when nobody holds or waits
    for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


class ConversationLocks:
    """Per-conversation turns in order: in this worker always, across workers on PostgreSQL."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._local = KeyedLocks()
        self._shared: AsyncEngine | None = None
        if engine.dialect.name == "postgresql":
            self._shared = create_async_engine(
                engine.url,
                pool_pre_ping=True,
                pool_size=LOCK_POOL_SIZE,
                max_overflow=LOCK_POOL_OVERFLOW,
            )

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with self._local.hold(key):
            if self._shared is None:
                yield
                return
            async with self._shared.begin() as connection:
                await connection.execute(select(func.pg_advisory_xact_lock(_lock_id(key))))
                yield

    async def close(self) -> None:
        if self._shared is not None:
            await self._shared.dispose()


def _lock_id(key: str) -> int:
    """A stable signed 64-bit number for ``key`` (the same in every worker and every run)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
