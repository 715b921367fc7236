"""Web chat under load: N concurrent Direct Line conversations over WebSocket against a Koers
server in its own process (run: `make bench-webchat`, N=200 by default).

Each conversation opens its stream, waits for the greeting, then sends a short orientation
script; for every message it measures the time from the POST to the bot's reply on the socket.
Prints replies per second, p50/p99, and the lost and duplicated messages (both must be 0).
Figures, not a pass/fail test: machines differ.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-direct-line-secret"
SCRIPT = [
    "Ik wil graag een andere baan binnen de gemeente",
    "Binnen een paar weken",
    "sla over",
    "Nee, sla over",
]
REPLY_TIMEOUT = 60.0


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    errors: int = 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid: int) -> float:
    """Resident memory of the process and its children (the workers under a supervisor)."""
    with open(f"/proc/{pid}/statm") as statm:
        own = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            children = [int(child) for child in listed.read().split()]
    except OSError:
        children = []
    return own + sum(resident_mb(child) for child in children)


async def wait_until_up(session: aiohttp.ClientSession, base: str) -> None:
    for _ in range(300):
        try:
            async with session.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("Koers did not start")


async def conversation(session: aiohttp.ClientSession, base: str, result: Result) -> None:
    api = f"{base}/v3/directline"
    headers = {"Authorization": f"Bearer {SECRET}"}
    async with session.post(f"{api}/conversations", headers=headers, json={}) as response:
        if response.status != 201:
            result.errors += 1
            return
        started = await response.json()
    token = {"Authorization": f"Bearer {started['token']}"}
    seen: set[str] = set()
    bot_messages = 0
    async with session.ws_connect(started["streamUrl"]) as stream:

        async def bot_says(count: int) -> bool:
            nonlocal bot_messages
            deadline = time.monotonic() + REPLY_TIMEOUT
            while bot_messages < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                try:
                    message = await stream.receive(timeout=left)
                except TimeoutError:
                    return False
                if message.type != aiohttp.WSMsgType.TEXT:
                    return False
                if not message.data:
                    continue  # keep-alive
                for activity in json.loads(message.data)["activities"]:
                    if activity["id"] in seen:
                        result.duplicated += 1
                    seen.add(activity["id"])
                    if activity["from"]["role"] == "bot" and activity["type"] == "message":
                        bot_messages += 1
            return True

        if not await bot_says(3):
            result.lost += 1
            return
        for text in SCRIPT:
            expected = bot_messages + 1
            sent = time.perf_counter()
            async with session.post(
                f"{api}/conversations/{started['conversationId']}/activities",
                headers=token,
                json={"type": "message", "text": text, "from": {"id": "bench"}},
            ) as response:
                if response.status != 200:
                    result.errors += 1
                    return
            if not await bot_says(expected):
                result.lost += 1
                return
            result.latencies.append(time.perf_counter() - sent)


async def run(conversations: int, database_url: str | None) -> None:
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "PORT": str(port),
            "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{scratch}/bench.db",
            "DIRECT_LINE_SECRET": SECRET,
            "WEBCHAT_MESSAGES_PER_MINUTE": "1000",
            "LOG_LEVEL": "WARNING",
        }
        server = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "app.py"), "serve", cwd=ROOT, env=env
        )
        base = f"http://127.0.0.1:{port}"
        try:
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=connector) as session:
                await wait_until_up(session, base)
                cpu_before = cpu_seconds(server.pid)
                result = Result()
                started = time.perf_counter()
                await asyncio.gather(
                    *(conversation(session, base, result) for _ in range(conversations))
                )
                elapsed = time.perf_counter() - started
            rss = resident_mb(server.pid)
            server_cpu = cpu_seconds(server.pid) - cpu_before
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), timeout=30)
    report(conversations, result, elapsed, rss, server_cpu, env["DATABASE_URL"].split(":", 1)[0])


def report(
    conversations: int,
    result: Result,
    elapsed: float,
    rss: float,
    server_cpu: float,
    database: str,
) -> None:
    latencies = sorted(result.latencies)
    if not latencies:
        raise SystemExit("no replies at all")
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    out = sys.stdout.write
    out(f"web chat: {conversations} concurrent conversations over WebSocket ({database})\n")
    out(f"  messages answered    {len(latencies)} of {conversations * len(SCRIPT)}\n")
    out(f"  replies per second   {len(latencies) / elapsed:.1f}\n")
    out(f"  post -> reply p50    {statistics.median(latencies) * 1000:.0f} ms\n")
    out(f"  post -> reply p99    {p99 * 1000:.0f} ms\n")
    out(f"  lost                 {result.lost}   (target 0)\n")
    out(f"  duplicated           {result.duplicated}   (target 0)\n")
    out(f"  HTTP errors          {result.errors}   (target 0)\n")
    out(f"  server memory        {rss:.0f} MB resident\n")
    out(f"  server CPU           {server_cpu / len(latencies) * 1000:.1f} ms per reply")
    out(f" ({server_cpu / elapsed:.2f} cores busy; this machine has {os.cpu_count()})\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.conversations, arguments.database_url))


if __name__ == "__main__":
    main()
