"""One shape for every HTTP error Koers returns, and a request log line without any content."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from storage.availability import database_unavailable

log = logging.getLogger("koers.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_error(status: int, code: str, message: str) -> web.Response:
    """``{"error": {"code", "message"}}`` with ``status``: what every client of Koers can parse."""
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def _route_of(request: web.Request) -> str:
    """The route's pattern, not the path: a path can carry a conversation id."""
    info = request.match_info
    resource = info.route.resource if info.route is not None else None
    return resource.canonical if resource is not None else "-"


def unavailable(message: str, retry_after_seconds: int = 5) -> web.Response:
    """503 with Retry-After: Koers is fine, something it needs is away for a moment."""
    response = json_error(503, "unavailable", message)
    response.headers["Retry-After"] = str(retry_after_seconds)
    return response


@web.middleware
async def errors_as_json(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turns aiohttp's HTTP errors into JSON, a database that is away into a 503 to retry, and
    anything unexpected into a logged 500."""
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as error:
        status = error.status
        if status < 400:
            raise
        code = error.reason.lower().replace(" ", "_")
        message = (
            error.text if error.text and error.text != f"{status}: {error.reason}" else error.reason
        )
        reply = json_error(status, code, message)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in error.headers:
                reply.headers[header] = error.headers[header]
        return reply
    except Exception as error:
        if database_unavailable(error):
            status = 503
            log.warning(
                "database unavailable",
                extra={
                    "event": "database_unavailable",
                    "path": _route_of(request),
                    "error_type": type(error).__name__,
                },
            )
            return unavailable("Koers cannot reach its database; please try again in a moment.")
        log.exception(
            "request failed", extra={"event": "request_failed", "path": _route_of(request)}
        )
        return json_error(500, "internal_error", "Something went wrong on our side.")
    finally:
        log.debug(
            "request",
            extra={
                "event": "request",
                "method": request.method,
                "path": _route_of(request),
                "status": status,
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
