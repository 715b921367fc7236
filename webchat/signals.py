"""Wakes the streams of a conversation when one of its activities was stored by this worker.

A stream takes its ticket *before* it reads the log, so an activity stored in between still wakes
it. Activities stored by another worker arrive through PostgreSQL (webchat/notifications.py); the
stream's periodic re-read is the safety net.
"""

from __future__ import annotations

import asyncio


class ActivitySignals:
    def __init__(self) -> None:
        self._pending: dict[str, asyncio.Event] = {}

    def ticket(self, conversation_id: str) -> asyncio.Event:
        """An event that is set at the next ``notify`` of this conversation."""
        return self._pending.setdefault(conversation_id, asyncio.Event())

    def notify(self, conversation_id: str) -> None:
        event = self._pending.pop(conversation_id, None)
        if event is not None:
            event.set()

    def notify_all(self) -> None:
        """Wake every stream (after a moment in which notifications may have been missed)."""
        pending, self._pending = self._pending, {}
        for event in pending.values():
            event.set()
