"""Adds the Bot Framework entry to the Koers application: its app keys, ``POST /api/messages``
and the profile chart the bot's cards link to."""

from __future__ import annotations

from aiohttp import web

from bot.adapter import create_authentication, create_cloud_adapter
from bot.app_keys import ADAPTER, AUTHENTICATION, BOT, CONVERSATION_LOCKS, RECEIVED
from bot.core import Core
from bot.messages_endpoint import post_messages
from bot.profile_chart import get_profile_png
from bot.received import ReceivedActivities
from bot.reply_outbox import ReplyOutbox
from server.clock import Clock, or_now
from server.settings import Settings


def add_bot_framework(
    app: web.Application, settings: Settings, core: Core, clock: Clock | None = None
) -> ReplyOutbox:
    """The reply outbox it returns keeps what a channel could not take; the caller sends it
    again once it knows every channel."""
    authentication = create_authentication(settings)
    app[BOT] = core.bot
    app[CONVERSATION_LOCKS] = core.locks
    app[RECEIVED] = ReceivedActivities(core.engine, or_now(clock))
    app[AUTHENTICATION] = authentication
    reply_outbox = ReplyOutbox(core.engine, clock)
    app[ADAPTER] = create_cloud_adapter(authentication, core.on_turn_error, reply_outbox)
    app.router.add_post("/api/messages", post_messages)
    app.router.add_get("/profile.png", get_profile_png)
    return reply_outbox
