"""Adds the Bot Framework entry to the Koers application: its app keys, ``POST /api/messages``
and the profile chart the bot's cards link to."""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import Bot
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.profile_chart import get_profile_png
from bot.turn_errors import TurnErrorHandler
from botservice.adapter import create_authentication, create_cloud_adapter
from botservice.app_keys import ADAPTER, AUTHENTICATION, BOT, CONVERSATION_LOCKS, RECEIVED
from botservice.messages_endpoint import post_messages
from botservice.received import ReceivedActivities
from botservice.reply_outbox import ReplyOutbox
from server.clock import Clock, or_now
from server.settings import Settings
from storage.conversation_locks import ConversationLocks


def add_bot_framework(
    app: web.Application,
    settings: Settings,
    bot: Bot,
    *,
    engine: AsyncEngine,
    on_turn_error: TurnErrorHandler,
    locks: ConversationLocks,
    clock: Clock | None = None,
) -> ReplyOutbox:
    """The reply outbox it returns keeps what a channel could not take; the caller sends it
    again once it knows every channel."""
    authentication = create_authentication(settings)
    app[BOT] = bot
    app[CONVERSATION_LOCKS] = locks
    app[RECEIVED] = ReceivedActivities(engine, or_now(clock))
    app[AUTHENTICATION] = authentication
    reply_outbox = ReplyOutbox(engine, clock)
    app[ADAPTER] = create_cloud_adapter(authentication, on_turn_error, reply_outbox)
    app.router.add_post("/api/messages", post_messages)
    app.router.add_get("/profile.png", get_profile_png)
    return reply_outbox
