"""A BotAdapter for a terminal: the same KoersBot, state and storage, without any channel.

It lets a person with neither Teams nor a browser hold a conversation (``make chat``) and lets
tests drive the bot as a program would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from botbuilder.core import Bot, BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)
from typing_extensions import override

from bot.turn_errors import TurnErrorHandler

CHANNEL_ID = "console"


class ConsoleAdapter(BotAdapter):
    """Runs turns for one conversation; every message the bot sends goes to ``write``."""

    def __init__(
        self,
        bot: Bot,
        write: Callable[[str], None],
        on_turn_error: TurnErrorHandler,
        *,
        locale: str = "nl-NL",
        conversation_id: str | None = None,
    ) -> None:
        super().__init__(on_turn_error)
        self._bot = bot
        self._write = write
        self._locale = locale
        self._user = ChannelAccount(id="console-user", name="you", role="user")
        self._koers = ChannelAccount(id="koers", name="Koers", role="bot")
        self._conversation = ConversationAccount(id=conversation_id or f"console-{uuid.uuid4()}")

    def _activity(self, **fields: object) -> Activity:
        return Activity(
            id=str(uuid.uuid4()),
            channel_id=CHANNEL_ID,
            service_url="console:",
            timestamp=datetime.now(UTC),
            from_property=self._user,
            recipient=self._koers,
            conversation=self._conversation,
            locale=self._locale,
            **fields,
        )

    async def start(self) -> None:
        """Join the conversation, as a channel does when someone opens the chat."""
        await self._run(
            self._activity(
                type=ActivityTypes.conversation_update, members_added=[self._koers, self._user]
            )
        )

    async def say(self, text: str) -> None:
        """One message from the person at the terminal."""
        await self._run(self._activity(type=ActivityTypes.message, text=text))

    async def _run(self, activity: Activity) -> None:
        context = TurnContext(self, activity)
        await self.run_pipeline(context, self._bot.on_turn)

    @override
    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            if activity.type == ActivityTypes.message and activity.text:
                self._write(activity.text)
            responses.append(ResourceResponse(id=str(uuid.uuid4())))
        return responses

    @override
    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        if activity.text:
            self._write(activity.text)
        return ResourceResponse(id=activity.id)

    @override
    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        return None
