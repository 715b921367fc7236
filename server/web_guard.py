"""What every response and request of Koers goes through: safe default headers, a limit per
client address, and a time limit.

- Headers: ``X-Content-Type-Options: nosniff`` everywhere, a ``Referrer-Policy``, and for any
  response that did not set its own, a Content-Security-Policy that allows nothing (JSON, files,
  errors). The pages set stricter or looser ones themselves (/chat, /advisor, /privacy).
- Rate limit: one client address may make ``REQUESTS_PER_ADDRESS_PER_MINUTE`` requests a minute
  to what a browser calls (web chat, sign-in, the console, exports); more get 429 with
  Retry-After. /api/messages is left out: there all Teams users arrive from Microsoft's few
  addresses, and botbuilder authenticates every request. Behind a load balancer, set
  ``CLIENT_ADDRESS_HEADER`` (e.g. X-Forwarded-For) so the limit counts employees, not the
  balancer. The count lives in each worker: with N workers an address gets up to N times the
  limit, which still stops a flood.
- Time limit: a request that takes longer than ``REQUEST_TIMEOUT_SECONDS`` gets 503; streams
  (WebSockets) are exempt because they are meant to stay open.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from server.http_errors import json_error
from server.settings import Settings

log = logging.getLogger("koers.http")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
LIMITED_PREFIXES = ("/v3/directline", "/chat/session", "/advisor", "/api/advisor", "/privacy")
WINDOW_SECONDS = 60.0
# Beyond this many addresses in one window the oldest counts are dropped (memory stays small).
MAX_TRACKED_ADDRESSES = 50_000


async def add_default_headers(_request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Content-Security-Policy", DEFAULT_CSP)


class AddressLimit:
    """Fixed one-minute windows of requests per client address."""

    def __init__(self, per_minute: int, header: str, clock: Callable[[], float]) -> None:
        self._per_minute = per_minute
        self._header = header
        self._clock = clock
        self._window = -1
        self._counts: dict[str, int] = {}

    def address(self, request: web.Request) -> str:
        if self._header:
            forwarded = request.headers.get(self._header, "")
            first = forwarded.split(",")[0].strip()
            if first:
                return first[:64]
        return request.remote or "-"

    def allow(self, address: str) -> tuple[bool, int]:
        """Whether one more request from ``address`` is allowed; else seconds to wait."""
        now = self._clock()
        window = int(now // WINDOW_SECONDS)
        if window != self._window:
            self._window, self._counts = window, {}
        if len(self._counts) >= MAX_TRACKED_ADDRESSES and address not in self._counts:
            self._counts.clear()
        count = self._counts.get(address, 0) + 1
        self._counts[address] = count
        wait = math.ceil((window + 1) * WINDOW_SECONDS - now)
        return count <= self._per_minute, max(1, wait)


def guard(settings: Settings, clock: Callable[[], float] = time.monotonic) -> Middleware:
    """The rate limit and the time limit, as one middleware."""
    limit = AddressLimit(
        settings.requests_per_address_per_minute, settings.client_address_header, clock
    )
    timeout = settings.request_timeout_seconds

    @web.middleware
    async def guarded(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(LIMITED_PREFIXES):
            allowed, wait = limit.allow(limit.address(request))
            if not allowed:
                log.warning("too many requests from one address", extra={"event": "rate_limited"})
                response = json_error(
                    429, "too_many_requests", "Too many requests; please wait a minute."
                )
                response.headers["Retry-After"] = str(wait)
                return response
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await handler(request)
        try:
            async with asyncio.timeout(timeout):
                return await handler(request)
        except TimeoutError:
            log.warning("request took too long", extra={"event": "request_timeout"})
            return json_error(503, "timeout", "This took too long; please try again.")

    return guarded


def add_guard(app: web.Application, settings: Settings) -> None:
    app.middlewares.append(guard(settings))
    app.on_response_prepare.append(add_default_headers)
