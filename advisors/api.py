"""The advisors' JSON API: the same queue as the console, for tools.

``GET /api/advisor/intakes`` (filters: status, mine, theme, urgency, older_than_days),
``GET /api/advisor/intakes/{id}``, ``PATCH /api/advisor/intakes/{id}`` with any of ``status``,
``assignee`` (an id, or null to hand back), ``note``, ``closing_reason``. Bearer token or the
console's session (then with the X-CSRF-Token header). 401 without, 403 for another advisor's
intake, 404 for an unknown id, 422 with the reason for a change that cannot be made.
"""

from __future__ import annotations

import functools
from typing import Any

from aiohttp import web

from advisors.queue import (
    STATUSES,
    Change,
    Filters,
    IntakeQueue,
    InvalidChange,
    NotAllowed,
    NotFound,
)
from advisors.web_auth import CSRF_HEADER, Caller, caller, csrf_ok
from server.http_errors import Handler, json_error
from server.json_body import BadBody, parse_body

QUEUE = web.AppKey("advisor_queue", IntakeQueue)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def filters_from(query: Any) -> Filters:
    """Queue filters from a query string; unknown values are a clear 422, not an empty list."""
    status = query.get("status") or None
    if status is not None and status not in STATUSES:
        raise ApiError(422, "invalid_filter", f"status must be one of {', '.join(STATUSES)}")
    older = query.get("older_than_days") or None
    if older is not None and (not older.isdigit() or len(older) > 4):
        raise ApiError(422, "invalid_filter", "older_than_days must be a whole number")
    return Filters(
        status=status,
        mine=query.get("mine") in {"1", "true", "yes"},
        theme=(query.get("theme") or None),
        urgency=(query.get("urgency") or None),
        older_than_days=int(older) if older else None,
    )


async def _who(request: web.Request) -> Caller:
    current = await caller(request)
    if current is None:
        raise ApiError(401, "unauthorized", "Sign in, or send a Bearer token.")
    return current


async def list_intakes(request: web.Request) -> web.Response:
    current = await _who(request)
    items = await request.app[QUEUE].find(current.advisor, filters_from(request.query))
    return web.json_response({"intakes": [item.summary() for item in items]})


async def get_intake(request: web.Request) -> web.Response:
    current = await _who(request)
    item = await request.app[QUEUE].get(current.advisor, request.match_info["intake_id"])
    return web.json_response(item.details())


def change_from(body: dict[str, Any]) -> Change:
    known = {"status", "assignee", "note", "closing_reason"}
    unknown = sorted(set(body) - known)
    if unknown:
        raise InvalidChange(f"unknown field {unknown[0]!r}")
    for name in ("status", "note", "closing_reason"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise InvalidChange(f"{name} must be text")
    assignee = body.get("assignee", "")
    if assignee is not None and not isinstance(assignee, str):
        raise InvalidChange("assignee must be an advisor id or null")
    return Change(
        status=body.get("status"),
        assignee=assignee or None,
        unassign="assignee" in body and assignee is None,
        note=body.get("note"),
        closing_reason=body.get("closing_reason"),
    )


async def patch_intake(request: web.Request) -> web.Response:
    current = await _who(request)
    if not csrf_ok(current, request.headers.get(CSRF_HEADER)):
        raise ApiError(403, "csrf", "The X-CSRF-Token header is missing or wrong.")
    try:
        body = parse_body(await request.read())
    except BadBody as error:
        raise ApiError(400, "bad_request", str(error).replace("activity", "change")) from None
    item = await request.app[QUEUE].change(
        current.advisor, request.match_info["intake_id"], change_from(body)
    )
    return web.json_response(item.summary())


def queue_errors(handler: Handler) -> Handler:
    """``handler`` with the queue's refusals answered as JSON errors with the right status.
    Only the advisors' own routes are wrapped: no other route can raise these."""

    @functools.wraps(handler)
    async def answered(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ApiError as error:
            return json_error(error.status, error.code, error.message)
        except NotAllowed:
            return json_error(403, "forbidden", "This intake is another advisor's.")
        except NotFound:
            return json_error(404, "not_found", "There is no such intake.")
        except InvalidChange as error:
            return json_error(422, "invalid_change", str(error))

    return answered


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/advisor/intakes", queue_errors(list_intakes))
    app.router.add_get("/api/advisor/intakes/{intake_id}", queue_errors(get_intake))
    app.router.add_patch("/api/advisor/intakes/{intake_id}", queue_errors(patch_intake))
