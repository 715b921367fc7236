"""``DirectLineAdapter``: runs the same KoersBot for web chat, with the activity log as channel.

What the bot sends is stored in the conversation's log (numbered, with an id) and the streams
of that conversation are woken; nothing is sent anywhere else, so a page that reconnects, a
second worker, and a proactive message all find the bot's words in the same place.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationReference, ResourceResponse
from typing_extensions import override

from bot.turn_errors import TurnErrorHandler
from privacy.redact import without_contact_details
from server.clock import or_now
from webchat.activity_log import ActivityLog, timestamp
from webchat.signals import ActivitySignals

log = logging.getLogger("koers.webchat")

Logic = Callable[[TurnContext], Awaitable[None]]
# Activities that steer the channel, not the page.
_NOT_SHOWN = {"delay", "invokeResponse", "trace"}


class DirectLineAdapter(BotAdapter):
    def __init__(
        self,
        activity_log: ActivityLog,
        signals: ActivitySignals,
        on_turn_error: TurnErrorHandler,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(on_turn_error)
        self._log = activity_log
        self._signals = signals
        self._clock = or_now(clock)

    async def process_activity(self, activity: Activity, logic: Logic) -> None:
        """Run one turn of the bot for an activity a web chat user sent."""
        context = TurnContext(self, activity)
        await self.run_pipeline(context, logic)

    @override
    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        shown = [activity for activity in activities if activity.type not in _NOT_SHOWN]
        ids = iter(await self.post(shown) if shown else [])
        return [
            ResourceResponse(id="" if activity.type in _NOT_SHOWN else next(ids))
            for activity in activities
        ]

    @override
    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        """Web chat shows a changed activity as a new one with the same content."""
        (activity_id,) = await self.post([activity])
        return ResourceResponse(id=activity_id)

    @override
    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        """Nothing Koers sends is taken back; the log keeps what the employee has seen."""
        log.info("delete of a web chat activity ignored", extra={"event": "delete_ignored"})

    async def post(self, activities: list[Activity]) -> list[str]:
        """Show Koers' ``activities`` in their conversation: stored in one transaction, in
        order, and the streams woken. Also for what Koers says outside a turn."""
        now = self._clock()
        conversation_id = activities[0].conversation.id
        stored = [self._as_shown(activity, now) for activity in activities]
        ids = await self._log.append(conversation_id, stored, from_user=False, now=now)
        self._signals.notify(conversation_id)
        return ids

    @staticmethod
    def _as_shown(activity: Activity, now: datetime) -> dict[str, Any]:
        data: dict[str, Any] = activity.serialize()
        data["timestamp"] = timestamp(now)
        data.setdefault("from", {})["role"] = "bot"
        data.pop("recipient", None)
        data.pop("serviceUrl", None)
        if data.get("type") == "event":  # the handoff's intake: no contact details kept
            return without_contact_details(data)
        return data
