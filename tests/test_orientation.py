"""The orientation as an employee goes through it over real HTTP, and every interruption at
every step of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from app import create_app
from server.settings import Settings
from tests.support.channel import Channel, new_conversation_id
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve


class Employee:
    """One conversation: says things and reads what Koers answers."""

    def __init__(self, channel: Channel, sink: ConnectorSink, **fields: Any) -> None:
        self.channel, self.sink, self.fields = channel, sink, fields
        self.conversation = new_conversation_id()
        self.seen = 0

    async def _post(self, activity: dict[str, Any], replies: int) -> list[dict[str, Any]]:
        status, _ = await self.channel.post(activity)
        assert status == 200
        await self.sink.wait_for_texts(self.conversation, self.seen + replies)
        mine = [
            a
            for a in self.sink.received
            if a.get("conversation", {}).get("id") == self.conversation and a["type"] == "message"
        ]
        new, self.seen = mine[self.seen :], len(mine)
        return new

    async def opens(self, replies: int = 3) -> list[dict[str, Any]]:
        return await self._post(self.channel.joined(self.conversation, **self.fields), replies)

    async def says(self, text: str, replies: int = 1) -> list[str]:
        sent = await self._post(
            self.channel.message(self.conversation, text, **self.fields), replies
        )
        return [activity.get("text") or "" for activity in sent]

    async def clicks(self, choice: str, label: str, replies: int = 1) -> list[str]:
        activity = self.channel.message(self.conversation, label, **self.fields)
        activity["value"] = {"koers_choice": choice}
        return [a.get("text") or "" for a in await self._post(activity, replies)]


async def test_clicking_through_the_orientation_in_teams(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    opened = await employee.opens()
    card = opened[2]["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["version"] == "1.5"
    assert opened[2]["text"].startswith("Waar gaat je vraag over?")
    assert card["content"]["body"] == []  # the question is said once, as the message's text
    titles = [action["title"] for action in card["content"]["actions"]]
    assert titles[:2] == ["Ontdekken wat ik wil", "Ander werk binnen de gemeente"]
    assert len(titles) == 7

    (question,) = await employee.clicks("internal_mobility", "Ander werk binnen de gemeente")
    assert question.startswith("Wat is je vraag?")
    (urgency,) = await employee.says("Ik wil na acht jaar bij Belastingen iets anders doen")
    assert urgency.startswith("Hoe dringend is je vraag voor je?")
    (work,) = await employee.clicks("medium", "Binnen een paar weken")
    assert work.startswith("Wat voor werk doe je nu")
    (offer,) = await employee.says("sla over")
    assert offer.startswith("Wil je een korte scan doen")
    summary, advice, next_step, intake = await employee.says("Nee, sla over", replies=4)
    assert "Onderwerp: Ander werk binnen de gemeente" in summary
    assert "Je vraag: Ik wil na acht jaar bij Belastingen iets anders doen" in summary
    assert "Hoe dringend: Binnen een paar weken" in summary
    assert "Je werk: niet ingevuld" in summary
    assert advice.startswith("Dit past bij je vraag:")
    assert "- Klussenbank: Je wilt ander werk." in advice
    assert "- Loopbaangesprek:" in advice
    assert "wat is de TMA?" in next_step
    assert intake.startswith("Wil je dat een loopbaanadviseur contact met je opneemt?")
    explained, asked_again = await employee.says("wat is de klussenbank?", replies=2)
    assert explained.startswith("Klussenbank: Korte klussen bij een andere afdeling.")
    assert asked_again.startswith("Wil je dat een loopbaanadviseur")
    declined, satisfaction = await employee.clicks("no", "Nee, dank je")
    assert declined.startswith("Prima, ik stuur niets.")
    assert satisfaction.startswith("Tot slot een paar korte vragen over dit gesprek. Hoe tevreden")
    (comment,) = await employee.clicks("4", "4")
    assert comment.startswith("Wil je er nog iets over zeggen?")
    (group,) = await employee.says("sla over")
    assert group.startswith("Wil je zeggen in welk deel van de gemeente je werkt?")
    (bye,) = await employee.clicks("skip", "Sla over")
    assert bye.startswith("Dank je wel!")
    (thanks,) = await employee.says("bedankt")
    assert thanks.startswith("Graag gedaan")


async def test_typing_everything_on_a_plain_channel_in_english(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink, channelId="telegram", locale="en-GB")
    opened = await employee.opens()
    assert "1. Finding out what I want" in opened[2]["text"]
    assert "Type the number or your answer." in opened[2]["text"]
    assert not opened[2].get("attachments")
    (urgency,) = await employee.says(
        "I've been declared redundant in the reorganisation and I really don't know what to do now"
    )
    assert urgency.startswith(
        "How urgent is your question for you?"
    )  # theme and question understood
    (work,) = await employee.says("3")
    (offer,) = await employee.says("policy advisor, 12 years")
    assert offer.startswith("Would you like a short scan")
    summary, advice, _, _ = await employee.says("no", replies=4)
    assert "- Career coaching by the internal coach pool: After a reorganisation" in advice
    assert "- Career conversation: Your question is urgent." in advice
    assert "Topic: Uncertain after a reorganisation" in summary
    assert "Your question: I've been declared redundant" in summary
    assert "How urgent: It is urgent" in summary
    assert "Your work: policy advisor, 12 years" in summary
    assert work.startswith("What kind of work")


async def test_a_miss_is_repaired_and_never_repeated(channel: Channel, sink: ConnectorSink) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    (first,) = await employee.says("9")
    assert first.startswith("Ik weet niet zeker wat je bedoelt. Waar gaat je vraag over?")
    assert "Typ bijvoorbeeld 'ontdekken wat ik wil'" in first
    (second,) = await employee.says("qwerty")
    assert second.startswith("Het lukt me niet goed om je antwoord te begrijpen.")
    assert "met een adviseur praten" in second
    (third,) = await employee.says("zzz")
    assert third.startswith("Sorry, ik begrijp het nog steeds niet.")
    assert len({first, second, third}) == 3  # never the same message twice in a row
    handoff, _ = await employee.says("met een adviseur praten", replies=2)
    assert handoff.startswith("Je wilt een adviseur spreken.")


# Each step of the orientation, and what gets the employee there.
STEPS = {
    "theme": ([], "Waar gaat je vraag over?"),
    "question": (["3"], "Wat is je vraag?"),
    "urgency": (["3", "ik wil een opleiding doen"], "Hoe dringend"),
    "work": (["3", "ik wil een opleiding doen", "1"], "Wat voor werk doe je nu"),
    "scan offer": (["3", "ik wil een opleiding doen", "1", "sla over"], "Wil je een korte scan"),
    "scan question": (
        ["3", "ik wil een opleiding doen", "1", "sla over", "ja"],
        "Vraag 1 van 6",
    ),
    "scan noted": (
        ["3", "ik wil een opleiding doen", "1", "sla over", "ja", "ik wil vrijheid"],
        "Vraag 2 van 6",
    ),
    "intake offer": (
        ["3", "ik wil een opleiding doen", "1", "sla over", "nee"],
        "Wil je dat een loopbaanadviseur",
    ),
    "intake contact": (
        ["3", "ik wil een opleiding doen", "1", "sla over", "nee", "ja"],
        "Hoe wil je dat de adviseur contact",
    ),
    "intake review": (
        ["3", "ik wil een opleiding doen", "1", "sla over", "nee", "ja", "1", "a@b.nl"],
        "Dit zou ik sturen",
    ),
}

# The steps are walked in the web chat: in Teams a yes to the advisor needs no question about how
# (the offer says it will be a chat in Teams), so the contact question would not come.
AT_A_STEP = {"channelId": "webchat"}

AGAIN = "the waiting question again"


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize(
    ("typed", "reply", "then"),
    [
        ("help", "Ik stel je een paar vragen", AGAIN),
        ("wat is de tma?", "TMA (Talent Motivatie Analyse):", AGAIN),
        (
            "ik wil een mens spreken",
            "Je wilt een adviseur spreken.",
            "Hoe wil je dat de adviseur contact",  # not asked again whether they want one
        ),
        ("stop", "Oké, ik stop met de vragen.", None),
        ("opnieuw beginnen", "Oké, we beginnen opnieuw.", "Waar gaat je vraag over?"),
        ("ik wil stoppen", "Oké, ik stop met de vragen.", None),
    ],
)
async def test_every_interruption_works_at_every_step(
    channel: Channel, sink: ConnectorSink, step: str, typed: str, reply: str, then: str | None
) -> None:
    employee = Employee(channel, sink, **AT_A_STEP)
    await employee.opens()
    answers, question = STEPS[step]
    for answer in answers:
        await employee.says(answer)
    if step in ("theme", "question") and reply.startswith("Je wilt een adviseur"):
        # No question yet: the advisor gets a few words about what, if the employee wants.
        handoff, about = await employee.says(typed, replies=2)
        assert handoff.startswith(reply)
        assert about.startswith("Waar wil je het met de adviseur over hebben?")
        (contact,) = await employee.says("sla over")
        assert then is not None and then in contact
        return
    if step == "intake offer" and reply.startswith("Je wilt een adviseur"):
        # Asked whether they want an advisor: asking for one is the yes.
        (how,) = await employee.says(typed)
        assert how.startswith("Hoe wil je dat de adviseur contact met je opneemt?")
        return
    if step.startswith("intake") and reply.startswith("Je wilt een adviseur"):
        # Already on the way to an advisor: said so, and the waiting question asked again.
        on_the_way, again = await employee.says(typed, replies=2)
        assert on_the_way.startswith("Dat regel ik al")
        assert question in again
        return
    if reply.startswith(("Oké, ik stop", "Oké, we beginnen")):
        # There are answers that were not sent: Koers asks before it forgets them.
        (sure,) = await employee.says(typed)
        assert sure.startswith(("Wil je stoppen met de vragen?", "Wil je opnieuw beginnen?"))
        assert "vergeet ik de antwoorden" in sure
        typed = "ja"
    texts = await employee.says(typed, replies=1 if then is None else 2)
    assert texts[0].startswith(reply)
    if then is None:
        (started,) = await employee.says("hoi")
        assert started.startswith("Waar gaat je vraag over?")  # a new round begins
    else:
        assert (question if then == AGAIN else then) in texts[1]


@pytest.mark.parametrize("step", ["urgency", "work", "intake review"])
async def test_a_command_asks_first_and_no_keeps_every_answer(
    channel: Channel, sink: ConnectorSink, step: str
) -> None:
    employee = Employee(channel, sink, **AT_A_STEP)
    await employee.opens()
    answers, question = STEPS[step]
    for answer in answers:
        await employee.says(answer)
    (sure,) = await employee.says("stop")
    assert sure.startswith("Wil je stoppen met de vragen?")
    carry_on, again = await employee.says("nee, ga verder", replies=2)
    assert carry_on.startswith("Goed, we gaan verder.")
    assert question in again


async def test_stopping_work_in_a_sentence_is_no_command(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    await employee.says("3")
    (urgency,) = await employee.says("ik wil niet stoppen met werken, maar wel minder uren")
    assert urgency.startswith("Hoe dringend")


async def test_send_it_at_the_consent_step_sends(channel: Channel, sink: ConnectorSink) -> None:
    employee = Employee(channel, sink, **AT_A_STEP)
    await employee.opens()
    for answer in STEPS["intake review"][0]:
        await employee.says(answer)
    (stored, _) = await employee.says("send it", replies=2)
    assert stored.startswith("Dank je. Je aanvraag is verstuurd")


async def test_burn_out_gets_care_and_the_company_doctor_without_questions_about_it(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    await employee.says("5")
    care, urgency = await employee.says(
        "ik zit tegen een burn-out aan en wil minder uren werken", replies=2
    )
    assert "bedrijfsarts" in care
    assert "ik vraag je daar niets over" in care
    assert "carrierecentrum@gemeente.example" in care  # an advisor is still offered
    assert urgency.startswith("Hoe dringend")  # the answer still counts; no medical question
    (work,) = await employee.says("2")
    assert "gezondheid" not in work and "medisch" not in work
    # The same topic again gets no second lecture.
    (offer,) = await employee.says("ik ben nog steeds overspannen, administratief werk")
    assert "bedrijfsarts" not in offer
    summary, _, _, _ = await employee.says("2", replies=4)
    assert "bedrijfsarts" not in summary


@pytest.mark.parametrize(
    ("typed", "language", "expected"),
    [
        ("mijn leidinggevende pest mij al maanden", "nl", "vertrouwenspersoon"),
        ("I am being harassed by a colleague", "en", "confidential adviser"),
        ("ik heb een conflict met mijn teamleider", "nl", "vertrouwenspersoon"),
    ],
)
async def test_conflict_and_harassment_are_referred_with_care(
    channel: Channel, sink: ConnectorSink, typed: str, language: str, expected: str
) -> None:
    employee = Employee(channel, sink, locale="en-GB" if language == "en" else "nl-NL")
    await employee.opens()
    texts = await employee.says(typed, replies=2)
    assert expected in texts[0]


async def test_a_crisis_gets_help_numbers_and_no_more_questions(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    (reply,) = await employee.says("eigenlijk wil ik soms niet meer leven")
    assert "0800-0113" in reply and "112" in reply
    assert "Ik stel je nu geen vragen meer" in reply
    (idle,) = await employee.says("ok")
    assert idle.startswith("Typ 'opnieuw' als je een vraag hebt.")  # no questions pushed
    (started,) = await employee.says("ik wil toch verder met mijn vraag")
    assert started.startswith("Waar gaat je vraag over?")


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("1", "Wat is je vraag?"),
        ("Nee, begin opnieuw", "Waar gaat je vraag over?"),
        ("ja graag, verder waar ik was", "Wat is je vraag?"),
        ("nee hoor, ik begin liever opnieuw", "Waar gaat je vraag over?"),
        ("yes, carry on", "Wat is je vraag?"),
    ],
)
async def test_coming_back_days_later_asks_whether_to_continue(
    settings: Settings, sink: ConnectorSink, answer: str, expected: str
) -> None:
    clock = Clock()
    async with (
        serve(create_app(settings, clock=clock)) as bot_url,
        aiohttp.ClientSession() as session,
    ):
        employee = Employee(Channel(session, bot_url, sink.url), sink, channelId="telegram")
        await employee.opens()
        await employee.says("2")  # the question about the question is waiting now
        clock.now += timedelta(days=3)
        (welcome,) = await employee.says("hallo, ik ben er weer")
        assert welcome.startswith("Welkom terug! Wil je verder waar je was?")
        assert "1. Ja, ga verder" in welcome
        (next_question,) = await employee.says(answer)
        assert next_question.startswith(expected)
        clock.now += timedelta(minutes=5)
        (again,) = await employee.says("ik wil naar een ander team")
        assert not again.startswith("Welkom terug")


@pytest.mark.parametrize("step", list(STEPS))
async def test_english_please_switches_language_at_every_step(
    channel: Channel, sink: ConnectorSink, step: str
) -> None:
    employee = Employee(channel, sink, **AT_A_STEP)
    await employee.opens()
    answers, _ = STEPS[step]
    for answer in answers:
        await employee.says(answer)
    switched, asked = await employee.says("English please", replies=2)
    assert switched == "Okay, I will continue in English."
    english = {
        "theme": "What is your question about?",
        "question": "What is your question?",
        "urgency": "How urgent",
        "work": "What kind of work",
        "scan offer": "Would you like a short scan",
        "scan question": "Question 1 of 6",
        "scan noted": "Question 2 of 6",
        "intake contact": "How would you like the advisor to contact you",
        "intake offer": "Would you like a career advisor",
        "intake review": "This is what I would send",
    }
    assert english[step] in asked
    back, _ = await employee.says("Nederlands graag", replies=2)
    assert back == "Goed, ik ga verder in het Nederlands."


async def test_drivers_mentioned_in_own_words_shape_the_advice(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    await employee.says("1")
    await employee.says("ik wil meer vrijheid in mijn werk, maar geen leidinggeven")
    await employee.says("1")
    await employee.says("sla over")
    _, advice, _, _ = await employee.says("nee", replies=4)
    assert "- TMA (Talent Motivatie Analyse): Je wilt weten wat bij je past." in advice
    assert "- E-coaching: Je houdt van vrijheid." in advice


async def test_the_self_scan_by_clicking_and_by_own_words(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    for answer in ("1", "ik weet niet wat ik wil", "2", "beleidsadviseur"):
        await employee.says(answer)
    (first,) = await employee.clicks("start", "Ja, doe de scan")
    assert first.startswith("Vraag 1 van 6. Wat geeft je de meeste energie")
    # What Koers understood is noted, and the scan goes on: no question of its own.
    heard, third = await employee.says(
        "ik wil vrijheid en afwisseling, maar geen leidinggeven", replies=2
    )
    assert heard == "Ik noteer: vrijheid en afwisseling. Klopt dat niet? Typ dan 'nee'."
    assert third.startswith("Vraag 3 van 6.")
    assert "Leidinggeven" not in third and "Vrijheid" not in third  # not offered again
    (fourth,) = await employee.clicks("meaning", "Zingeving")
    assert fourth.startswith("Vraag 4 van 6. Waar ben je het beste in?")
    heard, fifth = await employee.says("ik ben goed in analyseren", replies=2)
    assert heard == "Ik noteer: analyseren. Klopt dat niet? Typ dan 'nee'."
    assert fifth.startswith("Vraag 5 van 6.")
    undone, again = await employee.says("nee", replies=2)  # not right: taken out, asked again
    assert undone == "Oké, analyseren haal ik weg."
    assert again.startswith("Vraag 4 van 6.") and "Analyseren" not in again
    await employee.says("Organiseren")
    await employee.says("2")
    summary, scan, advice, _, _ = await employee.says("3", replies=5)
    assert "Onderwerp: Ontdekken wat ik wil" in summary
    assert scan.startswith("Je top 3 drijfveren: Vrijheid, Afwisseling, Zingeving.")
    assert "Je top 3 talenten: Organiseren" in scan
    assert "- TMA (Talent Motivatie Analyse):" in advice
    assert "- E-coaching: Je houdt van vrijheid." in advice


async def test_skipping_a_scan_series_moves_on(channel: Channel, sink: ConnectorSink) -> None:
    employee = Employee(channel, sink, locale="en-GB")
    await employee.opens()
    for answer in ("3", "I want to learn", "1", "skip"):
        await employee.says(answer)
    (first,) = await employee.says("yes")
    assert first.startswith("Question 1 of 6.")
    (talents,) = await employee.says("skip")
    assert talents.startswith("Question 4 of 6. What are you best at?")
    _, scan, _, _, _ = await employee.says("skip", replies=5)
    assert "Your drivers: not given." in scan


@pytest.mark.parametrize("answer", ["beleidsadviseur", "adviseur werk en inkomen, 4 jaar"])
async def test_an_answer_that_sounds_like_a_request_is_an_answer(
    channel: Channel, sink: ConnectorSink, answer: str
) -> None:
    employee = Employee(channel, sink)
    await employee.opens()
    for step in ("3", "ik wil een opleiding doen", "1"):
        await employee.says(step)
    (offer,) = await employee.says(answer)
    assert offer.startswith("Wil je een korte scan doen")


async def test_a_restart_of_koers_in_the_middle_of_the_scan_loses_nothing(
    settings: Settings, sink: ConnectorSink
) -> None:
    async with aiohttp.ClientSession() as session:
        async with serve(create_app(settings)) as bot_url:
            employee = Employee(Channel(session, bot_url, sink.url), sink, channelId="telegram")
            await employee.opens()
            for answer in ("1", "sla over", "sla over", "sla over", "ja", "1"):
                await employee.says(answer)
        async with serve(create_app(settings)) as bot_url:  # a new process, same database
            employee.channel = Channel(session, bot_url, sink.url)
            (third,) = await employee.says("2")
            assert third.startswith("Vraag 3 van 6.")
