"""The mail to the proposed advisor, through a real SMTP server on loopback: what it says, what
it leaves out, escaping, and retries with backoff while the mail server is down."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from advisors.audit import trail
from advisors.intake_store import ADVISOR_MAIL, IntakeStore
from advisors.mail import AdvisorMail, SmtpServer
from advisors.outbox import OutboxWorker
from advisors.roster import AdvisorStore, load_roster
from storage.tables import outbox
from tests.support.postgres import free_port
from tests.support.smtp import parts, smtp_server
from tests.test_advisors import CONTENT, NOW, THEMES, intake
from tests.test_webchat_browser import PAYLOADS

CATALOGUE_PAYLOADS = [
    *PAYLOADS,
    "<b onmouseover=alert(1)>vet</b>",
    "<style>body{display:none}</style>",
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    "javascript:alert(document.cookie)",
    "<a href='https://evil.example'>klik</a>",
    "&lt;script&gt;dubbel&lt;/script&gt;",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "<form action=https://evil.example><input name=x></form>",
    '"><svg/onload=alert(1)>',
    '<img src="x" alt="\'" onerror=alert(1)>',
    "**vet** _schuin_ [link](https://evil.example) ![plaatje](https://evil.example/x.png)",
    "<details open ontoggle=alert(1)>",
    "<base href='https://evil.example/'>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> Any:
        return self.now


async def mail_setup(
    engine: AsyncEngine,
    url: str,
    fields: tuple[str, ...] = ("theme", "urgency", "language"),
    capacity: int = 5,
) -> AdvisorMail:
    from content import load_catalogue

    store = AdvisorStore(engine)
    roster = load_roster(CONTENT, THEMES)
    await store.sync([replace(a, weekly_capacity=capacity) for a in roster])
    return AdvisorMail(
        SmtpServer.from_url(url), "koers@gemeente.example", fields, load_catalogue(CONTENT),
        store, "https://koers.gemeente.example",
    )  # fmt: skip


async def test_the_proposed_advisor_gets_a_mail_without_free_text(engine: AsyncEngine) -> None:
    with smtp_server() as (inbox, url):
        mail = await mail_setup(engine, url)
        stored = intake()
        stored["question"]["text"] = "Mijn geheime vraag over mijn leidinggevende"
        await IntakeStore(engine).add(stored)
        worker = OutboxWorker(engine, {ADVISOR_MAIL: mail}, Clock())
        assert await worker.run_once() == 1
        assert await worker.run_once() == 0  # delivered once, not again

    (message,) = inbox.messages
    assert message["To"] == "anna.devries@gemeente.example"
    assert message["Subject"] == f"Nieuwe aanvraag {stored['reference']} voor jou"
    plain, rich = parts(message)
    assert "Hoi Anna de Vries," in plain
    assert "Onderwerp: Ander werk binnen de gemeente" in plain
    assert "Hoe dringend: Binnen een paar weken" in plain
    assert f"https://koers.gemeente.example/advisor/intakes/{stored['id']}" in plain
    assert "geheime vraag" not in plain + rich
    assert "<dt>Onderwerp</dt><dd>Ander werk binnen de gemeente</dd>" in rich
    steps = [line["action"] for line in await trail(engine, stored["id"])]
    assert steps == ["stored", "proposed", "advisor_mail_sent"]


async def test_typed_text_in_a_mail_is_escaped(engine: AsyncEngine) -> None:
    assert len(CATALOGUE_PAYLOADS) >= 20
    with smtp_server() as (inbox, url):
        mail = await mail_setup(engine, url, ("theme", "question"), capacity=100)
        for payload in CATALOGUE_PAYLOADS:
            stored = intake()
            stored["question"]["text"] = payload
            await IntakeStore(engine).add(stored)
        worker = OutboxWorker(engine, {ADVISOR_MAIL: mail}, Clock())
        assert await worker.run_once(limit=100) == len(CATALOGUE_PAYLOADS)
    assert len(inbox.messages) == len(CATALOGUE_PAYLOADS)
    for message in inbox.messages:
        plain, rich = parts(message)
        payload = next(p for p in CATALOGUE_PAYLOADS if f"De vraag: {p}" in plain)
        if "<" in payload or ">" in payload or "&" in payload:
            assert payload not in rich
        assert rich.count("<a ") == 1  # only the console link is a link
        assert "<script" not in rich and "onerror" not in rich.replace("onerror=", "")


async def test_while_the_mail_server_is_down_nothing_is_lost(engine: AsyncEngine) -> None:
    clock = Clock()
    down = f"smtp://127.0.0.1:{free_port()}"
    worker = OutboxWorker(engine, {ADVISOR_MAIL: await mail_setup(engine, down)}, clock)
    stored = intake()
    await IntakeStore(engine).add(stored)
    assert await worker.run_once() == 0
    async with engine.connect() as connection:
        row = (await connection.execute(select(outbox).where(outbox.c.kind == ADVISOR_MAIL))).one()
    assert row.attempts == 1 and row.delivered_at is None
    assert row.last_error
    clock.now += timedelta(seconds=10)
    assert await worker.run_once() == 0  # waits for its backoff

    with smtp_server() as (inbox, url):
        worker = OutboxWorker(engine, {ADVISOR_MAIL: await mail_setup(engine, url)}, clock)
        clock.now += timedelta(seconds=25)
        assert await worker.run_once() == 1
    assert len(inbox.messages) == 1
    assert "advisor_mail_sent" in [line["action"] for line in await trail(engine, stored["id"])]


@pytest.mark.parametrize("url", ["http://mail", "smtp://", "mail.example:25"])
def test_a_bad_smtp_url_is_refused(url: str) -> None:
    from advisors.mail import SmtpUrlError

    with pytest.raises(SmtpUrlError):
        SmtpServer.from_url(url)
