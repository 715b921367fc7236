"""Koers over real HTTP on loopback, as a channel sees it: replies arrive at the connector sink."""

from __future__ import annotations

import asyncio
import threading

import aiohttp
import pytest
from botbuilder.core import Recognizer, RecognizerResult, TurnContext
from sqlalchemy import select

from app import create_app
from server.logs import JsonFormatter
from server.settings import Settings
from storage.engine import create_engine
from storage.tables import bot_state
from tests.support.channel import Channel, new_conversation_id
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve


async def test_a_new_member_is_greeted_in_dutch_by_a_bot_that_says_it_is_one(
    channel: Channel, sink: ConnectorSink
) -> None:
    conversation = new_conversation_id()
    status, _ = await channel.post(channel.joined(conversation))
    assert status == 200
    greeting, privacy_line, question = await sink.wait_for_texts(conversation, 3)
    assert "Ik ben Koers" in greeting
    assert "chatbot" in greeting and "geen mens" in greeting
    assert "loopbaan" in greeting  # says what it is for
    assert "privacy" in privacy_line
    assert "'help'" in privacy_line and "'stop'" in privacy_line
    assert question.startswith("Waar gaat je vraag over?")


async def test_the_greeting_comes_once_then_the_questions(
    channel: Channel, sink: ConnectorSink
) -> None:
    conversation = new_conversation_id()
    await channel.post(channel.joined(conversation))
    await sink.wait_for_texts(conversation, 3)
    status, _ = await channel.post(channel.message(conversation, "2"))
    assert status == 200
    texts = await sink.wait_for_texts(conversation, 4)
    assert texts[3].startswith("Wat is je vraag?")
    assert sum("Ik ben Koers" in text for text in sink.texts(conversation)) == 1


async def test_a_conversation_that_starts_with_a_message_is_greeted_first(
    channel: Channel, sink: ConnectorSink
) -> None:
    conversation = new_conversation_id()
    await channel.post(channel.message(conversation, "hallo"))
    texts = await sink.wait_for_texts(conversation, 3)
    assert "Hoi! Ik ben Koers" in texts[0]
    assert texts[2].startswith("Waar gaat je vraag over?")


async def test_english_is_answered_in_english(channel: Channel, sink: ConnectorSink) -> None:
    conversation = new_conversation_id()
    await channel.post(channel.joined(conversation, locale="en-US"))
    greeting, _, question = await sink.wait_for_texts(conversation, 3)
    assert "I am Koers" in greeting and "not a person" in greeting
    assert question.startswith("What is your question about?")
    await channel.post(channel.message(conversation, "1", locale="en-US"))
    texts = await sink.wait_for_texts(conversation, 4)
    assert texts[3].startswith("What is your question?")


async def test_replies_answer_the_users_activity(channel: Channel, sink: ConnectorSink) -> None:
    conversation = new_conversation_id()
    message = channel.message(conversation, "hoi")
    await channel.post(message)
    await sink.wait_for_texts(conversation, 2)
    reply = sink.received[-1]
    assert reply["replyToId"] == message["id"]
    assert reply["from"]["id"] == "koers-bot" and reply["recipient"]["id"] == "user-1"


async def test_state_lives_in_the_database_across_restarts(
    settings: Settings, sink: ConnectorSink
) -> None:
    conversation = new_conversation_id()
    async with aiohttp.ClientSession() as session:
        async with serve(create_app(settings)) as bot_url:
            await Channel(session, bot_url, sink.url).post(
                Channel(session, bot_url, sink.url).joined(conversation)
            )
            await sink.wait_for_texts(conversation, 3)
        # A new process on the same database knows where this conversation was.
        async with serve(create_app(settings)) as bot_url:
            channel = Channel(session, bot_url, sink.url)
            await channel.post(channel.message(conversation, "2"))
            texts = await sink.wait_for_texts(conversation, 4)
    assert texts[3].startswith("Wat is je vraag?")


class BrokenRecognizer(Recognizer):
    """A recogniser that fails, as a crashed NLU model would."""

    async def recognize(self, turn_context: TurnContext) -> RecognizerResult:
        raise RuntimeError("the model is gone")


async def _stored_state(database_url: str) -> dict[str, str]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(bot_state.c.key, bot_state.c.data, bot_state.c.e_tag)
            )
            return {key: f"{data}|{tag}" for key, data, tag in rows}
    finally:
        await engine.dispose()


async def test_a_failing_turn_apologises_and_keeps_the_state_from_before(
    settings: Settings, sink: ConnectorSink, caplog: pytest.LogCaptureFixture
) -> None:
    conversation = new_conversation_id()
    secret_words = "mijn leidinggevende Jansen pest mij elke dinsdag"
    async with aiohttp.ClientSession() as session:
        async with serve(create_app(settings)) as bot_url:
            channel = Channel(session, bot_url, sink.url)
            await channel.post(channel.joined(conversation))
            await sink.wait_for_texts(conversation, 3)
        before = await _stored_state(settings.database_url)
        assert before

        async with serve(create_app(settings, recognizer=BrokenRecognizer())) as bot_url:
            channel = Channel(session, bot_url, sink.url)
            status, _ = await channel.post(channel.message(conversation, secret_words))
            texts = await sink.wait_for_texts(conversation, 4)

    assert status == 200
    assert texts[3] == (
        "Sorry, er ging iets mis aan mijn kant. Je antwoorden zijn bewaard. "
        "Probeer het zo nog eens."
    )
    assert await _stored_state(settings.database_url) == before
    failures = [r for r in caplog.records if getattr(r, "event", None) == "turn_failed"]
    assert len(failures) == 1
    assert failures[0].__dict__["conversation"] not in (conversation, "-")
    # What an operator reads: the JSON lines Koers writes.
    logged = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert "turn_failed" in logged
    for word in ("leidinggevende", "Jansen", "pest", "dinsdag"):
        assert word not in logged


async def test_healthz_reports_the_database(channel: Channel) -> None:
    async with channel.session.get(f"{channel.bot_url}/healthz") as response:
        assert response.status == 200
        body = await response.json()
    assert body["status"] == "ok"
    assert body["database"]["state"] == "ok"
    assert body["database"]["revision"] == body["database"]["expected_revision"]
    assert body["auth"] == "local"


@pytest.mark.parametrize(
    "database_url",
    [
        "postgresql+asyncpg://koers@127.0.0.1:9/nowhere",  # nothing listens on port 9
        "sqlite+aiosqlite:////proc/koers-cannot-be-here/koers.db",
    ],
)
async def test_healthz_is_503_when_the_database_is_unreachable(database_url: str) -> None:
    settings = Settings(database_url=database_url)
    async with (
        serve(create_app(settings)) as bot_url,
        aiohttp.ClientSession() as session,
        session.get(f"{bot_url}/healthz") as response,
    ):
        assert response.status == 503
        body = await response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["state"] == "unreachable"
    await _sqlite_threads_done()


async def _sqlite_threads_done() -> None:
    """aiosqlite stops the worker thread of a connection that failed to open by signalling a
    future on the event loop from that thread; let it finish while this test's loop still runs,
    or it reports into a closed loop."""
    for _ in range(200):
        if not any("_connection_worker_thread" in thread.name for thread in threading.enumerate()):
            return
        await asyncio.sleep(0.01)


async def test_another_language_gets_a_polite_answer_in_dutch_and_english(
    channel: Channel, sink: ConnectorSink
) -> None:
    conversation = new_conversation_id()
    await channel.post(channel.joined(conversation))
    await sink.wait_for_texts(conversation, 3)
    await channel.post(
        channel.message(conversation, "Ich möchte gerne mit jemandem über meine Arbeit sprechen")
    )
    answer = (await sink.wait_for_texts(conversation, 4))[3]
    assert "ik spreek alleen Nederlands en Engels" in answer
    assert "I only speak Dutch and English" in answer


async def test_koers_follows_the_user_into_english(channel: Channel, sink: ConnectorSink) -> None:
    conversation = new_conversation_id()
    await channel.post(channel.joined(conversation))  # locale nl-NL: greeted in Dutch
    assert "Ik ben Koers" in (await sink.wait_for_texts(conversation, 3))[0]
    await channel.post(
        channel.message(conversation, "Sorry, could you please tell me what you can do for me?")
    )
    texts = await sink.wait_for_texts(conversation, 5)
    assert texts[3].startswith("I ask you a few questions")
    assert texts[4].startswith("What is your question about?")  # asked again, in English
    await channel.post(channel.message(conversation, "ok"))  # too short to change it back
    assert "What is your question about?" in (await sink.wait_for_texts(conversation, 6))[5]


async def test_a_very_long_message_is_still_answered(channel: Channel, sink: ConnectorSink) -> None:
    conversation = new_conversation_id()
    status, _ = await channel.post(
        channel.message(conversation, "ik wil graag een andere baan " * 2000)
    )
    assert status == 200
    assert len(await sink.wait_for_texts(conversation, 3)) == 3
