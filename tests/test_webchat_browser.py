"""The official Web Chat on /chat in headless Chromium: the whole conversation, a reload with its
history, the intranet embed, keyboard-only use, hostile input, and axe-core's WCAG 2.1 AA check.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import ConversationAccount, ConversationReference
from playwright.async_api import Browser, Page, expect
from sqlalchemy import select

from advisors.intake_store import IntakeStore
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from storage.tables import dl_conversations
from tests.support.browser import axe_violations, launched_chromium, screenshot
from tests.support.servers import serve
from webchat.service import WEBCHAT, WebChat
from webchat.stream import close_streams

QUESTION = "Ik wil na acht jaar bij Belastingen iets anders doen"


@dataclass
class Koers:
    url: str
    app: web.Application


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with launched_chromium() as launched:
        yield launched


@pytest.fixture
async def koers(settings: Settings) -> AsyncIterator[Koers]:
    # The embed test page is served from another port of this machine.
    app = create_app(settings.with_changes(frame_ancestors="'self' http://127.0.0.1:*"))
    async with serve(app) as url:
        yield Koers(url, app)


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(locale="nl-NL", viewport={"width": 1024, "height": 800})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} {message.location.get('url', '')}")
            if message.type == "error"
            else None
        ),
    )
    try:
        yield page
    finally:
        await context.close()
    assert errors == [], errors  # no script errors, no CSP violations


async def bot_says(page: Page, text: str) -> None:
    await expect(page.get_by_text(text, exact=False).last).to_be_visible(timeout=15_000)


async def open_chat(page: Page, url: str) -> None:
    """Open /chat and wait for Koers' first question."""
    await page.goto(f"{url}/chat")
    await bot_says(page, "Waar gaat je vraag over?")


async def type_message(page: Page, text: str) -> None:
    box = page.get_by_role("textbox")
    await box.fill(text)
    await box.press("Enter")


async def click(page: Page, label: str) -> None:
    await page.get_by_role("button", name=label, exact=True).last.click()


async def test_an_employee_goes_from_hello_to_a_stored_intake_and_a_reload_shows_it_all(
    koers: Koers, page: Page
) -> None:
    await page.goto(f"{koers.url}/chat")
    await expect(page).to_have_title("Koers: de loopbaanchatbot van het Carrièrecentrum")
    await bot_says(page, "Hoi! Ik ben Koers, de chatbot van het Carrièrecentrum")
    await bot_says(page, "Waar gaat je vraag over?")
    await screenshot(page, "webchat-1-greeting")

    await click(page, "Ander werk binnen de gemeente")
    await bot_says(page, "Wat is je vraag?")
    await type_message(page, QUESTION)
    await bot_says(page, "Hoe dringend is je vraag voor je?")
    await click(page, "Binnen een paar weken")
    await bot_says(page, "Wat voor werk doe je nu")
    await type_message(page, "sla over")
    await bot_says(page, "Wil je een korte scan doen")
    await click(page, "Nee, sla over")
    await bot_says(page, "Wil je dat een loopbaanadviseur contact met je opneemt?")
    await click(page, "Ja, graag")
    await bot_says(page, "Hoe wil je dat de adviseur contact met je opneemt?")
    await click(page, "Per e-mail")
    await bot_says(page, "Op welk e-mailadres?")
    await type_message(page, "jan.jansen@gemeente.example")
    await bot_says(page, "Mag ik dit versturen?")
    await click(page, "Ja, verstuur")
    await bot_says(page, "Je aanvraag is verstuurd naar de adviseurs")
    await screenshot(page, "webchat-2-intake-sent")

    (intake,) = await IntakeStore(koers.app[ENGINE]).all()
    assert intake["question"]["text"] == QUESTION
    assert intake["contact"] == {"preference": "email", "email": "jan.jansen@gemeente.example"}

    activities = page.locator(".webchat__basic-transcript__activity")
    shown = await activities.all_inner_texts()
    await page.reload()
    await bot_says(page, "Je aanvraag is verstuurd naar de adviseurs")
    await expect(page.get_by_text(QUESTION, exact=True).first).to_be_visible()
    await expect(activities).to_have_count(len(shown))  # the same history, nothing twice
    assert sum("Hoi! Ik ben Koers" in text for text in await activities.all_inner_texts()) == 1
    await screenshot(page, "webchat-3-after-reload")


async def focus_by_tab(page: Page, is_it: str, what: str, presses: int = 40) -> None:
    """Press Tab until the element ``is_it`` (a JS test of document.activeElement) has focus."""
    for _ in range(presses):
        await page.keyboard.press("Tab")
        if await page.evaluate(f"(element => {is_it})(document.activeElement)"):
            return
    pytest.fail(f"{what} cannot be reached with Tab")


async def test_the_chat_works_with_the_keyboard_alone(koers: Koers, page: Page) -> None:
    """Web Chat's keyboard pattern: Tab to the history, Enter goes into the newest message's
    card, Tab moves between its buttons, Escape leaves it."""
    await open_chat(page, koers.url)
    await focus_by_tab(page, "element.classList.contains('webchat__basic-transcript')", "history")
    await page.keyboard.press("Enter")
    await focus_by_tab(
        page, "element.textContent === 'Ander werk binnen de gemeente'", "the card's button"
    )
    await page.keyboard.press("Enter")
    await bot_says(page, "Wat is je vraag?")

    await page.keyboard.press("Escape")
    await focus_by_tab(page, "element.tagName === 'INPUT'", "the message box")
    # The box speaks as Koers does ("je"), not Web Chat's own "Typ uw bericht".
    await expect(page.get_by_role("textbox")).to_have_attribute("placeholder", "Typ je bericht")
    await page.keyboard.type(QUESTION)
    await page.keyboard.press("Enter")
    await bot_says(page, "Hoe dringend is je vraag voor je?")
    await screenshot(page, "webchat-keyboard")


async def test_a_dropped_connection_comes_back_without_losing_or_repeating_a_message(
    koers: Koers, page: Page
) -> None:
    await open_chat(page, koers.url)
    activities = page.locator(".webchat__basic-transcript__activity")
    before = await activities.count()
    webchat = koers.app[WEBCHAT]
    assert len(webchat.streams) == 1
    (conversation_id,) = webchat.streams.values()

    await close_streams(koers.app)  # the network drops, or the worker restarts
    await tell(webchat, koers.url, conversation_id, "Een adviseur heeft je vraag bekeken.")
    await bot_says(page, "Een adviseur heeft je vraag bekeken.")  # after the reconnect
    await expect(activities).to_have_count(before + 1)
    await type_message(page, "Ik wil graag een andere baan binnen de gemeente")
    await bot_says(page, "Wat wil je daarbij weten of bereiken?")
    await expect(activities).to_have_count(before + 3)
    texts = await activities.all_inner_texts()
    assert sum("Een adviseur heeft je vraag bekeken." in text for text in texts) == 1


async def tell(webchat: WebChat, url: str, conversation_id: str, text: str) -> None:
    """A proactive message from Koers, as the handoff will send one."""

    async def say(context: TurnContext) -> None:
        await context.send_activity(MessageFactory.text(text))

    reference = ConversationReference(
        channel_id="webchat", service_url=url, conversation=ConversationAccount(id=conversation_id)
    )
    await webchat.adapter.continue_conversation(reference, say, None)


async def test_after_the_device_slept_past_the_token_the_chat_carries_on(
    settings: Settings, browser: Browser
) -> None:
    """A phone locked for an hour: the page's token expired. Web Chat's refresh gets a 403, the
    page asks /chat/session for a new token for the same conversation, and the chat goes on."""
    now = [datetime(2026, 11, 25, 22, 0, tzinfo=UTC)]
    app = create_app(settings, clock=lambda: now[0])
    async with serve(app) as url:
        context = await browser.new_context(locale="nl-NL")
        page = await context.new_page()
        await page.clock.install()
        await open_chat(page, url)
        activities = page.locator(".webchat__basic-transcript__activity")
        before = await activities.count()

        now[0] += timedelta(hours=1)
        async with page.expect_response(f"{url}/chat/session") as renewed:
            # The device wakes: the client's 15-minute token refresh comes due, once.
            await page.clock.fast_forward("16:00")
        assert (await renewed.value).ok
        await page.clock.resume()
        await type_message(page, "Ik wil graag een andere baan binnen de gemeente")
        await bot_says(page, "Wat wil je daarbij weten of bereiken?")
        await expect(activities).to_have_count(before + 2)
        await context.close()


PAYLOADS = [
    '<img src=x onerror="window.__koersXss=1">',
    "<script>window.__koersXss=1</script>",
    '<svg onload="window.__koersXss=1"></svg>',
    "[klik hier](javascript:window.__koersXss=1)",
    '"><iframe src="javascript:window.__koersXss=1"></iframe>',
    '<a href="javascript:window.__koersXss=1">link</a>',
]


async def test_html_and_script_typed_by_the_user_stay_text(koers: Koers, page: Page) -> None:
    await open_chat(page, koers.url)
    for payload in PAYLOADS:
        await type_message(page, payload)
    await expect(
        page.get_by_text("window.__koersXss=1</script>", exact=False).first
    ).to_be_visible()
    await expect(page.get_by_text('<img src=x onerror="window', exact=False).first).to_be_visible()
    await page.wait_for_timeout(500)
    assert await page.evaluate("window.__koersXss") is None
    transcript = page.locator("#webchat")
    assert await transcript.locator("img[src='x'], svg[onload], iframe, script").count() == 0
    assert await transcript.locator("a[href^='javascript']").count() == 0
    await screenshot(page, "webchat-hostile-input")


async def test_the_page_about_koers_passes_the_same_check_as_the_chat(
    koers: Koers, page: Page
) -> None:
    """/over-koers (linked from the chat page): WCAG 2.1 AA on a desktop and a phone."""
    await page.goto(f"{koers.url}/chat")
    about = page.get_by_role("link", name="Over Koers")
    await expect(about).to_have_attribute("href", "/over-koers?lang=nl")
    await page.goto(f"{koers.url}/over-koers")
    await expect(page.get_by_role("heading", name="Over Koers", level=1)).to_be_visible()
    assert await axe_violations(page) == []
    await screenshot(page, "over-koers")
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.get_by_role("link", name="English").click()
    await expect(page.get_by_role("heading", name="About Koers", level=1)).to_be_visible()
    assert await axe_violations(page) == []


async def test_chat_page_has_no_wcag_violations_on_a_desktop_and_a_phone(
    koers: Koers, page: Page
) -> None:
    await open_chat(page, koers.url)
    assert await axe_violations(page) == []

    await page.set_viewport_size({"width": 390, "height": 844})
    await page.goto(f"{koers.url}/chat?lang=en")
    await bot_says(page, "Waar gaat je vraag over?")  # the conversation continues, in Dutch
    await expect(page.get_by_role("link", name="Nederlands")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "en"
    assert await page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), (
        "the page scrolls sideways on a phone"
    )
    assert await axe_violations(page) == []
    await screenshot(page, "webchat-phone")


async def test_the_embed_opens_the_chat_from_an_intranet_page(koers: Koers, page: Page) -> None:
    intranet = web.Application()

    async def home(_request: web.Request) -> web.Response:
        return web.Response(
            content_type="text/html",
            text=(
                '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
                '<link rel="icon" href="data:,">'
                "<title>Intranet</title></head><body><main><h1>Intranet van de gemeente</h1>"
                "<p>Nieuws en diensten voor medewerkers.</p></main>"
                f'<script src="{koers.url}/embed.js"></script></body></html>'
            ),
        )

    intranet.router.add_get("/", home)
    async with serve(intranet) as intranet_url:
        await page.goto(intranet_url)
        launcher = page.get_by_role("button", name="Chat met Koers")
        await expect(launcher).to_have_attribute("aria-expanded", "false")
        assert await axe_violations(page) == []

        await launcher.focus()
        await page.keyboard.press("Enter")
        frame = page.frame_locator("iframe[title^='Chat met Koers']")
        await expect(frame.get_by_text("Hoi! Ik ben Koers", exact=False).first).to_be_visible(
            timeout=15_000
        )
        await expect(frame.get_by_text("Waar gaat je vraag over?").first).to_be_visible()
        await screenshot(page, "webchat-embed-open")
        assert await axe_violations(page, iframes=False) == []
        chat = next(f for f in page.frames if f.url.startswith(f"{koers.url}/chat"))
        assert await axe_violations(chat) == []

        await frame.locator(
            "button.ac-pushButton", has_text="Ander werk binnen de gemeente"
        ).click()
        await expect(frame.get_by_text("Wat is je vraag?", exact=False).first).to_be_visible()
        await page.keyboard.press("Escape")
        await expect(page.get_by_role("dialog")).to_be_hidden()
        await expect(launcher).to_be_focused()


async def test_the_accessibility_check_does_find_violations(page: Page) -> None:
    """So that the zero counts above mean something."""
    await page.set_content('<html><body><img src="data:,"><button></button></body></html>')
    found = await axe_violations(page)
    assert any(line.startswith("html-has-lang") for line in found)
    assert any(line.startswith("image-alt") for line in found)
    assert any(line.startswith("button-name") for line in found)


async def test_after_deleting_ones_data_the_page_offers_a_new_conversation(
    koers: Koers, page: Page
) -> None:
    await open_chat(page, koers.url)
    await type_message(page, "verwijder mijn gegevens")
    await bot_says(page, "Weet je het zeker?")
    await click(page, "Ja, verwijder alles")
    await expect(page.get_by_role("status")).to_contain_text("Je gegevens zijn verwijderd")
    again = page.get_by_role("button", name="Begin een nieuw gesprek")
    await expect(again).to_be_focused()
    await screenshot(page, "webchat-erased")
    async with koers.app[ENGINE].connect() as connection:
        assert (await connection.execute(select(dl_conversations))).all() == []
    await again.click()
    await bot_says(page, "Waar gaat je vraag over?")
    await expect(page.get_by_text("Weet je het zeker?")).to_have_count(0)  # a clean start
