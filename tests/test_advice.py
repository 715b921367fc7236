"""Advice that listens and explains: what the employee asked for comes first, an urgent
question gets the quickest route and the shortest promise, "waarom raad je dit aan?" gets the
rule that fired, and when no advisor has room Koers says so honestly."""

from __future__ import annotations

import shutil
from pathlib import Path

import aiohttp
import yaml

from app import create_app
from server.settings import Settings
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.support.servers import serve
from tests.test_orientation import Employee
from tests.test_personas import _intakes


async def test_a_team_leader_who_asks_for_coaching_gets_it_first_and_hears_why(
    channel: Channel, sink: ConnectorSink
) -> None:
    tessa = Employee(channel, sink, channelId="telegram")
    await tessa.opens()
    await tessa.says(
        "ik ben twee jaar teamleider en ik wil graag coaching, want lastige gesprekken met mijn "
        "team vind ik moeilijk. hoe kan ik daar beter in worden?"
    )
    await tessa.says("geen haast")
    await tessa.says("teamleider bij Parkeren, 2 jaar")
    _, advice, _, _ = await tessa.says("nee", replies=4)
    first = advice.splitlines()[1]
    assert first.startswith("- Loopbaancoaching door de interne coachpool:"), advice
    (why, offer) = await tessa.says("waarom raad je dit aan?", replies=2)
    assert why.startswith("Zo kom ik aan dit advies. Ik volg de regels van het Carrièrecentrum.")
    assert "- Loopbaancoaching door de interne coachpool: je vroeg er zelf naar" in why
    assert "- Loopbaangesprek: dit raad ik bij elke loopbaanvraag aan" in why
    assert "Alle regels staan op https://intranet.gemeente.example/koers/over-koers." in why
    assert offer.startswith("Wil je dat een loopbaanadviseur")


async def test_an_urgent_question_gets_the_quickest_route_and_the_shortest_promise(
    channel: Channel, sink: ConnectorSink, settings: Settings
) -> None:
    sanne = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await sanne.opens()
    await sanne.says("I want to grow in my job, how do I get a bigger role within two years?")
    await sanne.says("it is urgent, my contract ends in January")
    await sanne.says("skip")
    _, advice, _, _ = await sanne.says("no", replies=4)
    assert advice.splitlines()[1].startswith("- Career conversation: Your question is urgent.")
    assert "(in Dutch only)" in advice  # the talent workshop is given in Dutch
    (why, _) = await sanne.says("why this?", replies=2)
    assert "- Career conversation: how urgent: It is urgent" in why
    assert "- Talent workshop" in why and "your question is about: Developing myself" in why
    await sanne.says("yes")
    await sanne.says("by e-mail")
    await sanne.says("sanne@gemeente.example")
    stored, _ = await sanne.says("yes, send it", replies=2)
    assert "An advisor will contact you within 1 working day." in stored
    (intake,) = await _intakes(settings)
    assert intake["question"]["urgency"] == "high"


async def test_when_no_advisor_has_room_koers_says_so_and_promises_honestly(
    sink: ConnectorSink, settings: Settings, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(Path("content"), content)
    advisors = yaml.safe_load((content / "advisors.yml").read_text(encoding="utf-8"))
    for advisor in advisors["advisors"]:
        if advisor["role"] != "coordinator":  # who assigns what nobody had room for
            advisor["active"] = False
        else:
            advisor["weekly_capacity"] = 0
    (content / "advisors.yml").write_text(yaml.safe_dump(advisors), encoding="utf-8")
    app = create_app(settings.with_changes(content_dir=content))
    async with serve(app) as url, aiohttp.ClientSession() as session:
        kees = Employee(Channel(session, url, sink.url), sink, channelId="telegram")
        await kees.opens()
        await kees.says("ik wil graag ander werk binnen de gemeente, welke mogelijkheden heb ik?")
        await kees.says("geen haast")
        await kees.says("sla over")
        await kees.says("nee", replies=4)
        await kees.says("ja")
        await kees.says("mail")
        await kees.says("kees@gemeente.example")
        stored, _ = await kees.says("ja, verstuur maar", replies=2)
    assert "De adviseurs hebben het deze week erg druk." in stored
    assert "Een coördinator geeft je aanvraag aan een adviseur" in stored
    assert "binnen 10 werkdagen contact met je opneemt" in stored
    assert "binnen 3 werkdagen" not in stored
