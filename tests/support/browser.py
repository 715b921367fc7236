"""Headless Chromium (Debian's package) driven by Playwright, and what the browser tests share."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Frame, Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent.parent
# Screenshots the browser tests take: kept after the run, for a person to look at.
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Without the network flags Chromium calls out to Google services this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


async def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=False)


async def axe_violations(target: Page | Frame, *, iframes: bool = True) -> list[str]:
    """What axe-core (npm) finds against WCAG 2.1 A and AA, one line per violation and node.
    Evaluated through the DevTools protocol, so the page's CSP stays as strict as it is."""
    await target.evaluate(AXE.read_text(encoding="utf-8"))
    result = await target.evaluate(
        """async ([tags, iframes]) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    iframes});
            return result.violations.map(v => v.nodes.map(
                n => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.failureSummary}`)).flat();
        }""",
        [WCAG_21_AA, iframes],
    )
    return list(result)


@contextlib.asynccontextmanager
async def launched_chromium() -> AsyncIterator[Browser]:
    """Debian's headless Chromium under Playwright; fails the test when it is not installed."""
    executable = chromium_path()
    if executable is None:
        pytest.fail("Chromium is not installed: `make test` installs Debian's chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()
