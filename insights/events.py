"""Records what happened in a conversation as anonymous events, for the career centre.

Dialogs call ``note(context, kind, value)`` while they run; the notes wait in the turn and are
written in one go by ``Journeys.flush`` when the turn succeeded. A row holds the kind, an id from
the catalogue (a theme, a product, a driver, a number from 1 to 5) or nothing, the channel, the
language and the time: never a user id, a conversation id or a typed word. Events of one pass
through the conversation share a random ``journey`` id, kept only in the conversation's state
(gone with it after the retention period or an erasure).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from botbuilder.core import ConversationState, TurnContext
from sqlalchemy.ext.asyncio import AsyncEngine

from privacy.redact import redact
from storage.engine import writing
from storage.tables import feedback_comments, insight_events

# The kinds of event; the funnel steps are in the order a conversation reaches them.
STARTED = "started"
THEME = "theme"
ORIENTATION_DONE = "orientation_done"
SCAN_COMPLETED = "scan_completed"
ADVICE = "advice"
INTAKE_CONSENTED = "intake_consented"
INTAKE_DECLINED = "intake_declined"
FINISHED = "finished"
DRIVER = "driver"
TALENT = "talent"
RECOMMENDED = "product_recommended"
ASKED_ABOUT = "product_asked"
SATISFACTION = "satisfaction"
GROUP = "group"
FUNNEL = (STARTED, THEME, ORIENTATION_DONE, ADVICE, INTAKE_CONSENTED)

_NOTES = "koers.insight_notes"
_COMMENTS = "koers.insight_comments"
MAX_COMMENT = 1000
_UNKNOWN_LANGUAGE = "nl"


def note(context: TurnContext, kind: str, value: str | None = None) -> None:
    """Remember an event of this turn (written when the turn succeeded)."""
    context.turn_state.setdefault(_NOTES, []).append((kind, value))


def keep_comment(context: TurnContext, text: str) -> None:
    """Keep a comment the employee agreed to leave (written when the turn succeeded): without
    contact details or identity numbers, and without anything linking it to them."""
    context.turn_state.setdefault(_COMMENTS, []).append(redact(text.strip())[:MAX_COMMENT])


class Journeys:
    """Gives each pass through the conversation its random id and writes the turn's events."""

    def __init__(
        self,
        engine: AsyncEngine,
        conversation_state: ConversationState,
        clock: Callable[[], datetime],
    ) -> None:
        self._engine = engine
        self._journey = conversation_state.create_property("insights_journey")
        self._clock = clock

    async def flush(self, context: TurnContext, language: str | None) -> None:
        notes: list[tuple[str, str | None]] = context.turn_state.pop(_NOTES, [])
        comments: list[str] = context.turn_state.pop(_COMMENTS, [])
        if comments:
            # The day only, and no journey: a comment cannot be put next to a conversation.
            day = self._clock().replace(hour=0, minute=0, second=0, microsecond=0)
            async with writing(self._engine) as connection:
                await connection.execute(
                    feedback_comments.insert(),
                    [{"day": day, "text": text} for text in comments],
                )
        if not notes:
            return
        journey = await self._journey.get(context)
        if journey is None or any(kind == STARTED for kind, _ in notes):
            journey = secrets.token_hex(16)
            await self._journey.set(context, journey)
        now = self._clock()
        channel = str(context.activity.channel_id or "unknown")[:16]
        async with writing(self._engine) as connection:
            await connection.execute(
                insight_events.insert(),
                [
                    {
                        "journey": journey,
                        "at": now,
                        "kind": kind,
                        "value": value[:64] if value else None,
                        "channel": channel,
                        "language": (language or _UNKNOWN_LANGUAGE)[:8],
                    }
                    for kind, value in notes
                ],
            )
