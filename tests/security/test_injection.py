"""Hostile text through every place it can show up: the web chat (in Chromium, with Koers
quoting it back), the advisors' Teams card, the console (in Chromium) and the advisor's mail
(its HTML opened in Chromium). None of it may run, and none may turn into markup."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from playwright.async_api import Browser, Page, expect
from sqlalchemy import select

from advisors.accounts import Accounts
from advisors.intake_store import ADVISOR_MAIL, IntakeStore
from advisors.outbox import OutboxWorker
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from storage.tables import dl_conversations
from tests.security.ledger import count
from tests.security.payloads import PAYLOADS
from tests.support.browser import launched_chromium, screenshot
from tests.support.directline import Conversation, DirectLine
from tests.support.servers import serve
from tests.support.smtp import parts, smtp_server
from tests.test_advisor_console import EMAILS, PASSWORD
from tests.test_advisor_mail import Clock, mail_setup
from tests.test_advisors import intake
from webchat.service import WEBCHAT

# Elements a payload could smuggle in; Koers' own pages have none of these in their content.
FORBIDDEN = (
    "img[src='x'], img[src^='javascript' i], svg[onload], iframe, object, embed, video, "
    "math, details, template, form[action^='javascript'], input[onfocus], "
    "a[href^='javascript' i], a[href^='data:' i], base, meta[http-equiv]"
)
_CONTROL = re.compile("[\u0000\u202e\u202c\ufeff\r]")


def literal(payload: str) -> str | None:
    """The payload as one line, as it should appear in the page; None when the browser may
    show control characters differently (those are checked for running only)."""
    return None if _CONTROL.search(payload) else " ".join(payload.split())


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with launched_chromium() as launched:
        yield launched


async def untouched(page: Page, scope: str) -> bool:
    """Nothing ran and nothing was injected inside ``scope``."""
    ran = await page.evaluate("window.__koersXss")
    injected = await page.locator(scope).locator(FORBIDDEN).count()
    return ran is None and injected == 0


def one_line(text: str) -> str:
    return " ".join(text.split())


# Payloads per page: Web Chat renders a few hundred activities quickly, not thousands.
CHUNK = 9


async def _through_the_chat(
    app: Any, url: str, browser: Browser, session: aiohttp.ClientSession, payloads: list[str]
) -> tuple[str, str, bool]:
    """Each payload as the question and the work, in one page's conversation; what the page
    shows from the user, from Koers, and whether nothing ran or got in."""
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{url}/chat")
    await expect(page.get_by_text("Waar gaat je vraag over?").first).to_be_visible()
    async with app[ENGINE].connect() as connection:
        row = (
            await connection.execute(
                select(dl_conversations).order_by(dl_conversations.c.created_at.desc()).limit(1)
            )
        ).one()
    tokens = await app[WEBCHAT].tokens(row.id, row.user_id)
    conversation = Conversation(row.id, tokens.token, "")
    dl = DirectLine(session, url)
    for payload in payloads:
        # Through the flow, so that Koers quotes it back: theme, question, urgency, work, no
        # scan; then the summary says what Koers noted.
        await dl.send(conversation, "", value={"koers_choice": "internal_mobility"})
        await dl.send(conversation, payload)
        await dl.send(conversation, "", value={"koers_choice": "medium"})
        await dl.send(conversation, payload)
        await dl.send(conversation, "", value={"koers_choice": "skip"})
        await dl.send(conversation, "opnieuw")
        await dl.send(conversation, "ja")  # yes, start again (the answers were not sent)
    await dl.send(conversation, "klaar-7391")
    # The stream delivers in order: once this shows, everything before it does too.
    await expect(page.get_by_text("klaar-7391", exact=True).last).to_be_visible(timeout=30_000)
    bubbles = ".webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content"
    bot = " ".join(one_line(t) for t in await page.locator(bubbles).all_inner_texts())
    mine = ".webchat__bubble--from-user .webchat__bubble__content"
    user = " ".join(one_line(t) for t in await page.locator(mine).all_inner_texts())
    clean = await untouched(page, "#webchat")
    await screenshot(page, "security-webchat")
    await context.close()
    return user, bot, clean


async def test_hostile_text_in_the_web_chat_stays_text(
    settings: Settings, browser: Browser
) -> None:
    app = create_app(
        settings.with_changes(
            webchat_messages_per_minute=10_000,
            requests_per_address_per_minute=10_000,
            outbox_interval_seconds=0,
        )
    )
    async with serve(app) as url, aiohttp.ClientSession() as session:
        for first in range(0, len(PAYLOADS), CHUNK):
            chunk = PAYLOADS[first : first + CHUNK]
            user, bot, clean = await _through_the_chat(app, url, browser, session, chunk)
            for payload in chunk:
                shown = literal(payload)
                refused = clean and (shown is None or (shown in user and shown in bot))
                count("XSS/markdown via web chat", refused)
                assert refused, (payload, clean)


async def test_hostile_text_never_reaches_the_teams_card(settings: Settings) -> None:
    from tests.support.channel import Channel
    from tests.support.connector_sink import ConnectorSink
    from tests.test_advisor_teams import CHANNEL

    sink = ConnectorSink()
    app = create_app(settings.with_changes(outbox_interval_seconds=0))
    async with (
        serve(sink.app()) as sink_url,
        serve(app) as url,
        aiohttp.ClientSession() as session,
    ):
        sink.url = sink_url
        channel = Channel(session, url, sink_url)
        from sqlalchemy import update

        from storage.tables import advisors

        async with app[ENGINE].begin() as connection:
            await connection.execute(
                update(advisors).where(advisors.c.id == "anna").values(teams_id="aad-anna")
            )
        await channel.post(
            channel.activity(
                CHANNEL,
                conversation={"id": CHANNEL, "conversationType": "channel"},
                text="<at>Koers</at> registreer",
                **{"from": {"id": "29:anna", "aadObjectId": "aad-anna"}},
            )
        )
        for payload in PAYLOADS:
            stored = intake()
            stored["question"]["text"] = payload
            stored["context"] = {"work": payload}
            await IntakeStore(app[ENGINE]).add(stored)
        from advisors.setup import OUTBOX

        await app[OUTBOX].run_once(limit=200)
    cards = [
        activity["attachments"][0]
        for _, path, activity in sink.calls
        if CHANNEL in path and activity.get("attachments")
    ]
    assert len(cards) == len(PAYLOADS)
    for card, payload in zip(cards, PAYLOADS, strict=True):
        content = card["content"]
        text = str(content)
        kinds = sorted(action["type"] for action in content["actions"])
        refused = (
            card["contentType"] == "application/vnd.microsoft.card.adaptive"
            and kinds == ["Action.OpenUrl", "Action.Submit"]
            and all(a["url"].startswith("http") for a in content["actions"] if "url" in a)
            and payload not in text
        )
        count("card injection via Teams card", refused)
        assert refused, payload


async def _sign_in(page: Page, url: str) -> None:
    await page.goto(f"{url}/advisor/sign-in")
    await page.get_by_label("E-mailadres").fill(EMAILS["anna"])
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.get_by_text("Ingelogd als Anna de Vries")).to_be_visible()


async def test_hostile_text_in_the_console_stays_text(settings: Settings, browser: Browser) -> None:
    app = create_app(
        settings.with_changes(outbox_interval_seconds=0, requests_per_address_per_minute=10_000)
    )
    async with serve(app) as url:
        await Accounts(app[ENGINE]).set_password(EMAILS["anna"], PASSWORD)
        stored: list[dict[str, Any]] = []
        for payload in PAYLOADS:
            one = intake()
            one["question"]["text"] = payload
            one["context"] = {"work": payload}
            await IntakeStore(app[ENGINE]).add(one)
            stored.append(one)
        page = await browser.new_page(locale="nl-NL")
        await _sign_in(page, url)
        for one, payload in zip(stored, PAYLOADS, strict=True):
            await page.goto(f"{url}/advisor/intakes/{one['id']}")
            shown = one_line(await page.locator("main dl").inner_text())
            expected = literal(payload)
            refused = await untouched(page, "main") and (expected is None or expected in shown)
            count("XSS via advisor console", refused)
            assert refused, payload
        await screenshot(page, "security-console")


async def test_hostile_text_in_the_advisors_mail_stays_text(engine: Any, browser: Browser) -> None:
    with smtp_server() as (inbox, smtp_url):
        mail = await mail_setup(engine, smtp_url, ("theme", "question"), capacity=500)
        for payload in PAYLOADS:
            stored = intake()
            stored["question"]["text"] = payload
            await IntakeStore(engine).add(stored)
        worker = OutboxWorker(engine, {ADVISOR_MAIL: mail}, Clock())
        assert await worker.run_once(limit=500) == len(PAYLOADS)
    page = await browser.new_page()
    assert len(inbox.messages) == len(PAYLOADS)
    for message in inbox.messages:
        plain, rich = parts(message)
        headers = {name.lower() for name in message}
        await page.set_content(rich)
        refused = (
            "bcc" not in headers
            and rich.count("<a ") == 1  # the console link, nothing else
            and await untouched(page, "body")
        )
        count("XSS/header injection via mail", refused)
        assert refused, plain[:200]
