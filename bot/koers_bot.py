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
from content import LANGUAGES, Messages
from nlu.recognizer import LANGUAGE_HINT_KEY

# What the recogniser reports for a message in neither Dutch nor English.
OTHER_LANGUAGE = "other"


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
        language = await self._understand(turn_context)
        if language == OTHER_LANGUAGE:
            await self._greet_once(turn_context)
            t = self._messages.t
            both = f"{t('language.other', 'nl')}\n\n{t('language.other', 'en')}"
            await turn_context.send_activity(MessageFactory.text(both))
            return
        if await self._greet_once(turn_context):
            return
        await turn_context.send_activity(
            MessageFactory.text(self._messages.t("help.text", language))
        )

    async def _understand(self, turn_context: TurnContext) -> str:
        """Recognise the message; follow the user into Dutch or English; return its language."""
        conversation_language = await self._memory.language(turn_context)
        if self._recognizer is None:
            return conversation_language
        turn_context.turn_state[LANGUAGE_HINT_KEY] = conversation_language
        result = await self._recognizer.recognize(turn_context)
        turn_context.turn_state[RECOGNIZER_RESULT_KEY] = result
        language = str((result.properties or {}).get("language", conversation_language))
        if language in LANGUAGES and language != conversation_language:
            await self._memory.set_language(turn_context, language)
        return language

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
