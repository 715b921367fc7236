"""The advisors' console in headless Chromium: signing in and claiming with the keyboard alone,
and axe-core's WCAG 2.1 AA check on each page. Screenshots go to test-artifacts/."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from tests.support.browser import axe_violations, screenshot
from tests.test_advisor_console import EMAILS, PASSWORD, Centre, centre  # noqa: F401
from tests.test_webchat_browser import browser  # noqa: F401


async def test_an_advisor_signs_in_and_claims_with_the_keyboard(
    centre: Centre,  # noqa: F811
    browser: Browser,  # noqa: F811
) -> None:
    stored = await centre.intake(text="Ik wil na acht jaar iets anders doen")
    context = await browser.new_context(locale="nl-NL")
    page = await context.new_page()
    await page.goto(f"{centre.url}/advisor")
    await expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert await axe_violations(page) == []

    await page.keyboard.press("Tab")
    await page.keyboard.type(EMAILS["bram"])
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_text("Ingelogd als Bram Jansen")).to_be_visible()
    await expect(page.get_by_role("link", name=stored["reference"])).to_be_visible()
    assert await axe_violations(page) == []
    await screenshot(page, "console-queue")

    await page.get_by_role("link", name=stored["reference"]).click()
    await expect(page.get_by_text("Ik wil na acht jaar iets anders doen")).to_be_visible()
    assert await axe_violations(page) == []
    claim = page.get_by_role("button", name="Oppakken")
    for _ in range(30):
        await page.keyboard.press("Tab")
        if await claim.evaluate("button => button === document.activeElement"):
            break
    await page.keyboard.press("Enter")
    await expect(page.get_by_text("Status: Opgepakt")).to_be_visible()
    await screenshot(page, "console-intake")
    await context.close()
