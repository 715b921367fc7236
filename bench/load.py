"""Koers' full turn against botbuilder's stock EchoBot, driven the way a channel drives them
(run: `make bench`; figures, not a pass/fail test).

Both bots run in their own process on loopback; a connector on loopback (in this process)
receives their replies, like the Bot Connector service would. N conversations (16 by default)
run a closed loop for a fixed time: each posts an activity to /api/messages, waits for the
answer (the turn is done and its replies delivered), checks that a reply arrived, and posts the
next. Koers' conversations follow a realistic script through the flows (hello, a theme button,
a question in words, urgency, skip, no scan, no advisor, start again); the EchoBot's echo.

Printed per bot and database: turns/s, latency p50/p95/p99, errors, turns without a reply,
resident memory after the run, startup time; and Koers' throughput as a multiple of the
EchoBot's, against the target (≥ 4×, p99 ≤ 50 ms, startup ≤ 3 s, ≤ 250 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bench.webchat_bench import free_port, resident_mb

ROOT = Path(__file__).resolve().parent.parent
THEME = {"koers_choice": "internal_mobility"}
# One round of Koers' script: (text, value); the first message of a conversation is "hoi".
ROUND: list[tuple[str, dict[str, str] | None]] = [
    ("", THEME),
    ("Ik wil graag een andere baan binnen de gemeente", None),
    ("", {"koers_choice": "medium"}),
    ("sla over", None),
    ("", {"koers_choice": "skip"}),
    ("nee", None),
    ("opnieuw", None),
]
TARGET_RATIO, TARGET_P99_MS, TARGET_STARTUP_S, TARGET_RSS_MB = 4.0, 50.0, 3.0, 250.0


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    missing: int = 0
    elapsed: float = 0.0
    rss_mb: float = 0.0
    rss_after_warmup_mb: float = 0.0
    startup_s: float = 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


class Connector:
    """What the Bot Connector service does for the bots: takes their replies."""

    def __init__(self) -> None:
        self.replies: Counter[str] = Counter()
        self._ids = itertools.count(1)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._reply)
        app.router.add_post("/v3/conversations/{conversation}/activities/{id}", self._reply)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        return app

    async def _reply(self, request: web.Request) -> web.Response:
        await request.read()
        self.replies[request.match_info["conversation"]] += 1
        return web.json_response({"id": f"reply-{next(self._ids)}"})

    async def _member(self, _request: web.Request) -> web.Response:
        return web.json_response({"id": "user", "name": "Medewerker", "givenName": "Medewerker"})


def activity(
    connector_url: str, conversation: str, text: str, value: dict[str, str] | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "message",
        "id": f"{conversation}-{time.perf_counter_ns()}",
        "channelId": "msteams",
        "serviceUrl": connector_url,
        "from": {"id": f"user-{conversation}", "name": "Medewerker", "aadObjectId": conversation},
        "recipient": {"id": "bot", "name": "Bot"},
        "conversation": {"id": conversation, "conversationType": "personal"},
        "locale": "nl-NL",
        "text": text,
    }
    if value is not None:
        body["value"] = value
    return body


Script = Callable[[int], tuple[str, dict[str, str] | None]]


def koers_script(turn: int) -> tuple[str, dict[str, str] | None]:
    return ("hoi", None) if turn == 0 else ROUND[(turn - 1) % len(ROUND)]


def echo_script(turn: int) -> tuple[str, dict[str, str] | None]:
    return (f"bericht {turn}", None)


async def conversation(
    session: aiohttp.ClientSession,
    base: str,
    connector: Connector,
    connector_url: str,
    name: str,
    script: Script,
    run: Run,
    until: float,
    measure_from: float,
) -> None:
    for turn in itertools.count():
        if time.perf_counter() >= until:
            return
        text, value = script(turn)
        before = connector.replies[name]
        sent = time.perf_counter()
        try:
            async with session.post(
                f"{base}/api/messages", json=activity(connector_url, name, text, value)
            ) as response:
                await response.read()
                ok = response.status < 300
        except aiohttp.ClientError:
            ok = False
        done = time.perf_counter()
        if sent < measure_from:
            continue  # warming up
        if not ok:
            run.errors += 1
            continue
        if connector.replies[name] == before:
            run.missing += 1
        run.latencies.append(done - sent)


async def wait_until_up(session: aiohttp.ClientSession, url: str, started: float) -> float:
    for _ in range(600):
        try:
            async with session.get(url) as response:
                if response.status < 500:
                    return time.perf_counter() - started
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.02)
    raise SystemExit(f"{url} did not come up")


async def measure(
    command: list[str],
    env: dict[str, str],
    ready_url: str,
    base: str,
    script: Script,
    conversations: int,
    seconds: float,
    warmup: float,
) -> Run:
    connector = Connector()
    runner = web.AppRunner(connector.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    connector_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    started = time.perf_counter()
    server = await asyncio.create_subprocess_exec(*command, cwd=ROOT, env=env)
    run = Run()
    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            run.startup_s = await wait_until_up(session, ready_url, started)
            begin = time.perf_counter()
            measure_from, until = begin + warmup, begin + warmup + seconds

            async def note_memory_after_warmup() -> None:
                await asyncio.sleep(warmup)
                run.rss_after_warmup_mb = resident_mb(server.pid)

            memory = asyncio.create_task(note_memory_after_warmup())
            await asyncio.gather(
                *(
                    conversation(
                        session, base, connector, connector_url, f"c{i}-{os.getpid()}",
                        script, run, until, measure_from,
                    )
                    for i in range(conversations)
                )
            )  # fmt: skip
            run.elapsed = time.perf_counter() - measure_from
        await memory
        run.rss_mb = resident_mb(server.pid)
    finally:
        server.terminate()
        await server.wait()
        await runner.cleanup()
    return run


def line(label: str, run: Run) -> str:
    return (
        f"{label:<22} {run.turns_per_second:>8.1f} {run.percentile(0.5):>7.1f} "
        f"{run.percentile(0.95):>7.1f} {run.percentile(0.99):>7.1f} {run.errors:>6} "
        f"{run.missing:>7} {run.rss_mb:>7.0f} {run.startup_s:>8.2f}"
    )


async def bench(conversations: int, seconds: float, warmup: float, databases: list[str]) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    echo = await measure(
        [sys.executable, "-m", "bench.echo_bot", str(port)],
        env,
        f"{base}/api/messages",
        base,
        echo_script,
        conversations,
        seconds,
        warmup,
    )
    results = [("stock EchoBot", echo)]
    with tempfile.TemporaryDirectory() as scratch:
        for database in databases:
            url = database if database != "sqlite" else f"sqlite+aiosqlite:///{scratch}/bench.db"
            run = await measure_koers(url, conversations, seconds, warmup)
            kind = "SQLite" if database == "sqlite" else "PostgreSQL"
            results.append((f"Koers ({kind})", run))
            if database != "sqlite":  # two workers need PostgreSQL
                run = await measure_koers(url, conversations, seconds, warmup, workers=2)
                results.append(("Koers (PG, 2 workers)", run))
    header = (
        f"{'':<22} {'turns/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'missing':>7} {'RSS MB':>7} {'start s':>8}"
    )
    sys.stdout.write(f"{conversations} concurrent conversations, {seconds:.0f} s each\n")
    sys.stdout.write(header + "\n")
    for label, run in results:
        sys.stdout.write(line(label, run) + "\n")
    for label, run in results[1:]:
        ratio = run.turns_per_second / echo.turns_per_second if echo.turns_per_second else 0
        verdict = [
            f"{ratio:.2f}× the EchoBot (target ≥ {TARGET_RATIO:.0f}×)",
            f"p99 {run.percentile(0.99):.0f} ms (target ≤ {TARGET_P99_MS:.0f})",
            f"startup {run.startup_s:.2f} s (target ≤ {TARGET_STARTUP_S:.0f})",
            f"{run.rss_mb:.0f} MB (target ≤ {TARGET_RSS_MB:.0f})",
        ]
        sys.stdout.write(f"{label}: " + "; ".join(verdict) + "\n")
    mean = statistics.mean(echo.latencies) * 1000 if echo.latencies else 0
    sys.stdout.write(f"(EchoBot mean turn {mean:.1f} ms)\n")


async def measure_koers(
    database_url: str, conversations: int, seconds: float, warmup: float, workers: int = 1
) -> Run:
    """Koers' full turn under load, served by `app.py serve` on ``database_url`` with
    ``workers`` worker processes."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "LOG_LEVEL": "WARNING",
        "PORT": str(port),
        "DATABASE_URL": database_url,
        "OUTBOX_INTERVAL_SECONDS": "0",
        "PURGE_INTERVAL_HOURS": "0",
        "WORKERS": str(workers),
    }
    return await measure(
        [sys.executable, str(ROOT / "app.py"), "serve"],
        env,
        f"{base}/healthz",
        base,
        koers_script,
        conversations,
        seconds,
        warmup,
    )


async def soak(conversations: int, seconds: float, warmup: float) -> None:
    """Koers under steady load for ``seconds``: its memory must level off (< 10 % growth)."""
    with tempfile.TemporaryDirectory() as scratch:
        database = f"sqlite+aiosqlite:///{scratch}/soak.db"
        run = await measure_koers(database, conversations, seconds, warmup)
    growth = (run.rss_mb / run.rss_after_warmup_mb - 1) * 100 if run.rss_after_warmup_mb else 0
    sys.stdout.write(
        f"soak: {len(run.latencies)} turns in {run.elapsed:.0f} s ({run.turns_per_second:.1f}/s), "
        f"errors {run.errors}, missing {run.missing}; memory {run.rss_after_warmup_mb:.0f} MB "
        f"after warm-up, {run.rss_mb:.0f} MB at the end: {growth:+.1f} % (target < 10 %)\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--conversations", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument(
        "--database-url",
        action="append",
        help="a PostgreSQL URL to run Koers on as well (SQLite always runs)",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also run Koers on a throw-away PostgreSQL server started for the benchmark",
    )
    parser.add_argument(
        "--soak",
        type=float,
        metavar="MINUTES",
        help="only Koers on SQLite, for this long; prints how much its memory grew after warm-up",
    )
    arguments = parser.parse_args()
    if arguments.soak:
        asyncio.run(soak(arguments.conversations, arguments.soak * 60, arguments.warmup))
        return
    databases = ["sqlite", *(arguments.database_url or [])]
    server = None
    if arguments.postgres:
        from tests.support.postgres import PostgresServer, find_postgres_bin

        bin_dir = find_postgres_bin()
        if bin_dir is None:
            raise SystemExit("PostgreSQL is not installed (make bench installs Debian's)")
        server = PostgresServer(bin_dir)
        server.start()
        databases.append(server.url())
    try:
        asyncio.run(bench(arguments.conversations, arguments.seconds, arguments.warmup, databases))
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
