"""Posts activities to Koers' /api/messages the way a Bot Framework channel does."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import aiohttp

_ids = itertools.count(1)


class Channel:
    """A channel talking to one Koers server, with replies going to ``service_url``."""

    def __init__(self, session: aiohttp.ClientSession, bot_url: str, service_url: str) -> None:
        self.session = session
        self.bot_url = bot_url
        self.service_url = service_url

    def activity(self, conversation_id: str, **fields: Any) -> dict[str, Any]:
        activity: dict[str, Any] = {
            "type": "message",
            "id": f"activity-{next(_ids)}",
            "timestamp": "2026-11-25T12:00:00.000Z",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": "user-1", "name": "Employee", "role": "user"},
            "conversation": {"id": conversation_id},
            "recipient": {"id": "koers-bot", "name": "Koers", "role": "bot"},
            "locale": "nl-NL",
        }
        activity.update(fields)
        return activity

    def message(self, conversation_id: str, text: str, **fields: Any) -> dict[str, Any]:
        return self.activity(conversation_id, type="message", text=text, **fields)

    def joined(self, conversation_id: str, **fields: Any) -> dict[str, Any]:
        """The conversationUpdate a channel sends when the user and the bot join."""
        return self.activity(
            conversation_id,
            type="conversationUpdate",
            membersAdded=[{"id": "koers-bot"}, {"id": "user-1"}],
            **fields,
        )

    async def post(
        self, body: Any = None, *, raw: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """POST to /api/messages; returns the status and the parsed JSON body (or None)."""
        data = raw if raw is not None else None
        async with self.session.post(
            f"{self.bot_url}/api/messages",
            json=body if raw is None else None,
            data=data,
            headers={"Content-Type": "application/json", **(headers or {})},
        ) as response:
            text = await response.text()
            try:
                parsed = await response.json(content_type=None) if text else None
            except ValueError:
                parsed = text
            return response.status, parsed


def new_conversation_id() -> str:
    return f"conv-{uuid.uuid4().hex}"
