"""Koers' composition root: builds the web application from settings, and runs it.

``create_app(settings)`` wires storage, the recogniser slot, the bot and the adapter; nothing
happens at import time, so tests build as many apps as they like, each with its own database.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import NoReturn

from aiohttp import web
from botbuilder.core import Recognizer
from sqlalchemy.ext.asyncio import AsyncEngine

from about.web import add_about
from advisors.channels import ChannelStore
from advisors.intake_store import EMPLOYEE_CLAIMED, TEAMS_CARD, TEAMS_CARD_UPDATE
from advisors.roster import load_roster
from advisors.setup import add_advisors
from bot.adapter import create_authentication, create_cloud_adapter
from bot.app_keys import ADAPTER, AUTHENTICATION, BOT, CONVERSATION_LOCKS, RECEIVED
from bot.core import Core, build_core, prepare_database
from bot.messages_endpoint import post_messages
from bot.proactive import EmployeeNotice, Proactive, TeamsCardDelivery, TeamsCardUpdate
from bot.profile_chart import get_profile_png
from bot.received import ReceivedActivities
from bot.reply_outbox import ReplyOutbox
from content import CatalogueError, load_catalogue
from content.look import load_look
from insights import web as insights_web
from manifest.package import load_app_texts
from nlu.model import ModelMissingError
from privacy.records import RECORDS
from privacy.web import add_privacy
from server.app_keys import CATALOGUE, ENGINE, SETTINGS
from server.background import repeating
from server.health import healthz
from server.http_errors import errors_as_json
from server.logs import configure_logging
from server.metrics import add_metrics
from server.settings import Settings, SettingsError
from server.web_guard import add_guard
from server.workers import listening_socket
from storage.engine import DatabaseUrlError, create_engine
from storage.migrate import upgrade
from storage.purge import purging
from webchat.service import WEBCHAT
from webchat.setup import add_webchat

log = logging.getLogger("koers.app")
Clock = Callable[[], datetime]


async def _purge(
    settings: Settings, engine: AsyncEngine, clock: Clock, _app: web.Application
) -> AsyncIterator[None]:
    """The retention periods, carried out in the background (storage/purge.py)."""
    interval = timedelta(hours=settings.purge_interval_hours)
    async with purging(engine, settings.retention, interval, clock):
        yield


async def _database(settings: Settings, core: Core, app: web.Application) -> AsyncIterator[None]:
    """Prepare the database when starting; close its connections when stopping."""
    engine = app[ENGINE]
    await prepare_database(settings, core)
    if settings.local_mode:
        log.warning(
            "local mode: MicrosoftAppId is empty, requests are not authenticated",
            extra={"event": "auth_mode", "auth": "local"},
        )
    yield
    await core.locks.close()
    await engine.dispose()


async def _sending_waiting_replies(
    reply_outbox: ReplyOutbox, proactive: Proactive
) -> AsyncIterator[None]:
    """Replies a channel could not take for a moment, sent again in the background."""
    async with repeating(
        "reply_outbox", partial(reply_outbox.run_once, proactive.send_replies), 1.0
    ):
        yield


def create_app(
    settings: Settings,
    *,
    recognizer: Recognizer | None = None,
    clock: Callable[[], datetime] | None = None,
) -> web.Application:
    """The whole Koers web application for ``settings``; raises if the catalogue is broken.
    Tests may hand in their own recogniser and clock."""
    core = build_core(settings, recognizer, clock)
    authentication = create_authentication(settings)

    app = web.Application(client_max_size=settings.max_request_bytes, middlewares=[errors_as_json])
    add_guard(app, settings)
    app[SETTINGS] = settings
    app[ENGINE] = core.engine
    app[CATALOGUE] = core.catalogue
    app[BOT] = core.bot
    app[RECORDS] = core.records
    app[CONVERSATION_LOCKS] = core.locks
    app[RECEIVED] = ReceivedActivities(core.engine, clock or (lambda: datetime.now(UTC)))
    app[AUTHENTICATION] = authentication
    reply_outbox = ReplyOutbox(core.engine, clock)
    app[ADAPTER] = create_cloud_adapter(authentication, core.on_turn_error, reply_outbox)
    app.cleanup_ctx.append(partial(_database, settings, core))
    if settings.purge_interval_hours > 0:
        now = clock or (lambda: datetime.now(UTC))
        app.cleanup_ctx.append(partial(_purge, settings, core.engine, now))
    app.router.add_post("/api/messages", post_messages)
    app.router.add_get("/healthz", healthz)
    add_metrics(app, lambda: core.bot.understands)
    app.router.add_get("/profile.png", get_profile_png)
    add_webchat(app, settings, core, clock)
    add_privacy(app, core, clock or (lambda: datetime.now(UTC)))
    add_about(app, core.catalogue)
    insights_web.add_routes(app)
    proactive = Proactive(app[ADAPTER], app[WEBCHAT].adapter, settings.app_id)
    if settings.outbox_interval_seconds > 0:
        app.cleanup_ctx.append(lambda _app: _sending_waiting_replies(reply_outbox, proactive))
    channels = ChannelStore(core.engine)
    add_advisors(
        app,
        settings,
        core,
        clock,
        {
            TEAMS_CARD: TeamsCardDelivery(proactive, core.cards, channels),
            TEAMS_CARD_UPDATE: TeamsCardUpdate(proactive, core.cards, channels),
            EMPLOYEE_CLAIMED: EmployeeNotice(proactive, core.catalogue),
        },
    )
    return app


def check_content(directory: Path) -> None:
    """Read every file the career centre edits, as Koers and `make teams-package` do;
    CatalogueError names the file and key of the first mistake."""
    catalogue = load_catalogue(directory)
    load_look(directory)
    load_roster(directory, tuple(catalogue.themes))
    load_app_texts(directory)


async def _migrate(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """``python app.py [serve|migrate|check-content]``; configuration comes from the environment."""
    parser = argparse.ArgumentParser(prog="koers", description=__doc__)
    parser.add_argument(
        "command", nargs="?", default="serve", choices=["serve", "migrate", "check-content"]
    )
    # A worker started by the supervisor serves on the socket it was handed (server/workers.py).
    parser.add_argument("--listen-fd", type=int, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    command = arguments.command
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        sys.stderr.write(f"koers: {error}\n")
        return 2
    configure_logging(settings.log_level)
    try:
        if command == "check-content":
            check_content(settings.content_dir)
            log.info("content is valid", extra={"event": "content_ok"})
            return 0
        if command == "migrate":
            asyncio.run(_migrate(settings))
            log.info("database is up to date", extra={"event": "migrated"})
            return 0
        if settings.workers > 1 and arguments.listen_fd is None:
            return _supervise(settings)
        app = create_app(settings)
    except (CatalogueError, DatabaseUrlError, ModelMissingError) as error:
        sys.stderr.write(f"koers: cannot start: {error}\n")
        return 2

    def listening(_banner: str) -> None:  # called by aiohttp once the socket is bound
        log.info(
            "Koers is listening",
            extra={
                "event": "listening",
                "host": settings.host,
                "port": settings.port,
                "worker": os.getpid(),
            },
        )

    if arguments.listen_fd is not None:
        web.run_app(
            app, sock=listening_socket(arguments.listen_fd), print=listening, access_log=None
        )
    else:
        web.run_app(app, host=settings.host, port=settings.port, print=listening, access_log=None)
    return 0


def _supervise(settings: Settings) -> int:
    """Several workers on one port; they share state only through PostgreSQL."""
    if not settings.database_url.startswith("postgresql"):
        sys.stderr.write(
            "koers: WORKERS above 1 needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://...): "
            "only PostgreSQL keeps a conversation's turns in order across processes\n"
        )
        return 2
    return _become_supervisor(settings)


def _become_supervisor(settings: Settings) -> NoReturn:
    """The supervisor runs as a small process of its own, without the bot, the NLU and spaCy
    this one has loaded: it only keeps the workers running (server/workers.py)."""
    os.execv(  # noqa: S606 - Koers' own interpreter and module, with numbers from the settings
        sys.executable,
        [
            sys.executable,
            "-m",
            "server.workers",
            settings.host,
            str(settings.port),
            str(settings.workers),
            *(["--migrate"] if settings.auto_migrate else []),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
