"""Ten employees, start to end over real HTTP: what each reads, and what is (not) stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from advisors.intake import validate
from advisors.intake_store import IntakeStore
from server.settings import Settings
from storage.engine import create_engine
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.test_orientation import Employee


@pytest.fixture
def app_clock() -> Callable[[], datetime]:
    return lambda: datetime(2026, 11, 25, 21, 58, tzinfo=UTC)  # late evening


async def _intakes(settings: Settings) -> list[dict[str, Any]]:
    engine = create_engine(settings.database_url)
    try:
        stored = await IntakeStore(engine).all()
    finally:
        await engine.dispose()
    for intake in stored:
        validate(intake)
    return stored


async def test_a_young_policy_officer_explores_and_asks_for_an_advisor(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    sanne = Employee(channel, sink)
    await sanne.opens()
    await sanne.clicks("career_orientation", "Ontdekken wat ik wil")
    await sanne.says("ik werk twee jaar als beleidsmedewerker en twijfel of dit bij me past")
    await sanne.clicks("low", "Het heeft geen haast")
    await sanne.says("beleidsmedewerker bij Verkeer, 2 jaar")
    await sanne.clicks("start", "Ja, doe de scan")
    assert (await sanne.says("afwisseling en zingeving", replies=2))[0] == (
        "Ik noteer: afwisseling en zingeving. Klopt dat niet? Typ dan 'nee'."
    )
    await sanne.clicks("connection", "Verbinding")
    heard, _ = await sanne.says("ik ben goed in analyseren en schrijven", replies=2)
    assert heard == "Ik noteer: analyseren en communiceren. Klopt dat niet? Typ dan 'nee'."
    _, scan, advice, _, _ = await sanne.clicks("precision", "Nauwkeurigheid", replies=5)
    assert scan.startswith("Je top 3 drijfveren: Afwisseling, Zingeving, Verbinding.")
    assert "Je top 3 talenten: Analyseren, Communiceren, Nauwkeurigheid." in scan
    assert "- TMA (Talent Motivatie Analyse):" in advice
    await sanne.clicks("yes", "Ja, graag")
    await sanne.clicks("by_email", "Per e-mail")
    await sanne.says("sanne@gemeente.example")
    done, satisfaction = await sanne.clicks("send", "Ja, verstuur")
    assert "kenmerk K-" in done
    assert satisfaction.startswith("Tot slot een paar korte vragen")
    (intake,) = await _intakes(settings)
    assert intake["profile"]["drivers"] == ["variety", "meaning", "connection"]
    assert intake["question"]["theme"] == "career_orientation"


async def test_a_61_year_old_thinks_about_the_last_years_and_keeps_it_to_herself(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    ria = Employee(channel, sink, channelId="telegram")
    await ria.says("goedenavond", replies=3)
    (more,) = await ria.says("ik ben 61 en wil mijn laatste jaren tot mijn pensioen goed invullen")
    assert more.startswith("Wat wil je daarbij weten of bereiken?")
    (urgency,) = await ria.says("nee, dat was het")
    assert urgency.startswith("Hoe dringend")
    await ria.says("1")
    await ria.says("sla over")
    _, advice, _, offer = await ria.says("nee", replies=4)
    assert "Loopbaancoaching door de interne coachpool" in advice
    assert offer.startswith("Wil je dat een loopbaanadviseur")
    declined, _satisfaction = await ria.says("nee, dank je")
    assert declined.startswith("Prima, ik stuur niets.")
    assert await _intakes(settings) == []


async def test_someone_made_redundant_is_anxious_and_wants_a_call(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    karim = Employee(channel, sink, channelId="telegram")
    await karim.opens()
    (more,) = await karim.says(
        "ik ben boventallig verklaard na de reorganisatie en ik maak me veel zorgen"
    )
    assert more.startswith("Wat wil je daarbij weten of bereiken?")
    (urgency,) = await karim.says("ik wil weten of er ander werk voor me is bij de gemeente")
    assert urgency.startswith("Hoe dringend")
    await karim.says("het is dringend")
    await karim.says("handhaver, 9 jaar")
    _, advice, _, _ = await karim.says("nee", replies=4)
    assert "- Loopbaangesprek: Je vraag is dringend." in advice
    await karim.says("ja graag")
    assert (await karim.says("bellen"))[0] == "Op welk telefoonnummer?"
    await karim.says("06-12345678")
    await karim.says("ja, verstuur")
    (intake,) = await _intakes(settings)
    assert intake["question"]["theme"] == "job_uncertainty"
    assert intake["question"]["text"] == (
        "ik ben boventallig verklaard na de reorganisatie en ik maak me veel zorgen. "
        "ik wil weten of er ander werk voor me is bij de gemeente"
    )
    assert intake["question"]["urgency"] == "high"
    assert intake["contact"] == {"preference": "phone", "phone": "06-12345678"}


async def test_an_english_speaking_expat_is_helped_in_english_through_teams(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    ana = Employee(channel, sink, locale="en-US")
    greeting, _, _ = [str(a.get("text")) for a in await ana.opens()]
    assert "I am Koers" in greeting
    await ana.clicks("internal_mobility", "Other work within the municipality")
    await ana.says("I would like to move to a team where I can use my data skills")
    await ana.clicks("medium", "Within a few weeks")
    await ana.says("skip")
    await ana.clicks("skip", "No, skip it", replies=4)
    (review,) = await ana.clicks("yes", "Yes, through Teams")
    assert review.startswith("This is what I would send:")
    done, satisfaction = await ana.clicks("send", "Yes, send it")
    assert satisfaction.startswith("Finally, a few short questions")
    assert done.startswith("Thank you. Your request has been sent")
    assert "within 3 working days" in done  # the service level from content/centre.yml
    (intake,) = await _intakes(settings)
    assert intake["language"] == "en"
    assert intake["contact"] == {"preference": "teams"}


async def test_someone_who_only_types_free_text(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    tom = Employee(channel, sink, channelId="telegram")
    await tom.opens()
    await tom.says("ik wil me ontwikkelen")
    await tom.says("ik wil een opleiding doen naast mijn werk, misschien een master")
    await tom.says("binnen een paar weken")
    await tom.says("adviseur financiën, 5 jaar")
    await tom.says("ja hoor")
    heard = await tom.says("ik wil groeien en uitdaging", replies=2)
    assert heard[0].startswith("Ik noteer: groei en uitdaging.")
    await tom.says("zekerheid")
    await tom.says("ik ben goed in organiseren", replies=2)
    await tom.says("problemen oplossen")
    summary = await tom.says("communiceren", replies=5)
    assert "Je top 3 talenten: Organiseren, Problemen oplossen, Communiceren." in summary[1]
    await tom.says("nee")
    assert await _intakes(settings) == []


async def test_someone_who_only_clicks_reaches_a_stored_intake_in_twelve_turns(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    lisa = Employee(channel, sink)
    await lisa.opens()
    turns = 0
    for choice, label, replies in [
        ("wellbeing_balance", "Balans tussen werk en privé", 1),
        ("x", "sla over", 1),
        ("high", "Het is dringend", 1),
        ("x", "sla over", 1),
        ("skip", "Nee, sla over", 4),
        ("yes", "Ja, via Teams", 1),
        ("send", "Ja, verstuur", 1),
    ]:
        await lisa.clicks(choice, label, replies=replies)
        turns += 1
    assert turns <= 12
    (intake,) = await _intakes(settings)
    assert intake["question"] == {"theme": "wellbeing_balance", "urgency": "high"}
    assert "e_coaching" in intake["products"]["recommended"]


async def test_someone_who_cancels_and_starts_again(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    piet = Employee(channel, sink, channelId="telegram")
    await piet.opens()
    await piet.says("2")
    (sure,) = await piet.says("stop")
    assert sure.startswith("Wil je stoppen met de vragen?")  # answers would be lost: asked first
    (stopped,) = await piet.says("ja, stop maar")
    assert stopped.startswith("Oké, ik stop met de vragen.")
    (theme,) = await piet.says("opnieuw")
    assert theme.startswith("Waar gaat je vraag over?")
    await piet.says("3")
    await piet.says("sla over")
    await piet.says("sla over")
    await piet.says("sla over")
    _, _, _, offer = await piet.says("nee", replies=4)
    assert offer.startswith("Wil je dat een loopbaanadviseur")


async def test_someone_who_asks_for_a_person_at_the_first_message(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    joke = Employee(channel, sink)
    greeting, _, about = await joke.says("Ik wil een mens spreken", replies=3)
    assert "geen mens" in greeting  # it says plainly what it is
    # She asked for a person: not asked again whether she wants one, only what about.
    assert about.startswith("Waar wil je het met de adviseur over hebben?")
    (contact,) = await joke.says("of ik na mijn verlof parttime kan terugkomen")
    assert contact.startswith("Hoe wil je dat de adviseur contact met je opneemt?")
    await joke.clicks("by_email", "Per e-mail")
    await joke.says("joke@gemeente.example")
    await joke.clicks("send", "Ja, verstuur")
    (intake,) = await _intakes(settings)
    assert intake["question"] == {
        "theme": "other",
        "text": "of ik na mijn verlof parttime kan terugkomen",
    }


async def test_someone_who_mentions_burn_out_gets_care_and_no_medical_questions(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    ahmed = Employee(channel, sink, channelId="telegram")
    await ahmed.opens()
    care, urgency = await ahmed.says(
        "ik ben overspannen geweest en wil minder uren werken", replies=2
    )
    assert "bedrijfsarts" in care
    assert urgency.startswith("Hoe dringend")
    await ahmed.says("2")
    await ahmed.says("sla over")
    await ahmed.says("nee", replies=4)
    everything = " ".join(sink.texts(ahmed.conversation)).lower()
    for probe in ("diagnose", "medicijn", "hoe lang ben je ziek", "klachten"):
        assert probe not in everything


async def test_someone_who_refuses_consent_leaves_nothing_behind(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    eva = Employee(channel, sink)
    await eva.opens()
    await eva.clicks("development", "Mezelf ontwikkelen")
    await eva.says("ik wil een leergang volgen")
    await eva.clicks("low", "Het heeft geen haast")
    await eva.says("sla over")
    await eva.clicks("skip", "Nee, sla over", replies=4)
    await eva.clicks("yes", "Ja, graag")
    await eva.clicks("by_email", "Per e-mail")
    await eva.says("eva@gemeente.example")
    answer, _satisfaction = await eva.clicks("cancel", "Nee, niet versturen")
    assert answer == "Goed, ik heb niets naar het Carrièrecentrum gestuurd."
    assert await _intakes(settings) == []
