"""Teams, end to end, with authentication on both ways: every activity is signed like the Bot
Framework signs it (checked by botbuilder against a local OpenID/JWKS endpoint), and every
reply carries a token Koers got from a token authority over https (MSAL, as against Azure AD).
The employee installs the app, is welcomed by name, does the scan with card submits, and sends
a consented intake with their Teams identity."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from advisors.intake import validate
from advisors.intake_store import IntakeStore
from app import create_app
from server.app_keys import ENGINE
from server.settings import Settings
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.openid import OUTGOING_TOKEN, Keys, openid_server, token_authority
from tests.support.servers import serve
from tests.test_teams_behaviour import MEMBER

APP_ID = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
CONVERSATION = "a:anna-personal"


class SignedChannel:
    """Teams as Koers sees it: personal conversation, tenant channel data, signed requests."""

    def __init__(self, channel: Channel, keys: Keys, sink: ConnectorSink) -> None:
        self.channel, self.keys, self.sink = channel, keys, sink
        self.seen = 0

    async def send(self, replies: int, **fields: Any) -> list[dict[str, Any]]:
        activity = self.channel.activity(
            CONVERSATION,
            conversation={"id": CONVERSATION, "conversationType": "personal"},
            channelData={"tenant": {"id": "tenant-1"}},
            **{"from": {"id": "29:anna", "name": "Anna de Vries", "aadObjectId": "aad-anna"}},
            **fields,
        )
        token = self.keys.token(APP_ID, self.channel.service_url)
        status, _ = await self.channel.post(activity, headers={"Authorization": f"Bearer {token}"})
        assert status == 200
        await self.sink.wait_for_texts(CONVERSATION, self.seen + replies)
        mine = [
            a
            for a in self.sink.received
            if a.get("conversation", {}).get("id") == CONVERSATION and a["type"] == "message"
        ]
        new, self.seen = mine[self.seen :], len(mine)
        return new

    async def click(self, choice: str, replies: int = 1) -> list[str]:
        answers = await self.send(replies, type="message", value={"koers_choice": choice})
        return [a.get("text") or "" for a in answers]

    async def say(self, text: str, replies: int = 1) -> list[str]:
        return [a.get("text") or "" for a in await self.send(replies, text=text)]


@pytest.fixture
async def teams(
    settings: Settings, sink: ConnectorSink, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[SignedChannel, Any]]:
    with openid_server() as keys, token_authority(str(tmp_path)) as authority:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", authority.ca_file)  # trust the test CA
        secured = settings.with_changes(
            app_id=APP_ID,
            app_password="the bot's client secret",
            openid_metadata_url=keys.url,
            login_url=authority.login_url,
        )
        app = create_app(secured)
        async with serve(app) as url, aiohttp.ClientSession() as session:
            sink.member = MEMBER
            yield SignedChannel(Channel(session, url, sink.url), keys, sink), (app, authority)


async def test_install_welcome_scan_by_cards_and_an_intake_with_the_teams_identity(
    teams: tuple[SignedChannel, Any],
) -> None:
    employee, (app, authority) = teams
    opened = await employee.send(3, type="conversationUpdate", membersAdded=[{"id": "koers-bot"}])
    assert opened[0]["text"].startswith("Hoi Anna! Ik ben Koers")
    assert opened[2]["attachments"][0]["content"]["version"] == "1.5"

    (question,) = await employee.click("career_orientation")
    assert question.startswith("Wat is je vraag?")
    (urgency,) = await employee.say("Ik weet niet meer wat ik wil in mijn werk")
    assert urgency.startswith("Hoe dringend")
    (work,) = await employee.click("low")
    assert work.startswith("Wat voor werk doe je nu")
    (offer,) = await employee.say("sla over")
    assert offer.startswith("Wil je een korte scan doen")
    texts = await employee.click("yes")
    for _ in range(12):  # the six questions of the scan, each answered with its first card button
        last = employee.sink.received[-1]
        if last.get("type") != "message" or not last.get("attachments"):
            break
        actions = last["attachments"][0]["content"]["actions"]
        data = actions[0]["data"]
        if "koers_choice" not in data:
            break
        texts = await employee.click(data["koers_choice"])
        if any("Wil je dat een loopbaanadviseur" in t for t in texts):
            break
    assert any("Wil je dat een loopbaanadviseur" in t for t in texts), texts
    (review,) = await employee.click("yes")  # "Ja, via Teams"
    assert "Teams (Anna de Vries, anna.devries@gemeente.example)" in review
    stored, satisfaction = await employee.click("send")
    assert stored.startswith("Dank je. Je aanvraag is verstuurd")
    assert satisfaction.startswith("Tot slot een paar korte vragen")

    (intake,) = await IntakeStore(app[ENGINE]).all()
    validate(intake)
    assert intake["channel"] == "msteams"
    assert intake["contact"] == {
        "preference": "teams",
        "name": "Anna de Vries",
        "email": "anna.devries@gemeente.example",
    }
    assert intake["profile"]["drivers"] and intake["profile"]["talents"]
    # Every call Koers made to Teams carried the token from the authority, nothing else.
    assert employee.sink.authorizations
    assert set(employee.sink.authorizations) == {f"Bearer {OUTGOING_TOKEN}"}
    # One token for the whole conversation: Koers keeps its connector client and credentials.
    assert len(authority.token_requests) == 1
    assert len(employee.sink.authorizations) > 10
