"""A small Bot Connector service on loopback that receives the bot's replies.

A channel posts an activity with a ``serviceUrl``; the bot answers by calling that URL. The sink
records what arrives, so tests assert the texts a user would read.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from aiohttp import web


class ConnectorSink:
    """Collects every activity the bot sends, per conversation, in order of arrival."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        # Every call the bot made, in order: (method, path, body).
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        # The Authorization header of every call, in the same order.
        self.authorizations: list[str] = []
        self._arrived = asyncio.Condition()
        self._ids = itertools.count(1)
        self.fail_with: int | None = None
        # Seconds the sink keeps a reply waiting and then drops it (a connector that hangs).
        self.hang_seconds: float | None = None
        # What Teams says about a member (TeamsInfo.get_member); None: an unknown member (404).
        self.member: dict[str, Any] | None = None
        self.url = ""  # set once the sink is listening

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._receive)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._receive)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}", self._receive)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)
        return app

    async def _member(self, request: web.Request) -> web.Response:
        self.calls.append((request.method, request.path, {}))
        self.authorizations.append(request.headers.get("Authorization", ""))
        if self.member is None:
            return web.json_response({"error": {"code": "NotFound"}}, status=404)
        return web.json_response({**self.member, "id": request.match_info["member"]})

    async def _receive(self, request: web.Request) -> web.Response:
        if self.hang_seconds is not None:
            await asyncio.sleep(self.hang_seconds)
            return web.json_response({"error": {"code": "timeout"}}, status=504)
        if self.fail_with is not None:
            return web.json_response({"error": {"code": "down"}}, status=self.fail_with)
        activity = await request.json()
        self.calls.append((request.method, request.path, activity))
        self.authorizations.append(request.headers.get("Authorization", ""))
        async with self._arrived:
            self.received.append(activity)
            self._arrived.notify_all()
        return web.json_response({"id": f"reply-{next(self._ids)}"})

    def texts(self, conversation_id: str) -> list[str]:
        return [
            activity.get("text") or ""
            for activity in self.received
            if activity.get("conversation", {}).get("id") == conversation_id
            and activity.get("type") == "message"
        ]

    async def wait_for_texts(
        self, conversation_id: str, count: int, timeout: float = 10.0
    ) -> list[str]:
        """The first ``count`` texts sent to the conversation, waiting for them to arrive."""
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: len(self.texts(conversation_id)) >= count)
        return self.texts(conversation_id)[:count]
