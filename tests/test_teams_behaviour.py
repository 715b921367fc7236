"""Koers in Teams as employees meet it: a welcome when the app is installed, greeted by first
name (used for the greeting only), a typing indicator first, @mentions that do not confuse it,
group chats politely declined, removals and odd submits handled without an error."""

from __future__ import annotations

import pytest

from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink

GROUP = "19:group@thread.v2"
MEMBER = {
    "name": "Anna de Vries",
    "givenName": "Anna",
    "surname": "de Vries",
    "email": "anna.devries@gemeente.example",
    "userPrincipalName": "anna.devries@gemeente.example",
    "aadObjectId": "aad-anna",
}


def personal(conversation: str) -> dict[str, object]:
    return {"id": conversation, "conversationType": "personal"}


async def test_installing_the_app_greets_by_first_name(
    channel: Channel, sink: ConnectorSink
) -> None:
    sink.member = MEMBER
    installed = channel.activity(
        "a:anna",
        type="conversationUpdate",
        conversation=personal("a:anna"),
        membersAdded=[{"id": "koers-bot"}],  # Teams adds only the bot on a personal install
        channelData={"tenant": {"id": "tenant-1"}},
    )
    status, _ = await channel.post(installed)
    assert status == 200
    greeting, _privacy, question = await sink.wait_for_texts("a:anna", 3)
    assert greeting.startswith("Hoi Anna! Ik ben Koers")
    assert "geen mens" in greeting
    assert question.startswith("Waar gaat je vraag over?")
    assert any(call[1].endswith("/members/user-1") for call in sink.calls)


async def test_without_a_name_from_teams_the_greeting_goes_on(
    channel: Channel, sink: ConnectorSink
) -> None:
    sink.member = None  # Teams does not know the member, or is unreachable
    status, _ = await channel.post(channel.message("a:nameless", "hoi"))
    assert status == 200
    (greeting, *_rest) = await sink.wait_for_texts("a:nameless", 3)
    assert greeting.startswith("Hoi! Ik ben Koers")


async def test_typing_comes_first_and_a_mention_does_not_confuse(
    channel: Channel, sink: ConnectorSink
) -> None:
    await channel.post(channel.message("a:typing", "hoi"))
    await sink.wait_for_texts("a:typing", 3)
    assert sink.received[0]["type"] == "typing"
    mention = {
        "type": "mention",
        "text": "<at>Koers</at>",
        "mentioned": {"id": "koers-bot", "name": "Koers"},
    }
    await channel.post(channel.message("a:typing", "<at>Koers</at> help", entities=[mention]))
    texts = await sink.wait_for_texts("a:typing", 5)
    assert any(text.startswith("Ik stel je een paar vragen") for text in texts[3:])


async def test_a_group_chat_is_declined_politely(channel: Channel, sink: ConnectorSink) -> None:
    group: dict[str, object] = {"id": GROUP, "conversationType": "groupChat", "isGroup": True}
    joined = channel.activity(
        GROUP,
        type="conversationUpdate",
        conversation=group,
        membersAdded=[{"id": "koers-bot"}, {"id": "user-1"}],
    )
    assert (await channel.post(joined))[0] == 200
    await channel.post(channel.message(GROUP, "hoi", conversation=group))
    (answer,) = await sink.wait_for_texts(GROUP, 1)
    assert answer.startswith("Ik praat alleen in een persoonlijke chat")


@pytest.mark.parametrize(
    "fields",
    [
        {"type": "conversationUpdate", "membersRemoved": [{"id": "user-1"}]},
        {"type": "installationUpdate", "action": "remove"},
        {"type": "installationUpdate", "action": "add"},
        {"type": "message", "text": "hoi", "from": {"id": "user-1"}},  # no aadObjectId
        {"type": "message", "text": "hoi", "channelData": {"tenant": {"id": "t"}, "x": [1, 2]}},
        {"type": "message", "value": {"koers_choice": "not-an-option"}},
        {"type": "message", "value": {"unexpected": True}},
        {"type": "message", "value": ["a", "list"]},
        {"type": "message", "value": {"koers_choice": "x" * 10_000}},
    ],
)
async def test_odd_teams_activities_never_fail(
    channel: Channel, sink: ConnectorSink, fields: dict[str, object]
) -> None:
    status, _ = await channel.post(channel.activity("a:odd", **fields))
    assert status == 200
    turn_failures = [t for t in sink.texts("a:odd") if "Er ging iets mis" in t]
    assert turn_failures == []
