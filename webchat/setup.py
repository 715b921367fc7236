"""Adds web chat to the Koers application: the Direct Line routes, the stream and the page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

from aiohttp import web

from bot.core import Core
from content.look import load_look
from server.settings import Settings
from server.token_keys import TokenKeySource
from webchat import directline, page, stream
from webchat.activity_log import ActivityLog
from webchat.adapter import DirectLineAdapter
from webchat.notifications import listening
from webchat.service import WEBCHAT, WebChat
from webchat.signals import ActivitySignals


def add_webchat(
    app: web.Application,
    settings: Settings,
    core: Core,
    clock: Callable[[], datetime] | None = None,
) -> None:
    """Raises CatalogueError when content/look.yml is broken, like the rest of the content."""
    look = load_look(settings.content_dir)
    activity_log = ActivityLog(core.engine)
    signals = ActivitySignals()
    app[WEBCHAT] = WebChat(
        settings,
        core.bot,
        DirectLineAdapter(activity_log, signals, core.on_turn_error, clock),
        activity_log,
        signals,
        TokenKeySource(core.engine, settings.token_key),
        core.catalogue.messages,
        core.catalogue.centre.bot_name,
        core.locks,
        clock,
    )
    app.cleanup_ctx.append(lambda _app: _listening(core, signals))
    app[page.PAGE] = page.ChatPage(core.catalogue, look, settings.frame_ancestors)
    directline.add_routes(app)
    stream.add_routes(app)
    page.add_routes(app, settings.webchat_bundle_dir)


async def _listening(core: Core, signals: ActivitySignals) -> AsyncIterator[None]:
    async with listening(core.engine.url, signals):
        yield
