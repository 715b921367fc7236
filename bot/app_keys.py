"""Typed keys for what ``create_app`` puts on the aiohttp application for the handlers."""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botframework.connector.auth import BotFrameworkAuthentication
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.conversation_locks import ConversationLocks
from bot.received import ReceivedActivities
from bot.settings import Settings
from content import Catalogue
from privacy.records import PersonalRecords

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
CATALOGUE = web.AppKey("catalogue", Catalogue)
BOT = web.AppKey("bot", Bot)
ADAPTER = web.AppKey("adapter", CloudAdapter)
AUTHENTICATION = web.AppKey("authentication", BotFrameworkAuthentication)
RECORDS = web.AppKey("personal_records", PersonalRecords)
RECEIVED = web.AppKey("received_activities", ReceivedActivities)
CONVERSATION_LOCKS = web.AppKey("conversation_locks", ConversationLocks)
