"""Koers' own Direct Line 3.0 over real HTTP and WebSocket: conversations, tokens, the stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from app import create_app
from server.settings import Settings
from tests.support.directline import SECRET, Conversation, DirectLine, read_frames
from tests.support.servers import serve

# A wish long enough to be the question itself (a shorter one gets "Wil je daar iets meer
# over vertellen?").
WISH = "Ik wil graag een andere baan binnen de gemeente, het liefst iets met data en meer vrijheid"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def webchat_settings(database_url: str, **changes: object) -> Settings:
    return Settings(
        database_url=database_url,
        port=0,
        direct_line_secret=SECRET,
        token_key="a key for the tests, long enough",
        webchat_keepalive_seconds=0.3,
    ).with_changes(**changes)


@pytest.fixture
async def direct_line(sqlite_url: str, clock: Clock) -> AsyncIterator[DirectLine]:
    async with (
        serve(create_app(webchat_settings(sqlite_url), clock=clock)) as url,
        aiohttp.ClientSession() as session,
    ):
        yield DirectLine(session, url)


async def test_a_conversation_is_greeted_and_answered_on_both_databases(
    database_url: str,
) -> None:
    async with (
        serve(create_app(webchat_settings(database_url))) as url,
        aiohttp.ClientSession() as session,
    ):
        dl = DirectLine(session, url)
        conversation = await dl.start(user={"id": "employee-7"}, locale="nl-NL")
        greeting = await dl.bot_says(conversation, 3)
        assert greeting[0].startswith("Hoi! Ik ben Koers")
        assert "geen mens" in greeting[0]

        sent_id = await dl.send(
            conversation,
            WISH,
            channelData={"clientActivityID": "c-1"},
        )
        (question,) = await dl.bot_says(conversation)
        assert question.startswith("Hoe dringend is je vraag")

        echo = next(a for a in conversation.seen if a["id"] == sent_id)
        assert echo["from"] == {"id": "employee-7", "role": "user"}  # from.id is the token's
        assert echo["text"] == WISH
        assert echo["channelData"] == {"clientActivityID": "c-1"}
        ids = [a["id"] for a in conversation.seen]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
        assert conversation.watermark == len(ids)


async def test_tokens_are_made_with_the_secret_bound_to_one_conversation_and_refreshed(
    direct_line: DirectLine,
) -> None:
    status, made = await direct_line.call("POST", "/tokens/generate", body={"user": {"id": "u-1"}})
    assert status == 200
    assert set(made) == {"conversationId", "token", "expires_in"}
    assert made["expires_in"] == 1800
    assert SECRET not in json.dumps(made)

    status, started = await direct_line.call("POST", "/conversations", made["token"])
    assert status == 201
    assert started["conversationId"] == made["conversationId"]
    status, again = await direct_line.call("POST", "/conversations", made["token"])
    assert status == 200
    assert again["conversationId"] == made["conversationId"]

    status, refreshed = await direct_line.call("POST", "/tokens/refresh", made["token"])
    assert status == 200
    assert refreshed["conversationId"] == made["conversationId"]
    conversation = Conversation(made["conversationId"], refreshed["token"], "")
    await direct_line.send(conversation, "hallo")
    said = [a for a in await direct_line.poll(conversation) if a.get("text") == "hallo"]
    assert said[-1]["from"]["id"] == "u-1"

    status, denied = await direct_line.call("POST", "/tokens/generate", made["token"])
    assert status == 403
    assert denied["error"]["code"] == "forbidden"


async def test_the_stream_pushes_everything_once_and_a_reconnect_continues_at_its_watermark(
    direct_line: DirectLine,
) -> None:
    conversation = await direct_line.start()
    async with direct_line.session.ws_connect(conversation.stream_url) as socket:
        greeting = await read_frames(socket, 3)
        assert greeting[0]["text"].startswith("Hoi!")
        await direct_line.send(
            conversation,
            WISH,
        )
        echo, question = await read_frames(socket, 2)
        assert echo["from"]["role"] == "user"
        assert question["text"].startswith("Hoe dringend is je vraag")
        # An idle stream gets empty keep-alive frames.
        keepalive = await socket.receive(timeout=5)
        assert keepalive.data == ""
        watermark = int(question["id"].split("|")[1])

    # Meanwhile the page was offline: the employee's next message was posted by another tab.
    await direct_line.send(conversation, "Binnen een paar weken")
    status, reconnect = await direct_line.call(
        "GET", f"/conversations/{conversation.id}?watermark={watermark}", conversation.token
    )
    assert status == 200
    async with direct_line.session.ws_connect(reconnect["streamUrl"]) as socket:
        missed = await read_frames(socket, 2)
    assert [a["id"] for a in missed] == [
        f"{conversation.id}|{watermark + 1:07d}",
        f"{conversation.id}|{watermark + 2:07d}",
    ]
    assert missed[0]["text"] == "Binnen een paar weken"
    assert missed[1]["text"].startswith("Wat voor werk doe je nu")


async def test_a_restart_loses_nothing(sqlite_url: str) -> None:
    settings = webchat_settings(sqlite_url)
    async with aiohttp.ClientSession() as session:
        async with serve(create_app(settings)) as url:
            dl = DirectLine(session, url)
            conversation = await dl.start()
            await dl.send(
                conversation,
                WISH,
            )
            before = await dl.bot_says(conversation, 4)
        async with serve(create_app(settings)) as url:
            dl = DirectLine(session, url)
            history = Conversation(conversation.id, conversation.token, "")
            await dl.poll(history)
            assert history.bot_texts() == before
            await dl.send(history, "Binnen een paar weken")
            (work,) = await dl.bot_says(history)
            assert work.startswith("Wat voor werk doe je nu")


async def test_proactive_messages_reach_the_conversation(sqlite_url: str) -> None:
    from botbuilder.core import MessageFactory, TurnContext
    from botbuilder.schema import ConversationAccount, ConversationReference

    from webchat.service import WEBCHAT

    app = create_app(webchat_settings(sqlite_url))
    async with serve(app) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        conversation = await dl.start()
        await dl.bot_says(conversation, 3)
        webchat = app[WEBCHAT]

        async def tell(context: TurnContext) -> None:
            await context.send_activity(MessageFactory.text("Een adviseur heeft je vraag."))

        reference = ConversationReference(
            channel_id="webchat",
            service_url=url,
            conversation=ConversationAccount(id=conversation.id),
        )
        await webchat.adapter.continue_conversation(reference, tell, None)
        assert await dl.bot_says(conversation) == ["Een adviseur heeft je vraag."]


@pytest.mark.parametrize(
    ("credential", "status"),
    [
        (None, 401),
        ("", 401),
        ("not-a-token", 401),
        ("e30.AAAA", 401),
        ("wrong-secret", 401),
    ],
)
async def test_calls_without_a_valid_credential_get_a_json_401(
    direct_line: DirectLine, credential: str | None, status: int
) -> None:
    conversation = await direct_line.start()
    for method, path in [
        ("POST", "/conversations"),
        ("POST", "/tokens/refresh"),
        ("GET", f"/conversations/{conversation.id}"),
        ("GET", f"/conversations/{conversation.id}/activities"),
        ("POST", f"/conversations/{conversation.id}/activities"),
    ]:
        got, body = await direct_line.call(
            method, path, credential, body={"type": "message", "text": "hoi"}
        )
        assert got == status, (method, path)
        assert body["error"]["code"] == "unauthorized"
    assert await direct_line.poll(conversation)
    assert all(a["from"]["role"] == "bot" for a in conversation.seen)  # nothing got in


async def test_tampered_expired_and_foreign_tokens_are_refused(
    direct_line: DirectLine, clock: Clock
) -> None:
    mine = await direct_line.start()
    theirs = await direct_line.start()
    payload, signature = mine.token.split(".")
    forged_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    for token in (f"{forged_payload}.{signature}", f"{payload}.{signature[:-1]}x"):
        status, _ = await direct_line.call("GET", f"/conversations/{mine.id}/activities", token)
        assert status == 401

    status, body = await direct_line.call(
        "POST", f"/conversations/{theirs.id}/activities", mine.token, {"type": "message"}
    )
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, _ = await direct_line.call("GET", f"/conversations/{theirs.id}/activities", mine.token)
    assert status == 403
    async with direct_line.session.get(
        theirs.stream_url.replace("ws://", "http://").replace(theirs.id, mine.id, 1)
    ) as response:
        assert response.status == 403

    clock.now += timedelta(minutes=31)
    status, body = await direct_line.call("GET", f"/conversations/{mine.id}/activities", mine.token)
    assert (status, body["error"]["code"]) == (403, "token_expired")
    async with direct_line.session.get(mine.stream_url.replace("ws://", "http://")) as response:
        assert response.status == 403


async def test_bad_activities_get_a_clear_4xx_and_reach_nobody(direct_line: DirectLine) -> None:
    conversation = await direct_line.start()
    path = f"/conversations/{conversation.id}/activities"
    cases: list[tuple[bytes, int]] = [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"type": "conversationUpdate"}).encode(), 400),
        (json.dumps({"type": "message", "text": 42}).encode(), 400),
        (json.dumps({"type": "message", "text": "x" * 5001}).encode(), 400),
        (json.dumps({"type": "message", "text": "x" * 300_000}).encode(), 413),
        (b'{"type": "message", "value": ' + b"[" * 100 + b"]" * 100 + b"}", 400),
    ]
    for raw, status in cases:
        got, body = await direct_line.call("POST", path, conversation.token, raw=raw)
        assert got == status, raw[:40]
        assert "error" in body
    for watermark in ("abc", "%C2%B2", "1" * 10):  # "²" is a digit to Python, not a number
        status, body = await direct_line.call(
            "GET",
            f"/conversations/{conversation.id}/activities?watermark={watermark}",
            conversation.token,
        )
        assert status == 400, watermark
    status, body = await direct_line.call("GET", "/conversations/unknown-id/activities")
    assert status == 404
    status, body = await direct_line.call(
        "POST", f"/conversations/{conversation.id}/upload", conversation.token, raw=b"file"
    )
    assert (status, body["error"]["code"]) == (400, "not_supported")
    status, body = await direct_line.call("POST", path, conversation.token, {"type": "typing"})
    assert status == 200
    await direct_line.poll(conversation)
    assert all(a["from"]["role"] == "bot" for a in conversation.seen)


async def test_too_many_messages_get_a_429_and_a_polite_word_in_the_chat(sqlite_url: str) -> None:
    settings = webchat_settings(sqlite_url, webchat_messages_per_minute=3)
    async with serve(create_app(settings)) as url, aiohttp.ClientSession() as session:
        dl = DirectLine(session, url)
        conversation = await dl.start()
        for _ in range(3):
            await dl.send(conversation, "hoi")
        path = f"/conversations/{conversation.id}/activities"
        for _ in range(3):
            status, body = await dl.call(
                "POST", path, conversation.token, {"type": "message", "text": "hoi"}
            )
            assert status == 429
            assert body["error"]["code"] == "too_many_requests"
        await dl.poll(conversation)
        notices = [t for t in conversation.bot_texts() if t.startswith("Je stuurt veel berichten")]
        assert len(notices) == 1  # said once, not once per refused message


async def test_concurrent_posts_are_stored_in_order_without_gaps(direct_line: DirectLine) -> None:
    conversation = await direct_line.start()
    await asyncio.gather(*(direct_line.send(conversation, f"bericht {n}") for n in range(8)))
    await direct_line.poll(conversation)
    numbers = [int(a["id"].split("|")[1]) for a in conversation.seen]
    assert numbers == list(range(1, len(numbers) + 1))
    user_texts = [a["text"] for a in conversation.seen if a["from"]["role"] == "user"]
    assert sorted(user_texts) == [f"bericht {n}" for n in range(8)]


async def test_the_secret_never_reaches_a_browser(direct_line: DirectLine) -> None:
    """The page, its scripts, the embed and the page's session hold tokens, never the secret."""
    async with direct_line.session.post(
        f"{direct_line.base}/chat/session", json={"language": "nl"}
    ) as response:
        assert response.status == 200
        session = await response.text()
    assert "token" in json.loads(session)
    for path in ["/chat", "/chat?embed=1", "/chat/static/chat.js", "/embed.js", "/chat/look.css"]:
        async with direct_line.session.get(direct_line.base + path) as response:
            assert response.status == 200, path
            assert SECRET not in await response.text(), path
    assert SECRET not in session


async def test_the_page_session_keeps_one_conversation_per_browser(
    direct_line: DirectLine,
) -> None:
    # Like a browser, keep cookies for an address like 127.0.0.1 too.
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session:
        await _one_conversation_per_browser(session, direct_line.base)


async def _one_conversation_per_browser(session: aiohttp.ClientSession, base: str) -> None:
    async def ask() -> dict[str, str]:
        async with session.post(f"{base}/chat/session", json={"language": "nl"}) as response:
            assert response.status == 200
            cookie = response.cookies["koers_visitor"]
            assert cookie["httponly"] and cookie["samesite"] == "Lax"
            assert cookie["path"] == "/chat"
            return dict(await response.json())

    first = await ask()
    again = await ask()  # the cookie jar sends the cookie back, as a browser does
    assert again["conversationId"] == first["conversationId"]

    session.cookie_jar.clear()
    other = await ask()
    assert other["conversationId"] != first["conversationId"]

    session.cookie_jar.clear()
    session.cookie_jar.update_cookies({"koers_visitor": "forged.cookie"})
    forged = await ask()
    assert forged["conversationId"] not in {first["conversationId"], other["conversationId"]}

    async with session.post(f"{base}/chat/session", data="language=nl") as response:
        assert response.status == 415  # a plain form post from another site gets nothing
