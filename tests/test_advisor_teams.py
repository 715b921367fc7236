"""The advisors' Teams channel, against a fake Bot Connector on loopback that records every call
Koers makes: registering the channel, the intake card, Claim on the card updating it, the
employee hearing that an advisor has their intake, and Teams being down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import select, update

from advisors.channels import ChannelStore
from advisors.intake_store import IntakeStore
from advisors.outbox import OutboxWorker
from advisors.setup import OUTBOX
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from storage.tables import advisors, intakes, outbox
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve
from tests.test_advisors import intake

CHANNEL = "19:advisors@thread.tacv2"


@dataclass
class Teams:
    app: web.Application
    channel: Channel
    sink: ConnectorSink

    @property
    def outbox(self) -> OutboxWorker:
        return self.app[OUTBOX]

    async def in_channel(self, aad_id: str, **fields: Any) -> None:
        activity = self.channel.activity(
            CHANNEL,
            conversation={"id": CHANNEL, "conversationType": "channel", "isGroup": True},
            **{"from": {"id": f"29:{aad_id}", "name": aad_id, "aadObjectId": aad_id}},
            **fields,
        )
        status, _ = await self.channel.post(activity)
        assert status == 200

    def channel_texts(self) -> list[str]:
        return self.sink.texts(CHANNEL)


@pytest.fixture
async def teams(settings: Settings, sink: ConnectorSink) -> AsyncIterator[Teams]:
    app = create_app(settings.with_changes(outbox_interval_seconds=0))
    async with serve(app) as url, aiohttp.ClientSession() as session:
        async with app[ENGINE].begin() as connection:
            for advisor_id in ("anna", "bram"):
                await connection.execute(
                    update(advisors)
                    .where(advisors.c.id == advisor_id)
                    .values(teams_id=f"aad-{advisor_id}")
                )
        yield Teams(app, Channel(session, url, sink.url), sink)


async def test_only_a_coordinator_registers_the_channel(teams: Teams) -> None:
    await teams.in_channel("aad-bram", text="<at>Koers</at> registreer")
    assert teams.channel_texts()[-1].startswith("Alleen een coördinator")
    await teams.in_channel("aad-stranger", text="<at>Koers</at> registreer")
    assert teams.channel_texts()[-1].startswith("Alleen een coördinator")
    assert await ChannelStore(teams.app[ENGINE]).current() is None

    await teams.in_channel("aad-anna", text="<at>Koers</at> registreer")
    assert teams.channel_texts()[-1].startswith("Dit kanaal krijgt vanaf nu elke nieuwe aanvraag")
    registered = await ChannelStore(teams.app[ENGINE]).current()
    assert registered is not None and registered["conversation"]["id"] == CHANNEL
    await teams.in_channel("aad-anna", text="<at>Koers</at> hallo")
    assert teams.channel_texts()[-1].startswith("In dit kanaal ken ik één opdracht")


async def test_a_new_intake_becomes_a_card_that_an_advisor_claims(teams: Teams) -> None:
    await teams.in_channel("aad-anna", text="<at>Koers</at> registreer")
    stored = intake()
    stored["question"]["text"] = "<b>geheim</b> **vet**"
    employee = {"channelId": "msteams", "serviceUrl": teams.sink.url,
                "conversation": {"id": "a:employee-1"}, "bot": {"id": "koers-bot"},
                "user": {"id": "user-1"}}  # fmt: skip
    await IntakeStore(teams.app[ENGINE]).add(stored, employee)
    before = len(teams.sink.calls)
    assert await teams.outbox.run_once() >= 1

    posts = [call for call in teams.sink.calls[before:] if call[1].endswith("/activities")]
    (method, path, card_activity) = next(c for c in posts if CHANNEL in c[1])
    assert method == "POST"
    card = card_activity["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    content = card["content"]
    assert content["version"] == "1.5"
    shown = str(content)
    assert stored["reference"] in shown and "Ander werk binnen de gemeente" in shown
    assert "geheim" not in shown  # no free text in the channel
    claim = next(a for a in content["actions"] if a["type"] == "Action.Submit")
    assert claim["data"] == {"koers_advisor": "claim", "intake_id": stored["id"]}
    async with teams.app[ENGINE].connect() as connection:
        card_id = (
            await connection.execute(
                select(intakes.c.teams_activity_id).where(intakes.c.id == stored["id"])
            )
        ).scalar_one()
    assert card_id

    before = len(teams.sink.calls)
    await teams.in_channel("aad-bram", type="message", value=claim["data"], replyToId=card_id)
    (method, path, updated) = teams.sink.calls[before]
    assert method == "PUT" and path.endswith(f"/activities/{card_id}")
    updated_content = updated["attachments"][0]["content"]
    assert "Opgepakt door Bram Jansen" in str(updated_content)
    assert all(a["type"] != "Action.Submit" for a in updated_content["actions"])
    async with teams.app[ENGINE].connect() as connection:
        row = (await connection.execute(select(intakes).where(intakes.c.id == stored["id"]))).one()
    assert (row.status, row.assignee) == ("claimed", "bram")

    await teams.outbox.run_once()
    told = teams.sink.texts("a:employee-1")
    assert told and told[-1].startswith("Goed nieuws: een adviseur van het Carrièrecentrum")

    await teams.in_channel("aad-anna", type="message", value=claim["data"], replyToId=card_id)
    assert teams.channel_texts()[-1].startswith("Dat lukte niet")  # already taken


async def test_while_teams_is_down_the_card_waits_and_then_arrives(teams: Teams) -> None:
    await teams.in_channel("aad-anna", text="<at>Koers</at> registreer")
    teams.sink.fail_with = 503
    stored = intake()
    await IntakeStore(teams.app[ENGINE]).add(stored)
    await teams.outbox.run_once()
    async with teams.app[ENGINE].connect() as connection:
        row = (await connection.execute(select(outbox).where(outbox.c.kind == "teams_card"))).one()
    assert row.delivered_at is None and row.attempts == 1
    teams.sink.fail_with = None
    async with teams.app[ENGINE].begin() as connection:  # the backoff has passed
        await connection.execute(update(outbox).values(next_attempt_at=row.created_at))
    assert await teams.outbox.run_once() >= 1
    assert any(stored["reference"] in str(call[2]) for call in teams.sink.calls)


async def test_a_withdrawn_intake_shows_on_its_card(teams: Teams) -> None:
    await teams.in_channel("aad-anna", text="<at>Koers</at> registreer")
    stored = intake()
    personal = {"id": "a:employee-2", "conversationType": "personal"}
    employee = {"channelId": "msteams", "serviceUrl": teams.sink.url, "conversation": personal,
                "bot": {"id": "koers-bot"}, "user": {"id": "user-1"}}  # fmt: skip
    await IntakeStore(teams.app[ENGINE]).add(stored, employee)
    await teams.outbox.run_once()
    async with teams.app[ENGINE].connect() as connection:
        card_id = (
            await connection.execute(
                select(intakes.c.teams_activity_id).where(intakes.c.id == stored["id"])
            )
        ).scalar_one()
    claim = {"koers_advisor": "claim", "intake_id": stored["id"]}
    await teams.in_channel("aad-bram", type="message", value=claim, replyToId=card_id)

    channel = teams.channel
    await channel.post(
        channel.message("a:employee-2", "verwijder mijn gegevens", conversation=personal)
    )
    await channel.post(channel.message("a:employee-2", "ja", conversation=personal))
    assert teams.sink.texts("a:employee-2")[-1].startswith("Klaar. Ik heb alles over je verwijderd")
    before = len(teams.sink.calls)
    await teams.outbox.run_once()
    (_, path, updated) = next(call for call in teams.sink.calls[before:] if call[0] == "PUT")
    assert path.endswith(f"/activities/{card_id}")
    shown = str(updated["attachments"][0]["content"])
    assert "De medewerker heeft deze aanvraag ingetrokken" in shown
    assert "Opgepakt door" in shown
    assert all(
        a["type"] != "Action.Submit" for a in updated["attachments"][0]["content"]["actions"]
    )
