"""Channel authentication for real: botbuilder's own token validation, pointed at a local
OpenID metadata and JWKS endpoint, serves a correctly signed request and refuses the rest."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import aiohttp
import pytest

from app import create_app
from server.settings import Settings
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.openid import Keys, new_key, openid_server
from tests.support.servers import serve

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"


@pytest.fixture
def keys() -> Iterator[Keys]:
    with openid_server() as served:
        yield served


@pytest.fixture
async def secured(settings: Settings, keys: Keys, sink: ConnectorSink) -> AsyncIterator[Channel]:
    app = create_app(
        settings.with_changes(app_id=APP_ID, app_password="not-used", openid_metadata_url=keys.url)
    )
    async with serve(app) as url, aiohttp.ClientSession() as session:
        yield Channel(session, url, sink.url)


async def post_with(channel: Channel, token: str | None) -> int:
    # A typing activity: authenticated like any other, and Koers sends nothing back for it.
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    status, _ = await channel.post(channel.activity("c-1", type="typing"), headers=headers)
    return status


async def test_a_token_signed_by_a_trusted_key_is_served(secured: Channel, keys: Keys) -> None:
    assert await post_with(secured, keys.token(APP_ID, secured.service_url)) == 200


async def test_anything_else_gets_401(secured: Channel, keys: Keys) -> None:
    refused = {
        "no token": None,
        "not a token": "garbage",
        "expired": keys.token(APP_ID, secured.service_url, lifetime=-3600),
        "wrong audience": keys.token("another-bot", secured.service_url),
        "bad signature": keys.token(APP_ID, secured.service_url, signed_with=new_key()),
        "wrong issuer": keys.token(APP_ID, secured.service_url, issuer="https://evil.example"),
        "other service url": keys.token(APP_ID, "https://evil.example"),
    }
    for case, token in refused.items():
        assert await post_with(secured, token) == 401, case
