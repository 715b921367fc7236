"""Intake & consent: shown before it is sent, parts can be left out, stored only after a yes,
valid against advisors/schema/intake-v1.json; a no stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from advisors.intake import InvalidIntake, build, validate
from advisors.intake_store import IntakeStore
from server.settings import Settings
from storage.engine import create_engine
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.test_orientation import Employee

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


@pytest.fixture
def app_clock() -> Callable[[], datetime]:
    return lambda: NOW


async def _stored(settings: Settings) -> list[dict[str, Any]]:
    engine = create_engine(settings.database_url)
    try:
        return await IntakeStore(engine).all()
    finally:
        await engine.dispose()


async def _to_the_offer(employee: Employee, *, english: bool = False) -> int:
    """From "hoi" to the intake offer by clicking where possible; returns the turns used."""
    await employee.says("hoi" if not english else "hello", replies=3)
    await employee.clicks("internal_mobility", "…")
    await employee.says(
        "I want to move to social services" if english else "ik wil naar het sociaal domein"
    )
    await employee.clicks("high", "…")
    await employee.clicks("x", "skip" if english else "sla over")
    texts = await employee.clicks("skip", "…", replies=4)
    assert texts[3].startswith("Would you like a career advisor" if english else "Wil je dat")
    return 6


async def test_consenting_stores_a_schema_valid_intake_in_ten_clicks(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    employee = Employee(channel, sink, locale="en-GB")
    turns = await _to_the_offer(employee, english=True)
    # In Teams the offer has a button for each way: yes and how in one click.
    (address,) = await employee.clicks("by_email", "Yes, but e-mail me")
    assert address == "At which e-mail address?"
    (again,) = await employee.says("not an address")
    assert again.startswith("That does not look like an e-mail address")
    (review,) = await employee.says("jan.jansen@gemeente.example")
    assert review.startswith("This is what I would send:")
    assert "- Other work within the municipality" in review
    assert "- Your question: I want to move to social services" in review
    assert "- Contact: jan.jansen@gemeente.example" in review
    assert await _stored(settings) == []  # nothing before the yes
    stored, _satisfaction = await employee.clicks("send", "Yes, send it")
    turns += 4
    assert turns <= 10

    (intake,) = await _stored(settings)
    validate(intake)
    assert intake["reference"] in stored
    # Urgent: the service level for high urgency in content/centre.yml.
    assert "An advisor will contact you within 1 working day." in stored
    assert intake["question"] == {
        "theme": "internal_mobility",
        "text": "I want to move to social services",
        "urgency": "high",
    }
    assert intake["contact"] == {"preference": "email", "email": "jan.jansen@gemeente.example"}
    assert intake["consent"] == {"given_at": NOW.isoformat(), "privacy_version": "2026-11-26"}
    assert intake["language"] == "en"
    assert intake["channel"] == "msteams"
    assert "job_exchange" in intake["products"]["recommended"]


async def test_parts_left_out_are_not_stored(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    employee = Employee(channel, sink)
    await _to_the_offer(employee)
    (way,) = await employee.says("ja, bel me maar")
    assert way == "Op welk telefoonnummer?"
    (review,) = await employee.says("06 1234 5678")
    assert "- Je vraag: ik wil naar het sociaal domein" in review
    (which,) = await employee.clicks("leave_out", "Iets weglaten")
    assert "1. Je vraag" in which or which.startswith("Wat wil je weglaten?")
    (review,) = await employee.says("Je vraag")
    assert "Je vraag:" not in review
    await employee.clicks("leave_out", "Iets weglaten")
    (review,) = await employee.says("de producten")
    assert "De producten" not in review
    await employee.clicks("send", "Ja, verstuur")
    (intake,) = await _stored(settings)
    assert "text" not in intake["question"]
    assert "products" not in intake
    assert intake["contact"] == {"preference": "phone", "phone": "06 1234 5678"}


@pytest.mark.parametrize("no", ["Nee, niet versturen", "3"])
async def test_saying_no_at_the_review_stores_nothing(
    channel: Channel, sink: ConnectorSink, settings: Settings, no: str
) -> None:
    employee = Employee(channel, sink, channelId="telegram")
    await _to_the_offer(employee)
    await employee.says("ja")
    options = (await employee.says("1"))[0]
    assert options == "Op welk e-mailadres?"
    (review,) = await employee.says("a@b.nl")
    assert "Teams" not in review  # not offered outside Teams either
    answer, _satisfaction = await employee.says(no)
    assert answer == "Goed, ik heb niets naar het Carrièrecentrum gestuurd."
    assert await _stored(settings) == []


async def test_teams_is_a_way_of_contact_only_in_teams(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await _to_the_offer(employee)
    offer = [
        activity
        for activity in sink.received
        if activity.get("conversation", {}).get("id") == employee.conversation
    ][-1]
    titles = [a["title"] for a in offer["attachments"][0]["content"]["actions"]]
    assert titles == ["Ja, via Teams", "Ja, bel me liever", "Ja, mail me liever", "Nee, dank je"]
    web = Employee(channel, sink, channelId="webchat")
    await _to_the_offer(web)
    sent = await web._post(
        {**channel.message(web.conversation, "ja", **web.fields), "value": {"koers_choice": "yes"}},
        1,
    )
    assert sent[-1]["text"].startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    titles = [a["title"] for a in sent[-1]["attachments"][0]["content"]["actions"]]
    assert titles == ["Per e-mail", "Per telefoon"]


async def test_in_teams_the_intake_carries_the_teams_identity_after_the_yes(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    sink.member = {
        "name": "Anna de Vries",
        "givenName": "Anna",
        "email": "anna.devries@gemeente.example",
        "userPrincipalName": "anna.devries@gemeente.example",
    }
    employee = Employee(channel, sink, channelData={"tenant": {"id": "tenant-1"}})
    await _to_the_offer(employee)
    (review,) = await employee.clicks("yes", "Ja, via Teams")
    assert "- Contact: Teams (Anna de Vries, anna.devries@gemeente.example)" in review
    assert await _stored(settings) == []  # shown, not yet sent
    await employee.clicks("send", "Ja, verstuur")
    (intake,) = await _stored(settings)
    validate(intake)
    assert intake["contact"] == {
        "preference": "teams",
        "name": "Anna de Vries",
        "email": "anna.devries@gemeente.example",
    }


def test_the_schema_rejects_an_intake_without_consent_or_with_extra_fields() -> None:
    intake = build(
        answers={"theme": "development", "question": "ik wil leren"},
        contact={"preference": "teams"},
        language="nl",
        channel="msteams",
        consent_at=NOW,
        privacy_version="2026-11-25",
    )
    validate(intake)
    without = {key: value for key, value in intake.items() if key != "consent"}
    with pytest.raises(InvalidIntake, match="consent"):
        validate(without)
    with pytest.raises(InvalidIntake, match="medical"):
        validate({**intake, "medical": "burn-out"})
    with pytest.raises(InvalidIntake, match="contact"):
        validate({**intake, "contact": {"preference": "email"}})


def test_own_words_from_the_scan_are_stored_as_said_without_contact_details() -> None:
    answers = {
        "theme": "development",
        "drivers": ["autonomy"],
        "drivers_own_words": ["collega's helpen, bel me op 06-12345678"],
        "talents_own_words": ["rustig blijven"],
    }
    given: dict[str, Any] = {
        "answers": answers,
        "contact": {"preference": "teams"},
        "language": "nl",
        "channel": "msteams",
        "consent_at": NOW,
        "privacy_version": "2026-11-25",
    }
    intake = build(**given)
    assert intake["profile"]["drivers"] == ["autonomy"]
    assert intake["profile"]["talents_own_words"] == ["rustig blijven"]
    (driver,) = intake["profile"]["drivers_own_words"]
    assert driver.startswith("collega's helpen, bel me op") and "12345678" not in driver
    # Leaving out the drivers leaves out the words given for them too.
    left = build(**given, left_out=["drivers"])
    assert left["profile"] == {"talents_own_words": ["rustig blijven"]}
    with pytest.raises(InvalidIntake, match="drivers_own_words"):
        validate({**intake, "profile": {"drivers_own_words": ["a", "b", "c", "d"]}})


async def test_asking_for_a_person_at_the_first_message_goes_straight_to_the_intake(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    employee = Employee(channel, sink, channelId="telegram")
    greeting, _, about = await employee.says("ik wil graag met een adviseur praten", replies=3)
    assert "Ik ben Koers" in greeting
    # They asked for a person: not asked again whether they want one; what about may be skipped.
    assert about.startswith("Waar wil je het met de adviseur over hebben?")
    (contact,) = await employee.says("sla over")
    assert contact.startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    await employee.says("e-mail")
    on_the_way, again = await employee.says("ik wil een mens spreken", replies=2)
    assert on_the_way.startswith("Dat regel ik al: je bent op weg naar een adviseur.")
    assert again == "Op welk e-mailadres?"
    (review,) = await employee.says("p.devries@gemeente.example")
    assert "- Iets anders" in review
    await employee.says("1")
    (intake,) = await _stored(settings)
    assert intake["question"] == {"theme": "other"}


@pytest.mark.parametrize(
    "answers",
    [
        ["weet ik niet"],
        ["ja", "weet ik niet"],
        # At the review a skip asks first ("Wil je dat ik niets verstuur?").
        ["ja", "1", "a@b.nl", "sla over", "ja, niets versturen"],
    ],
)
async def test_weet_ik_niet_at_a_consent_question_sends_nothing(
    channel: Channel, sink: ConnectorSink, settings: Settings, answers: list[str]
) -> None:
    employee = Employee(channel, sink, channelId="telegram")
    await _to_the_offer(employee)
    for answer in answers:
        last = (await employee.says(answer))[0]
    assert last.startswith(("Prima, ik stuur niets.", "Goed, ik heb niets naar het"))
    assert await _stored(settings) == []
