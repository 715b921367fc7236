"""The WebSocket stream of a Direct Line conversation: activity sets with watermarks.

The client opens the ``streamUrl`` exactly as given and without headers, so the URL carries a
short-lived stream token. A new stream first sends everything after the watermark it was opened
with (from the start when none): the client may have posted before its socket was open, and a
reconnect must neither lose nor repeat an activity.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from asyncio import FIRST_COMPLETED
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web
from sqlalchemy.exc import SQLAlchemyError

from server.http_errors import json_error
from server.logs import conversation_hash
from server.tokens import Purpose, TokenError
from webchat.activity_log import LoggedActivity, WebConversation, parse_watermark
from webchat.service import WEBCHAT, WebChat

log = logging.getLogger("koers.webchat")

# Clients only send keep-alives; anything bigger is not for us.
MAX_CLIENT_FRAME = 4096


def stream_url(
    request: web.Request, webchat: WebChat, conversation_id: str, token: str, watermark: int
) -> str:
    base = webchat.settings.public_url or f"{request.scheme}://{request.host}"
    base = base.rstrip("/")
    socket_base = "wss://" + base[8:] if base.startswith("https://") else "ws://" + base[7:]
    path = f"/v3/directline/conversations/{conversation_id}/stream"
    query = f"?t={token}" + (f"&watermark={watermark}" if watermark else "")
    return socket_base + path + query


async def connection_details(
    request: web.Request, webchat: WebChat, conversation: WebConversation, watermark: int
) -> dict[str, Any]:
    """What a client needs to talk about ``conversation``: a token and where its stream is."""
    tokens = await webchat.tokens(conversation.id, conversation.user_id)
    stream_token = await webchat.stream_token(conversation.id, conversation.user_id)
    return {
        **tokens.as_json(),
        "streamUrl": stream_url(request, webchat, conversation.id, stream_token, watermark),
    }


async def stream(request: web.Request) -> web.StreamResponse:
    webchat = request.app[WEBCHAT]
    conversation_id = request.match_info["conversation_id"]
    try:
        claims = (await webchat.signer()).verify(
            request.query.get("t", ""), Purpose.STREAM, webchat.now()
        )
    except TokenError as error:
        if error.expired:
            return json_error(403, "token_expired", "This stream address has expired.")
        return json_error(401, "unauthorized", "This stream address is not valid.")
    if claims.conversation_id != conversation_id:
        return json_error(403, "forbidden", "This stream address is for another conversation.")
    try:
        watermark = parse_watermark(request.query.get("watermark", ""))
    except ValueError as error:
        return json_error(400, "bad_request", str(error))
    if await webchat.log.conversation(conversation_id) is None:
        return json_error(404, "not_found", "There is no such conversation.")

    socket = web.WebSocketResponse(max_msg_size=MAX_CLIENT_FRAME, autoping=True)
    await socket.prepare(request)
    webchat.streams[socket] = conversation_id
    listener = asyncio.create_task(_until_closed(socket))
    try:
        await _push(webchat, socket, conversation_id, watermark, listener)
    except ConnectionResetError:
        pass  # the page went away while we were sending; it reconnects with its watermark
    finally:
        webchat.streams.pop(socket, None)
        listener.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listener
        await socket.close()
    return socket


async def close_streams(app: web.Application) -> None:
    """On shutdown, tell every page to reconnect (to another worker, or to this one when it is
    back); each comes back with its watermark and misses nothing."""
    streams = list(app[WEBCHAT].streams)
    await asyncio.gather(
        *(socket.close(code=WSCloseCode.GOING_AWAY) for socket in streams),
        return_exceptions=True,
    )


async def _until_closed(socket: web.WebSocketResponse) -> None:
    """Read (and drop) what the client sends, until it closes the socket."""
    async for message in socket:
        if message.type in {WSMsgType.ERROR, WSMsgType.CLOSE}:
            break


async def _push(
    webchat: WebChat,
    socket: web.WebSocketResponse,
    conversation_id: str,
    watermark: int,
    listener: asyncio.Task[None],
) -> None:
    keepalive = webchat.settings.webchat_keepalive_seconds
    last_sent = time.monotonic()
    while not socket.closed and not listener.done():
        ticket = webchat.signals.ticket(conversation_id)
        try:
            logged: list[LoggedActivity] | None = await webchat.log.after(
                conversation_id, watermark
            )
        except (SQLAlchemyError, OSError) as error:
            # The database is away: keep the socket, try again; nothing is skipped meanwhile.
            log.warning(
                "web chat stream cannot read",
                extra={
                    "event": "stream_read_failed",
                    "conversation": conversation_hash(conversation_id),
                    "error_type": type(error).__name__,
                },
            )
            logged = []
        if logged is None:
            # The employee erased their data: say so once, then end the stream; the page
            # offers a new conversation.
            notice = webchat.erased_notice(conversation_id, watermark + 1)
            await socket.send_json({"activities": [notice], "watermark": str(watermark + 1)})
            await socket.close()
            return
        if logged:
            watermark = logged[-1].watermark
            await socket.send_json(
                {"activities": [item.activity for item in logged], "watermark": str(watermark)}
            )
            last_sent = time.monotonic()
            continue
        idle = time.monotonic() - last_sent
        wait = max(0.05, min(webchat.settings.webchat_reread_seconds, keepalive - idle))
        waiter = asyncio.ensure_future(ticket.wait())
        try:
            await asyncio.wait({waiter, listener}, timeout=wait, return_when=FIRST_COMPLETED)
        finally:
            waiter.cancel()
        if time.monotonic() - last_sent >= keepalive and not socket.closed:
            await socket.send_str("")
            last_sent = time.monotonic()


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v3/directline/conversations/{conversation_id}/stream", stream)
    app.on_shutdown.append(close_streams)
