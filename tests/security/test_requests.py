"""Hostile requests: forged, expired and borrowed tokens (Direct Line, export links, the
channel's JWT), an advisor reaching for what is not theirs, paths that climb out of their
folder, and bodies that are too big, too deep or not JSON. Every answer must be a 4xx without
a stack trace; each is counted for the summary."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from advisors.accounts import Accounts
from advisors.intake_store import IntakeStore
from advisors.queue import Change, IntakeQueue
from advisors.roster import AdvisorStore
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from server.tokens import Purpose, TokenSigner
from tests.security.ledger import refused_with_4xx
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.directline import SECRET, DirectLine
from tests.support.openid import new_key, openid_server
from tests.support.servers import serve
from tests.test_advisor_console import EMAILS, PASSWORD, browser, sign_in
from tests.test_advisors import intake
from webchat.service import WEBCHAT

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
MINUTE = timedelta(minutes=1)


@dataclass
class Koers:
    url: str
    app: web.Application
    session: aiohttp.ClientSession

    async def call(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
        encoded: bool = False,
    ) -> tuple[int, str]:
        target = URL(self.url + path, encoded=True) if encoded else self.url + path
        async with self.session.request(
            method, target, headers=headers or {}, data=data, allow_redirects=False
        ) as response:
            return response.status, (await response.read()).decode("utf-8", "replace")


@pytest.fixture
async def koers(settings: Settings) -> AsyncIterator[Koers]:
    app = create_app(
        settings.with_changes(
            direct_line_secret=SECRET,
            outbox_interval_seconds=0,
            requests_per_address_per_minute=100_000,
        )
    )
    async with serve(app) as url, aiohttp.ClientSession() as session:
        yield Koers(url, app, session)


def _tampered(token: str, conversation_id: str) -> str:
    """The token with another conversation in its claims and its own signature kept."""
    payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["c"] = conversation_id
    raw = json.dumps(claims, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode() + "." + signature


async def test_forged_expired_and_borrowed_direct_line_tokens(koers: Koers) -> None:
    dl = DirectLine(koers.session, koers.url)
    mine, theirs = await dl.start(), await dl.start()
    webchat = koers.app[WEBCHAT]
    now = webchat.now()
    signer = await webchat.signer()
    stranger = TokenSigner(b"another key of thirty-two bytes!")
    theirs_user = (await webchat.log.conversation(theirs.id)).user_id  # type: ignore[union-attr]
    stream_token = await webchat.stream_token(mine.id, "x")
    forged = {
        "no token": None,
        "garbage": "garbage",
        "two dots": "a.b.c",
        "other key": stranger.issue(Purpose.DIRECT_LINE, theirs.id, theirs_user, now, MINUTE),
        "tampered claims": _tampered(mine.token, theirs.id),
        "expired": signer.issue(
            Purpose.DIRECT_LINE, theirs.id, theirs_user, now - timedelta(hours=2), MINUTE
        ),
        "stream token as bearer": stream_token,
        "visitor cookie as bearer": signer.issue(
            Purpose.VISITOR, theirs.id, theirs_user, now, timedelta(days=1)
        ),
        "export link as bearer": signer.issue(
            Purpose.EXPORT, theirs.id, json.dumps(["webchat", theirs_user]), now, MINUTE
        ),
        "another conversation's token": mine.token,
        "the secret, misspelled": SECRET + "x",
    }
    activity = json.dumps({"type": "message", "text": "hallo"}).encode()
    for name, token in forged.items():
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        base = f"/v3/directline/conversations/{theirs.id}"
        for method, path, body in (
            ("GET", base + "/activities", None),
            ("POST", base + "/activities", activity),
            ("GET", base, None),
            ("POST", "/v3/directline/tokens/refresh", None),
        ):
            if path.endswith("refresh") and name == "another conversation's token":
                continue  # a valid token of one's own conversation may be refreshed
            status, text = await koers.call(method, path, headers=headers, data=body)
            refused_with_4xx("forged/expired/borrowed Direct Line token", status, text)
    # A stream address is bound to its conversation and expires.
    for token in (
        stream_token,
        signer.issue(Purpose.STREAM, theirs.id, "x", now - timedelta(hours=1), MINUTE),
        mine.token,
    ):
        status, text = await koers.call(
            "GET", f"/v3/directline/conversations/{theirs.id}/stream?t={token}"
        )
        refused_with_4xx("forged/expired/borrowed Direct Line token", status, text)
    # Export links: forged, expired, or another kind of token.
    for token in (
        "x.y",
        signer.issue(
            Purpose.EXPORT, theirs.id, '["webchat","u"]', now - timedelta(1), timedelta(0)
        ),
        mine.token,
        stream_token,
        _tampered(mine.token, theirs.id),
    ):
        status, text = await koers.call("GET", f"/privacy/export?t={token}")
        refused_with_4xx("forged/expired export link", status, text)


def _unsigned(audience: str, service_url: str) -> str:
    """A token that says it needs no signature ("alg": "none")."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    claims = {"iss": "https://api.botframework.com", "aud": audience, "serviceurl": service_url}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_bad_channel_tokens_on_the_messages_endpoint(
    settings: Settings, sink: ConnectorSink
) -> None:
    with openid_server() as keys:
        app = create_app(
            settings.with_changes(
                app_id=APP_ID, app_password="not-used", openid_metadata_url=keys.url
            )
        )
        async with serve(app) as url, aiohttp.ClientSession() as session:
            channel = Channel(session, url, sink.url)
            service = channel.service_url
            tokens = {
                "none": None,
                "garbage": "garbage",
                "alg none": _unsigned(APP_ID, service),
                "expired": keys.token(APP_ID, service, lifetime=-3600),
                "wrong audience": keys.token("another-bot", service),
                "bad signature": keys.token(APP_ID, service, signed_with=new_key()),
                "wrong issuer": keys.token(APP_ID, service, issuer="https://evil.example"),
                "other service url": keys.token(APP_ID, "https://evil.example"),
            }
            for token in tokens.values():
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                status, body = await channel.post(channel.message("c-1", "hoi"), headers=headers)
                refused_with_4xx("bad JWT on /api/messages", status, json.dumps(body))
            assert sink.calls == []  # nothing was answered


async def test_an_advisor_cannot_reach_for_what_is_not_theirs(koers: Koers) -> None:
    engine = koers.app[ENGINE]
    accounts = Accounts(engine)
    tokens = {}
    for name, email in EMAILS.items():
        await accounts.set_password(email, PASSWORD)
        tokens[name] = await accounts.new_token(email)
    brams, new = intake(), intake()
    for one in (brams, new):
        await IntakeStore(engine).add(one)
    bram = await AdvisorStore(engine).get("bram")
    assert bram is not None
    await IntakeQueue(engine).change(bram, brams["id"], Change(assignee="bram"))

    chantal = {"Authorization": f"Bearer {tokens['chantal']}", "Content-Type": "application/json"}
    api = "/api/advisor/intakes"

    def patch(body: dict[str, Any]) -> bytes:
        return json.dumps(body).encode()

    attempts: list[tuple[str, str, dict[str, str], bytes | None]] = [
        ("GET", f"{api}/{brams['id']}", chantal, None),
        ("PATCH", f"{api}/{brams['id']}", chantal, patch({"status": "closed"})),
        ("PATCH", f"{api}/{brams['id']}", chantal, patch({"note": "meegelezen"})),
        ("PATCH", f"{api}/{brams['id']}", chantal, patch({"assignee": "chantal"})),
        ("PATCH", f"{api}/{new['id']}", chantal, patch({"assignee": "bram"})),
        ("PATCH", f"{api}/{new['id']}", chantal, patch({"status": "withdrawn"})),
        ("PATCH", f"{api}/{new['id']}", chantal, patch({"role": "coordinator", "assignee": 7})),
        ("GET", f"{api}/{uuid.uuid4()}", chantal, None),
        ("GET", f"{api}/..%2F..%2Fetc%2Fpasswd", chantal, None),
        ("GET", api, {}, None),
        ("GET", api, {"Authorization": "Bearer not-a-token"}, None),
        ("GET", api, {"Authorization": f"Basic {tokens['anna']}"}, None),
    ]
    for method, path, headers, body in attempts:
        status, text = await koers.call(method, path, headers=headers, data=body, encoded=True)
        refused_with_4xx("role escalation/IDOR (API)", status, text)

    async with browser() as console:
        assert await sign_in(console, koers.url, EMAILS["chantal"], PASSWORD) == 303
        page = f"{koers.url}/advisor/intakes"
        async with console.get(f"{page}/{new['id']}") as response:
            csrf = (await response.text()).split('name="csrf" value="')[1].split('"')[0]
        forms: list[tuple[str, str, dict[str, str] | None]] = [
            ("GET", f"{page}/{brams['id']}", None),
            ("GET", f"{page}/{brams['id']}.json", None),
            ("POST", f"{page}/{brams['id']}", {"action": "close", "csrf": csrf,
                                                "closing_reason": "x"}),
            ("POST", f"{page}/{new['id']}", {"action": "assign", "csrf": csrf, "assignee": "bram"}),
            ("POST", f"{page}/{new['id']}", {"action": "claim", "csrf": "vervalst"}),
            ("GET", f"{page}/{new['id']}/employee.json", None),
            ("POST", f"{page}/{new['id']}/employee/erase", {"csrf": csrf, "confirm": "yes"}),
            ("GET", f"{koers.url}/advisor/find?reference={brams['reference']}", None),
        ]  # fmt: skip
        for method, url, form in forms:
            async with console.request(method, url, data=form, allow_redirects=False) as response:
                text = await response.text()
                if response.status == 303:  # the change was refused and the page says why
                    assert "error=" in response.headers["Location"]
                    response_status = 422
                else:
                    response_status = response.status
                refused_with_4xx("role escalation/IDOR (console)", response_status, text)
    async with engine.connect() as connection:
        from sqlalchemy import select

        from storage.tables import intakes

        rows = {r.id: r for r in await connection.execute(select(intakes))}
    assert rows[brams["id"]].assignee == "bram" and rows[brams["id"]].status == "claimed"
    assert rows[new["id"]].assignee is None and rows[new["id"]].status == "new"


TRAVERSALS = [
    "/chat/static/../../app.py",
    "/chat/static/..%2f..%2fapp.py",
    "/chat/static/%2e%2e%2f%2e%2e%2fapp.py",
    "/chat/static/..%5c..%5capp.py",
    "/chat/static/%252e%252e%252fapp.py",
    "/chat/static/chat.js%00.txt",
    "/chat/static/",
    "/chat/static/.",
    "/chat/vendor/..%2F..%2Fpackage.json",
    "/chat/vendor/..%2F..%2F..%2Fetc%2Fpasswd",
    "/chat/vendor/%2e%2e/%2e%2e/package.json",
    "/chat/logo/..%2f..%2fapp.py",
    "/advisor/console.css/..%2f..%2fapp.py",
    "/embed.js/..%2f..%2fapp.py",
    "/privacy/export/..%2f..%2fapp.py",
    "/privacy/export?t=..%2F..%2Fetc%2Fpasswd",
    "/privacy/export?t=%2Fetc%2Fpasswd",
    "/advisor/intakes/..%2F..%2Fetc%2Fpasswd.json",
    "/%2e%2e/%2e%2e/etc/passwd",
    "//etc/passwd",
    "/profile.png?d=..%2F..%2Fetc%2Fpasswd&t=x&lang=nl",
    "/chat/static/....//....//app.py",
]
# What a file from outside the served folders would give away.
LEAKED = ("root:x:0", "def create_app", '"name": "koers"', "import ", "[tool.")


async def test_paths_cannot_climb_out_of_their_folder(koers: Koers) -> None:
    async with browser() as console:
        assert await sign_in(console, koers.url, EMAILS["anna"], PASSWORD) in {303, 401}
    for path in TRAVERSALS:
        status, text = await koers.call("GET", path, encoded=True)
        assert not any(leak in text for leak in LEAKED), path
        if status in {303, 307, 308}:  # the console sends a stranger to its sign-in page
            status = 401
        refused_with_4xx("path traversal (static and export routes)", status, text)


async def test_bodies_too_big_too_deep_or_not_json(koers: Koers) -> None:
    dl = DirectLine(koers.session, koers.url)
    conversation = await dl.start()
    engine = koers.app[ENGINE]
    await Accounts(engine).set_password(EMAILS["anna"], PASSWORD)
    api_token = await Accounts(engine).new_token(EMAILS["anna"])
    one = intake()
    await IntakeStore(engine).add(one)
    too_big = b'{"type":"message","text":"' + b"a" * (300 * 1024) + b'"}'
    deep = b'{"type":"message","value":' + b"[" * 20_000 + b"]" * 20_000 + b"}"
    deep_object = b'{"a":' * 5_000 + b"1" + b"}" * 5_000
    not_utf8 = b'{"type":"message","text":"\xff\xfe\xfa"}'
    not_json = b"type=message&text=hallo"
    targets = {
        "/api/messages": {"Content-Type": "application/json"},
        f"/v3/directline/conversations/{conversation.id}/activities": {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {conversation.token}",
        },
        "/chat/session": {"Content-Type": "application/json"},
        f"/api/advisor/intakes/{one['id']}": {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {api_token}",
        },
    }
    for path, headers in targets.items():
        method = "PATCH" if path.startswith("/api/advisor") else "POST"
        bodies = [too_big, deep, deep_object, not_utf8, not_json]
        if path == "/chat/session":
            bodies = [too_big]  # it answers anything else with a new conversation
        for body in bodies:
            status, text = await koers.call(method, path, headers=headers, data=body)
            kind = "oversized JSON" if body is too_big else "deeply nested or broken JSON"
            refused_with_4xx(kind, status, text)
    status, text = await koers.call(
        "POST",
        "/advisor/sign-in",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        data=b"email=" + b"a" * (300 * 1024),
    )
    refused_with_4xx("oversized JSON", status, text)
    status, text = await koers.call("GET", "/healthz")
    assert status == 200  # and Koers is still there


async def test_a_flood_from_one_address_gets_429_and_others_go_on(settings: Settings) -> None:
    app = create_app(
        settings.with_changes(
            requests_per_address_per_minute=20, client_address_header="X-Forwarded-For"
        )
    )
    async with serve(app) as url, aiohttp.ClientSession() as session:
        koers = Koers(url, app, session)
        flood = {"Content-Type": "application/json", "X-Forwarded-For": "10.0.0.66"}
        statuses = []
        for _ in range(25):
            status, text = await koers.call("POST", "/chat/session", headers=flood, data=b"{}")
            statuses.append(status)
            if status == 429:
                refused_with_4xx("flood from one address", status, text)
        assert statuses[:20] == [200] * 20 and set(statuses[20:]) == {429}
        async with session.post(f"{url}/chat/session", headers=flood, data=b"{}") as response:
            assert int(response.headers["Retry-After"]) >= 1
        other = {"Content-Type": "application/json", "X-Forwarded-For": "10.0.0.7, 10.0.0.1"}
        status, _ = await koers.call("POST", "/chat/session", headers=other, data=b"{}")
        assert status == 200  # a colleague behind the same balancer is not held back


async def test_every_answer_carries_the_safe_headers(koers: Koers) -> None:
    for path in ("/healthz", "/api/messages", "/v3/directline/conversations/x", "/nowhere"):
        async with koers.session.get(koers.url + path) as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff", path
            assert "default-src 'none'" in response.headers["Content-Security-Policy"], path
            assert response.headers["Referrer-Policy"] == "no-referrer", path
    async with koers.session.get(koers.url + "/chat") as response:
        policy = response.headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy and "script-src 'self';" in policy
        assert "frame-ancestors 'self'" in policy


async def test_a_request_that_takes_too_long_gets_503(settings: Settings) -> None:
    async def slow_connector(request: web.Request) -> web.Response:
        await asyncio.sleep(3)  # a channel's connector that hangs
        return web.json_response({"id": "late"})

    connector = web.Application()
    connector.router.add_post("/v3/conversations/{conversation}/activities", slow_connector)
    connector.router.add_post(
        "/v3/conversations/{conversation}/activities/{activity}", slow_connector
    )
    app = create_app(settings.with_changes(request_timeout_seconds=1))
    async with (
        serve(connector) as connector_url,
        serve(app) as url,
        aiohttp.ClientSession() as session,
    ):
        channel = Channel(session, url, connector_url)
        status, body = await channel.post(channel.message("c-slow", "hoi"))
        assert status == 503 and body["error"]["code"] == "timeout"
        async with session.get(f"{url}/healthz") as response:
            assert response.status == 200  # Koers itself is fine
