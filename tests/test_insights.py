"""Insights for the career centre: after a set of persona conversations, /insights, its CSV
exports and the monthly report show exactly what the personas did; small counts are hidden
(also with filters combined); and no event row holds a user id, a conversation id or a typed
word. The page is checked in headless Chromium, with a screenshot in test-artifacts/."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from playwright.async_api import Browser, expect
from sqlalchemy import select

from advisors.accounts import Accounts
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from storage.tables import feedback_comments, insight_events
from tests.support.browser import axe_violations, screenshot
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.directline import SECRET, DirectLine
from tests.support.servers import serve
from tests.test_advisor_console import EMAILS, PASSWORD, sign_in
from tests.test_orientation import Employee
from tests.test_webchat_browser import browser  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
KEPT_COMMENT = "Fijn gesprek! Mail me gerust op jan.jansen@gemeente.example"
NOT_KEPT_COMMENT = "Te veel vragen voor mijn smaak"
TYPED = [
    "Ik wil na acht jaar bij Belastingen iets anders doen",
    "Ik wil leren leidinggeven aan een klein team",
    "wat is de klussenbank?",
]


@dataclass
class Centre:
    url: str
    settings: Settings
    conversations: list[str]


async def persona(
    employee: Employee,
    theme: str,
    question: str,
    *,
    stops_after_theme: bool = False,
    scans: bool = False,
    asks_about_a_product: bool = False,
    score: str | None = None,
    comment: str | None = None,
    keep_comment: bool = False,
    group: str | None = None,
) -> None:
    """One employee's conversation, from hello to the last optional question."""
    await employee.says("hoi", replies=3)
    await employee.clicks(theme, theme)
    if stops_after_theme:
        return
    await employee.says(question)
    await employee.clicks("medium", "Binnen een paar weken")
    await employee.says("sla over")
    if scans:  # drivers: variety, meaning, connection; talents: analysing, communicating, precision
        await employee.clicks("start", "Ja, doe de scan")
        await employee.says("afwisseling en zingeving")
        await employee.says("ja")
        await employee.clicks("connection", "Verbinding")
        await employee.says("ik ben goed in analyseren en schrijven")
        await employee.says("ja")
        await employee.clicks("precision", "Nauwkeurigheid", replies=5)
    else:
        await employee.says("Nee, sla over", replies=4)
    if asks_about_a_product:
        await employee.says(TYPED[2], replies=2)
    await employee.clicks("no", "Nee, dank je", replies=2)
    await employee.clicks(score or "skip", score or "Sla over")
    if score and comment:
        (consent,) = await employee.says(comment)
        assert consent.startswith("Mag het Carrièrecentrum je opmerking bewaren")
        choice = ("yes", "Ja, bewaar maar") if keep_comment else ("no", "Nee, liever niet")
        await employee.clicks(*choice)
    elif score:
        await employee.says("sla over")
    await employee.clicks(group or "skip", group or "Sla over")


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(
        database_url=sqlite_url, port=0, insights_min_count=1, direct_line_secret=SECRET
    )


@pytest.fixture
async def centre(
    settings: Settings, channel: Channel, sink: ConnectorSink
) -> AsyncIterator[Centre]:
    people = [Employee(channel, sink) for _ in range(4)]
    await persona(
        people[0],
        "internal_mobility",
        TYPED[0],
        scans=True,
        score="4",
        comment=KEPT_COMMENT,
        keep_comment=True,
        group="sociaal",
    )
    await persona(
        people[1],
        "internal_mobility",
        TYPED[0],
        asks_about_a_product=True,
        score="5",
        comment=NOT_KEPT_COMMENT,
        group="sociaal",
    )
    await persona(people[2], "development", TYPED[1], score="2")
    await persona(people[3], "development", TYPED[1], stops_after_theme=True)
    # And one in the web chat, who leaves after choosing a theme.
    web = DirectLine(channel.session, channel.bot_url)
    visitor = await web.start()
    await web.bot_says(visitor, 3)
    await web.send(visitor, "Ander werk", value={"koers_choice": "internal_mobility"})
    await web.bot_says(visitor)
    app = create_app(settings)
    async with serve(app) as url:
        accounts = Accounts(app[ENGINE])
        await accounts.set_password(EMAILS["anna"], PASSWORD)  # a coordinator
        await accounts.set_password(EMAILS["bram"], PASSWORD)  # an advisor
        yield Centre(url, settings, [*(person.conversation for person in people), visitor.id])


def period() -> str:
    today = datetime.now(UTC).date()
    return f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}"


async def table(
    session: aiohttp.ClientSession, url: str, name: str, query: str
) -> dict[str, list[str]]:
    async with session.get(f"{url}/insights/{name}.csv?{query}") as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "text/csv"
        rows = list(csv.reader(io.StringIO(await response.text())))
    return {row[0]: row[1:] for row in rows[1:]}


def client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def test_the_figures_are_what_the_personas_did(centre: Centre) -> None:
    async with client() as session:
        assert await sign_in(session, centre.url, EMAILS["anna"], PASSWORD) == 303
        query = period()
        themes = await table(session, centre.url, "themes", query)
        assert themes["Ander werk binnen de gemeente"] == ["3"]
        assert themes["Mezelf ontwikkelen"] == ["2"]
        assert themes["Ontdekken wat ik wil"] == ["0"]
        funnel = await table(session, centre.url, "funnel", query)
        assert [funnel[step][0] for step in funnel] == ["5", "5", "3", "3", "0"]
        assert funnel["Advies gekregen"] == ["3", "0.0"]
        drivers = await table(session, centre.url, "drivers", query)
        assert [name for name, row in drivers.items() if row == ["1"]] == [
            "Zingeving",
            "Verbinding",
            "Afwisseling",
        ]
        assert {row[0] for row in drivers.values()} == {"0", "1"}
        talents = await table(session, centre.url, "talents", query)
        assert talents["Nauwkeurigheid"] == ["1"] and talents["Analyseren"] == ["1"]
        stopped = await table(session, centre.url, "stopped", query)
        assert stopped["Thema gekozen"] == ["2"]
        satisfaction = await table(session, centre.url, "satisfaction", query)
        assert [satisfaction[s][0] for s in "12345"] == ["0", "1", "0", "1", "1"]
        assert satisfaction["mean"] == ["3.7"]
        groups = await table(session, centre.url, "groups", query)
        assert groups["Sociaal"] == ["2"] and groups["-"] == ["3"]
        products = await table(session, centre.url, "products", query)
        assert products["Klussenbank"][1] == "1"  # asked about once
        weekly = await table(session, centre.url, "weekly", query)
        assert list(weekly.values()) == [["4", "1"]]  # msteams, webchat
        # Filters combine: the Sociaal group in internal mobility.
        both = await table(session, centre.url, "themes", f"{query}&group=sociaal")
        assert both["Ander werk binnen de gemeente"] == ["2"] and both["Mezelf ontwikkelen"] == [
            "0"
        ]
        async with session.get(f"{centre.url}/insights?{query}") as response:
            page = await response.text()
        assert 'data-figure="conversations">5<' in page
        assert page.count('<svg class="chart"') >= 9
        # The one comment left with a yes, without the address; the other was not kept.
        assert "<li>Fijn gesprek! Mail me gerust op [e-mail]</li>" in page
        assert "jan.jansen" not in page and "Te veel vragen" not in page
    async with client() as session:
        assert await sign_in(session, centre.url, EMAILS["bram"], PASSWORD) == 303
        async with session.get(f"{centre.url}/advisor") as response:
            assert 'href="/insights"' not in await response.text()
        async with session.get(f"{centre.url}/insights") as response:
            assert response.status == 403  # advisors do not see the insights
        async with session.get(f"{centre.url}/insights/themes.csv") as response:
            assert response.status == 403


async def test_small_numbers_are_hidden_on_the_page_in_the_export_and_with_filters(
    centre: Centre,
) -> None:
    strict = create_app(centre.settings.with_changes(insights_min_count=3, auto_migrate=False))
    async with serve(strict) as url, client() as session:
        assert await sign_in(session, url, EMAILS["anna"], PASSWORD) == 303
        query = period()
        themes = await table(session, url, "themes", query)
        assert themes["Mezelf ontwikkelen"] == ["< 3"]
        # The only small cell of its column: the next smallest is hidden too, or it could be
        # worked out from the number of conversations.
        assert themes["Ander werk binnen de gemeente"] == ["—"]
        assert themes["Ontdekken wat ik wil"] == ["0"]  # a zero names nobody
        funnel = await table(session, url, "funnel", query)
        assert funnel["Gesprek begonnen"] == ["5", "0.0"]
        assert funnel["Vragen beantwoord"][0] == "3"
        assert funnel["Thema gekozen"] == ["5", "0.0"]
        assert funnel["Vragen beantwoord"][1] == "—"  # two of five dropped: hidden
        satisfaction = await table(session, url, "satisfaction", query)
        assert satisfaction["mean"] == ["3.7"]  # three answers: just enough
        assert [satisfaction[s][0] for s in "12345"] == ["0", "< 3", "0", "< 3", "< 3"]
        filtered = await table(session, url, "funnel", f"{query}&group=sociaal&channel=msteams")
        assert [row[0] for row in filtered.values()] == ["< 3", "< 3", "< 3", "< 3", "0"]
        async with session.get(f"{url}/insights?{query}&group=sociaal") as response:
            page = await response.text()
        assert 'data-figure="conversations">&lt; 3<' in page
        assert ">2<" not in page.split('data-table="themes"')[1].split("</table>")[0]
        assert "Fijn gesprek" not in page  # one comment is fewer than k


async def test_no_event_holds_an_id_or_a_typed_word(centre: Centre) -> None:
    app = create_app(centre.settings)
    async with serve(app), app[ENGINE].connect() as connection:
        rows = [dict(row._mapping) for row in (await connection.execute(select(insight_events)))]
        kept = [dict(row._mapping) for row in await connection.execute(select(feedback_comments))]
    assert len(rows) > 30
    assert set(rows[0]) == {"id", "journey", "at", "kind", "value", "channel", "language"}
    text = repr(rows).lower()
    for forbidden in [*centre.conversations, "user-1", "employee", *TYPED, "fijn gesprek"]:
        assert forbidden.lower() not in text
    for word in ("belastingen", "leidinggeven", "acht jaar"):
        assert word not in text
    assert len({row["journey"] for row in rows}) == 5
    assert [row["text"] for row in kept] == ["Fijn gesprek! Mail me gerust op [e-mail]"]
    assert set(kept[0]) == {"id", "day", "text"}  # linked to nothing


async def test_the_monthly_report_is_one_self_contained_file(
    centre: Centre, tmp_path: Path
) -> None:
    month = datetime.now(UTC).strftime("%Y-%m")
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "app.py", "report", "--month", month, "--out", str(tmp_path)],
        env={"DATABASE_URL": centre.settings.database_url, "INSIGHTS_MIN_COUNT": "6", "PATH": ""},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = (tmp_path / f"koers-insights-{month}.html").read_text(encoding="utf-8")
    assert "<style>" in report and "http" not in report.split("<body>")[1].replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert report.count('<svg class="chart"') >= 9
    assert 'data-figure="conversations">&lt; 6<' in report  # five conversations, k = 6
    bad = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "app.py", "report", "--month", "november"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "--month must look like 2026-11" in bad.stderr


async def test_the_insights_page_in_chromium(
    centre: Centre,
    browser: Browser,  # noqa: F811
) -> None:
    context = await browser.new_context(locale="nl-NL", viewport={"width": 1200, "height": 1800})
    page = await context.new_page()
    await page.goto(f"{centre.url}/advisor/sign-in")
    await page.get_by_label("E-mailadres").fill(EMAILS["anna"])
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await expect(page.get_by_text("Ingelogd als")).to_be_visible()
    await expect(page.get_by_role("link", name="Inzichten")).to_be_visible()
    await page.goto(f"{centre.url}/insights?{period()}")
    await expect(page.get_by_role("heading", name="Thema's")).to_be_visible()
    assert await page.locator("svg.chart").count() >= 9
    assert await page.locator('[data-figure="conversations"]').inner_text() == "5"
    row = page.locator('table[data-table="themes"] tr', has_text="Ander werk binnen de gemeente")
    assert await row.locator("td").inner_text() == "3"
    await screenshot(page, "insights")
    assert await axe_violations(page) == []
