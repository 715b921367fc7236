"""Junk at /api/messages and the Direct Line endpoint: 10,000 malformed or odd activities
(wrong types, missing fields, huge strings, deep nesting, broken unicode and UTF-8, wrong
content types, random JSON) from a seeded generator, so a failure can be replayed. Koers must
answer every one below 500 and still be healthy afterwards."""

from __future__ import annotations

import asyncio
import json
import os
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from app import create_app
from server.settings import Settings
from tests.security.ledger import count
from tests.support.connector_sink import ConnectorSink
from tests.support.directline import SECRET, DirectLine
from tests.support.servers import serve

ACTIVITIES = int(os.environ.get("KOERS_FUZZ_ACTIVITIES", "10000"))
pytestmark = pytest.mark.timeout(600)
SEED = 20261125
CONCURRENCY = 8
ODD_VALUES: list[Any] = [
    None, True, 0, -1, 2**63, 1.5e308, "", " ", "\u0000", "\ud800", "💥" * 50, [], {}, [[[]]],
    {"a": {"b": {"c": None}}}, "x" * 5000, "<script>alert(1)</script>", "../../etc/passwd",
]  # fmt: skip
TYPES = ["message", "conversationUpdate", "invoke", "event", "typing", "endOfConversation",
         "installationUpdate", "messageReaction", "MESSAGE", "", "unknown", "trace"]  # fmt: skip
FIELDS = ["type", "id", "text", "value", "from", "recipient", "conversation", "channelId",
          "serviceUrl", "locale", "attachments", "entities", "channelData", "name",
          "membersAdded", "membersRemoved", "replyToId", "textFormat", "timestamp"]  # fmt: skip


def nested(depth: int) -> Any:
    value: Any = "deep"
    for level in range(depth):
        value = [value] if level % 2 else {"d": value}
    return value


class Junk:
    """Odd activities, from a seed: each one a body (bytes) and its content type."""

    def __init__(self, seed: int, service_url: str) -> None:
        self.random = random.Random(seed)
        self.service_url = service_url

    def base(self) -> dict[str, Any]:
        r = self.random
        conversation = f"fuzz-{r.randrange(12)}"
        return {
            "type": r.choice(["message", "message", "message", r.choice(TYPES)]),
            "id": f"f-{r.getrandbits(40)}",
            "channelId": r.choice(["msteams", "msteams", "webchat", "emulator", "x"]),
            "serviceUrl": self.service_url,
            "from": {"id": f"user-{conversation}", "name": "Fuzz"},
            "recipient": {"id": "bot"},
            "conversation": {"id": conversation, "conversationType": "personal"},
            "locale": r.choice(["nl-NL", "en-US", "", "xx", "nl"]),
            "text": r.choice(["hoi", "help", "1", "opnieuw", "stop", "wat is de tma?", ""]),
        }

    def mutate(self, body: dict[str, Any]) -> dict[str, Any]:
        r = self.random
        for _ in range(r.randrange(2, 6)):
            field = r.choice(FIELDS)
            action = r.randrange(6)
            if action == 0:
                body.pop(field, None)
            elif action == 1:
                body[field] = r.choice(ODD_VALUES)
            elif action == 2:
                body[field] = "".join(
                    chr(r.randrange(0x20, 0x2FFF)) for _ in range(r.randrange(200))
                )
            elif action == 3:
                body[field] = nested(r.randrange(1, 120))
            elif action == 4:
                body["value"] = {"koers_choice": r.choice([*ODD_VALUES, "internal_mobility"])}
            else:
                body[field] = {str(r.random()): r.choice(ODD_VALUES) for _ in range(r.randrange(5))}
        return body

    def next(self) -> tuple[bytes, str]:
        r = self.random
        kind = r.randrange(20)
        if kind == 0:  # not JSON at all
            return bytes(r.getrandbits(8) for _ in range(r.randrange(1, 300))), "application/json"
        if kind == 1:  # JSON, but not an object
            return json.dumps(r.choice(ODD_VALUES[:14])).encode(), "application/json"
        if kind == 2:  # another content type
            return b"type=message&text=hoi", r.choice(
                ["text/plain", "application/x-www-form-urlencoded"]
            )
        if kind == 3:  # huge
            body = self.base()
            body["text"] = "a" * r.choice([10_000, 100_000, 300_000])
            return json.dumps(body).encode(), "application/json"
        if kind == 4:  # broken UTF-8 in a string
            return json.dumps(self.base()).encode().replace(
                b"hoi", b"h\xff\xfe"
            ), "application/json"
        if kind == 5:  # a lone surrogate, escaped
            raw = json.dumps(self.base()).replace('"hoi"', '"\\ud800hoi"')
            return raw.encode(), "application/json"
        text = json.dumps(self.mutate(self.base()), ensure_ascii=r.random() < 0.5)
        # A lone surrogate becomes bytes that are no valid UTF-8: junk a client can send.
        return text.encode("utf-8", "surrogatepass"), "application/json"


async def _send_all(
    send: Callable[[bytes, str], Any],
    junk: Junk,
    total: int,
    statuses: Counter[int],
    failures: list[tuple[int, bytes]],
) -> None:
    queue: asyncio.Queue[tuple[bytes, str]] = asyncio.Queue()
    for _ in range(total):
        queue.put_nowait(junk.next())

    async def worker() -> None:
        while not queue.empty():
            body, content_type = queue.get_nowait()
            status = await send(body, content_type)
            statuses[status] += 1
            if status >= 500:
                failures.append((status, body[:2000]))  # what to replay

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def test_ten_thousand_odd_activities_get_no_5xx(settings: Settings) -> None:
    sink = ConnectorSink()
    app = create_app(
        settings.with_changes(
            direct_line_secret=SECRET,
            outbox_interval_seconds=0,
            webchat_messages_per_minute=100_000,
            requests_per_address_per_minute=1_000_000,
        )
    )
    statuses: Counter[int] = Counter()
    failures: list[tuple[int, bytes]] = []
    async with (
        serve(sink.app()) as sink_url,
        serve(app) as url,
        aiohttp.ClientSession() as session,
    ):
        sink.url = sink_url
        dl = DirectLine(session, url)
        conversation = await dl.start()
        direct_line = f"{url}/v3/directline/conversations/{conversation.id}/activities"

        async def to_messages(body: bytes, content_type: str) -> int:
            async with session.post(
                f"{url}/api/messages", data=body, headers={"Content-Type": content_type}
            ) as response:
                await response.read()
                return response.status

        async def to_direct_line(body: bytes, content_type: str) -> int:
            headers = {
                "Content-Type": content_type,
                "Authorization": f"Bearer {conversation.token}",
            }
            async with session.post(direct_line, data=body, headers=headers) as response:
                await response.read()
                return response.status

        await _send_all(to_messages, Junk(SEED, sink_url), ACTIVITIES * 9 // 10, statuses, failures)
        await _send_all(
            to_direct_line, Junk(SEED + 1, sink_url), ACTIVITIES // 10, statuses, failures
        )
        async with session.get(f"{url}/healthz") as health:
            assert health.status == 200  # still alive and well
    for status, times in statuses.items():
        for _ in range(times):
            count("fuzz: odd activities answered < 500", status < 500)
    assert sum(statuses.values()) == ACTIVITIES
    assert all(status < 500 for status in statuses), (statuses, failures[:3])
    print(
        f"\nfuzz: {sum(statuses.values())} odd activities, answers {dict(sorted(statuses.items()))}"
    )
    assert statuses[200] > ACTIVITIES // 20 and statuses[400] > ACTIVITIES // 20  # both paths
