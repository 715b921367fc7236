"""Work that runs beside the web server for as long as it runs: the outboxes, the purge, the
web chat listener."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

log = logging.getLogger("koers.background")

# On the way out, how long a step that is running may take to finish: a database call or a
# send runs in a thread, which cannot be cancelled halfway, only waited for.
GRACE_SECONDS = 15.0


@contextlib.asynccontextmanager
async def in_background(work: Coroutine[Any, Any, None]) -> AsyncIterator[None]:
    """Run ``work`` while the context is open; cancel it (and wait for that) on the way out."""
    task = asyncio.create_task(work)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.asynccontextmanager
async def repeating(
    name: str, step: Callable[[], Awaitable[object]], interval_seconds: float
) -> AsyncIterator[None]:
    """Run ``step`` now and then every ``interval_seconds`` while the context is open. A failed
    step is logged (``<name>_failed``) and the next one comes at its time: the database may be
    away. On the way out the step that is running is let finish, then the loop ends."""
    stop = asyncio.Event()

    async def loop() -> None:
        while not stop.is_set():
            try:
                await step()
            except Exception as error:
                log.warning(
                    "background work failed, will try again",
                    extra={"event": f"{name}_failed", "error_type": type(error).__name__},
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval_seconds)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        stop.set()
        # Past the grace period wait_for cancels the step, and waits for that.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(task, GRACE_SECONDS)
