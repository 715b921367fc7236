"""Bad input gets a clear 4xx answer in JSON, never a 500, and the bot keeps running."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest

from app import create_app
from server.settings import Settings
from tests.support.channel import Channel, new_conversation_id
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve


async def _still_answers(channel: Channel, sink: ConnectorSink) -> None:
    conversation = new_conversation_id()
    status, _ = await channel.post(channel.message(conversation, "hoi"))
    assert status == 200
    assert "Ik ben Koers" in (await sink.wait_for_texts(conversation, 2))[0]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"this is not json", "not valid JSON"),
        (b'{"type": "message"', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"[1, 2, 3]", "must be a JSON object"),
        (b'"message"', "must be a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nested deeper"),
        (b'{"type": "message", "value": ' + b"[" * 500 + b"]" * 500 + b"}", "nested deeper"),
        (b"{}", "has no type"),
        (b'{"type": ""}', "has no type"),
        (b'{"type": 5}', "has no type"),
        (b'{"type": null}', "has no type"),
    ],
)
async def test_a_body_that_is_not_an_activity_gets_400(
    channel: Channel, sink: ConnectorSink, raw: bytes, reason: str
) -> None:
    status, body = await channel.post(raw=raw)
    assert status == 400
    assert body["error"]["code"] == "bad_activity"
    assert reason in body["error"]["message"]
    await _still_answers(channel, sink)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"serviceUrl": None}, "serviceUrl"),
        ({"serviceUrl": "ftp://127.0.0.1/x"}, "serviceUrl"),
        ({"serviceUrl": 42}, "serviceUrl"),
        ({"conversation": None}, "conversation.id"),
        ({"conversation": {"id": ""}}, "conversation.id"),
        ({"conversation": "just-a-string"}, "wrong kind"),
        ({"from": None}, "from.id"),
        ({"channelId": None}, "channelId"),
        ({"timestamp": "yesterday-ish"}, "wrong kind"),
        ({"text": {"nested": "object"}}, "wrong kind"),
        ({"membersAdded": "everyone"}, "wrong kind"),
    ],
)
async def test_an_activity_missing_what_a_turn_needs_gets_400(
    channel: Channel, sink: ConnectorSink, change: dict[str, object], reason: str
) -> None:
    activity = channel.message(new_conversation_id(), "hoi")
    activity.update(change)
    status, body = await channel.post(activity)
    assert status == 400, body
    assert reason in body["error"]["message"]
    assert sink.received == []
    await _still_answers(channel, sink)


async def test_a_body_over_256_kb_gets_413(channel: Channel, sink: ConnectorSink) -> None:
    activity = channel.message(new_conversation_id(), "a" * (256 * 1024))
    status, body = await channel.post(activity)
    assert status == 413
    assert body["error"]["code"] == "request_entity_too_large"
    assert sink.received == []
    await _still_answers(channel, sink)


async def test_unknown_activity_types_are_accepted_and_ignored(
    channel: Channel, sink: ConnectorSink
) -> None:
    conversation = new_conversation_id()
    status, _ = await channel.post(channel.activity(conversation, type="somethingFromTheFuture"))
    assert status == 200
    status, _ = await channel.post(channel.activity(conversation, type="typing"))
    assert status == 200
    await _still_answers(channel, sink)
    assert sink.texts(conversation) == []


async def test_local_mode_answers_only_channels_on_this_machine(
    channel: Channel, sink: ConnectorSink
) -> None:
    activity = channel.message(
        new_conversation_id(), "hoi", serviceUrl="https://smba.example.com/emea/"
    )
    status, body = await channel.post(activity)
    assert status == 400
    assert "loopback" in body["error"]["message"]


async def test_other_methods_get_405_in_json(channel: Channel) -> None:
    async with channel.session.get(f"{channel.bot_url}/api/messages") as response:
        assert response.status == 405
        assert (await response.json())["error"]["code"] == "method_not_allowed"
    async with channel.session.get(f"{channel.bot_url}/no/such/page") as response:
        assert response.status == 404
        assert (await response.json())["error"]["code"] == "not_found"


async def test_expect_replies_returns_the_replies_in_the_response(
    channel: Channel, sink: ConnectorSink
) -> None:
    """botbuilder's stock CloudAdapter answers this delivery mode with a 500."""
    conversation = new_conversation_id()
    status, body = await channel.post(
        channel.message(conversation, "hoi", deliveryMode="expectReplies")
    )
    assert status == 200
    texts = [activity["text"] for activity in body["activities"]]
    assert "Ik ben Koers" in texts[0]
    assert sink.received == []


async def test_an_unknown_invoke_is_not_a_server_error(channel: Channel) -> None:
    status, body = await channel.post(
        channel.activity(new_conversation_id(), type="invoke", name="something/unknown")
    )
    assert status == 400  # a refusal, not botbuilder's 501 (nothing Koers answers is a 5xx)
    assert body == {"error": "Koers does not handle this invoke"}


async def test_a_channel_that_refuses_the_reply_does_not_break_koers(
    channel: Channel, sink: ConnectorSink
) -> None:
    sink.fail_with = 403
    status, _ = await channel.post(channel.message(new_conversation_id(), "hoi"))
    assert status == 200
    sink.fail_with = None
    await _still_answers(channel, sink)


def _unsigned_token(claims: dict[str, object]) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'typ': 'JWT', 'kid': 'k1'})}.{part(claims)}.c2lnbmF0dXJl"


@pytest.fixture
async def secured(settings: Settings, sink: ConnectorSink) -> AsyncIterator[Channel]:
    secured_settings = settings.with_changes(
        app_id="00000000-0000-0000-0000-0000000000aa", app_password="not-used-here"
    )
    async with serve(create_app(secured_settings)) as bot_url, aiohttp.ClientSession() as session:
        yield Channel(session, bot_url, sink.url)


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-jwt-at-all",
        f"Bearer {_unsigned_token({'iss': 'https://evil.example', 'aud': 'x'})}",
    ],
)
async def test_with_an_app_id_a_request_without_a_valid_token_gets_401(
    secured: Channel, sink: ConnectorSink, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    conversation = new_conversation_id()
    status, body = await secured.post(secured.message(conversation, "hoi"), headers=headers)
    assert status == 401
    assert body["error"]["code"] == "unauthorized"
    status, _ = await secured.post(secured.activity(conversation, type="newType"), headers=headers)
    assert status == 401
    assert sink.received == []


async def test_with_an_app_id_healthz_says_so(secured: Channel) -> None:
    async with secured.session.get(f"{secured.bot_url}/healthz") as response:
        assert (await response.json())["auth"] == "bot_framework"
