"""KoersBot: receives every activity, says hello, and keeps the conversation's state in SQL.

Until the conversation flows exist, Koers greets, says plainly that it is a chatbot, and tells
how to reach a person. It does not pretend to do more.
"""

from __future__ import annotations

from botbuilder.core import (
    ActivityHandler,
    ConversationState,
    MessageFactory,
    Recognizer,
    TurnContext,
    UserState,
)
from botbuilder.schema import ChannelAccount

from bot.state import RECOGNIZER_RESULT_KEY, ConversationMemory
from content import Messages


class KoersBot(ActivityHandler):
    """Routes activities and saves the conversation's and user's state at the end of each turn."""

    def __init__(
        self,
        messages: Messages,
        conversation_state: ConversationState,
        user_state: UserState,
        recognizer: Recognizer | None = None,
    ) -> None:
        super().__init__()
        self._messages = messages
        self._conversation_state = conversation_state
        self._user_state = user_state
        self._memory = ConversationMemory(conversation_state)
        self._recognizer = recognizer

    async def on_turn(self, turn_context: TurnContext) -> None:
        await super().on_turn(turn_context)
        # Saved only when the turn succeeded: a failed turn leaves the stored state as it was.
        await self._conversation_state.save_changes(turn_context)
        await self._user_state.save_changes(turn_context)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id != bot_id for member in members_added):
            await self._greet_once(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if self._recognizer is not None:
            turn_context.turn_state[RECOGNIZER_RESULT_KEY] = await self._recognizer.recognize(
                turn_context
            )
        if await self._greet_once(turn_context):
            return
        language = await self._memory.language(turn_context)
        await turn_context.send_activity(
            MessageFactory.text(self._messages.t("help.text", language))
        )

    async def _greet_once(self, turn_context: TurnContext) -> bool:
        """Greet if this conversation has not been greeted yet; True when it greeted now."""
        if await self._memory.greeted(turn_context):
            return False
        language = await self._memory.language(turn_context)
        t = self._messages.t
        await turn_context.send_activities(
            [
                MessageFactory.text(
                    f"{t('welcome.greeting', language)} {t('welcome.purpose', language)}"
                ),
                MessageFactory.text(
                    f"{t('welcome.status', language)} {t('welcome.privacy', language)}"
                ),
            ]
        )
        await self._memory.mark_greeted(turn_context)
        return True
