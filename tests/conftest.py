"""Fixtures that start the real parts: SQLite files, a PostgreSQL server, servers on loopback."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from server.settings import Settings
from storage.engine import create_engine
from storage.migrate import upgrade
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.postgres import PostgresServer, running_postgres
from tests.support.servers import serve

DATABASES = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


async def _fresh_postgres_database(server: PostgresServer) -> str:
    name = f"koers_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(server.dsn())
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return name


@pytest.fixture(params=DATABASES)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each kind Koers supports: the test runs once for each."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'koers.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    yield server.url(await _fresh_postgres_database(server))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database migrated to the newest schema."""
    engine = create_engine(database_url)
    await upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'koers.db'}"


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    """Local-mode settings with a database of the test's own."""
    return Settings(database_url=sqlite_url, port=0)


@pytest.fixture
def app_clock() -> Callable[[], datetime] | None:
    """The clock Koers runs on in a test (None: the real one); a test module may override it."""
    return None


@pytest.fixture
async def channel(
    settings: Settings, sink: ConnectorSink, app_clock: Callable[[], datetime] | None
) -> AsyncIterator[Channel]:
    """Koers on loopback with a channel talking to it; replies arrive at ``sink``."""
    async with (
        serve(create_app(settings, clock=app_clock)) as bot_url,
        aiohttp.ClientSession() as session,
    ):
        yield Channel(session, bot_url, sink.url)


@pytest.fixture
async def sink() -> AsyncIterator[ConnectorSink]:
    """A connector service on loopback; ``sink.url`` is the serviceUrl to post with."""
    connector = ConnectorSink()
    async with serve(connector.app()) as url:
        connector.url = url
        yield connector
