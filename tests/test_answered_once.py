"""A channel that delivers the same activity twice (it timed out, or got a 5xx) gets one answer;
one whose first delivery failed gets its answer on the retry."""

from __future__ import annotations

import asyncio

import aiohttp

from app import create_app
from server.settings import Settings
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve


def personal(conversation: str) -> dict[str, str]:
    return {"id": conversation, "conversationType": "personal"}


async def test_the_same_activity_twice_is_answered_once(
    channel: Channel, sink: ConnectorSink
) -> None:
    hello = channel.message("a:twice", "hoi", conversation=personal("a:twice"))
    assert (await channel.post(hello))[0] == 200
    answered = len(await sink.wait_for_texts("a:twice", 3))
    assert (await channel.post(hello))[0] == 200  # the retry: nothing new
    theme = channel.message(
        "a:twice", "", value={"koers_choice": "internal_mobility"}, conversation=personal("a:twice")
    )
    first, second = await asyncio.gather(channel.post(theme), channel.post(theme))
    assert (first[0], second[0]) == (200, 200)  # the second waits for the first, then is done
    await asyncio.sleep(0.2)
    texts = sink.texts("a:twice")
    assert len(texts) == answered + 1 and texts[-1].startswith("Wat is je vraag?")


async def test_while_the_channel_is_down_the_replies_wait_and_then_arrive_in_order(
    channel: Channel, sink: ConnectorSink
) -> None:
    hello = channel.message("a:down", "hoi", conversation=personal("a:down"))
    sink.fail_with = 502  # the connector is down: no reply gets through
    status, _ = await channel.post(hello)
    assert status == 200  # the message is handled; its replies wait in the outbox
    async with channel.session.get(f"{channel.bot_url}/metrics") as response:
        assert "koers_replies_waiting 3" in (await response.text()).splitlines()
    await asyncio.sleep(2.5)  # a first retry while the connector is still down
    sink.fail_with = None
    greeting, _privacy, question = await sink.wait_for_texts("a:down", 3, timeout=20)
    assert greeting.startswith("Hoi! Ik ben Koers") and question.startswith("Waar gaat je vraag")
    assert {reply["replyToId"] for reply in sink.received} == {hello["id"]}
    # The conversation goes on from the saved state: the theme question is answered.
    theme = channel.message(
        "a:down", "", value={"koers_choice": "internal_mobility"}, conversation=personal("a:down")
    )
    assert (await channel.post(theme))[0] == 200
    assert (await sink.wait_for_texts("a:down", 4))[-1].startswith("Wat is je vraag?")
    async with channel.session.get(f"{channel.bot_url}/metrics") as response:
        assert "koers_replies_waiting 0" in (await response.text()).splitlines()


async def test_metrics_count_turns_and_readyz_says_ready(
    channel: Channel, sink: ConnectorSink
) -> None:
    for text in ("hoi", "help"):
        await channel.post(channel.message("a:metrics", text, conversation=personal("a:metrics")))
    async with channel.session.get(f"{channel.bot_url}/metrics") as response:
        assert response.status == 200
        assert response.content_type == "text/plain"
        lines = (await response.text()).splitlines()
    assert 'koers_turns_total{channel="msteams"} 2' in lines
    assert 'koers_turn_errors_total{channel="msteams"} 0' in lines
    assert 'koers_turn_seconds_bucket{le="+Inf"} 2' in lines
    assert "koers_handoffs_total 0" in lines and "koers_outbox_depth 0" in lines
    assert "hoi" not in " ".join(lines) and "a:metrics" not in " ".join(lines)
    async with channel.session.get(f"{channel.bot_url}/readyz") as response:
        assert response.status == 200
        assert await response.json() == {"status": "ready", "database": "ok", "nlu": True}


async def test_readyz_is_503_without_a_database() -> None:
    import aiohttp

    from app import create_app
    from server.settings import Settings
    from tests.support.servers import serve

    settings = Settings(database_url="sqlite+aiosqlite:////proc/koers-cannot-be-here/koers.db")
    async with (
        serve(create_app(settings)) as bot_url,
        aiohttp.ClientSession() as session,
        session.get(f"{bot_url}/readyz") as response,
    ):
        assert response.status == 503
        assert (await response.json())["status"] == "not_ready"


async def test_activities_of_one_conversation_at_once_are_handled_one_after_the_other(
    channel: Channel, sink: ConnectorSink
) -> None:
    conversation = personal("a:burst")
    await channel.post(channel.message("a:burst", "hoi", conversation=conversation))
    await sink.wait_for_texts("a:burst", 3)
    burst = [channel.message("a:burst", "help", conversation=conversation) for _ in range(6)]
    statuses = [status for status, _ in await asyncio.gather(*map(channel.post, burst))]
    assert statuses == [200] * 6
    texts = sink.texts("a:burst")[3:]
    assert not any("ging iets mis" in text or "went wrong" in text for text in texts), texts
    helps = [text for text in texts if text.startswith("Ik stel je een paar vragen")]
    assert len(helps) == 6  # each answered, none lost to a conflicting save
    # The conversation goes on from where it was: the theme question is still the one waiting.
    await channel.post(
        channel.message(
            "a:burst", "", value={"koers_choice": "internal_mobility"}, conversation=conversation
        )
    )
    assert sink.texts("a:burst")[-1].startswith("Wat is je vraag?")


async def test_a_channel_that_does_not_answer_gets_the_replies_once_it_does(
    settings: Settings, sink: ConnectorSink
) -> None:
    sink.hang_seconds = 20.0
    app = create_app(settings.with_changes(connector_timeout_seconds=1.0))
    async with serve(app) as url, aiohttp.ClientSession() as session:
        channel = Channel(session, url, sink.url)
        hello = channel.message("a:hangs", "hoi", conversation=personal("a:hangs"))
        status, _ = await channel.post(hello)
        assert status == 200  # within the request's time limit, replies waiting
        sink.hang_seconds = None
        greeting, _privacy, question = await sink.wait_for_texts("a:hangs", 3, timeout=30)
    assert greeting.startswith("Hoi! Ik ben Koers") and question.startswith("Waar gaat je vraag")
