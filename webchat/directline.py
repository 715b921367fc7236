"""Direct Line 3.0 over HTTP, as the official ``botframework-directlinejs`` client calls it.

Every call carries ``Authorization: Bearer`` with the Direct Line secret (servers only) or a
token bound to one conversation and one user. Errors are JSON; an expired token gets 403, which
tells the client to get a new one, and anything it cannot repair gets a 4xx it does not retry.
"""

from __future__ import annotations

import hmac
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from server.http_errors import json_error
from server.json_body import BadBody, parse_body
from server.metrics import record_turn
from server.tokens import Purpose, TokenError
from webchat.activity_log import WebConversation, parse_watermark
from webchat.service import (
    CHANNEL_ID,
    DEFAULT_LOCALE,
    WEBCHAT,
    WebChat,
    new_conversation_id,
    new_user_id,
)
from webchat.stream import connection_details

PREFIX = "/v3/directline"
_USER_ID = re.compile(r"[A-Za-z0-9_.:@-]{1,64}")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}")
# What a user may post. Typing is accepted and dropped; the rest would never reach the bot.
_TURN_TYPES = {"message", "event"}
MAX_TEXT = 5000


class DirectLineError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> web.Response:
        reply = json_error(self.status, self.code, self.message)
        if self.status == 401:
            reply.headers["WWW-Authenticate"] = "Bearer"
        return reply


@dataclass(frozen=True)
class Caller:
    """Who is calling: a server with the secret, or a browser with a token for one conversation."""

    with_secret: bool
    conversation_id: str = ""
    user_id: str = ""

    def require(self, conversation_id: str) -> None:
        if not self.with_secret and self.conversation_id != conversation_id:
            raise DirectLineError(403, "forbidden", "This token is for another conversation.")


async def identify(request: web.Request, webchat: WebChat) -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, credential = header.partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        raise DirectLineError(401, "unauthorized", "A Bearer token or secret is needed.")
    secret = webchat.settings.direct_line_secret
    if secret and hmac.compare_digest(credential.encode(), secret.encode()):
        return Caller(with_secret=True)
    try:
        claims = (await webchat.signer()).verify(credential, Purpose.DIRECT_LINE, webchat.now())
    except TokenError as error:
        if error.expired:
            raise DirectLineError(403, "token_expired", "This token has expired.") from None
        raise DirectLineError(401, "unauthorized", "This token is not valid.") from None
    return Caller(False, claims.conversation_id, claims.user_id)


async def _json_body(request: web.Request, *, required: bool) -> dict[str, Any]:
    raw = await request.read()
    if not raw.strip() and not required:
        return {}
    try:
        return parse_body(raw)
    except BadBody as error:
        raise DirectLineError(400, "bad_request", str(error)) from None


def _user_from(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if user is None:
        return None
    if isinstance(user, dict) and user.get("id") is None:
        return None  # the official client sends {"user": {}} when it has no user id
    user_id = user.get("id") if isinstance(user, dict) else None
    if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id):
        raise DirectLineError(
            400, "bad_request", "user.id must be 1 to 64 letters, digits or _ . : @ -"
        )
    return user_id


def _locale_from(body: dict[str, Any]) -> str:
    locale = body.get("locale")
    if isinstance(locale, str) and _LOCALE.fullmatch(locale):
        return locale
    return DEFAULT_LOCALE


def _watermark(request: web.Request) -> int:
    raw = request.query.get("watermark", "")
    try:
        # The official client sends "null" or "undefined" before it has seen an activity.
        return parse_watermark("" if raw in {"null", "undefined"} else raw)
    except ValueError as error:
        raise DirectLineError(400, "bad_request", str(error)) from None


Route = Callable[[web.Request, WebChat], Awaitable[web.StreamResponse]]


def _handler(work: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Answers a DirectLineError with its JSON error, so each route reads as its happy path."""

    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            return await work(request, request.app[WEBCHAT])
        except DirectLineError as error:
            return error.response()

    return handle


async def _conversation(webchat: WebChat, conversation_id: str) -> WebConversation:
    conversation = await webchat.log.conversation(conversation_id)
    if conversation is None:
        raise DirectLineError(404, "not_found", "There is no such conversation.")
    return conversation


async def generate_token(request: web.Request, webchat: WebChat) -> web.Response:
    caller = await identify(request, webchat)
    if not caller.with_secret:
        raise DirectLineError(403, "forbidden", "Only the Direct Line secret can make tokens.")
    body = await _json_body(request, required=False)
    user_id = _user_from(body) or new_user_id()
    tokens = await webchat.tokens(new_conversation_id(), user_id)
    return web.json_response(tokens.as_json())


async def refresh_token(request: web.Request, webchat: WebChat) -> web.Response:
    caller = await identify(request, webchat)
    if caller.with_secret:
        raise DirectLineError(400, "bad_request", "Refresh a token, not the secret.")
    tokens = await webchat.tokens(caller.conversation_id, caller.user_id)
    return web.json_response(tokens.as_json())


async def start_conversation(request: web.Request, webchat: WebChat) -> web.Response:
    caller = await identify(request, webchat)
    body = await _json_body(request, required=False)
    if caller.with_secret:
        conversation = WebConversation(
            new_conversation_id(), _user_from(body) or new_user_id(), _locale_from(body)
        )
    else:
        conversation = WebConversation(caller.conversation_id, caller.user_id, _locale_from(body))
    created = await webchat.open(conversation)
    stored = await _conversation(webchat, conversation.id)
    if stored.user_id != conversation.user_id:
        raise DirectLineError(403, "forbidden", "This conversation belongs to another user.")
    reply = await connection_details(request, webchat, stored, 0)
    return web.json_response(reply, status=201 if created else 200)


async def reconnect(request: web.Request, webchat: WebChat) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    caller = await identify(request, webchat)
    caller.require(conversation_id)
    watermark = _watermark(request)
    conversation = await _conversation(webchat, conversation_id)
    return web.json_response(await connection_details(request, webchat, conversation, watermark))


async def post_activity(request: web.Request, webchat: WebChat) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    caller = await identify(request, webchat)
    caller.require(conversation_id)
    conversation = await _conversation(webchat, conversation_id)
    # Whatever from.id the client sends, the activity is the conversation's user's.
    body = await _json_body(request, required=True)
    kind = body.get("type")
    if not isinstance(kind, str):
        raise DirectLineError(400, "bad_request", "type must be a string")
    if kind == "typing":
        return web.json_response({"id": ""})
    if kind not in _TURN_TYPES:
        raise DirectLineError(400, "bad_request", "Only message and event activities are taken.")
    text = body.get("text")
    if text is not None and not isinstance(text, str):
        raise DirectLineError(400, "bad_request", "text must be a string")
    if isinstance(text, str) and len(text) > MAX_TEXT:
        raise DirectLineError(400, "too_long", f"A message can have at most {MAX_TEXT} characters.")
    if await webchat.too_many(conversation):
        reply = json_error(429, "too_many_requests", "Too many messages; wait a minute.")
        reply.headers["Retry-After"] = "60"
        return reply
    started = time.perf_counter()
    try:
        activity_id = await webchat.receive(conversation, body)
    except Exception:
        record_turn(request.app, CHANNEL_ID, started, failed=True)
        raise
    record_turn(request.app, CHANNEL_ID, started, failed=False)
    return web.json_response({"id": activity_id})


async def get_activities(request: web.Request, webchat: WebChat) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    caller = await identify(request, webchat)
    caller.require(conversation_id)
    watermark = _watermark(request)
    logged = await webchat.log.after(conversation_id, watermark)
    if logged is None:
        raise DirectLineError(404, "not_found", "There is no such conversation.")
    return web.json_response(
        {
            "activities": [item.activity for item in logged],
            "watermark": str(logged[-1].watermark if logged else watermark),
        }
    )


async def upload(request: web.Request, webchat: WebChat) -> web.Response:
    caller = await identify(request, webchat)
    caller.require(request.match_info["conversation_id"])
    raise DirectLineError(400, "not_supported", "Koers does not take files.")


def add_routes(app: web.Application) -> None:
    conversation = PREFIX + "/conversations/{conversation_id}"
    app.router.add_post(PREFIX + "/tokens/generate", _handler(generate_token))
    app.router.add_post(PREFIX + "/tokens/refresh", _handler(refresh_token))
    app.router.add_post(PREFIX + "/conversations", _handler(start_conversation))
    app.router.add_get(conversation, _handler(reconnect))
    app.router.add_post(conversation + "/activities", _handler(post_activity))
    app.router.add_get(conversation + "/activities", _handler(get_activities))
    app.router.add_post(conversation + "/upload", _handler(upload))
