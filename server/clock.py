"""What time it is, asked in one way everywhere: tests hand in their own clock, and everything
else falls back to the real time here, in UTC, so no part keeps its own copy of that fallback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real time, in UTC: what is stored and compared is always UTC."""
    return datetime.now(UTC)


def or_now(clock: Clock | None) -> Clock:
    """``clock`` when a test gave one; otherwise the real time."""
    return clock or utc_now
