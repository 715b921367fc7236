"""Sensitive topics as employees type them: every word form, several topics at once, distress
without a keyword, and the figurative or negated uses that must not get a caring lecture.

The table runs the real catalogue through the real finder. The dialogue tests at the end talk to
Koers over real HTTP, the way an employee would.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from content import Catalogue, CatalogueError, Text, load_catalogue
from dialogs.sensitive import STOP_TOPICS, Finding, SensitiveTopics, care_message
from tests.support.channel import Channel
from tests.support.connector_sink import ConnectorSink
from tests.test_orientation import Employee

CONTENT = Path(__file__).resolve().parents[1] / "content"

# (what the employee types, the topics Koers should answer). An empty set: no care at all.
PHRASINGS: list[tuple[str, set[str]]] = [
    # Crisis, in Dutch and English.
    ("eigenlijk wil ik soms niet meer leven", {"crisis"}),
    ("ik denk aan zelfmoord", {"crisis"}),
    ("ik heb de laatste tijd zelfmoordgedachten", {"crisis"}),
    ("soms wil ik er gewoon een eind aan maken", {"crisis"}),
    ("ik heb soms gedachten om er een eind aan te maken", {"crisis"}),
    ("ik wil dood", {"crisis"}),
    ("ik ben liever dood dan dat ik daar nog werk", {"crisis"}),
    ("ik wil mezelf iets aandoen", {"crisis"}),
    ("I want to die", {"crisis"}),
    ("sometimes I think about suicide", {"crisis"}),
    ("I don't want to live anymore", {"crisis"}),
    ("I've thought about ending my life", {"crisis"}),
    ("I feel suicidal", {"crisis"}),
    ("I might hurt myself", {"crisis"}),
    # Distress without a keyword.
    ("ik weet niet hoe lang ik het nog volhoud", {"distress"}),
    ("ik weet niet hoe lang ik dit nog kan volhouden", {"distress"}),
    ("ik kan het niet meer aan", {"distress"}),
    ("dit is niet meer vol te houden", {"distress"}),
    ("ik kan het echt allemaal niet meer aan", {"distress"}),
    ("ik zie het niet meer zitten", {"distress"}),
    ("ik hou het niet meer vol op mijn werk", {"distress"}),
    ("ik zit er helemaal doorheen", {"distress"}),
    ("het wordt me allemaal te veel", {"distress"}),
    ("ik loop op mijn tandvlees", {"distress"}),
    ("ik ben radeloos", {"distress"}),
    ("het gaat echt niet goed met me", {"distress"}),
    ("I can't cope anymore", {"distress"}),
    ("I cannot cope with it", {"distress"}),
    ("I cant take it anymore", {"distress"}),
    ("I don't know how much longer I can keep going", {"distress"}),
    ("I'm at the end of my rope", {"distress"}),
    ("everything is getting too much", {"distress"}),
    ("I'm not coping at all", {"distress"}),
    ("honestly I'm not okay", {"distress"}),
    # Harassment and other unwanted behaviour, in any word form.
    ("mijn collega intimideert me", {"harassment"}),
    ("ik ben geïntimideerd door een bewoner", {"harassment"}),
    ("ik word gepest op mijn afdeling", {"harassment"}),
    ("ze pesten me al maanden", {"harassment"}),
    ("mijn collega is een pestkop", {"harassment"}),
    ("ik voel me gediscrimineerd", {"harassment"}),
    ("een klant heeft me bedreigd", {"harassment"}),
    ("er is sprake van ongewenst gedrag in ons team", {"harassment"}),
    ("ik word buitengesloten door mijn team", {"harassment"}),
    ("een collega valt me steeds lastig", {"harassment"}),
    ("ik ben uitgescholden door een bewoner", {"harassment"}),
    ("mijn chef schreeuwt steeds tegen me", {"harassment"}),
    ("he keeps harassing me", {"harassment"}),
    ("I am being harassed by a colleague", {"harassment"}),
    ("I'm being bullied at work", {"harassment"}),
    ("a colleague made racist remarks about me", {"harassment"}),
    ("my manager threatened me", {"harassment"}),
    ("I've been discriminated against", {"harassment"}),
    ("I feel unsafe in my team", {"harassment"}),
    # Conflict.
    ("ik heb een conflict met mijn teamleider", {"conflict"}),
    ("we hebben ruzie gehad op het werk", {"conflict"}),
    ("ik lig overhoop met een collega", {"conflict"}),
    ("ik had een aanvaring met mijn chef", {"conflict"}),
    ("er is een verstoorde arbeidsrelatie", {"conflict"}),
    ("ik bots steeds met mijn leidinggevende", {"conflict"}),
    ("ik voel me oneerlijk behandeld", {"conflict"}),
    ("I had an argument with my manager", {"conflict"}),
    ("there is a conflict in my team", {"conflict"}),
    ("I fell out with my supervisor", {"conflict"}),
    ("I keep clashing with my team leader", {"conflict"}),
    ("I don't get along with my boss", {"conflict"}),
    # Health.
    ("ik ben overspannen", {"health"}),
    ("ik zit al weken thuis ziek", {"health"}),
    ("ik ben ziek gemeld", {"health"}),
    ("ik heb een burn-out gehad", {"health"}),
    ("ik zit in de ziektewet", {"health"}),
    ("ik ben vorig jaar uitgevallen met een burnout", {"health"}),
    ("ik heb kanker gehad en wil minder werken", {"health"}),
    ("ik ben depressief", {"health"}),
    ("ik ben gedeeltelijk arbeidsongeschikt", {"health"}),
    # "ziek worden van" may be meant literally: a caring word does no harm here.
    ("ik word ziek van mijn werk", {"health"}),
    ("I'm on sick leave", {"health"}),
    ("I have been off sick for weeks", {"health"}),
    ("I'm burnt out", {"health"}),
    ("I was diagnosed with depression", {"health"}),
    ("I've been ill for a while", {"health"}),
    ("I'm recovering from cancer", {"health"}),
    # Several topics in one message, each answered.
    ("mijn baas pest me en ik zit nu thuis met een burn-out", {"harassment", "health"}),
    ("ik heb ruzie met mijn collega en ik kan het niet meer aan", {"distress", "conflict"}),
    ("I'm being bullied and I can't cope anymore", {"distress", "harassment"}),
    ("ik ben overspannen door het conflict met mijn teamleider", {"conflict", "health"}),
    ("ik zie het niet meer zitten en wil er een einde aan maken", {"crisis", "distress"}),
    # Must not trigger. A command word in a sentence, and words that only look like a topic.
    ("ik wil niet stoppen met werken", set()),
    ("conflicterende afspraken in mijn agenda", set()),
    ("I have conflicting appointments on Monday", set()),
    ("the conflict of interest policy", set()),
    ("ik wil een cursus conflicthantering volgen", set()),
    ("ik wil leidinggevende worden", set()),
    ("ik zie het wel zitten om leidinggevende te worden", set()),
    ("ik werk in het ziekenhuis als verpleegkundige", set()),
    ("hoe lang duurt de TMA?", set()),
    ("ik kan niet meer dan 32 uur werken", set()),
    ("I can't take any more courses this year", set()),
    ("I've been declared redundant and I don't know what to do", set()),
    ("de reorganisatie bedreigt mijn baan", set()),
    ("AI threatens my job", set()),
    ("sorry dat ik je lastigval met deze vraag", set()),
    ("ik ben wanhopig op zoek naar ander werk", set()),
    # Figurative: "ziek zijn van" and "sick of" say fed up, not ill; "de pest aan" says hate.
    ("ik ben ziek van de saaie vergaderingen", set()),
    ("I'm sick of the meetings", set()),
    ("ik heb de pest aan vergaderen", set()),
    ("the job market is depressing", set()),
    # Negated: the employee says it is not so.
    ("ik ben niet ziek", set()),
    ("ik ben niet overspannen, ik wil gewoon iets anders", set()),
    ("ik heb geen burn-out", set()),
    ("I'm not sick, I just want a change", set()),
    ("ik heb geen conflict met mijn leidinggevende, ik wil gewoon groeien", set()),
    # About someone else: telling the employee "sorry you are not well" would be wrong; the
    # workload it brings is a career question, and the advisor sees it in the intake.
    ("mijn collega was ziek dus ik deed haar werk", set()),
    ("my colleague was sick so I did her work", set()),
    ("ik ben mantelzorger voor mijn zieke moeder", set()),
    # A job that settles other people's quarrels is no conflict of one's own.
    ("ik ben marktmeester: kramen indelen, marktgeld innen, ruzies sussen", set()),
    ("als wijkagent bemiddel ik vaak bij conflicten tussen buren", set()),
    ("I mediate conflicts between neighbours", set()),
]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(CONTENT)


@pytest.fixture(scope="module")
def topics(catalogue: Catalogue) -> SensitiveTopics:
    return SensitiveTopics(catalogue)


def _ids(found: tuple[Finding, ...]) -> set[str]:
    return {finding.topic.id for finding in found}


def test_the_table_is_big_enough_and_covers_both_languages() -> None:
    assert len(PHRASINGS) >= 80
    texts = [text for text, _ in PHRASINGS]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("typed", "expected"), PHRASINGS, ids=[t for t, _ in PHRASINGS])
def test_topics_are_recognised_as_people_type_them(
    topics: SensitiveTopics, typed: str, expected: set[str]
) -> None:
    assert _ids(topics.find(typed)) == expected


def test_the_most_urgent_topic_comes_first(topics: SensitiveTopics) -> None:
    found = topics.find("ik heb ruzie, ben overspannen en wil er een eind aan maken")
    assert [finding.topic.id for finding in found] == ["crisis", "conflict", "health"]


def test_nothing_typed_is_nothing_found(topics: SensitiveTopics) -> None:
    assert topics.find(None) == ()
    assert topics.find("   ") == ()


def _fill(catalogue: Catalogue, language: str) -> Callable[[Text], str]:
    return lambda text: catalogue.messages.fill(text, language)


def test_several_topics_get_one_message_with_the_help_for_each(
    topics: SensitiveTopics, catalogue: Catalogue
) -> None:
    found = topics.find("mijn collega's pesten me en ik zit nu thuis met een burn-out")
    message = care_message(found, _fill(catalogue, "nl"))
    assert message.startswith("Wat naar dat je dit meemaakt.")  # the most urgent topic's care
    assert "vertrouwenspersoon" in message and "bedrijfsarts" in message
    assert message.count("'adviseur'") == 1  # one closing, not one per topic


def test_a_crisis_covers_distress_and_names_the_help_numbers_once(
    topics: SensitiveTopics, catalogue: Catalogue
) -> None:
    found = topics.find("ik zie het niet meer zitten en wil er een einde aan maken")
    message = care_message(found, _fill(catalogue, "nl"))
    assert message.count("0800-0113") == 1
    assert "112" in message and "Ik stel je nu geen vragen meer" in message
    assert found[0].topic.id in STOP_TOPICS


@pytest.mark.parametrize(
    ("typed", "language", "manager"),
    [
        ("ik heb een conflict met mijn teamleider", "nl", "leidinggevende"),
        ("mijn leidinggevende pest mij al maanden", "nl", "leidinggevende"),
        ("mijn baas intimideert me", "nl", "leidinggevende"),
        ("I had an argument with my manager", "en", "manager"),
        ("my boss keeps bullying me", "en", "manager"),
    ],
)
def test_a_conflict_with_the_manager_is_not_referred_to_the_manager(
    topics: SensitiveTopics, catalogue: Catalogue, typed: str, language: str, manager: str
) -> None:
    found = topics.find(typed)
    assert found and all(finding.names_manager for finding in found)
    message = care_message(found, _fill(catalogue, language))
    assert manager not in message
    assert "HR" in message


def test_a_conflict_with_a_colleague_may_go_to_the_manager(
    topics: SensitiveTopics, catalogue: Catalogue
) -> None:
    message = care_message(topics.find("ik heb ruzie met een collega"), _fill(catalogue, "nl"))
    assert "je leidinggevende" in message


def test_every_reply_offers_the_advisor_in_the_chat_and_asks_nothing(
    catalogue: Catalogue,
) -> None:
    for topic in catalogue.sensitive:
        for language, command in (("nl", "'adviseur'"), ("en", "'advisor'")):
            fill = _fill(catalogue, language)
            assert command in fill(topic.closing), topic.id
            helpers = [topic.helpers, topic.manager_helpers or topic.helpers]
            texts = [topic.care, *helpers, topic.closing]
            # Koers asks no questions here, least of all about someone's health.
            assert all("?" not in fill(text) for text in texts), topic.id


def test_a_very_long_message_is_read_whole(topics: SensitiveTopics) -> None:
    # A pasted page of text is read to its end: the crisis at the very end is still found.
    # How fast this goes is printed by `make bench-nlu`, not asserted here.
    harmless = " ".join(text for text, found in PHRASINGS if not found) * 3
    assert _ids(topics.find(harmless)) == set()
    assert "crisis" in _ids(topics.find(harmless + " en eigenlijk wil ik niet meer leven"))


# The career centre edits sensitive.yml; a mistake must stop Koers with the file and the key.


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _topic(data: dict[str, Any], topic_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(item for item in data["topics"] if item["id"] == topic_id)
    return found


def _unknown_placeholder(data: dict[str, Any]) -> None:
    _topic(data, "health")["closing"] = {"nl": "Mail naar {mail}.", "en": "Mail {mail}."}


def _placeholder_in_one_language(data: dict[str, Any]) -> None:
    _topic(data, "health")["care"] = {"nl": "Mail {contact_email}.", "en": "Mail us."}


def _unknown_manager_placeholder(data: dict[str, Any]) -> None:
    _topic(data, "conflict")["with_manager"]["helpers"]["en"] = "Ask {hr_name}."


def _star_alone(data: dict[str, Any]) -> None:
    _topic(data, "health")["words"]["nl"].append("zi*")


def _gap_at_the_end(data: dict[str, Any]) -> None:
    _topic(data, "distress")["words"]["en"].append("can't cope ...")


def _glued_gap(data: dict[str, Any]) -> None:
    _topic(data, "distress")["words"]["nl"].append("kan...niet meer aan")


def _phrase_as_negation(data: dict[str, Any]) -> None:
    _topic(data, "health")["negations"] = {"nl": ["helemaal niet"], "en": ["not"]}


def _typo_in_field(data: dict[str, Any]) -> None:
    _topic(data, "health")["helper"] = _topic(data, "health").pop("helpers")


def _duplicate_topic(data: dict[str, Any]) -> None:
    data["topics"].append(dict(_topic(data, "health")))


def _no_crisis(data: dict[str, Any]) -> None:
    data["topics"] = [item for item in data["topics"] if item["id"] != "crisis"]


def _covers_unknown(data: dict[str, Any]) -> None:
    _topic(data, "distress")["covers"] = ["sadness"]


def _manager_without_english(data: dict[str, Any]) -> None:
    _topic(data, "conflict")["with_manager"]["words"] = {"nl": ["baas"]}


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (_unknown_placeholder, "health.closing.nl", "unknown {mail}"),
        (_placeholder_in_one_language, "health.care", "different {names}"),
        (_unknown_manager_placeholder, "conflict.with_manager.helpers.en", "{hr_name}"),
        (_star_alone, "health.words.nl", "too short"),
        (_gap_at_the_end, "distress.words.en", "between two words"),
        (_glued_gap, "distress.words.nl", "three dots"),
        (_phrase_as_negation, "health.negations.nl", "one word"),
        (_typo_in_field, "health", "unknown field 'helper'"),
        (_duplicate_topic, "health", "appears twice"),
        (_no_crisis, "crisis", "required topic is missing"),
        (_covers_unknown, "distress.covers", "'sadness'"),
        (_manager_without_english, "conflict.with_manager.words", "nl and en"),
    ],
)
def test_a_broken_sensitive_file_names_the_key(
    content_copy: Path, change: Callable[[dict[str, Any]], None], key: str, problem: str
) -> None:
    path = content_copy / "sensitive.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content_copy)
    assert caught.value.file == "sensitive.yml"
    assert caught.value.key == key
    assert problem in str(caught.value)


# The conversation, over real HTTP.


async def _at_the_open_question(employee: Employee) -> None:
    await employee.opens()
    (question,) = await employee.says("5")
    assert question.startswith("Wat is je vraag?")


async def test_two_topics_in_one_message_get_one_caring_message(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await _at_the_open_question(employee)
    care, urgency = await employee.says(
        "mijn collega's pesten me en ik zit nu thuis met een burn-out", replies=2
    )
    assert "vertrouwenspersoon" in care and "bedrijfsarts" in care
    assert "ik vraag je daar niets over" in care
    assert "'adviseur'" in care
    assert urgency.startswith("Hoe dringend")  # one caring message, then the next question


async def test_a_conflict_with_the_manager_is_not_sent_back_to_the_manager(
    channel: Channel, sink: ConnectorSink
) -> None:
    employee = Employee(channel, sink)
    await _at_the_open_question(employee)
    care, _ = await employee.says("ik heb al maanden ruzie met mijn leidinggevende", replies=2)
    assert "vertrouwenspersoon" in care and "HR" in care
    assert "leidinggevende" not in care


async def test_care_is_not_followed_by_a_repair_line(channel: Channel, sink: ConnectorSink) -> None:
    employee = Employee(channel, sink)
    await _at_the_open_question(employee)
    (urgency,) = await employee.says("ik wil iets anders gaan doen")
    assert urgency.startswith("Hoe dringend")
    care, again = await employee.says("ik kan het eerlijk gezegd niet meer aan", replies=2)
    assert "huisarts" in care
    # The waiting question is asked again plainly: no "I did not understand" after care.
    assert again.startswith("Hoe dringend"), f"a repair line followed the care: {again!r}"


async def test_distress_without_a_keyword_gets_care(channel: Channel, sink: ConnectorSink) -> None:
    employee = Employee(channel, sink, channelId="telegram", locale="en-GB")
    await employee.opens()
    (question,) = await employee.says("5")
    assert question.startswith("What is your question?")
    care, _ = await employee.says("I don't know how much longer I can keep going", replies=2)
    assert "talk to someone today" in care
    assert "GP" in care and "company doctor" in care and "confidential adviser" in care
    assert "'advisor'" in care
