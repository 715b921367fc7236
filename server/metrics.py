"""``GET /metrics`` in Prometheus' text format, and ``GET /readyz``.

Counted in this worker: turns by channel, their latency (a histogram), failed turns. Read from
the database at scrape time, so every worker reports the same: intakes handed off, deliveries
waiting in the outbox. Nothing here names a conversation or an employee.

``/readyz`` is for a load balancer deciding where to send traffic: 200 only when the database
answers at the newest schema and the NLU model is loaded; ``/healthz`` stays the operator's view.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web
from sqlalchemy import func, select

from server.app_keys import ENGINE
from server.health import database_state
from storage.tables import intakes, outbox, reply_outbox

# Upper bounds (seconds) of the turn latency histogram's buckets.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass
class TurnMetrics:
    turns: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    bucket_counts: list[int] = field(default_factory=lambda: [0] * (len(BUCKETS) + 1))
    latency_sum: float = 0.0
    started: float = field(default_factory=time.time)

    def record(self, channel: str, seconds: float, failed: bool) -> None:
        self.turns[channel] += 1
        if failed:
            self.failures[channel] += 1
        self.bucket_counts[bisect.bisect_left(BUCKETS, seconds)] += 1
        self.latency_sum += seconds

    def lines(self) -> list[str]:
        out = [
            "# HELP koers_turns_total Turns handled by this worker, by channel.",
            "# TYPE koers_turns_total counter",
        ]
        out += [f'koers_turns_total{{channel="{c}"}} {n}' for c, n in sorted(self.turns.items())]
        out += [
            "# HELP koers_turn_errors_total Turns that failed, by channel.",
            "# TYPE koers_turn_errors_total counter",
        ]
        out += [
            f'koers_turn_errors_total{{channel="{c}"}} {self.failures.get(c, 0)}'
            for c in sorted(self.turns)
        ]
        out += [
            "# HELP koers_turn_seconds How long a turn took, from request to answered.",
            "# TYPE koers_turn_seconds histogram",
        ]
        cumulative = 0
        for bound, count in zip((*BUCKETS, float("inf")), self.bucket_counts, strict=True):
            cumulative += count
            label = "+Inf" if bound == float("inf") else repr(bound)
            out.append(f'koers_turn_seconds_bucket{{le="{label}"}} {cumulative}')
        out.append(f"koers_turn_seconds_sum {self.latency_sum:.6f}")
        out.append(f"koers_turn_seconds_count {cumulative}")
        out += [
            "# HELP koers_process_start_time_seconds When this worker started (Unix time).",
            "# TYPE koers_process_start_time_seconds gauge",
            f"koers_process_start_time_seconds {self.started:.0f}",
        ]
        return out


METRICS = web.AppKey("turn_metrics", TurnMetrics)
MODEL_READY: web.AppKey[Callable[[], bool]] = web.AppKey("model_ready")


def _channel_label(channel: str | None) -> str:
    """A label value Prometheus accepts, from a channel id the caller sent."""
    cleaned = "".join(c for c in (channel or "unknown") if c.isalnum() or c in "_-")[:32]
    return cleaned or "unknown"


def record_turn(app: web.Application, channel: str | None, started: float, failed: bool) -> None:
    app[METRICS].record(_channel_label(channel), time.perf_counter() - started, failed)


async def metrics(request: web.Request) -> web.Response:
    lines = request.app[METRICS].lines()
    try:
        async with request.app[ENGINE].connect() as connection:
            handed_off = (
                await connection.execute(select(func.count()).select_from(intakes))
            ).scalar()
            waiting = (
                await connection.execute(
                    select(func.count()).select_from(outbox).where(outbox.c.delivered_at.is_(None))
                )
            ).scalar()
            replies = (
                await connection.execute(select(func.count()).select_from(reply_outbox))
            ).scalar()
    except Exception:
        handed_off = waiting = replies = None  # the database is away; /healthz says so
    if handed_off is not None:
        lines += [
            "# HELP koers_handoffs_total Intakes employees consented to send (all workers).",
            "# TYPE koers_handoffs_total counter",
            f"koers_handoffs_total {handed_off}",
            "# HELP koers_outbox_depth Deliveries (cards, mails, notices) not made yet.",
            "# TYPE koers_outbox_depth gauge",
            f"koers_outbox_depth {waiting}",
            "# HELP koers_replies_waiting Replies a channel could not take yet (reply outbox).",
            "# TYPE koers_replies_waiting gauge",
            f"koers_replies_waiting {replies}",
        ]
    return web.Response(text="\n".join(lines) + "\n", content_type="text/plain", charset="utf-8")


async def readyz(request: web.Request) -> web.Response:
    database = await database_state(request.app[ENGINE])
    model = request.app[MODEL_READY]()
    ready = database["state"] == "ok" and model
    return web.json_response(
        {"status": "ready" if ready else "not_ready", "database": database["state"], "nlu": model},
        status=200 if ready else 503,
    )


def add_metrics(app: web.Application, model_ready: Callable[[], bool]) -> None:
    app[METRICS] = TurnMetrics()
    app[MODEL_READY] = model_ready
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/readyz", readyz)
