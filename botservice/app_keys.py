"""Typed keys for what ``create_app`` puts on the aiohttp application for the Bot Framework
endpoint; the keys every feature shares are in ``server/app_keys.py``."""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botframework.connector.auth import BotFrameworkAuthentication

from botservice.received import ReceivedActivities
from storage.conversation_locks import ConversationLocks

BOT = web.AppKey("bot", Bot)
ADAPTER = web.AppKey("adapter", CloudAdapter)
AUTHENTICATION = web.AppKey("authentication", BotFrameworkAuthentication)
RECEIVED = web.AppKey("received_activities", ReceivedActivities)
CONVERSATION_LOCKS = web.AppKey("conversation_locks", ConversationLocks)
