"""Adds the advisors' side to the Koers application: the delivery outbox running in the
background, the console (/advisor) and its JSON API (/api/advisor)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors import api, console
from advisors.accounts import Accounts
from advisors.api import QUEUE
from advisors.intake_store import ADVISOR_MAIL
from advisors.mail import AdvisorMail, SmtpServer
from advisors.outbox import Deliverer, OutboxWorker, running
from advisors.queue import IntakeQueue
from advisors.roster import AdvisorStore
from advisors.web_auth import ACCOUNTS
from content import Catalogue
from server.settings import Settings

OUTBOX = web.AppKey("outbox", OutboxWorker)


def add_advisors(
    app: web.Application,
    settings: Settings,
    engine: AsyncEngine,
    catalogue: Catalogue,
    clock: Callable[[], datetime] | None = None,
    proactive: Mapping[str, Deliverer] | None = None,
) -> None:
    """``proactive``: the deliverers that message a channel (Teams card, the employee); they
    come from the bot, which the advisors do not know."""
    deliverers: dict[str, Deliverer] = {
        **(proactive or {}),
        ADVISOR_MAIL: AdvisorMail(
            SmtpServer.from_url(settings.smtp_url) if settings.smtp_url else None,
            settings.mail_from,
            settings.mail_fields,
            catalogue,
            AdvisorStore(engine),
            settings.base_url,
        ),
    }
    worker = OutboxWorker(engine, deliverers, clock)
    app[OUTBOX] = worker
    app[ACCOUNTS] = Accounts(engine, clock)
    app[QUEUE] = IntakeQueue(engine, clock)
    api.add_routes(app)
    console.add_routes(app)
    if settings.outbox_interval_seconds > 0:

        async def run_outbox(_app: web.Application) -> AsyncIterator[None]:
            async with running(worker, settings.outbox_interval_seconds):
                yield

        app.cleanup_ctx.append(run_outbox)
