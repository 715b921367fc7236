"""Two workers on one PostgreSQL database share everything through it: a conversation's turns
run one after the other whichever worker takes them, and a web chat stream open on one worker
gets the replies of turns that ran on the other."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import aiohttp

from app import create_app
from server.settings import Settings
from tests.conftest import _fresh_postgres_database
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.directline import SECRET, DirectLine
from tests.support.postgres import PostgresServer
from tests.support.servers import serve

ROOT = Path(__file__).resolve().parent.parent


@asynccontextmanager
async def two_workers(settings: Settings) -> AsyncIterator[tuple[str, str]]:
    """Two Koers apps on the same database, as two worker processes would be."""
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(serve(create_app(settings)))
        second = await stack.enter_async_context(
            serve(create_app(settings.with_changes(auto_migrate=False)))
        )
        yield first, second


async def postgres_settings(server: PostgresServer, **changes: object) -> Settings:
    url = server.url(await _fresh_postgres_database(server))
    return Settings(database_url=url, port=0, **changes)  # type: ignore[arg-type]


async def bot_texts_until(
    socket: aiohttp.ClientWebSocketResponse, starts_with: str, timeout: float = 15
) -> list[str]:
    """The bot's texts read from a stream, up to the first that starts with ``starts_with``."""
    texts: list[str] = []
    async with asyncio.timeout(timeout):
        while not any(text.startswith(starts_with) for text in texts):
            message = await socket.receive()
            assert message.type == aiohttp.WSMsgType.TEXT, message
            if message.data:
                texts += [
                    activity.get("text", "")
                    for activity in json.loads(message.data)["activities"]
                    if activity["from"].get("role") == "bot"
                ]
    return texts


async def test_a_stream_on_one_worker_gets_the_replies_of_a_turn_on_the_other(
    postgres_server: PostgresServer,
) -> None:
    # The stream's own re-read is set far beyond the test's patience: only PostgreSQL's
    # notification can bring the reply in time.
    settings = await postgres_settings(
        postgres_server, direct_line_secret=SECRET, webchat_reread_seconds=600.0
    )
    async with two_workers(settings) as (first, second), aiohttp.ClientSession() as session:
        conversation = await DirectLine(session, first).start()
        async with session.ws_connect(conversation.stream_url) as socket:
            await bot_texts_until(socket, "Waar gaat je vraag")
            await DirectLine(session, second).send(conversation, "help")
            texts = await bot_texts_until(socket, "Ik stel je een paar vragen")
    assert not any("ging iets mis" in text for text in texts)


async def test_a_burst_spread_over_two_workers_is_handled_one_after_the_other(
    postgres_server: PostgresServer, sink: ConnectorSink
) -> None:
    settings = await postgres_settings(postgres_server)
    conversation = {"id": "a:two-workers", "conversationType": "personal"}
    async with two_workers(settings) as (first, second), aiohttp.ClientSession() as session:
        channels = [Channel(session, url, sink.url) for url in (first, second)]
        await channels[0].post(
            channels[0].message("a:two-workers", "hoi", conversation=conversation)
        )
        await sink.wait_for_texts("a:two-workers", 3)
        burst = [
            channels[turn % 2].post(
                channels[turn % 2].message("a:two-workers", "help", conversation=conversation)
            )
            for turn in range(8)
        ]
        statuses = [status for status, _ in await asyncio.gather(*burst)]
    assert statuses == [200] * 8
    texts = sink.texts("a:two-workers")[3:]
    assert not any("ging iets mis" in text or "went wrong" in text for text in texts), texts
    assert len([text for text in texts if text.startswith("Ik stel je een paar vragen")]) == 8


def test_more_than_one_worker_on_sqlite_is_refused_with_a_reason(tmp_path: Path) -> None:
    env = {**os.environ, "WORKERS": "2", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/k.db"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "WORKERS above 1 needs PostgreSQL" in done.stderr
