"""``POST /api/messages``: where Teams (through Azure Bot Service) and other channels deliver.

The stock CloudAdapter answers most malformed bodies with a 500 and cannot serialise an
expectReplies answer; this handler checks the body first, authenticates, then hands the activity
to the adapter, so every bad request gets a 4xx with a reason and nothing reaches the bot unchecked.
"""

from __future__ import annotations

import logging

import jwt
from aiohttp import web
from botbuilder.core import InvokeResponse, serializer_helper
from botbuilder.schema import Activity

from bot.activity_input import (
    KNOWN_ACTIVITY_TYPES,
    BadActivity,
    activity_type,
    is_loopback_url,
    parse_body,
    to_activity,
)
from bot.app_keys import ADAPTER, AUTHENTICATION, BOT, SETTINGS
from bot.http_errors import json_error
from bot.logs import conversation_hash

log = logging.getLogger("koers.messages")


async def post_messages(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    raw = await request.read()  # aiohttp answers 413 past client_max_size
    try:
        body = parse_body(raw)
        kind = activity_type(body)
    except BadActivity as error:
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
    try:
        invoke_response = await request.app[ADAPTER].process_activity(
            result, activity, request.app[BOT].on_turn
        )
    except Exception:
        # The turn itself is guarded by on_turn_error; this is the adapter failing around it.
        log.exception(
            "activity could not be processed",
            extra={"event": "process_failed", "conversation": conversation, "activity_type": kind},
        )
        return json_error(503, "unavailable", "Koers cannot handle this activity right now.")
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
