"""The advisors' console (/advisor) and JSON API (/api/advisor) over real HTTP: sign-in with
lock-out, sessions and CSRF, who sees which intake, the status flow, notes, export, audit."""

from __future__ import annotations

import html
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select

from advisors.accounts import Accounts
from advisors.audit import trail
from advisors.intake import validate
from advisors.intake_store import ADVISOR_MAIL, IntakeStore
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from storage.tables import outbox
from tests.support.servers import serve
from tests.test_advisor_mail import CATALOGUE_PAYLOADS, Clock
from tests.test_advisors import intake

PASSWORD = "een lang wachtwoord voor de test"


EMAILS = {
    "anna": "anna.devries@gemeente.example",
    "bram": "bram.jansen@gemeente.example",
    "chantal": "chantal.bakker@gemeente.example",
}


@dataclass
class Centre:
    url: str
    app: web.Application
    clock: Clock
    tokens: dict[str, str]

    async def intake(
        self, profile: dict[str, list[str]] | None = None, **fields: object
    ) -> dict[str, Any]:
        stored = intake(at=self.clock.now)
        stored["question"].update(fields)
        if profile is not None:
            stored["profile"] = profile
        await IntakeStore(self.app[ENGINE]).add(stored, {"conversation": {"id": "x"}})
        return stored


@pytest.fixture
async def centre(settings: Settings) -> AsyncIterator[Centre]:
    clock = Clock()
    app = create_app(settings.with_changes(outbox_interval_seconds=0), clock=clock)
    async with serve(app) as url:
        accounts = Accounts(app[ENGINE], clock)
        tokens = {}
        for name, email in EMAILS.items():
            await accounts.set_password(email, PASSWORD)
            tokens[name] = await accounts.new_token(email)
        yield Centre(url, app, clock, tokens)


def browser() -> aiohttp.ClientSession:
    """A client that keeps cookies for 127.0.0.1 like a browser does."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def api(
    session: aiohttp.ClientSession, method: str, url: str, token: str | None, body: object = None
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with session.request(method, url, json=body, headers=headers) as response:
        return response.status, await response.json()


async def test_the_api_lets_each_advisor_see_and_change_only_what_is_theirs(
    centre: Centre,
) -> None:
    first = await centre.intake()
    path = f"{centre.url}/api/advisor/intakes"
    one = f"{path}/{first['id']}"
    async with aiohttp.ClientSession() as session:
        status, body = await api(session, "GET", path, None)
        assert status == 401 and body["error"]["code"] == "unauthorized"
        status, body = await api(session, "GET", path, "not-a-token")
        assert status == 401

        status, listed = await api(session, "GET", path, centre.tokens["bram"])
        assert status == 200
        assert [i["reference"] for i in listed["intakes"]] == [first["reference"]]

        status, claimed = await api(
            session, "PATCH", one, centre.tokens["bram"], {"assignee": "bram"}
        )
        assert (status, claimed["status"], claimed["assignee"]) == (200, "claimed", "bram")

        for method, body in (("GET", None), ("PATCH", {"note": "mag ik?"})):
            status, refused = await api(session, method, one, centre.tokens["chantal"], body)
            assert (status, refused["error"]["code"]) == (403, "forbidden")
        status, listed = await api(session, "GET", path, centre.tokens["chantal"])
        assert listed["intakes"] == []

        status, _ = await api(session, "GET", f"{path}/nope", centre.tokens["bram"])
        assert status == 404
        for change, reason in [
            ({"status": "closed"}, "closing needs a reason"),
            ({"status": "done"}, "status must be one of"),
            ({"status": "new"}, "cannot become new"),
            ({"assignee": "chantal"}, "only a coordinator"),
            ({"colour": "blue"}, "unknown field"),
            ({"note": ""}, "a note needs"),
        ]:
            status, refused = await api(session, "PATCH", one, centre.tokens["bram"], change)
            assert status == 422, change
            assert reason in refused["error"]["message"], refused

        status, _ = await api(session, "PATCH", one, centre.tokens["bram"], {"status": "contacted"})
        assert status == 200
        status, closed = await api(
            session,
            "PATCH",
            one,
            centre.tokens["bram"],
            {"status": "closed", "closing_reason": "loopbaangesprek gepland", "note": "Gebeld."},
        )
        assert (status, closed["status"]) == (200, "closed")

        status, seen = await api(session, "GET", one, centre.tokens["anna"])  # coordinator
        assert status == 200 and seen["closing_reason"] == "loopbaangesprek gepland"
        assert seen["notes"][0]["text"] == "Gebeld."
        validate(seen["intake"])

    steps = [
        (line["actor"], line["action"]) for line in await trail(centre.app[ENGINE], first["id"])
    ]
    assert steps == [
        ("koers", "stored"),
        ("koers", "proposed"),
        ("bram", "claimed"),
        ("bram", "status"),
        ("bram", "status"),
        ("bram", "note"),
        ("anna", "read"),
    ]


async def sign_in(session: aiohttp.ClientSession, url: str, email: str, password: str) -> int:
    async with session.get(f"{url}/advisor/sign-in") as response:
        page = await response.text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    async with session.post(
        f"{url}/advisor/sign-in",
        data={"csrf": csrf.group(1), "email": email, "password": password},
        allow_redirects=False,
    ) as response:
        return response.status


async def test_sign_in_is_slowed_and_locked_and_a_tampered_cookie_signs_out(
    centre: Centre,
) -> None:
    async with browser() as session:
        async with session.get(f"{centre.url}/advisor", allow_redirects=False) as response:
            assert response.status == 303
            assert response.headers["Location"] == "/advisor/sign-in"
        assert await sign_in(session, centre.url, EMAILS["bram"], "fout") == 401
        assert await sign_in(session, centre.url, "niemand@gemeente.example", PASSWORD) == 401
        for _ in range(4):
            assert await sign_in(session, centre.url, EMAILS["bram"], "fout") == 401
        # Five failures in a row: locked, even with the right password.
        assert await sign_in(session, centre.url, EMAILS["bram"], PASSWORD) == 401
        centre.clock.now += timedelta(minutes=16)
        assert await sign_in(session, centre.url, EMAILS["bram"], PASSWORD) == 303
        async with session.get(f"{centre.url}/advisor") as response:
            assert response.status == 200
            assert "Ingelogd als Bram Jansen" in await response.text()

        session.cookie_jar.clear()
        session.cookie_jar.update_cookies({"koers_advisor": "vervalst"})
        async with session.get(f"{centre.url}/advisor", allow_redirects=False) as response:
            assert response.status == 303


async def test_an_advisor_works_an_intake_in_the_console(centre: Centre) -> None:
    payload = CATALOGUE_PAYLOADS[0]
    first = await centre.intake(text=f"Mijn vraag {payload}")
    async with browser() as session:
        assert await sign_in(session, centre.url, EMAILS["bram"], PASSWORD) == 303
        async with session.get(f"{centre.url}/advisor?status=new") as response:
            queue = await response.text()
        assert first["reference"] in queue
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]

        page_url = f"{centre.url}/advisor/intakes/{first['id']}"
        async with session.get(page_url) as response:
            page = await response.text()
        assert "Ander werk binnen de gemeente" in page
        assert payload not in page and "Mijn vraag &lt;img src=x onerror=" in page
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert csrf is not None

        async with session.post(page_url, data={"action": "claim", "csrf": "fout"}) as response:
            assert response.status == 403  # a forged form does nothing
        async with session.post(
            page_url, data={"action": "claim", "csrf": csrf.group(1)}
        ) as response:
            assert response.status == 200
            assert "Opgepakt" in await response.text()
        async with session.post(
            page_url, data={"action": "close", "csrf": csrf.group(1), "closing_reason": ""}
        ) as response:
            assert "Dat kan niet: closing needs a reason" in await response.text()
        async with session.post(
            page_url,
            data={"action": "close", "csrf": csrf.group(1), "closing_reason": "Geholpen"},
        ) as response:
            assert "Afgesloten" in await response.text()

        async with session.get(f"{page_url}.json") as response:
            assert response.headers["Content-Disposition"].startswith("attachment")
            exported = json.loads(await response.text())
        validate(exported)
        assert exported["id"] == first["id"]
        async with session.get(f"{page_url}?print=1") as response:
            printable = await response.text()
        assert "Oppakken" not in printable and "Ander werk binnen de gemeente" in printable


async def test_everything_the_employee_typed_is_escaped_in_the_console(centre: Centre) -> None:
    # The question, and a driver in the employee's own words from the self-scan.
    stored = [
        await centre.intake(text=payload, profile={"drivers_own_words": [payload]})
        for payload in CATALOGUE_PAYLOADS
    ]
    async with aiohttp.ClientSession() as session:
        await api(session, "GET", f"{centre.url}/api/advisor/intakes", centre.tokens["anna"])
    async with browser() as session:
        assert await sign_in(session, centre.url, EMAILS["anna"], PASSWORD) == 303
        for intake_data, payload in zip(stored, CATALOGUE_PAYLOADS, strict=True):
            async with session.get(f"{centre.url}/advisor/intakes/{intake_data['id']}") as page:
                text = await page.text()
            if any(mark in payload for mark in "<>&\"'"):
                assert payload not in text, payload
            assert html.escape(payload) in text, payload
            assert f"“{html.escape(payload)}”" in text, payload  # the driver, in quotes
            assert "<script" not in text


async def test_an_advisor_hands_back_and_a_coordinator_assigns(centre: Centre) -> None:
    first = await centre.intake()
    one = f"{centre.url}/api/advisor/intakes/{first['id']}"
    async with aiohttp.ClientSession() as session:
        status, claimed = await api(
            session, "PATCH", one, centre.tokens["bram"], {"assignee": "bram"}
        )
        assert (status, claimed["assignee"]) == (200, "bram")
        status, back = await api(session, "PATCH", one, centre.tokens["bram"], {"assignee": None})
        assert (status, back["status"], back["assignee"]) == (200, "new", None)
        status, refused = await api(
            session, "PATCH", one, centre.tokens["bram"], {"assignee": None}
        )
        assert status == 422 and "nobody has this intake" in refused["error"]["message"]

        status, given = await api(
            session, "PATCH", one, centre.tokens["anna"], {"assignee": "chantal"}
        )
        assert (status, given["status"], given["assignee"]) == (200, "claimed", "chantal")
        status, _ = await api(session, "GET", one, centre.tokens["bram"])
        assert status == 403  # chantal's now
        status, mine = await api(
            session, "GET", f"{centre.url}/api/advisor/intakes?mine=1", centre.tokens["chantal"]
        )
        assert [i["id"] for i in mine["intakes"]] == [first["id"]]
        status, bad = await api(
            session, "GET", f"{centre.url}/api/advisor/intakes?status=lost", centre.tokens["anna"]
        )
        assert status == 422 and bad["error"]["code"] == "invalid_filter"

    steps = [
        (line["actor"], line["action"], line["detail"])
        for line in await trail(centre.app[ENGINE], first["id"])
    ]
    assert ("bram", "handed_back", "") in steps
    assert ("anna", "assigned", "chantal") in steps
    async with centre.app[ENGINE].connect() as connection:
        mails = await connection.execute(
            select(outbox.c.id).where(
                outbox.c.intake_id == first["id"], outbox.c.kind == ADVISOR_MAIL
            )
        )
        assert len(mails.all()) == 2  # the proposed advisor's, and chantal's when she got it
