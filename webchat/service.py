"""What web chat does, apart from HTTP: open conversations, take in what a user sends, run the
bot's turn, and make tokens. The Direct Line routes and the /chat page both use it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from botbuilder.core import Bot, MessageFactory
from botbuilder.schema import Activity, ChannelAccount, ConversationAccount

from content import Messages, normalise_language
from privacy.redact import redact, without_contact_details
from server.clock import or_now
from server.logs import conversation_hash
from server.settings import Settings
from server.token_keys import TokenKeySource
from server.tokens import Purpose, TokenSigner
from storage.conversation_locks import ConversationLocks
from webchat.activity_log import ActivityLog, WebConversation, activity_id, timestamp
from webchat.adapter import DirectLineAdapter
from webchat.signals import ActivitySignals

log = logging.getLogger("koers.webchat")

CHANNEL_ID = "webchat"
DEFAULT_LOCALE = "nl-NL"
STREAM_TOKEN_LIFETIME = timedelta(minutes=10)
RATE_WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Tokens:
    """What a client gets to talk about one conversation."""

    conversation_id: str
    token: str
    expires_in: int

    def as_json(self) -> dict[str, str | int]:
        """As Direct Line answers a token request."""
        return {
            "conversationId": self.conversation_id,
            "token": self.token,
            "expires_in": self.expires_in,
        }


def new_conversation_id() -> str:
    return secrets.token_urlsafe(18)


def new_user_id() -> str:
    return f"dl_{secrets.token_urlsafe(12)}"


class WebChat:
    def __init__(
        self,
        settings: Settings,
        bot: Bot,
        adapter: DirectLineAdapter,
        activity_log: ActivityLog,
        signals: ActivitySignals,
        keys: TokenKeySource,
        messages: Messages,
        bot_name: str,
        locks: ConversationLocks,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.log = activity_log
        self.signals = signals
        self._bot = bot
        self.adapter = adapter
        self._keys = keys
        self._messages = messages
        self.bot_name = bot_name
        self._clock = or_now(clock)
        self._locks = locks
        # The open streams of this worker and their conversations, so a shutdown can close
        # them politely.
        self.streams: dict[web.WebSocketResponse, str] = {}
        # When this worker last told a conversation to slow down (one notice per window).
        self._slowed: dict[str, datetime] = {}

    def now(self) -> datetime:
        return self._clock()

    @property
    def token_lifetime(self) -> timedelta:
        return timedelta(minutes=self.settings.direct_line_token_minutes)

    async def signer(self) -> TokenSigner:
        return TokenSigner(await self._keys.key())

    async def tokens(self, conversation_id: str, user_id: str) -> Tokens:
        token = (await self.signer()).issue(
            Purpose.DIRECT_LINE, conversation_id, user_id, self.now(), self.token_lifetime
        )
        return Tokens(conversation_id, token, int(self.token_lifetime.total_seconds()))

    async def stream_token(self, conversation_id: str, user_id: str) -> str:
        return (await self.signer()).issue(
            Purpose.STREAM, conversation_id, user_id, self.now(), STREAM_TOKEN_LIFETIME
        )

    async def open(self, conversation: WebConversation) -> bool:
        """Start the conversation if it is new (Koers greets at once); False if it existed."""
        async with self._locks.hold(f"{CHANNEL_ID}:{conversation.id}"):
            if not await self.log.open(conversation, self.now()):
                return False
            log.info(
                "web chat conversation started",
                extra={
                    "event": "webchat_started",
                    "conversation": conversation_hash(conversation.id),
                },
            )
            update = self._incoming(
                conversation,
                {
                    "type": "conversationUpdate",
                    "membersAdded": [{"id": conversation.user_id}, {"id": self.bot_id}],
                },
            )
            await self.adapter.process_activity(update, self._bot.on_turn)
        return True

    async def receive(self, conversation: WebConversation, posted: dict[str, Any]) -> str:
        """Store what the user sent (so it is never lost), show it, then run the bot's turn."""
        async with self._locks.hold(f"{CHANNEL_ID}:{conversation.id}"):
            now = self.now()
            stored = self._echo(conversation, posted, now)
            # The turn gets what the employee typed (an e-mail address asked for must arrive);
            # the log keeps it without contact details or identity numbers.
            text = stored.get("text")
            kept = {**stored, "text": redact(text)} if isinstance(text, str) else stored
            (activity_id,) = await self.log.append(conversation.id, [kept], from_user=True, now=now)
            # What Koers showed and the employee has now answered (the summary with their
            # address) stays on their screen, not in the stored copy.
            await self.log.rewrite_answered(conversation.id, without_contact_details)
            self.signals.notify(conversation.id)
            stored["id"] = activity_id
            await self.adapter.process_activity(
                self._incoming(conversation, stored), self._bot.on_turn
            )
        return activity_id

    async def too_many(self, conversation: WebConversation) -> bool:
        """True when the conversation sent its limit this minute; tells the user once."""
        now = self.now()
        sent = await self.log.user_messages_since(conversation.id, now - RATE_WINDOW)
        if sent < self.settings.webchat_messages_per_minute:
            return False
        told = self._slowed.get(conversation.id)
        if told is None or now - told >= RATE_WINDOW:
            self._slowed = {
                key: when for key, when in self._slowed.items() if now - when < RATE_WINDOW
            }
            self._slowed[conversation.id] = now
            text = self._messages.t("webchat.slow_down", normalise_language(conversation.locale))
            notice = MessageFactory.text(text)
            notice.channel_id = CHANNEL_ID
            notice.conversation = ConversationAccount(id=conversation.id)
            notice.from_property = ChannelAccount(id=self.bot_id, name=self.bot_name)
            notice.locale = conversation.locale
            await self.adapter.post([notice])
        log.warning(
            "web chat rate limit",
            extra={"event": "rate_limited", "conversation": conversation_hash(conversation.id)},
        )
        return True

    def erased_notice(self, conversation_id: str, watermark: int) -> dict[str, Any]:
        """What a page still connected to an erased conversation is told, in both languages
        (the conversation's language went with it). Never stored: there is nothing left."""
        t = self._messages.t
        return {
            "type": "message",
            "id": activity_id(conversation_id, watermark),
            "channelId": CHANNEL_ID,
            "conversation": {"id": conversation_id},
            "from": {"id": self.bot_id, "name": self.bot_name, "role": "bot"},
            "timestamp": timestamp(self.now()),
            "text": f"{t('webchat.erased', 'nl')}\n\n{t('webchat.erased', 'en')}",
            "channelData": {"koers": "erased"},
        }

    @property
    def bot_id(self) -> str:
        return self.settings.app_id or "koers"

    def _echo(
        self, conversation: WebConversation, posted: dict[str, Any], now: datetime
    ) -> dict[str, Any]:
        """The user's activity as Koers keeps and shows it: only the fields a turn needs."""
        echo: dict[str, Any] = {
            "type": posted["type"],
            "channelId": CHANNEL_ID,
            "conversation": {"id": conversation.id},
            "from": {"id": conversation.user_id, "role": "user"},
            "locale": posted.get("locale") or conversation.locale,
            "timestamp": timestamp(now),
        }
        for field in ("text", "value", "name"):
            if posted.get(field) is not None:
                echo[field] = posted[field]
        if "text" in echo:
            # Shown as typed: what a user sends is never rendered as markdown or HTML, whatever
            # format a client claims for it.
            echo["textFormat"] = "plain"
        client_data = posted.get("channelData")
        if isinstance(client_data, dict):
            kept = {
                key: client_data[key]
                for key in ("clientActivityID", "clientTimestamp")
                if isinstance(client_data.get(key), str)
            }
            if kept:
                echo["channelData"] = kept
        return echo

    def _incoming(self, conversation: WebConversation, data: dict[str, Any]) -> Activity:
        body = {
            "channelId": CHANNEL_ID,
            "serviceUrl": self.settings.base_url,
            "conversation": {"id": conversation.id},
            "from": {"id": conversation.user_id, "role": "user"},
            "locale": conversation.locale,
            **data,
            "recipient": {"id": self.bot_id, "name": self.bot_name, "role": "bot"},
        }
        return Activity().deserialize(body)


WEBCHAT = web.AppKey("webchat", WebChat)
