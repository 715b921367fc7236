"""Koers under load when things break, as real processes: a worker killed with SIGKILL, the
PostgreSQL server restarted. The channel here behaves like Azure Bot Service: it delivers an
activity again, with the same id, while it gets no answer or a 5xx. Afterwards every activity
has its reply, every conversation reached the end of its script, and no request got a 500."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bench.load import ROUND, activity
from tests.conftest import _fresh_postgres_database
from tests.support.connector_sink import ConnectorSink
from tests.support.postgres import PostgresServer, free_port, running_postgres

ROOT = Path(__file__).resolve().parent.parent
CONVERSATIONS = 8
SCRIPT: list[tuple[str, dict[str, str] | None]] = [("hoi", None), *ROUND, *ROUND]

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this module's own: the tests stop and start it."""
    with running_postgres() as server:
        yield server


@asynccontextmanager
async def koers(database_url: str, workers: int) -> AsyncIterator[str]:
    """`python app.py serve` with ``workers`` workers; yields its base URL once it serves."""
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "WORKERS": str(workers),
        "LOG_LEVEL": "WARNING",
        "PURGE_INTERVAL_HOURS": "0",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "app.py"), "serve", env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        await until_healthy(base, 60)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def healthz(base: str) -> tuple[int, dict[str, Any]]:
    """/healthz on a new connection (so that any worker may take it)."""
    connector = aiohttp.TCPConnector(force_close=True)
    async with (
        aiohttp.ClientSession(connector=connector) as session,
        session.get(f"{base}/healthz", timeout=aiohttp.ClientTimeout(total=10)) as response,
    ):
        return response.status, await response.json()


async def until_healthy(base: str, seconds: float) -> float:
    """Wait until /healthz says ok; how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if (await healthz(base))[0] == 200:
                return time.monotonic() - started
        except (aiohttp.ClientError, TimeoutError):
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"Koers was not healthy within {seconds} s")


async def worker_pids(base: str, tries: int = 100) -> set[int]:
    pids: set[int] = set()
    for _ in range(tries):
        pids.add((await healthz(base))[1]["worker"])
    return pids


@dataclass
class PatientChannel:
    """Delivers each activity until it gets a 2xx, as a channel does, noting every answer."""

    base: str
    sink: ConnectorSink
    statuses: list[int] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)  # ids of activities answered 2xx
    # Set once this many turns are done: the moment to do harm.
    harm_after: int = 30
    harm_time: asyncio.Event = field(default_factory=asyncio.Event)

    async def conversation(self, session: aiohttp.ClientSession, name: str) -> None:
        for text, value in SCRIPT:
            body = activity(self.sink.url, name, text, value)
            await self._deliver(session, body)
            self.delivered.append(body["id"])
            if len(self.delivered) >= self.harm_after:
                self.harm_time.set()

    async def _deliver(self, session: aiohttp.ClientSession, body: dict[str, Any]) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                async with session.post(
                    f"{self.base}/api/messages",
                    json=body,
                    timeout=aiohttp.ClientTimeout(total=20),
                ) as response:
                    await response.read()
                    self.statuses.append(response.status)
                    if response.status < 300:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass  # the worker went away with the connection: deliver again
            await asyncio.sleep(0.3)
        raise AssertionError("an activity was never answered")

    def unanswered(self) -> list[str]:
        """Activities answered 2xx without a reply reaching the user."""
        replied = {reply.get("replyToId") for reply in self.sink.received}
        return [activity_id for activity_id in self.delivered if activity_id not in replied]

    def conversations_at_their_end(self) -> int:
        """Conversations whose last reply is the script's last step answered (start again)."""
        return sum(
            1
            for name in {f"fault-{n}" for n in range(CONVERSATIONS)}
            if (self.sink.texts(name) or [""])[-1].startswith("Waar gaat je vraag")
        )


async def run_load(channel: PatientChannel, during: Any) -> None:
    """All conversations at once; ``during(channel)`` does its harm meanwhile."""
    connector = aiohttp.TCPConnector(limit=CONVERSATIONS * 2)
    async with aiohttp.ClientSession(connector=connector) as session:
        load = asyncio.gather(
            *(channel.conversation(session, f"fault-{n}") for n in range(CONVERSATIONS))
        )
        await during(channel)
        await load


async def test_a_worker_killed_mid_load_loses_no_answer(
    own_postgres: PostgresServer, sink: ConnectorSink
) -> None:
    url = own_postgres.url(await _fresh_postgres_database(own_postgres))
    async with koers(url, workers=2) as base:
        before: set[int] = set()
        for _ in range(60):  # the second worker may still be loading its model
            before |= await worker_pids(base, 20)
            if len(before) == 2:
                break
            await asyncio.sleep(1)
        assert len(before) == 2, "two workers answer on one port"
        channel = PatientChannel(base, sink)
        killed: list[int] = []

        async def kill_a_worker(channel: PatientChannel) -> None:
            await asyncio.wait_for(channel.harm_time.wait(), timeout=120)
            victim = min(before)
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

        await run_load(channel, kill_a_worker)
        assert killed
        # The supervisor started a new worker in the place of the killed one.
        for _ in range(120):
            after = await worker_pids(base, 20)
            if killed[0] not in after and len(after) == 2:
                break
            await asyncio.sleep(0.5)
        else:
            raise AssertionError("no new worker took the place of the killed one")
    assert len(channel.delivered) == CONVERSATIONS * len(SCRIPT)
    assert channel.unanswered() == []
    assert channel.conversations_at_their_end() == CONVERSATIONS
    assert 500 not in channel.statuses


async def test_a_database_restart_gets_503s_and_koers_recovers_by_itself(
    own_postgres: PostgresServer, sink: ConnectorSink
) -> None:
    url = own_postgres.url(await _fresh_postgres_database(own_postgres))
    async with koers(url, workers=1) as base:
        channel = PatientChannel(base, sink)
        seen: dict[str, Any] = {}

        async def restart_the_database(channel: PatientChannel) -> None:
            await asyncio.wait_for(channel.harm_time.wait(), timeout=120)
            await asyncio.to_thread(own_postgres.pause)
            await asyncio.sleep(1.5)  # requests keep coming in the gap
            seen["healthz"] = await healthz(base)
            await asyncio.to_thread(own_postgres.resume)
            seen["recovered_in"] = await until_healthy(base, 30)

        await run_load(channel, restart_the_database)
    status, body = seen["healthz"]
    assert status == 503 and body["database"]["state"] == "unreachable"
    assert seen["recovered_in"] < 30  # without a restart of Koers
    assert 503 in channel.statuses and 500 not in channel.statuses
    assert len(channel.delivered) == CONVERSATIONS * len(SCRIPT)
    assert channel.unanswered() == []
    assert channel.conversations_at_their_end() == CONVERSATIONS
