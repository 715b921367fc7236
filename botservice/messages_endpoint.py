"""``POST /api/messages``: where Teams (through Azure Bot Service) and other channels deliver.

The stock CloudAdapter answers most malformed bodies with a 500 and cannot serialise an
expectReplies answer; this handler checks the body first, authenticates, then hands the activity
to the adapter, so every bad request gets a 4xx with a reason and nothing reaches the bot unchecked.
"""

from __future__ import annotations

import contextlib
import logging
import time

import jwt
from aiohttp import web
from botbuilder.core import InvokeResponse, serializer_helper
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult
from sqlalchemy.exc import SQLAlchemyError

from botservice.activity_input import (
    KNOWN_ACTIVITY_TYPES,
    BadActivity,
    activity_type,
    is_loopback_url,
    to_activity,
)
from botservice.app_keys import ADAPTER, AUTHENTICATION, BOT, CONVERSATION_LOCKS, RECEIVED
from botservice.received import Arrival, received_key
from server.app_keys import SETTINGS
from server.http_errors import json_error, unavailable
from server.json_body import BadBody, parse_body
from server.logs import conversation_hash
from server.metrics import record_turn
from storage.availability import database_unavailable

log = logging.getLogger("koers.messages")


async def post_messages(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    raw = await request.read()  # aiohttp answers 413 past client_max_size
    try:
        body = parse_body(raw)
        kind = activity_type(body)
    except BadBody as error:
        return json_error(400, "bad_activity", str(error))

    if kind not in KNOWN_ACTIVITY_TYPES:
        # Authenticate before saying anything, then ignore what we do not know.
        denied = await _authenticate_only(request, body)
        return denied or web.json_response({}, status=200)

    try:
        activity = to_activity(body)
    except BadActivity as error:
        return json_error(400, "bad_activity", str(error))
    if settings.local_mode and not is_loopback_url(activity.service_url):
        return json_error(
            400,
            "bad_activity",
            "in local mode Koers only answers channels on this machine (serviceUrl on loopback)",
        )

    authentication = request.app[AUTHENTICATION]
    try:
        result = await authentication.authenticate_request(
            activity, request.headers.get("Authorization", "")
        )
    except Exception as error:  # every failure to prove who is calling is a 401
        return _unauthorized(error)

    conversation = conversation_hash(activity.conversation.id)
    started = time.perf_counter()
    try:
        # One turn at a time per conversation, across workers: a burst of messages is handled
        # in the order it arrived, each on the state the one before it saved, and a second
        # delivery of an activity waits for the first and then finds it done.
        async with request.app[CONVERSATION_LOCKS].hold(
            f"{activity.channel_id}:{activity.conversation.id}"
        ):
            return await _process_once(request, result, activity, conversation, started)
    except Exception as error:
        if not database_unavailable(error):
            raise
        log.warning(
            "database unavailable",
            extra={"event": "database_unavailable", "error_type": type(error).__name__},
        )
        return unavailable("Koers cannot reach its database; please try again.")


async def _process_once(
    request: web.Request,
    result: AuthenticateRequestResult,
    activity: Activity,
    conversation: str,
    started: float,
) -> web.Response:
    received = request.app[RECEIVED]
    key = received_key(activity)
    if key is not None and await received.arrive(key) is Arrival.DONE_BEFORE:
        log.info(
            "activity delivered again, answered before",
            extra={"event": "duplicate", "conversation": conversation},
        )
        return web.Response(status=200)
    try:
        invoke_response = await request.app[ADAPTER].process_activity(
            result, activity, request.app[BOT].on_turn
        )
    except BaseException as error:
        record_turn(request.app, activity.channel_id, started, failed=True)
        if key is not None:
            with contextlib.suppress(SQLAlchemyError, OSError):
                await received.failed(key)  # so that the channel's retry is processed
        if not isinstance(error, Exception) or database_unavailable(error):
            raise  # cancelled (the request's time limit), or the database is away: 503 above
        # The turn itself is guarded by on_turn_error; this is the adapter failing around it.
        log.exception(
            "activity could not be processed",
            extra={
                "event": "process_failed",
                "conversation": conversation,
                "activity_type": activity.type,
            },
        )
        return json_error(503, "unavailable", "Koers cannot handle this activity right now.")
    record_turn(request.app, activity.channel_id, started, failed=False)
    if key is not None:
        with contextlib.suppress(SQLAlchemyError, OSError):
            await received.done(key)
    return _reply(invoke_response)


async def _authenticate_only(request: web.Request, body: dict[str, object]) -> web.Response | None:
    try:
        await request.app[AUTHENTICATION].authenticate_request(
            Activity(
                type=str(body.get("type")),
                channel_id=body.get("channelId")
                if isinstance(body.get("channelId"), str)
                else None,
                service_url=body.get("serviceUrl")
                if isinstance(body.get("serviceUrl"), str)
                else None,
            ),
            request.headers.get("Authorization", ""),
        )
    except Exception as error:
        return _unauthorized(error)
    return None


def _unauthorized(error: Exception) -> web.Response:
    reason = "token" if isinstance(error, jwt.PyJWTError) else type(error).__name__
    log.warning("request not authorised", extra={"event": "unauthorised", "reason": reason})
    response = json_error(401, "unauthorized", "This request is not authorised.")
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _reply(invoke_response: InvokeResponse | None) -> web.Response:
    if invoke_response is None:
        return web.Response(status=200)
    body = invoke_response.body
    status = int(invoke_response.status or 200)
    if body is None:
        return web.Response(status=status)
    # expectReplies answers carry an already serialised dict; other bodies are msrest models.
    data = body if isinstance(body, dict | list) else serializer_helper(body)
    return web.json_response(data, status=status)
