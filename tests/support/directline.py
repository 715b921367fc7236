"""A Direct Line 3.0 client for tests: what a web page or an intranet server does, over HTTP."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import aiohttp

SECRET = "test-direct-line-secret"


@dataclass
class Conversation:
    id: str
    token: str
    stream_url: str
    watermark: int = 0
    seen: list[dict[str, Any]] = field(default_factory=list)

    def bot_texts(self) -> list[str]:
        return [a.get("text", "") for a in self.seen if a["from"].get("role") == "bot"]


class DirectLine:
    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.session = session
        self.base = base_url
        self.api = f"{base_url}/v3/directline"

    async def call(
        self,
        method: str,
        path: str,
        credential: str | None = SECRET,
        body: Any = None,
        raw: bytes | None = None,
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {credential}"} if credential else {}
        async with self.session.request(
            method,
            self.api + path,
            json=body if raw is None else None,
            data=raw,
            headers={"Content-Type": "application/json", **headers},
        ) as response:
            text = await response.text()
            return response.status, json.loads(text) if text else None

    async def start(self, credential: str = SECRET, **body: Any) -> Conversation:
        status, data = await self.call("POST", "/conversations", credential, body or None)
        assert status in {200, 201}, (status, data)
        return Conversation(data["conversationId"], data["token"], data["streamUrl"])

    async def send(self, conversation: Conversation, text: str, **fields: Any) -> str:
        activity = {"type": "message", "text": text, "from": {"id": "someone"}, **fields}
        status, data = await self.call(
            "POST", f"/conversations/{conversation.id}/activities", conversation.token, activity
        )
        assert status == 200, (status, data)
        return str(data["id"])

    async def poll(self, conversation: Conversation) -> list[dict[str, Any]]:
        """The activities after the conversation's watermark; moves the watermark on."""
        status, data = await self.call(
            "GET",
            f"/conversations/{conversation.id}/activities?watermark={conversation.watermark}",
            conversation.token,
        )
        assert status == 200, (status, data)
        conversation.watermark = int(data["watermark"])
        conversation.seen += data["activities"]
        return list(data["activities"])

    async def bot_says(self, conversation: Conversation, count: int = 1) -> list[str]:
        """Poll until the bot has said ``count`` more messages; returns their texts."""
        before = len(conversation.bot_texts())
        for _ in range(200):
            await self.poll(conversation)
            if len(conversation.bot_texts()) >= before + count:
                return conversation.bot_texts()[before:]
            await asyncio.sleep(0.02)
        raise AssertionError(f"the bot said {conversation.bot_texts()[before:]}")


async def read_frames(
    socket: aiohttp.ClientWebSocketResponse, until: int, timeout: float = 10
) -> list[dict[str, Any]]:
    """Read activity sets from a stream until ``until`` activities arrived; keep-alives skipped."""
    activities: list[dict[str, Any]] = []
    async with asyncio.timeout(timeout):
        while len(activities) < until:
            message = await socket.receive()
            assert message.type == aiohttp.WSMsgType.TEXT, message
            if message.data == "":
                continue
            frame = json.loads(message.data)
            assert int(frame["watermark"]) == int(frame["activities"][-1]["id"].split("|")[1])
            activities += frame["activities"]
    return activities
