"""Koers' composition root and its one command line.

``create_app(settings)`` wires storage, the recogniser slot, the bot, the channels and the
features; nothing happens at import time, so tests build as many apps as they like, each with its
own database. ``python app.py serve|migrate|purge|accounts|check-content|teams-package|report|
chat`` reads the settings from the environment once and hands them to the command: no other
module reads them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import json
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
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from about.web import add_about
from advisors.accounts import Accounts
from advisors.channels import ChannelStore
from advisors.intake_store import EMPLOYEE_CLAIMED, TEAMS_CARD, TEAMS_CARD_UPDATE
from advisors.roster import load_roster
from advisors.setup import add_advisors
from bot.core import Core, build_core, prepare_database
from bot.proactive import Door, EmployeeNotice, Proactive, TeamsCardDelivery, TeamsCardUpdate
from bot.teams import TEAMS_CHANNEL
from botservice.app_keys import ADAPTER
from botservice.reply_outbox import ReplyOutbox
from botservice.setup import add_bot_framework
from content import CatalogueError, load_catalogue
from content.look import load_look
from insights import web as insights_web
from insights.report import valid_month, write_report
from manifest.package import BUILD, PackageError, load_app_texts, write_zip
from manifest.package import build as build_package
from nlu.model import ModelMissingError
from rights.web import add_rights
from server.app_keys import ENGINE
from server.background import repeating
from server.base_app import base_app
from server.clock import Clock, or_now
from server.logs import configure_logging
from server.metrics import add_metrics
from server.settings import Settings, SettingsError
from server.workers import listening_socket
from storage.engine import DatabaseUrlError, create_engine
from storage.migrate import upgrade
from storage.purge import purge
from terminal.chat import chat
from webchat.service import CHANNEL_ID as WEBCHAT_CHANNEL
from webchat.service import WEBCHAT
from webchat.setup import add_webchat

log = logging.getLogger("koers.app")


async def _purge(
    settings: Settings, engine: AsyncEngine, clock: Clock, _app: web.Application
) -> AsyncIterator[None]:
    """The retention periods, carried out in the background (storage/purge.py)."""
    interval = timedelta(hours=settings.purge_interval_hours).total_seconds()
    async with repeating("purge", lambda: purge(engine, clock(), settings.retention), interval):
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
    app = base_app(settings, core.engine, core.catalogue)
    reply_outbox = add_bot_framework(
        app,
        settings,
        core.bot,
        engine=core.engine,
        on_turn_error=core.on_turn_error,
        locks=core.locks,
        clock=clock,
    )
    app.cleanup_ctx.append(partial(_database, settings, core))
    if settings.purge_interval_hours > 0:
        app.cleanup_ctx.append(partial(_purge, settings, core.engine, or_now(clock)))
    add_metrics(app, lambda: core.bot.understands)
    add_webchat(
        app,
        settings,
        core.bot,
        engine=core.engine,
        catalogue=core.catalogue,
        on_turn_error=core.on_turn_error,
        locks=core.locks,
        clock=clock,
    )
    add_rights(app, core.catalogue, core.records, core.export_links, or_now(clock))
    add_about(app, core.catalogue)
    insights_web.add_routes(app)
    proactive = Proactive(
        Door(app[ADAPTER], frozenset({TEAMS_CHANNEL}), settings.app_id),
        Door(app[WEBCHAT].adapter, frozenset({WEBCHAT_CHANNEL})),
    )
    if settings.outbox_interval_seconds > 0:
        app.cleanup_ctx.append(lambda _app: _sending_waiting_replies(reply_outbox, proactive))
    channels = ChannelStore(core.engine)
    add_advisors(
        app,
        settings,
        core.engine,
        core.catalogue,
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


def _parser() -> argparse.ArgumentParser:
    """Every command Koers has; without one, ``serve``."""
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__)
    parser.set_defaults(listen_fd=None)
    commands = parser.add_subparsers(dest="command", metavar="command")
    serve = commands.add_parser("serve", help="start the web server (WORKERS processes)")
    # A worker started by the supervisor serves on the socket it was handed (server/workers.py).
    serve.add_argument("--listen-fd", type=int, default=None, help=argparse.SUPPRESS)
    commands.add_parser("migrate", help="bring DATABASE_URL to the newest schema")
    purge = commands.add_parser("purge", help="delete what is past its retention period now")
    purge.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    accounts = commands.add_parser("accounts", help="an advisor's password or a new API token")
    accounts.add_argument("what", choices=["password", "token"])
    accounts.add_argument("email")
    commands.add_parser("check-content", help="check the catalogue in content/")
    commands.add_parser("teams-package", help="the Teams app package in manifest/build/")
    report = commands.add_parser("report", help="the insights of one month as one HTML file")
    report.add_argument("--month", required=True, help="the month, as YYYY-MM")
    report.add_argument("--out", default="var/reports", help="the folder to write to")
    report.add_argument("--lang", default="nl", choices=["nl", "en"])
    chat = commands.add_parser("chat", help="talk to Koers in this terminal")
    chat.add_argument("--lang", choices=["nl", "en"], default="nl", help="the chat's language")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``python app.py [command]`` (``--help`` lists them); the configuration comes from the
    environment, read here and handed to each command."""
    arguments = _parser().parse_args(argv)
    arguments.command = arguments.command or "serve"
    if arguments.command == "report" and not valid_month(arguments.month):
        sys.stderr.write(f"koers: --month must look like 2026-11, not {arguments.month!r}\n")
        return 2
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        sys.stderr.write(f"koers: {error}\n")
        return 2
    # The terminal chat shows only trouble; everything else logs as configured.
    configure_logging("WARNING" if arguments.command == "chat" else settings.log_level)
    try:
        if arguments.command == "serve":
            return _serve(settings, arguments.listen_fd)
        return _tool(arguments, settings)
    except (CatalogueError, DatabaseUrlError, ModelMissingError) as error:
        sys.stderr.write(f"koers: cannot start: {error}\n")
        return 2


def _tool(arguments: argparse.Namespace, settings: Settings) -> int:
    """Every command but ``serve``: each does one thing and ends."""
    command = arguments.command
    if command == "check-content":
        check_content(settings.content_dir)
        log.info("content is valid", extra={"event": "content_ok"})
        return 0
    if command == "migrate":
        asyncio.run(_migrate(settings))
        log.info("database is up to date", extra={"event": "migrated"})
        return 0
    if command == "purge":
        return _purge_now(settings, arguments.dry_run)
    if command == "accounts":
        return _accounts(settings, arguments.what, arguments.email)
    if command == "teams-package":
        return _teams_package(settings)
    if command == "report":
        return _report(settings, arguments.month.strip(), Path(arguments.out), arguments.lang)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C ends the chat like /quit
        asyncio.run(_chat(settings, "en-GB" if arguments.lang == "en" else "nl-NL"))
    return 0


async def _chat(settings: Settings, locale: str) -> None:
    """``chat``: the same bot and database as the web app, in this terminal."""
    core = build_core(settings)
    await prepare_database(settings, core)
    try:
        await chat(core.bot, core.on_turn_error, locale)
    finally:
        await core.engine.dispose()


def _purge_now(settings: Settings, dry_run: bool) -> int:
    """``purge``: print what was deleted (or with ``dry_run`` would be) per table."""

    async def run() -> dict[str, int]:
        engine = create_engine(settings.database_url)
        try:
            return await purge(engine, datetime.now(UTC), settings.retention, dry_run=dry_run)
        finally:
            await engine.dispose()

    try:
        counts = asyncio.run(run())
    except (SQLAlchemyError, OSError) as error:
        sys.stderr.write(
            f"purge: the database cannot be used ({type(error).__name__}); is it running, "
            "and migrated (`make db`)?\n"
        )
        return 1
    sys.stdout.write(json.dumps(counts) + "\n")
    return 0


def _accounts(settings: Settings, what: str, email: str) -> int:
    """``accounts password <e-mail>`` asks for the new password in the terminal;
    ``accounts token <e-mail>`` prints a new API token once."""

    async def run() -> str:
        engine = create_engine(settings.database_url)
        accounts = Accounts(engine)
        try:
            if what == "password":
                password = getpass.getpass("New password (at least 12 characters): ")
                await accounts.set_password(email, password)
                return "Password set.\n"
            return f"API token (shown once): {await accounts.new_token(email)}\n"
        finally:
            await engine.dispose()

    try:
        sys.stdout.write(asyncio.run(run()))
    except (LookupError, ValueError) as error:
        sys.stderr.write(f"{error}\n")
        return 2
    return 0


def _teams_package(settings: Settings) -> int:
    """``teams-package``: the app package for the Teams admin centre (manifest/README.md)."""
    try:
        target = write_zip(build_package(settings), BUILD / "koers.zip")
    except (PackageError, CatalogueError) as error:
        sys.stderr.write(f"teams-package: {error}\n")
        return 2
    sys.stdout.write(f"Teams app package written to {target}\n")
    return 0


def _report(settings: Settings, month: str, folder: Path, language: str) -> int:
    """``report``: the insights of ``month`` as one file; prints its path."""
    try:
        path = write_report(settings, month, folder, language)
    except (CatalogueError, DatabaseUrlError) as error:
        sys.stderr.write(f"koers: {error}\n")
        return 2
    except Exception as error:  # the database is away or not migrated: say so in one line
        sys.stderr.write(f"koers: cannot read the insights: {type(error).__name__}: {error}\n")
        return 1
    sys.stdout.write(f"{path}\n")
    return 0


def _serve(settings: Settings, listen_fd: int | None) -> int:
    """Serve until stopped: on the socket a supervisor handed down, or on host and port."""
    if settings.workers > 1 and listen_fd is None:
        return _supervise(settings)
    app = create_app(settings)

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

    if listen_fd is not None:
        web.run_app(app, sock=listening_socket(listen_fd), print=listening, access_log=None)
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
            "--log-level",
            settings.log_level,
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
