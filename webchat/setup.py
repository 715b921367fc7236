"""Adds web chat to the Koers application: the Direct Line routes, the stream and the page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

from aiohttp import web
from botbuilder.core import Bot
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.turn_errors import TurnErrorHandler
from content import Catalogue
from content.look import load_look
from server.settings import Settings
from server.token_keys import TokenKeySource
from storage.conversation_locks import ConversationLocks
from webchat import directline, page, stream
from webchat.activity_log import ActivityLog
from webchat.adapter import DirectLineAdapter
from webchat.notifications import listening
from webchat.service import WEBCHAT, WebChat
from webchat.signals import ActivitySignals


def add_webchat(
    app: web.Application,
    settings: Settings,
    bot: Bot,
    *,
    engine: AsyncEngine,
    catalogue: Catalogue,
    on_turn_error: TurnErrorHandler,
    locks: ConversationLocks,
    clock: Callable[[], datetime] | None = None,
) -> None:
    """Raises CatalogueError when content/look.yml is broken, like the rest of the content."""
    look = load_look(settings.content_dir)
    activity_log = ActivityLog(engine)
    signals = ActivitySignals()
    app[WEBCHAT] = WebChat(
        settings,
        bot,
        DirectLineAdapter(activity_log, signals, on_turn_error, clock),
        activity_log,
        signals,
        TokenKeySource(engine, settings.token_key),
        catalogue.messages,
        catalogue.centre.bot_name,
        locks,
        clock,
    )
    app.cleanup_ctx.append(lambda _app: _listening(engine, signals))
    app[page.PAGE] = page.ChatPage(catalogue, look, settings.frame_ancestors)
    directline.add_routes(app)
    stream.add_routes(app)
    page.add_routes(app, settings.webchat_bundle_dir)


async def _listening(engine: AsyncEngine, signals: ActivitySignals) -> AsyncIterator[None]:
    async with listening(engine.url, signals):
        yield
